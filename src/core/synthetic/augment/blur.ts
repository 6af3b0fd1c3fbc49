/** Gaussian blur (imgaug GaussianBlur via cv2): imgaug's kernel-size rule, reflect-101 border. */
import type { Rng } from '../../prng';
import { cvGaussianKernel, filterSeparable, imgaugKernelSize } from '../gaussian';
import { squareSide } from '../types';
import type { AugmentationSettings } from './settings';

let cached: { sigma: number; kernel: Float64Array } | null = null;

/** Blurs `patch` in place with the data set's fixed sigma (px); sigma < 1e-3 is a no-op, as in imgaug. */
export function gaussianBlur(patch: Float32Array, _rng: Rng, settings: AugmentationSettings): Float32Array {
  return blurWithSigma(patch, settings.blurSigma);
}

/** Blurs a square patch in place with a Gaussian of `sigma` px. */
export function blurWithSigma(patch: Float32Array, sigma: number): Float32Array {
  if (sigma < 1e-3) return patch;
  const side = squareSide(patch);
  if (cached?.sigma !== sigma) cached = { sigma, kernel: cvGaussianKernel(imgaugKernelSize(sigma), sigma) };
  return filterSeparable(patch, side, side, cached.kernel, patch);
}
