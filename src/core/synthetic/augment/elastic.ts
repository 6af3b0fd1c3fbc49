/**
 * Elastic deformation (imgaug 0.3.0 ElasticTransformation): a U(-1,1) displacement field per axis,
 * smoothed by a Gaussian of sigma (imgaug kernel size), scaled by alpha, then the patch is
 * resampled at (x - dx, y - dy) with OpenCV's *bicubic* kernel (order 3) and constant-0 border.
 * The seed pads the field by the kernel size before blurring and crops it back; only a margin of
 * the kernel radius influences the kept centre, so that margin is all we draw.
 */
import type { Rng } from '../../prng';
import { cvGaussianKernel, filterValid, imgaugKernelSize } from '../gaussian';
import { sampleBicubic } from '../sampling';
import { squareSide } from '../types';
import type { AugmentationSettings } from './settings';

// Local aliases: tsx/esbuild's CommonJS interop reads imports through getters on every call in hot loops.
const sampleBicubicFast = sampleBicubic;

let fieldX = new Float32Array(64 * 64);
let fieldY = new Float32Array(64 * 64);
let shiftX = new Float32Array(48 * 48);
let shiftY = new Float32Array(48 * 48);
let source = new Float32Array(48 * 48);

/** Deforms `patch` in place; alpha and sigma (px) are drawn per patch from the settings' ranges. */
export function elasticDeformation(patch: Float32Array, rng: Rng, settings: AugmentationSettings): Float32Array {
  const alpha = rng.uniform(settings.elasticAlpha[0], settings.elasticAlpha[1]);
  const sigma = rng.uniform(settings.elasticSigma[0], settings.elasticSigma[1]);
  return deformWith(patch, rng, alpha, sigma);
}

/** Elastic deformation with explicit alpha (displacement scale, px) and sigma (smoothing, px). */
export function deformWith(patch: Float32Array, rng: Rng, alpha: number, sigma: number): Float32Array {
  const side = squareSide(patch);
  const smooth = sigma >= 1e-3;
  const ksize = imgaugKernelSize(sigma);
  const margin = smooth ? (ksize - 1) >> 1 : 0;
  const fs = side + 2 * margin;
  if (fieldX.length < fs * fs) { fieldX = new Float32Array(fs * fs); fieldY = new Float32Array(fs * fs); }
  if (source.length !== patch.length) {
    source = new Float32Array(patch.length); shiftX = new Float32Array(patch.length); shiftY = new Float32Array(patch.length);
  }
  const fx = fieldX, fy = fieldY;
  for (let i = 0; i < fs * fs; i++) fx[i] = rng.next() * 2 - 1;
  for (let i = 0; i < fs * fs; i++) fy[i] = rng.next() * 2 - 1;
  if (smooth) {
    const kernel = cvGaussianKernel(ksize, sigma);
    filterValid(fx, side, kernel, shiftX);
    filterValid(fy, side, kernel, shiftY);
  } else {
    shiftX.set(fx.subarray(0, side * side));
    shiftY.set(fy.subarray(0, side * side));
  }
  source.set(patch);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const i = y * side + x;
      patch[i] = sampleBicubicFast(source, side, side, x - alpha * shiftX[i]!, y - alpha * shiftY[i]!);
    }
  }
  return patch;
}
