/** averageAlongSeabed: a run of P at one depth below a sloping seabed survives, a look-alike crossing that depth fades. */
import { describe, expect, it } from 'vitest';
import { emptyMap, makePatchGrid, patchCentre, type ProbabilityMap } from '../../../src/core/classify/grid';
import { averageAlongSeabed } from '../../../src/core/classify/seabed-context';

// 20 patch columns x 40 rows at stride 10 (patches 10 traces x 10 samples: centres at 4.5 + 10 k).
const grid = makePatchGrid(200, 400, { patchTraces: 10, patchSamples: 10, strideTraces: 10, strideSamples: 10 });
/** Seabed sloping 1 sample per trace: 50 at trace 0, 250 at trace 200. */
const seabed = Float32Array.from({ length: 200 }, (_, t) => 50 + t);
const at = (map: ProbabilityMap, col: number, row: number): number => map.values[row * grid.cols + col]!;

/** Row of column `col` whose centre lies `below` samples under the seabed (exact on this grid). */
function rowBelow(col: number, below: number): number {
  const c = patchCentre(grid, col, 0);
  return (seabed[Math.round(c.trace)]! + below - c.sample) / grid.strideSamples;
}

describe('averageAlongSeabed', () => {
  it('keeps a run of patches at one depth below the seabed and dilutes a single look-alike', () => {
    const map = emptyMap(grid);
    map.values.fill(0);
    // The "BSR": P = 0.8 at 100 samples below the seabed in every column (rows follow the slope).
    for (let col = 0; col < grid.cols; col++) map.values[Math.round(rowBelow(col, 100)) * grid.cols + col] = 0.8;
    // A look-alike: one bright patch at 200 samples below the seabed in column 10 only.
    const lookAlikeRow = Math.round(rowBelow(10, 200));
    map.values[lookAlikeRow * grid.cols + 10] = 0.9;
    averageAlongSeabed(map, seabed, 20, 0); // columns within 20 traces: 2 either side, 5 in all
    for (let col = 2; col < grid.cols - 2; col++)
      expect(at(map, col, Math.round(rowBelow(col, 100)))).toBeCloseTo(0.8, 5);
    expect(at(map, 10, lookAlikeRow)).toBeCloseTo(0.9 / 5, 5);
    // The look-alike's P spreads to its neighbours at the same depth below the seabed, a fifth each.
    expect(at(map, 12, Math.round(rowBelow(12, 200)))).toBeCloseTo(0.9 / 5, 5);
    expect(at(map, 13, Math.round(rowBelow(13, 200)))).toBeCloseTo(0, 5);
  });

  it('counts a neighbour with its best P within the depth tolerance (a BSR drifting in depth below the seabed)', () => {
    const drift = (col: number): number => (col % 2 === 0 ? 100 : 110); // one row deeper on odd columns
    const run = (): ProbabilityMap => {
      const map = emptyMap(grid);
      map.values.fill(0);
      for (let col = 0; col < grid.cols; col++)
        map.values[Math.round(rowBelow(col, drift(col))) * grid.cols + col] = 0.8;
      return map;
    };
    const tolerant = averageAlongSeabed(run(), seabed, 20, 10);
    const strict = averageAlongSeabed(run(), seabed, 20, 0);
    for (let col = 2; col < grid.cols - 2; col++) {
      const row = Math.round(rowBelow(col, drift(col)));
      expect(at(tolerant, col, row)).toBeCloseTo(0.8, 5);
      // Without tolerance only the columns of the same parity line up: the centre and the two 20 traces away.
      expect(at(strict, col, row)).toBeCloseTo((3 * 0.8) / 5, 5);
    }
  });

  it('leaves the map alone at half-width 0, keeps NaN centres and columns without a pick', () => {
    const map = emptyMap(grid);
    for (let i = 0; i < map.values.length; i++) map.values[i] = (i % 5) / 5; // along the seabed (one row per column) index steps by 21: not constant mod 5
    const before = map.values.slice();
    averageAlongSeabed(map, seabed, 0);
    expect(map.values).toEqual(before);

    map.values[5 * grid.cols + 3] = NaN;
    const noPick = seabed.slice();
    noPick.fill(NaN, 40, 60); // column 4 (centre trace 44.5) and 5 (54.5) have no seabed pick
    averageAlongSeabed(map, noPick, 20);
    expect(at(map, 3, 5)).toBeNaN();
    for (let row = 0; row < grid.rows; row++) {
      expect(at(map, 4, row)).toBe(before[row * grid.cols + 4]);
      expect(at(map, 5, row)).toBe(before[row * grid.cols + 5]);
    }
    // Elsewhere the values changed (the pattern is not constant along the seabed).
    let changed = 0;
    for (let i = 0; i < before.length; i++) if (map.values[i] !== before[i] && !Number.isNaN(map.values[i]!)) changed++;
    expect(changed).toBeGreaterThan(before.length / 2);
  });
});
