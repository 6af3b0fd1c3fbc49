/**
 * Layered sediment background (the seed's `Background(type="environmental")`): horizontal
 * facies 1..4 grid lines thick, each a constant value, drawn on a grid ~1.414x larger than
 * the target so that, once rotated (and zoomed by sqrt 2), the cut-out centre has no empty corners.
 * Because the layers are horizontal before rotation, a background is fully described by one
 * value per row (a row profile) plus its dip.
 */
import type { Rng } from '../prng';

/** Layer values U(-0.2·1.5, 0.2·1.2) as in the seed (target_positive_value_range[0] = 0.2). */
export const LAYER_VALUE_RANGE: readonly [number, number] = [-0.3, 0.24];
/** The bottom row's own value range U(-0.3, 0.3). */
export const LAST_ROW_RANGE: readonly [number, number] = [-0.3, 0.3];
/** Facies thickness is rint(U(1, 4)) grid lines (seed: target_thickness_range[0] = 4). */
export const MAX_FACIES_LINES = 4;

/** The seed's enlarged grid for a target of `side`: ceil(1.414·side). */
export function enlargedSide(side: number): number {
  return Math.ceil(1.414 * side);
}

/**
 * Fills rows[0..n) with a layer profile. Quirks kept from the seed: facies split points are
 * cumulative rint(U(1,4)) sums; every facies after the first is written one row early
 * (rows [start-1, end-1)), so the first facies' rows 0..split₁-2 stay 0; the last row gets
 * its own value. (The seed also burns one draw on an empty slice; that changes no statistic.)
 */
export function fillLayerProfile(rng: Rng, rows: Float32Array, n: number): Float32Array {
  rows.fill(0, 0, n);
  let start = -1; // start of the current facies; -1 = first facies, which is never written
  let lines = 0;
  const [lo, hi] = LAYER_VALUE_RANGE;
  while (lines < n) {
    lines += Math.round(rng.uniform(1, MAX_FACIES_LINES));
    if (lines < n) {
      if (start >= 0) rows.fill(rng.uniform(lo, hi), start - 1, lines - 1);
      start = lines;
    }
  }
  if (start >= 0) rows.fill(rng.uniform(lo, hi), start - 1, n - 1);
  rows[n - 1] = rng.uniform(LAST_ROW_RANGE[0], LAST_ROW_RANGE[1]);
  return rows;
}
