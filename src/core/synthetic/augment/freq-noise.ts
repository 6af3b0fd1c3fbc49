/**
 * Frequency-noise alpha blending (imgaug FrequencyNoiseAlpha(exponent=-2, first=EdgeDetect(1.0))):
 * a smooth random mask in [0.01, 1] from 1/f² coloured noise (inverse DFT on a grid of at most
 * freqSizePxMax cells, upscaled nearest/linear/cubic with p = .05/.6/.35), aggregated over 1..3
 * iterations by mean or max, optionally sharpened by a sigmoid; the output is
 * mask·laplacian(patch) + (1 - mask)·patch.
 */
import type { Rng } from '../../prng';
import { cvResize } from '../cv-resize';
import type { CvInterpolation } from '../cv-resize';
import { inverseDftReal } from '../dft';
import { fastExp } from '../fast-math';
import { squareSide } from '../types';
import type { AugmentationSettings } from './settings';

const MIN_GRID = 4;
// Local alias: tsx/esbuild's CommonJS interop reads imports through getters on every call in hot loops.
const exp = fastExp;
// cos/sin of the random phase from a 4096-step table with linear interpolation (error < 3e-7):
// two Math.cos/sin calls per spectrum cell were the largest cost of this augmentation.
const TRIG_STEPS = 4096;
const COS = new Float64Array(TRIG_STEPS + 1).map((_, i) => Math.cos((2 * Math.PI * i) / TRIG_STEPS));
const SIN = new Float64Array(TRIG_STEPS + 1).map((_, i) => Math.sin((2 * Math.PI * i) / TRIG_STEPS));
let specRe = new Float64Array(64 * 64);
let specIm = new Float64Array(64 * 64);
let grid = new Float32Array(64 * 64);
let once = new Float32Array(48 * 48);
let mask = new Float32Array(48 * 48);
let edge = new Float32Array(48 * 48);

/** imgaug's |frequency| matrix: per axis 0,1,..,n/2-1,[n/2],..,1,0, combined as a Euclidean distance. */
function distanceLine(n: number, i: number): number {
  const half = n >> 1;
  if (i < half) return i;
  if (n % 2 === 1 && i === half) return half;
  return n - 1 - i;
}

// The 1/f² weights depend only on the grid size, which is fixed per data set: computed once.
const weightCache = new Map<number, Float64Array>();

/** 1/|f|² per cell of an hs x ws grid, 0 at the four corners (the DC term in imgaug's layout). */
function spectrumWeights(hs: number, ws: number): Float64Array {
  const key = hs * 4096 + ws;
  let weights = weightCache.get(key);
  if (!weights) {
    weights = new Float64Array(hs * ws);
    for (let y = 0; y < hs; y++) {
      const dy = distanceLine(hs, y),
        edgeRow = y === 0 || y === hs - 1;
      for (let x = 0; x < ws; x++) {
        const dx = distanceLine(ws, x);
        weights[y * ws + x] = edgeRow && (x === 0 || x === ws - 1) ? 0 : 1 / (dy * dy + dx * dx);
      }
    }
    weightCache.set(key, weights);
  }
  return weights;
}

const TWO_PI = 2 * Math.PI;

/** One noise mask for a side x side patch into `dst`, values in [0.01, 1]. */
function noiseOnce(rng: Rng, side: number, sizePxMax: number, dst: Float32Array): void {
  let hs = side,
    ws = side;
  if (side > sizePxMax) {
    const f = sizePxMax / side;
    hs = Math.trunc(side * f);
    ws = Math.trunc(side * f);
  }
  hs = Math.max(hs, MIN_GRID);
  ws = Math.max(ws, MIN_GRID);
  const n = hs * ws;
  if (specRe.length < n) {
    specRe = new Float64Array(n);
    specIm = new Float64Array(n);
    grid = new Float32Array(n);
  }
  const amp = Math.max(hs, ws) ** 2;
  const weights = spectrumWeights(hs, ws),
    re = specRe,
    im = specIm;
  for (let i = 0; i < n; i++) {
    const magnitude = rng.next() * amp;
    const turn = rng.next(),
      p = turn * TRIG_STEPS,
      k = p | 0,
      f = p - k;
    const cos = COS[k]! + f * (COS[k + 1]! - COS[k]!),
      sin = SIN[k]! + f * (SIN[k + 1]! - SIN[k]!);
    const scale = weights[i]!;
    re[i] = magnitude * cos * scale;
    im[i] = turn * TWO_PI * sin * scale; // imgaug quirk: angle·sin(angle), kept
  }
  const inv = inverseDftReal(re, im, hs, ws, grid);
  let lo = Infinity,
    hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = inv[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const k = hi - lo > 2.220446049250313e-16 ? 0.99 / (hi - lo) : 0; // cv2.normalize NORM_MINMAX to [0.01, 1]
  for (let i = 0; i < n; i++) inv[i] = (inv[i]! - lo) * k + 0.01;
  if (hs === side && ws === side) {
    dst.set(inv.subarray(0, n));
    return;
  }
  const u = rng.next();
  const mode: CvInterpolation = u < 0.05 ? 'nearest' : u < 0.65 ? 'linear' : 'cubic';
  cvResize(inv, ws, hs, dst, side, side, mode);
  if (mode === 'cubic')
    for (let i = 0; i < side * side; i++) {
      const v = dst[i]!;
      dst[i] = v < 0 ? 0 : v > 1 ? 1 : v;
    }
}

/** Blends the patch's Laplacian edge image in through a random frequency-noise mask, in place. */
export function frequencyNoise(patch: Float32Array, rng: Rng, settings: AugmentationSettings): Float32Array {
  const side = squareSide(patch),
    cells = side * side;
  if (mask.length !== cells) {
    mask = new Float32Array(cells);
    once = new Float32Array(cells);
    edge = new Float32Array(cells);
  }
  const average = rng.next() < 0.5;
  const iterations = rng.int(1, 4);
  const a = mask,
    b = once;
  noiseOnce(rng, side, settings.freqSizePxMax, a);
  for (let it = 1; it < iterations; it++) {
    noiseOnce(rng, side, settings.freqSizePxMax, b);
    if (average) for (let i = 0; i < cells; i++) a[i] = a[i]! + b[i]!;
    else
      for (let i = 0; i < cells; i++) {
        const v = b[i]!;
        if (v > a[i]!) a[i] = v;
      }
  }
  if (average && iterations > 1) for (let i = 0; i < cells; i++) a[i] = a[i]! / iterations;
  if (rng.next() < 0.5) {
    const threshold = rng.normal(0, 5),
      shift = -10 - threshold;
    for (let i = 0; i < cells; i++) a[i] = 1 / (1 + exp(-(a[i]! * 20 + shift)));
  }
  const e = laplacian(patch, side, edge);
  for (let i = 0; i < cells; i++) {
    const m = a[i]!;
    patch[i] = m * e[i]! + (1 - m) * patch[i]!;
  }
  return patch;
}

/** EdgeDetect(alpha=1): 4-neighbour Laplacian [[0,1,0],[1,-4,1],[0,1,0]], reflect-101 border. */
export function laplacian(src: Float32Array, side: number, dst: Float32Array): Float32Array {
  const last = side - 1;
  for (let y = 0; y < side; y++) {
    const row = y * side;
    const up = (y === 0 ? 1 : y - 1) * side,
      down = (y === last ? last - 1 : y + 1) * side;
    // Edge columns reflect (x=-1 -> 1, x=side -> side-2); the interior needs no index mapping.
    dst[row] = src[up]! + src[down]! + 2 * src[row + 1]! - 4 * src[row]!;
    for (let x = 1; x < last; x++) {
      dst[row + x] = src[up + x]! + src[down + x]! + src[row + x - 1]! + src[row + x + 1]! - 4 * src[row + x]!;
    }
    dst[row + last] = src[up + last]! + src[down + last]! + 2 * src[row + last - 1]! - 4 * src[row + last]!;
  }
  return dst;
}
