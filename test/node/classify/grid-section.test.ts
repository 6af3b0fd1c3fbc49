import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ClassifyError,
  cutBatch,
  cutPatch,
  DEFAULT_PATCH_TRACES,
  defaultPatchTraces,
  loadStandardisedSection,
  MIN_PATCH_TRACES,
  makePatchGrid,
  makeSyntheticLine,
  patchAt,
  patchCentre,
  centreSpan,
  sectionBounds,
  sectionTraceSource,
  type Section,
} from '../../../src/core/classify';
import { applyKeepPolarity, keepPolarityScale } from '../../../src/core/synthetic';

describe('patch grid', () => {
  it('centreSpan: the map stops half a patch short of each end, plus the stride remainder at the far ones', () => {
    // 534 traces x 543 samples, patches 72 x 56, stride 8: 58 columns, 61 rows.
    const grid = makePatchGrid(534, 543, { patchTraces: 72, patchSamples: 56 });
    const span = centreSpan(grid);
    expect(span).toEqual({ firstTrace: 35.5, lastTrace: 57 * 8 + 35.5, firstSample: 27.5, lastSample: 60 * 8 + 27.5 });
    // Every patch centre of the grid lies within the span, and its corners are centres.
    for (const [col, row] of [
      [0, 0],
      [grid.cols - 1, grid.rows - 1],
    ] as const)
      expect(patchCentre(grid, col, row)).toEqual(
        col === 0
          ? { trace: span.firstTrace, sample: span.firstSample }
          : { trace: span.lastTrace, sample: span.lastSample },
      );
    // Bottom band without P: half a patch (27.5) + the remainder of (543 - 56) / 8 (7 samples).
    expect(542 - span.lastSample).toBe(34.5);
    // A grid of one patch: its centre on both ends.
    const one = centreSpan(makePatchGrid(48, 48, { patchTraces: 48, patchSamples: 48 }));
    expect(one).toEqual({ firstTrace: 23.5, lastTrace: 23.5, firstSample: 23.5, lastSample: 23.5 });
  });

  it('is DEFAULT_PATCH_TRACES wide on a wide line, the whole line on a narrower one, never below the network width', () => {
    expect(DEFAULT_PATCH_TRACES).toBe(72);
    expect(defaultPatchTraces(534)).toBe(72);
    expect(defaultPatchTraces(72)).toBe(72);
    expect(defaultPatchTraces(60)).toBe(60);
    expect(defaultPatchTraces(MIN_PATCH_TRACES)).toBe(48);
    // Narrower than the network's own width: 48, which makePatchGrid then refuses with a message.
    expect(defaultPatchTraces(30)).toBe(48);
    expect(() => makePatchGrid(30, 200, { patchTraces: defaultPatchTraces(30) })).toThrow(ClassifyError);
  });

  it('places whole patches at stride steps, trace-major, and covers all but < stride at the far edges', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 0, max: 300 }),
        (pt, ps, st, ss, extraT, extraS) => {
          const g = makePatchGrid(pt + extraT, ps + extraS, {
            patchTraces: pt,
            patchSamples: ps,
            strideTraces: st,
            strideSamples: ss,
          });
          const last = patchAt(g, g.count - 1);
          expect(last.firstTrace + pt).toBeLessThanOrEqual(g.traces);
          expect(last.firstSample + ps).toBeLessThanOrEqual(g.samples);
          expect(g.traces - (last.firstTrace + pt)).toBeLessThan(st);
          expect(g.samples - (last.firstSample + ps)).toBeLessThan(ss);
          expect(patchAt(g, 1 % g.count)).toMatchObject(
            g.rows > 1 ? { col: 0, row: 1, firstTrace: 0, firstSample: ss } : { col: g.cols > 1 ? 1 : 0, row: 0 },
          );
        },
      ),
    );
  });
  it('counts the default 48x48 / 8 grid of the demo line and centres patches', () => {
    const g = makePatchGrid(534, 1501);
    expect([g.cols, g.rows, g.count]).toEqual([61, 182, 61 * 182]); // floor((534-48)/8)+1, floor((1501-48)/8)+1
    expect(patchCentre(g, 2, 3)).toEqual({ trace: 16 + 23.5, sample: 24 + 23.5 });
  });
  it('refuses a patch larger than the section and bad strides', () => {
    expect(() => makePatchGrid(40, 100)).toThrow(ClassifyError);
    expect(() => makePatchGrid(40, 100)).toThrow(/48 x 48 patch does not fit a section of 40 traces x 100 samples/);
    expect(() => makePatchGrid(100, 100, { strideTraces: 0 })).toThrow(/strideTraces must be a positive integer/);
  });
});

/** A section whose sample value encodes its position: trace * 1000 + sample. */
function rampSection(traces: number, samples: number): Section {
  const data = new Float32Array(traces * samples);
  for (let t = 0; t < traces; t++) for (let s = 0; s < samples; s++) data[t * samples + s] = t * 1000 + s;
  return { traces, samples, dtUs: 4000, data };
}

describe('patches cut from a section', () => {
  it('have time down the rows and traces across the columns', () => {
    const sec = rampSection(60, 80);
    const p = cutPatch(sec, 5, 7, 4, 3);
    expect(Array.from(p)).toEqual([5007, 6007, 7007, 8007, 5008, 6008, 7008, 8008, 5009, 6009, 7009, 8009]);
  });
  it('are resized to 48x48 when the patch size differs, keeping the orientation', () => {
    const sec = rampSection(200, 200);
    const g = makePatchGrid(200, 200, { patchTraces: 96, patchSamples: 24, strideTraces: 50, strideSamples: 50 });
    const out = cutBatch(sec, g, 0, 2, new Float32Array(2 * 2304));
    // Patch 0: rows (time) step ~0.5 sample per row, columns (traces) step ~2 traces = 2000 per column.
    expect(out[21 * 48 + 20]! - out[20 * 48 + 20]!).toBeCloseTo(0.5, 2);
    expect(out[20 * 48 + 21]! - out[20 * 48 + 20]!).toBeCloseTo(2000, 0);
    // Patch 1 is the next row of the grid: 50 samples later.
    expect(out[2304 + 10 * 48 + 10]! - out[10 * 48 + 10]!).toBeCloseTo(50, 3);
  });
});

describe('section standardisation', () => {
  const line = makeSyntheticLine(7, { traces: 120, samples: 150 });
  it('equals the core keep-polarity function on the whole array, for any chunk size', async () => {
    const whole = applyKeepPolarity(line.section.data.slice(), keepPolarityScale(line.section.data));
    for (const chunkTraces of [1, 7, 64, 1000]) {
      const ticks: number[] = [];
      const { section, bounds } = await loadStandardisedSection(sectionTraceSource(line.section), {
        chunkTraces,
        onProgress: (d) => ticks.push(d),
      });
      expect(section.data).toEqual(whole);
      expect(bounds.keepsPolarity).toBe(true);
      expect(ticks.at(-1)).toBe(2 * Math.ceil(120 / chunkTraces));
      expect(await sectionBounds(sectionTraceSource(line.section), { chunkTraces })).toEqual(bounds);
    }
    expect(Math.max(...whole)).toBeLessThanOrEqual(1);
    expect(Math.min(...whole)).toBeGreaterThanOrEqual(-1);
  });
  it('refuses a source that returns short reads', async () => {
    const src = { ...sectionTraceSource(line.section), readChunk: async () => new Float32Array(3) };
    await expect(loadStandardisedSection(src)).rejects.toThrow(/returned 3 samples, expected/);
  });
});

describe('synthetic line', () => {
  it('has a seabed positive over negative and a BSR of reversed polarity below it, on part of the line', () => {
    const line = makeSyntheticLine(3);
    const { data, samples, traces } = line.section;
    expect([traces, samples, line.section.dtUs]).toEqual([400, 600, 4000]);
    const t = 200;
    const sb = Math.ceil(line.seabedDepth[t]!),
      bsr = Math.ceil(line.bsrDepth[t]!);
    expect(data[t * samples + sb + 1]!).toBeGreaterThan(500);
    expect(data[t * samples + sb + 4]!).toBeLessThan(-500);
    expect(data[t * samples + bsr - 2]!).toBeLessThan(-300);
    expect(data[t * samples + bsr + 1]!).toBeGreaterThan(300);
    expect(bsr - sb).toBeGreaterThan(100);
    expect(Number.isNaN(line.bsrDepth[10]!)).toBe(true);
    expect(makeSyntheticLine(3).section.data).toEqual(data);
  });
});
