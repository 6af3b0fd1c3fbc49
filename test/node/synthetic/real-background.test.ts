/**
 * Training patches on a real background (synthetic/real-background.ts): deterministic by seed, both classes, in
 * network units, never cut from the mute or above the seabed mask, and a clear error when no patch fits.
 */
import { describe, expect, it } from 'vitest';
import type { PresentedLine } from '../../../src/core/finetune/mark-patches';
import {
  REAL_BACKGROUND_KINDS,
  backgroundFromPresented,
  realBackgroundPatches,
  type BackgroundLine,
} from '../../../src/core/synthetic/real-background';
import { PATCH_CELLS } from '../../../src/core/synthetic/types';

const TRACES = 160,
  SAMPLES = 400,
  MUTE = 120;

/** Layered "strata" below a mute of NaN: any patch that reads the mute shows it. */
function layeredLine(): BackgroundLine {
  const data = new Float32Array(TRACES * SAMPLES);
  for (let t = 0; t < TRACES; t++)
    for (let s = 0; s < SAMPLES; s++)
      data[t * SAMPLES + s] = s < MUTE ? NaN : 0.4 * Math.sin(s / 3 + t / 50) * Math.cos(s / 17);
  return {
    section: { traces: TRACES, samples: SAMPLES, dtUs: 4000, data },
    patchTraces: 64,
    patchSamples: 60,
    // Fractional, as a presentation's live range may be: patches start on whole samples inside it.
    liveFrom: new Float32Array(TRACES).fill(MUTE - 0.4),
    liveTo: new Float32Array(TRACES).fill(SAMPLES + 0.4),
  };
}

describe('real-background patches', () => {
  const line = layeredLine();
  const set = realBackgroundPatches(line, 11, 240);

  it('is a pure function of (line, seed, index)', () => {
    const again = realBackgroundPatches(line, 11, 240);
    expect(again.x).toEqual(set.x);
    expect(again.labels).toEqual(set.labels);
    const tail = realBackgroundPatches(line, 11, 40, 200);
    expect(tail.x).toEqual(set.x.subarray(200 * PATCH_CELLS));
    expect(realBackgroundPatches(line, 12, 240).x).not.toEqual(set.x);
  });

  it('holds both classes, labelled by kind, in network units, never read from the mute', () => {
    const bsr = set.labels.reduce((a, l) => a + l, 0);
    expect(bsr / set.count).toBeGreaterThan(0.38);
    expect(bsr / set.count).toBeLessThan(0.62);
    set.kinds.forEach((k, i) => {
      expect([REAL_BACKGROUND_KINDS.bsr, REAL_BACKGROUND_KINDS.negative]).toContain(k);
      expect(set.labels[i]).toBe(k === REAL_BACKGROUND_KINDS.bsr ? 1 : 0);
    });
    for (const v of set.x) {
      expect(Number.isNaN(v)).toBe(false);
      expect(Math.abs(v)).toBeLessThanOrEqual(1);
    }
  });

  it('draws a reflector into every BSR patch and leaves about half the negatives as the plain strata', () => {
    // On a silent line every drawn reflector shows alone.
    const silent = { ...line, section: { ...line.section, data: new Float32Array(TRACES * SAMPLES) } };
    const quiet = realBackgroundPatches(silent, 11, 240);
    const drawn = (i: number): boolean => quiet.x.subarray(i * PATCH_CELLS, (i + 1) * PATCH_CELLS).some((v) => v !== 0);
    const idx = [...quiet.labels.keys()];
    expect(idx.filter((i) => quiet.labels[i] === 1).every(drawn)).toBe(true);
    const negatives = idx.filter((i) => quiet.labels[i] === 0);
    const plain = negatives.filter((i) => !drawn(i)).length / negatives.length;
    expect(plain).toBeGreaterThan(0.3);
    expect(plain).toBeLessThan(0.6);
  });

  it('names what is missing when no window fits the line', () => {
    const short = { ...line, liveFrom: new Float32Array(TRACES).fill(SAMPLES - 50) };
    expect(() => realBackgroundPatches(short, 1, 1)).toThrow(/no live window of 64 traces x 120 samples/);
  });
});

describe('backgroundFromPresented', () => {
  it('keeps patches below the seabed mask where the line has a seabed', () => {
    const { section } = layeredLine();
    const seabed = new Float32Array(TRACES).fill(150);
    seabed[3] = NaN;
    const presented = {
      section,
      patchTraces: 64,
      patchSamples: 60,
      presentation: {
        liveFrom: new Float32Array(TRACES).fill(MUTE),
        liveTo: new Float32Array(TRACES).fill(SAMPLES),
        seabed: { found: true, samples: seabed },
        maskMarginSamples: 30,
      },
    } as unknown as PresentedLine;
    const bg = backgroundFromPresented(presented);
    expect(bg.liveFrom[0]).toBe(180);
    expect(bg.liveFrom[3]).toBe(MUTE);
    expect(bg.liveTo[0]).toBe(SAMPLES);
  });
});
