/**
 * Smooth functions along the traces (one value per column of the 48-trace patch), the building blocks
 * of seabed roughness, amplitude changes along a reflector, gaps and trace-to-trace statics.
 */
import type { Rng } from '../../prng';
import { PATCH_SIDE } from '../types';

/** Column of the patch centre (reflector depths and dips are given about it). */
export const CENTRE_COLUMN = (PATCH_SIDE - 1) / 2;

/**
 * Adds a smooth random profile to out[0..48): three sinusoids of wavelengths 12-96 traces with random
 * phases, scaled so the sum's peak value is about `amplitude`. Imitates roughness and lateral change
 * that is smooth over a few traces (seabed relief, lateral amplitude change, swell statics).
 */
export function addSmoothProfile(rng: Rng, amplitude: number, out: Float32Array): Float32Array {
  for (let k = 0; k < 3; k++) {
    const wavelength = 12 * Math.pow(8, rng.next());
    const phase = rng.uniform(0, 2 * Math.PI);
    const a = (amplitude / 3) * rng.uniform(0.5, 1.5);
    const w = (2 * Math.PI) / wavelength;
    for (let x = 0; x < PATCH_SIDE; x++) out[x]! += a * Math.sin(w * x + phase);
  }
  return out;
}

/**
 * Multiplies out[0..48) by 1-3 gaps: stretches of 3-10 traces where the amplitude falls to 0-20 %,
 * with cosine edges of 1-3 traces. Imitates a BSR that fades where there is little hydrate or gas.
 */
export function applyGaps(rng: Rng, out: Float32Array): Float32Array {
  const gaps = rng.int(1, 4);
  for (let g = 0; g < gaps; g++) {
    const width = rng.uniform(3, 10),
      edge = rng.uniform(1, 3),
      floor = rng.uniform(0, 0.2);
    const start = rng.uniform(-2, PATCH_SIDE - width + 2);
    for (let x = 0; x < PATCH_SIDE; x++) {
      const d = Math.max(start - x, x - (start + width)); // < 0 inside the gap
      const inside = d <= 0 ? 1 : d >= edge ? 0 : 0.5 * (1 + Math.cos((Math.PI * d) / edge));
      out[x]! *= 1 - (1 - floor) * inside;
    }
  }
  return out;
}

/**
 * Multiplies out[0..48) by a linear trend (the amplitude changes by up to ±60 % across the patch) and a
 * smooth ±20 % wobble, never below 0.1. Imitates the lateral amplitude change of a real reflector.
 */
export function applyAmplitudeChange(rng: Rng, out: Float32Array): Float32Array {
  const trend = rng.uniform(-0.6, 0.6);
  const wobble = addSmoothProfile(rng, 0.2, new Float32Array(PATCH_SIDE));
  for (let x = 0; x < PATCH_SIDE; x++)
    out[x]! *= Math.max(0.1, 1 + (trend * (x - CENTRE_COLUMN)) / PATCH_SIDE + wobble[x]!);
  return out;
}

/** Samples of depth change per trace for a dip in degrees on the square 48x48 grid. */
export function dipSlope(dipDeg: number): number {
  return Math.tan((dipDeg * Math.PI) / 180);
}
