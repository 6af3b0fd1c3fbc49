/**
 * Fine-tuning on a line too big to hold: only the marked traces are read (windows side by side), presented with the
 * whole line's plan. The marked and off-BSR patches are byte for byte the whole line's, no seabed patch straddles a
 * seam, a run from a source trains exactly as from the line held whole, and too wide a spread of marks is refused.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initNodeWasm } from '../../../scripts/wasm-node';
import { sectionTraceSource } from '../../../src/core/classify';
import {
  cutMarkPatches,
  cutPatchesAt,
  markTraceWindows,
  marksOnWindows,
  MarksError,
  offBsrPatchCorners,
  presentForPatches,
  presentMarkedWindows,
  runFineTune,
  seabedPatchCorners,
  seabedSpans,
  type Mark,
} from '../../../src/core/finetune';
import { loadModelFile, parseModelFile } from '../../../src/core/model-file';
import { ReadCancelledError } from '../../../src/core/segy/errors';
import { fixtureLine } from '../line/line-fixture';

const fx = fixtureLine({ traces: 420, samples: 300, bsrBelow: 60, slope: 0.1, seed: 5 });
const raw = { traces: fx.traces, samples: fx.samples, dtUs: 4000, data: fx.data };
const PT = 48;

const box = (a: number, b: number, label: 0 | 1, depth: number, half: number): Mark => ({
  traceFrom: a,
  traceTo: b,
  timeFromMs: (depth - half) * 4,
  timeToMs: (depth + half) * 4,
  label,
});
/**
 * BSR and not-BSR marks at two places far apart (two windows) and one at the line's end (clipped), and a not-BSR
 * mark alone between them (a window whose seabed gives not-BSR patches: none are taken near a BSR mark).
 */
function marks(): Mark[] {
  const out: Mark[] = [];
  for (const a of [10, 26, 250, 266, 400]) {
    const d = fx.bsr[a + 8] ?? NaN;
    const b = Math.min(fx.traces - 1, a + 15);
    out.push(box(a, b, 1, Math.round(d), 6));
    out.push(box(a, b, 0, Math.round(d) + 70, 10));
  }
  out.push(box(140, 150, 0, 200, 10));
  return out;
}

beforeAll(async () => {
  await initNodeWasm();
});

describe('windows of the marked traces', () => {
  it('covers each mark and a margin either side, merged, clipped to the line, the marks moved onto them', () => {
    const ms = [box(100, 110, 1, 50, 5), box(10, 20, 0, 50, 5), box(105, 130, 0, 120, 5), box(195, 199, 1, 50, 5)];
    const w = markTraceWindows(ms, 200, 30);
    expect(w).toEqual([
      { first: 0, count: 51 },
      { first: 70, count: 91 },
      { first: 165, count: 35 },
    ]);
    const moved = marksOnWindows(ms, w);
    expect(moved.map((m) => [m.traceFrom, m.traceTo])).toEqual([
      [81, 91],
      [10, 20],
      [86, 111],
      [51 + 91 + 30, 51 + 91 + 34],
    ]);
    expect(moved.map((m) => m.timeFromMs)).toEqual(ms.map((m) => m.timeFromMs));
  });

  it('gives the marked and off-BSR patches of the whole line, byte for byte, and no seabed patch across a seam', async () => {
    const ms = marks();
    const whole = await presentForPatches(raw, {}, PT);
    const w = await presentMarkedWindows(sectionTraceSource(raw), ms, {}, PT, undefined, {}, 0);
    expect(w.windows).toEqual([
      { first: 0, count: 26 + 16 + PT },
      { first: 140 - PT, count: 11 + 2 * PT },
      { first: 250 - PT, count: 16 + 16 + 2 * PT },
      { first: 400 - PT, count: fx.traces - 400 + PT },
    ]);
    expect(w.line.section.traces).toBe(w.windows.reduce((s, x) => s + x.count, 0));
    expect(w.line.seams).toEqual([90, 90 + 107, 90 + 107 + 128]);
    expect(w.line.patchSamples).toBe(whole.patchSamples);
    expect(w.line.presentation.scaleFactor).toBe(whole.presentation.scaleFactor);
    expect(w.extent).toEqual({ traces: fx.traces, samples: fx.samples, dtUs: 4000 });

    const a = cutMarkPatches(whole, ms),
      b = cutMarkPatches(w.line, w.marks);
    expect(b.perMark).toEqual(a.perMark);
    expect(b.x).toEqual(a.x);
    const offA = cutPatchesAt(whole, offBsrPatchCorners(whole, ms, ms), 0),
      offB = cutPatchesAt(w.line, offBsrPatchCorners(w.line, w.marks, w.marks), 0);
    expect(offB.count).toBeGreaterThan(0);
    expect(offB.x).toEqual(offA.x);

    const seabed = seabedPatchCorners(w.line, w.marks, 4, 10_000);
    expect(seabed.length).toBeGreaterThan(0);
    for (const [ft] of seabed) for (const seam of w.line.seams!) expect(seam <= ft || seam >= ft + PT).toBe(true);
    // The seabed pick is the whole line's, cut to the windows.
    const sbWhole = whole.presentation.seabed!.samples,
      sbWin = w.line.presentation.seabed!.samples;
    expect(sbWin[90 + 107 + 10]).toBe(sbWhole[250 - PT + 10]);
  });

  it('reads stretches along the line for not-BSR patches under its seabed, left out when they would not fit', async () => {
    expect(seabedSpans(420, PT, 4)).toEqual([
      [1, 105],
      [106, 210],
      [211, 315],
      [316, 420],
    ]);
    const ms = marks();
    const w = await presentMarkedWindows(sectionTraceSource(raw), ms, {}, PT, undefined, {}, 4);
    expect(w.windows.reduce((s, x) => s + x.count, 0)).toBeGreaterThan(393);
    // The marked patches are still the whole line's; the seabed now gives patches away from the marks too.
    const whole = await presentForPatches(raw, {}, PT);
    expect(cutMarkPatches(w.line, w.marks).x).toEqual(cutMarkPatches(whole, ms).x);
    const without = await presentMarkedWindows(sectionTraceSource(raw), ms, {}, PT, undefined, {}, 0);
    const seabedOf = (x: typeof w) => seabedPatchCorners(x.line, x.marks, 4, 10_000).length;
    expect(seabedOf(w)).toBeGreaterThan(seabedOf(without));
    // Where they would not fit beside the marks' windows they are left out, and the marks still are read.
    const tight = await presentMarkedWindows(sectionTraceSource(raw), ms, {}, PT, 400 * fx.samples, {}, 4);
    expect(tight.windows).toEqual(without.windows);
  });

  it('refuses marks spread over more traces than fit, saying how many are needed and fit, before reading any', async () => {
    let reads = 0;
    const src = sectionTraceSource(raw);
    const counting = { ...src, readChunk: (f: number, c: number) => (reads++, src.readChunk(f, c)) };
    const err = await presentMarkedWindows(counting, marks(), {}, PT, 100 * fx.samples).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MarksError);
    expect((err as Error).message).toMatch(/the marks need 393 traces .* at most 100 fit/);
    expect(reads).toBe(0);
    const outside = [box(10, 500, 1, 50, 5)];
    await expect(presentMarkedWindows(counting, outside, {}, PT)).rejects.toThrow(/lies outside the line/);
  });

  it('stops between reads when cancelled, in the planning passes over the whole file too', async () => {
    for (const after of [0, 1, 5]) {
      let reads = 0,
        polls = 0;
      const src = sectionTraceSource(raw);
      const counting = { ...src, readChunk: (f: number, c: number) => (reads++, src.readChunk(f, c)) };
      const run = presentMarkedWindows(counting, marks(), {}, PT, undefined, { isCancelled: () => ++polls > after });
      await expect(run).rejects.toBeInstanceOf(ReadCancelledError);
      expect(reads).toBe(after); // no read after the cancel
    }
  });
});

describe('runFineTune from a source', () => {
  it('trains exactly as on the line held whole (seabed negatives aside) and records the whole line', async () => {
    const base = parseModelFile(readFileSync(new URL('../../../public/models/demo.json', import.meta.url), 'utf8'));
    const settings = { epochs: 1, syntheticRatio: 0.25, strideTraces: 8, strideSamples: 8, seabedNegatives: false };
    const common = { base, marks: marks(), line: { fingerprint: 'fp', name: 'fixture' }, patchTraces: PT, settings };
    const held = await runFineTune({ ...common, raw, testPatches: 0 });
    const fromSource = await runFineTune({ ...common, raw: { source: sectionTraceSource(raw) }, testPatches: 0 });
    expect(fromSource.result.trainPatches).toEqual(held.result.trainPatches);
    expect(fromSource.result.heldOut).toEqual(held.result.heldOut);
    const [m1, m2] = await Promise.all([loadModelFile(held.file!), loadModelFile(fromSource.file!)]);
    const w = (m: tf.LayersModel): Float32Array => m.getLayer('logits').getWeights()[0]!.dataSync() as Float32Array;
    expect(w(m2)).toEqual(w(m1));
    expect(fromSource.file?.provenance).toMatchObject({ line: { traces: fx.traces, samples: fx.samples } });
    expect(fromSource.file?.provenance?.['marks']).toEqual(marks());
    m1.dispose();
    m2.dispose();
  });
});
