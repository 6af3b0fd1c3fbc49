import { describe, expect, it } from 'vitest';
import { makePatchGrid, patchCentre } from '../../../src/core/classify';
import { strongestPatch } from '../../../src/core/classify/strongest';

describe('strongestPatch', () => {
  const grid = makePatchGrid(200, 300, { patchTraces: 48, patchSamples: 48, strideTraces: 16, strideSamples: 16 });
  it('finds the highest P and its patch centre, skipping cells not classified', () => {
    const values = new Float32Array(grid.count).fill(0.1);
    values[0] = Number.NaN;
    values[2 * grid.cols + 3] = 0.29;
    values[4 * grid.cols + 1] = 0.29; // equal, later: the first is kept
    const s = strongestPatch({ grid, values });
    expect(s).toEqual({ probability: expect.closeTo(0.29, 6) as number, ...patchCentre(grid, 3, 2) });
  });
  it('is null when nothing was classified', () => {
    expect(strongestPatch({ grid, values: new Float32Array(grid.count).fill(Number.NaN) })).toBeNull();
  });
});
