/** Additive Gaussian noise (imgaug AdditiveGaussianNoise on a float image): x + N(0, scale) per pixel, no clipping. */
import type { Rng } from '../../prng';
import { fastLog } from '../fast-math';
import type { AugmentationSettings } from './settings';

// Local alias: tsx/esbuild's CommonJS interop reads imports through getters on every call in hot loops.
const log = fastLog;

/** Adds N(0, settings.noiseScale) to every pixel of `patch`, in place. */
export function gaussianNoise(patch: Float32Array, rng: Rng, settings: AugmentationSettings): Float32Array {
  const s = settings.noiseScale;
  // Marsaglia polar method inline, both deviates of each pair used: ~2x faster than rng.normal().
  // q >= 2^-62 (u, v are multiples of 2^-31), inside fastLog's domain.
  for (let i = 0; i < patch.length; i += 2) {
    let u: number, v: number, q: number;
    do {
      u = rng.next() * 2 - 1;
      v = rng.next() * 2 - 1;
      q = u * u + v * v;
    } while (q >= 1 || q === 0);
    const m = s * Math.sqrt((-2 * log(q)) / q);
    patch[i] = patch[i]! + u * m;
    if (i + 1 < patch.length) patch[i + 1] = patch[i + 1]! + v * m;
  }
  return patch;
}
