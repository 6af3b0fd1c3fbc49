/**
 * Noise of the water column (imitates what a line shows above the seabed: near-zero data with weak
 * band-limited noise, and swell noise, bursts of low-frequency energy a few traces wide).
 */
import type { Rng } from '../../prng';
import { PATCH_SIDE } from '../types';

const SQRT3 = Math.sqrt(3);

/**
 * Adds band-limited noise of standard deviation ~`sd` to rows [0, top[x]) of each column (all rows
 * when `top` is null): white noise through a two-pole resonator at the wavelet's period, so it has the
 * wavelet's colour without a convolution.
 */
export function addWaterNoise(
  rng: Rng,
  sd: number,
  period: number,
  top: Float32Array | null,
  out: Float32Array,
  offset = 0,
): Float32Array {
  const r = 0.8,
    c = 2 * r * Math.cos((2 * Math.PI) / period),
    r2 = r * r;
  // The resonator's gain for white noise: 1 / sqrt of its output variance per unit input variance.
  const gain = Math.sqrt(((1 - r2) * ((1 + r2) * (1 + r2) - c * c)) / (1 + r2));
  for (let x = 0; x < PATCH_SIDE; x++) {
    const end = top ? Math.min(PATCH_SIDE, Math.max(0, Math.ceil(top[x]!))) : PATCH_SIDE;
    let y1 = 0,
      y2 = 0;
    for (let z = -8; z < end; z++) {
      // 8 rows of warm-up so the first row is not quieter
      // Uniform input of unit variance: the resonator sums many draws, so its output is near-Gaussian anyway.
      const y = (rng.next() * 2 - 1) * SQRT3 + c * y1 - r2 * y2;
      y2 = y1;
      y1 = y;
      if (z >= 0) out[offset + z * PATCH_SIDE + x]! += sd * gain * y;
    }
  }
  return out;
}

/**
 * Adds 1-2 swell bursts: a low-frequency wave (period 2.5-4x the wavelet's) along the traces under a
 * Gaussian envelope 1.5-4 traces wide across them, peak amplitude `amplitude`·U(0.5, 1).
 */
export function addSwell(rng: Rng, amplitude: number, period: number, out: Float32Array, offset = 0): Float32Array {
  const bursts = rng.int(1, 3);
  for (let b = 0; b < bursts; b++) {
    const centre = rng.uniform(0, PATCH_SIDE),
      width = rng.uniform(1.5, 4),
      a = amplitude * rng.uniform(0.5, 1);
    const w = (2 * Math.PI) / (period * rng.uniform(2.5, 4)),
      phase = rng.uniform(0, 2 * Math.PI);
    for (let x = Math.max(0, Math.floor(centre - 3 * width)); x < Math.min(PATCH_SIDE, centre + 3 * width); x++) {
      const env = a * Math.exp(-0.5 * ((x - centre) / width) ** 2);
      for (let z = 0; z < PATCH_SIDE; z++) out[offset + z * PATCH_SIDE + x]! += env * Math.sin(w * z + phase);
    }
  }
  return out;
}
