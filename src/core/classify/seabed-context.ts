/**
 * Lateral context for the map: a BSR follows the seabed (it is the base of the hydrate stability zone, an isotherm,
 * so its depth below the seabed changes slowly along a line), while the strata a network confuses with it dip and
 * fold on their own. Averaging each patch centre's probability with its neighbours along the line at the SAME depth
 * below the seabed keeps a BSR's run of patches and thins out look-alikes that cross that depth.
 */
import { patchCentre, type ProbabilityMap } from './grid';

/**
 * Default half-width of the averaging along the line, traces (0 = off): patch centres within this many traces
 * either side count, each read at the centre's own depth below the seabed.
 */
export const DEFAULT_SEABED_CONTEXT_TRACES = 32;

/**
 * How far a neighbour's depth below the seabed may differ, samples: a neighbour counts with its highest P within
 * this distance of the centre's depth (a BSR's depth below the seabed drifts with heat flow and water depth).
 */
export const SEABED_CONTEXT_TOLERANCE_SAMPLES = 8;

/** Probability of column `col` at fractional row `r` (linear between rows; 0 outside the column or where NaN). */
function columnAt(map: ProbabilityMap, col: number, r: number): number {
  const { grid, values } = map;
  if (!(r >= 0 && r <= grid.rows - 1)) return 0;
  const r0 = Math.floor(r),
    r1 = Math.min(grid.rows - 1, r0 + 1),
    f = r - r0;
  const a = values[r0 * grid.cols + col]!,
    b = values[r1 * grid.cols + col]!;
  return (1 - f) * (Number.isNaN(a) ? 0 : a) + f * (Number.isNaN(b) ? 0 : b);
}

/**
 * Replaces every classified patch centre's probability by the mean over the patch columns whose centres lie within
 * `halfWidthTraces` traces of it: its own value, and for each other column its highest probability within
 * `toleranceSamples` of the same depth below the seabed. Columns without a seabed pick do not take part, and a centre
 * on a trace without one keeps its value; unclassified (NaN) centres stay NaN. `seabed` holds one pick per trace, in
 * samples (NaN = none). In place; returns the map.
 */
export function averageAlongSeabed(
  map: ProbabilityMap,
  seabed: Float32Array,
  halfWidthTraces: number,
  toleranceSamples = SEABED_CONTEXT_TOLERANCE_SAMPLES,
): ProbabilityMap {
  if (!(halfWidthTraces > 0) || seabed.length === 0) return map;
  const { grid } = map;
  const pickAt = (col: number): number =>
    seabed[Math.min(seabed.length - 1, Math.round(patchCentre(grid, col, 0).trace))]!;
  const reach = Math.floor(halfWidthTraces / grid.strideTraces);
  const tol = toleranceSamples / grid.strideSamples;
  const out = new Float32Array(map.values);
  for (let col = 0; col < grid.cols; col++) {
    const own = pickAt(col);
    if (Number.isNaN(own)) continue;
    for (let row = 0; row < grid.rows; row++) {
      const i = row * grid.cols + col;
      if (Number.isNaN(map.values[i]!)) continue;
      const below = patchCentre(grid, col, row).sample - own;
      let sum = 0,
        n = 0;
      for (let c = Math.max(0, col - reach); c <= Math.min(grid.cols - 1, col + reach); c++) {
        const pick = pickAt(c);
        if (Number.isNaN(pick)) continue;
        // Fractional row of column c whose centre lies `below` samples under that column's seabed.
        const r = (pick + below - (grid.patchSamples - 1) / 2) / grid.strideSamples;
        sum +=
          c === col || tol === 0
            ? columnAt(map, c, r)
            : Math.max(columnAt(map, c, r - tol), columnAt(map, c, r), columnAt(map, c, r + tol));
        n++;
      }
      out[i] = sum / n;
    }
  }
  map.values.set(out);
  return map;
}
