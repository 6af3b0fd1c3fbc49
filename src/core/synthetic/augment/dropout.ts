/**
 * Coarse dropout (imgaug CoarseDropout with size_percent): a low-resolution Bernoulli(1-p) keep
 * mask, its height and width fractions drawn separately per patch, int() and at least 4 cells
 * (imgaug 0.3.0 min_size), upscaled with nearest neighbour, multiplied in: zeroed rectangles.
 */
import type { Rng } from '../../prng';
import { cvResize } from '../cv-resize';
import { squareSide } from '../types';
import type { AugmentationSettings } from './settings';

const MIN_CELLS = 4;
let lowRes = new Float32Array(64 * 64);
let mask = new Float32Array(48 * 48);

/** Zeroes random blocks of `patch` in place. */
export function coarseDropout(patch: Float32Array, rng: Rng, settings: AugmentationSettings): Float32Array {
  const side = squareSide(patch);
  const [lo, hi] = settings.dropoutSizePercent;
  const rows = Math.max(Math.trunc(rng.uniform(lo, hi) * side), MIN_CELLS);
  const cols = Math.max(Math.trunc(rng.uniform(lo, hi) * side), MIN_CELLS);
  if (lowRes.length < rows * cols) lowRes = new Float32Array(rows * cols);
  for (let i = 0; i < rows * cols; i++) lowRes[i] = rng.next() < 1 - settings.dropoutP ? 1 : 0;
  if (mask.length !== patch.length) mask = new Float32Array(patch.length);
  cvResize(lowRes, cols, rows, mask, side, side, 'nearest');
  for (let i = 0; i < patch.length; i++) patch[i] = patch[i]! * mask[i]!;
  return patch;
}
