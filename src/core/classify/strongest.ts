/**
 * The map's strongest patch. A calibrated map reports P(BSR) at the base rate the user chose, so on a line where the
 * network ranks the BSR first but is not sure of it no patch reaches 0.5: no contour, no horizon, and the picture
 * reads "no BSR". Where its strongest answer lies, and how strong it is, tells the user what the map holds.
 */
import { patchCentre, type PatchGrid } from './grid';

export interface StrongestPatch {
  readonly probability: number;
  /** Patch centre, in the section's traces and samples (0-based). */
  readonly trace: number;
  readonly sample: number;
}

/** The classified patch with the highest P(BSR) (the first of equals), or null when none was classified. */
export function strongestPatch(map: {
  readonly grid: PatchGrid;
  readonly values: Float32Array;
}): StrongestPatch | null {
  let best = -1,
    at = -1;
  map.values.forEach((p, i) => {
    if (p > best) {
      best = p;
      at = i;
    }
  });
  if (at < 0) return null;
  const c = patchCentre(map.grid, at % map.grid.cols, Math.floor(at / map.grid.cols));
  return { probability: best, trace: c.trace, sample: c.sample };
}
