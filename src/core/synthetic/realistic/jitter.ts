/**
 * Swell and static jitter between traces (imitates uncorrected source/receiver depth changes under
 * swell and residual statics): each trace is moved up or down by a few samples, smoothly along the
 * line with a little trace-to-trace scatter, so reflectors look wavy and slightly ragged.
 */
import type { Rng } from '../../prng';
import { PATCH_SIDE } from '../types';
import { addSmoothProfile } from './along';

/** Draws the vertical shift per trace: smooth, peak 0.5-3 samples, plus ±0-0.5 samples of scatter. */
export function drawStaticShifts(rng: Rng): Float32Array {
  const s = addSmoothProfile(rng, rng.uniform(0.5, 3), new Float32Array(PATCH_SIDE));
  const scatter = rng.uniform(0, 0.5);
  for (let x = 0; x < PATCH_SIDE; x++) s[x]! += rng.uniform(-scatter, scatter);
  return s;
}

const column = new Float32Array(PATCH_SIDE);

/** Moves each trace of the patch down by shift[x] samples (linear interpolation, edge rows held). */
export function applyStaticShifts(shift: Float32Array, out: Float32Array, offset = 0): Float32Array {
  const n = PATCH_SIDE;
  for (let x = 0; x < n; x++) {
    for (let z = 0; z < n; z++) column[z] = out[offset + z * n + x]!;
    const s = shift[x]!;
    for (let z = 0; z < n; z++) {
      const src = Math.min(n - 1, Math.max(0, z - s));
      const i = Math.min(n - 2, Math.floor(src)),
        f = src - i;
      out[offset + z * n + x] = column[i]! + f * (column[i + 1]! - column[i]!);
    }
  }
  return out;
}
