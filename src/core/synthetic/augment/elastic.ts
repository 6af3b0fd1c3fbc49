/**
 * Elastic deformation (imgaug 0.3.0 ElasticTransformation): a U(-1,1) displacement field per axis,
 * smoothed by a Gaussian of sigma (imgaug kernel size), scaled by alpha, then the patch is
 * resampled at (x - dx, y - dy) with OpenCV's *bicubic* kernel (order 3) and constant-0 border.
 * The seed pads the field by the kernel size before blurring and crops it back; only a margin of
 * the kernel radius influences the kept centre, so that margin is all we draw.
 */
import type { Rng } from '../../prng';
import { cvGaussianKernel, filterValid, imgaugKernelSize } from '../gaussian';
import { CUBIC_TABLE, sampleBicubic, toGrid } from '../sampling';
import { squareSide } from '../types';
import type { AugmentationSettings } from './settings';

// Local aliases: tsx/esbuild's CommonJS interop reads imports through getters on every call in hot loops.
const sampleBicubicFast = sampleBicubic;
const T = CUBIC_TABLE;

/**
 * Zero border around the copied source, px. The blurred field is within [-1, 1], so with alpha
 * up to 3.5 every bicubic tap (floor - 1 .. floor + 2) lands inside it: the constant-0 border
 * costs no bounds tests. Larger displacements fall back to the bounds-checked sampler.
 */
const PAD = 8;

let fieldX = new Float64Array(64 * 64);
let fieldY = new Float64Array(64 * 64);
let shiftX = new Float32Array(48 * 48);
let shiftY = new Float32Array(48 * 48);
let source = new Float32Array(48 * 48);
let padded = new Float32Array((48 + 2 * PAD) * (48 + 2 * PAD));

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
  if (fieldX.length < fs * fs) {
    fieldX = new Float64Array(fs * fs);
    fieldY = new Float64Array(fs * fs);
  }
  if (source.length !== patch.length) {
    source = new Float32Array(patch.length);
    shiftX = new Float32Array(patch.length);
    shiftY = new Float32Array(patch.length);
    padded = new Float32Array((side + 2 * PAD) * (side + 2 * PAD)); // border stays 0: only the centre is ever written
  }
  const fx = fieldX,
    fy = fieldY;
  for (let i = 0; i < fs * fs; i++) fx[i] = rng.next() * 2 - 1;
  for (let i = 0; i < fs * fs; i++) fy[i] = rng.next() * 2 - 1;
  if (smooth) {
    const kernel = cvGaussianKernel(ksize, sigma);
    filterValid(fx, side, kernel, shiftX);
    filterValid(fy, side, kernel, shiftY);
  } else {
    for (let i = 0; i < side * side; i++) {
      shiftX[i] = fx[i]!;
      shiftY[i] = fy[i]!;
    }
  }
  const ps = side + 2 * PAD,
    src = padded,
    sx = shiftX,
    sy = shiftY;
  for (let y = 0; y < side; y++) src.set(patch.subarray(y * side, (y + 1) * side), (y + PAD) * ps + PAD);
  let fallback = false;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const i = y * side + x;
      // cv2.remap's 1/32-px grid; the bicubic window starts one pixel before floor.
      const X = toGrid(x - alpha * sx[i]!),
        Y = toGrid(y - alpha * sy[i]!);
      const ix = (X >> 5) - 1 + PAD,
        iy = (Y >> 5) - 1 + PAD;
      if (ix < 0 || iy < 0 || ix + 3 >= ps || iy + 3 >= ps) {
        fallback = true;
        break;
      }
      const tx = (X & 31) * 4,
        ty = (Y & 31) * 4;
      const x0 = T[tx]!,
        x1 = T[tx + 1]!,
        x2 = T[tx + 2]!,
        x3 = T[tx + 3]!;
      const p0 = iy * ps + ix,
        p1 = p0 + ps,
        p2 = p1 + ps,
        p3 = p2 + ps;
      patch[i] =
        T[ty]! * (x0 * src[p0]! + x1 * src[p0 + 1]! + x2 * src[p0 + 2]! + x3 * src[p0 + 3]!) +
        T[ty + 1]! * (x0 * src[p1]! + x1 * src[p1 + 1]! + x2 * src[p1 + 2]! + x3 * src[p1 + 3]!) +
        T[ty + 2]! * (x0 * src[p2]! + x1 * src[p2 + 1]! + x2 * src[p2 + 2]! + x3 * src[p2 + 3]!) +
        T[ty + 3]! * (x0 * src[p3]! + x1 * src[p3 + 1]! + x2 * src[p3 + 2]! + x3 * src[p3 + 3]!);
    }
    if (fallback) break;
  }
  if (fallback) {
    // A displacement beyond the zero border (alpha > ~5): redo every pixel with bounds checks.
    for (let y = 0; y < side; y++)
      source.set(src.subarray((y + PAD) * ps + PAD, (y + PAD) * ps + PAD + side), y * side);
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const i = y * side + x;
        patch[i] = sampleBicubicFast(source, side, side, x - alpha * sx[i]!, y - alpha * sy[i]!);
      }
    }
  }
  return patch;
}
