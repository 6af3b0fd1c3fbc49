/** Additive Gaussian noise (imgaug AdditiveGaussianNoise on a float image): x + N(0, scale) per pixel, no clipping. */
import type { Rng } from '../../prng';
import type { AugmentationSettings } from './settings';

/** Adds N(0, settings.noiseScale) to every pixel of `patch`, in place. */
export function gaussianNoise(patch: Float32Array, rng: Rng, settings: AugmentationSettings): Float32Array {
  const s = settings.noiseScale;
  for (let i = 0; i < patch.length; i++) patch[i] = patch[i]! + rng.normal(0, s);
  return patch;
}
