/** Places to review: the map's strongest centres outside the marks, spaced, with answers that never contradict a mark. */
import { describe, expect, it } from 'vitest';
import { makePatchGrid, patchCentre } from '../../../src/core/classify';
import { placesToReview, validateMarks, type Mark } from '../../../src/core/finetune';

const extent = { traces: 400, samples: 500, dtUs: 4000 };
const grid = makePatchGrid(extent.traces, extent.samples, {
  patchTraces: 72,
  patchSamples: 48,
  strideTraces: 8,
  strideSamples: 8,
});

/** A map with P = `p` at the given (col, row) centres and 0.01 elsewhere. */
function mapWith(peaks: Array<[col: number, row: number, p: number]>): Float32Array {
  const v = new Float32Array(grid.count).fill(0.01);
  for (const [col, row, p] of peaks) v[row * grid.cols + col] = p;
  return v;
}

describe('placesToReview', () => {
  it('lists the strongest centres first, at their trace and time, with a BSR and a not-BSR box around each', () => {
    const places = placesToReview(
      grid,
      mapWith([
        [10, 20, 0.6],
        [30, 40, 0.9],
      ]),
      [],
      extent,
    );
    expect(places.map((p) => p.probability)).toEqual([Math.fround(0.9), Math.fround(0.6)]);
    const first = places[0]!,
      centre = patchCentre(grid, 30, 40);
    expect(first.trace).toBe(centre.trace);
    expect(first.sample).toBe(centre.sample);
    expect(first.timeMs).toBeCloseTo(centre.sample * 4, 9);
    const yes = first.marks[1],
      no = first.marks[0];
    expect(yes.label).toBe(1);
    expect(no.label).toBe(0);
    expect(yes.traceTo - yes.traceFrom).toBe(15);
    expect(yes.traceFrom).toBeLessThanOrEqual(centre.trace);
    expect(yes.traceTo).toBeGreaterThanOrEqual(centre.trace);
    expect(yes.timeFromMs).toBeLessThanOrEqual(first.timeMs);
    expect(yes.timeToMs).toBeGreaterThanOrEqual(first.timeMs);
    expect(no.timeToMs - no.timeFromMs).toBeGreaterThan(yes.timeToMs - yes.timeFromMs);
  });

  it('gives one place per neighbourhood: a bright horizon is not listed centre by centre', () => {
    // One reflector lit along 12 neighbouring columns, a weaker detection far below it.
    const horizon = Array.from({ length: 12 }, (_, i): [number, number, number] => [10 + i, 20, 0.8 - i * 0.01]);
    const places = placesToReview(grid, mapWith([...horizon, [14, 45, 0.3]]), [], extent);
    expect(places.map((p) => p.probability)).toEqual(
      [0.8, 0.76, 0.72, 0.3].map((p) => Math.fround(p)), // columns 10, 14, 18 (32 traces apart), then the deep one
    );
    for (const [i, a] of places.entries())
      for (const b of places.slice(i + 1))
        expect(Math.abs(a.trace - b.trace) >= 32 || Math.abs(a.sample - b.sample) >= 40).toBe(true);
  });

  it('skips places a mark answers already: in its neighbourhood, so neither answer contradicts one', () => {
    const values = mapWith([
      [10, 20, 0.9],
      [30, 20, 0.8],
    ]);
    const c = patchCentre(grid, 10, 20);
    const mark = (trace: number, samplesAbove: number): Mark => ({
      traceFrom: trace - 4,
      traceTo: trace + 4,
      timeFromMs: (c.sample - samplesAbove - 16) * 4,
      timeToMs: (c.sample - samplesAbove) * 4,
      label: 0,
    });
    // Its box ends 14 samples above the strongest centre: answered (the place's not-BSR box, ±12, nearly touches it).
    const above = mark(c.trace, 14);
    const places = placesToReview(grid, values, [above], extent);
    expect(places[0]!.probability).toBe(Math.fround(0.8));
    for (const p of places) {
      validateMarks([above, p.marks[1]], extent);
      validateMarks([above, p.marks[0]], extent);
    }
    // Within the spacing (40 samples in time, 32 traces along) the mark answers the place too; beyond either, not.
    expect(placesToReview(grid, values, [mark(c.trace, 39)], extent)[0]!.probability).toBe(Math.fround(0.8));
    expect(placesToReview(grid, values, [mark(c.trace, 41)], extent)[0]!.probability).toBe(Math.fround(0.9));
    expect(placesToReview(grid, values, [mark(c.trace - 4 - 31, 0)], extent)[0]!.probability).toBe(Math.fround(0.8));
    expect(placesToReview(grid, values, [mark(c.trace - 4 - 33, 0)], extent)[0]!.probability).toBe(Math.fround(0.9));
  });

  it('never lists unclassified or masked centres, nor any below the floor, and stops at the count', () => {
    const values = mapWith([[5, 5, 0.9]]).fill(0); // masked everywhere
    values[3 * grid.cols + 40] = NaN;
    expect(placesToReview(grid, values, [], extent)).toEqual([]);
    const many = mapWith(Array.from({ length: 20 }, (_, i): [number, number, number] => [i * 2, (i * 7) % 50, 0.5]));
    expect(placesToReview(grid, many, [], extent, { count: 3 })).toHaveLength(3);
    expect(placesToReview(grid, many, [], extent, { minProbability: 0.6 })).toEqual([]);
  });

  it('keeps the boxes inside the line at its ends and at its top and bottom', () => {
    const last = grid.cols - 1,
      bottom = grid.rows - 1;
    const places = placesToReview(
      grid,
      mapWith([
        [0, 0, 0.9],
        [last, bottom, 0.8],
      ]),
      [],
      extent,
    );
    expect(places).toHaveLength(2);
    for (const p of places)
      validateMarks(
        [p.marks[1], p.marks[0]].map((m) => ({ ...m, label: 1 as const })),
        extent,
      );
    const small = { traces: 10, samples: 500, dtUs: 4000 };
    const g = makePatchGrid(10, 500, { patchTraces: 10, patchSamples: 48, strideTraces: 8, strideSamples: 8 });
    const v = new Float32Array(g.count).fill(0.01);
    v[0] = 0.9;
    const [p] = placesToReview(g, v, [], small);
    expect(p!.marks[1].traceFrom).toBe(0);
    expect(p!.marks[1].traceTo).toBe(9);
  });
});
