/**
 * Reflectors drawn with the patch's wavelet: a depth and a signed amplitude per trace. A positive
 * amplitude is a hard interface (normal polarity, like the seabed), a negative one a soft interface
 * (reversed polarity, like a BSR: hydrate-bearing sediment above free gas).
 */
import type { Rng } from '../../prng';
import { PATCH_SIDE } from '../types';
import { CENTRE_COLUMN, addSmoothProfile, dipSlope } from './along';
import { waveletAt, type Wavelet } from './wavelet';

export type ReflectorRole = 'bsr' | 'seabed' | 'multiple' | 'normal' | 'bright';

export interface Reflector {
  role: ReflectorRole;
  /** Depth (row, fractional) per column. */
  depth: Float32Array;
  /** Signed amplitude per column. */
  amplitude: Float32Array;
}

/**
 * A straight reflector through `depth` at the centre column with dip `dipDeg`, optional smooth
 * roughness of peak `rough` samples, and constant amplitude `amplitude` (sign = polarity).
 */
export function straightReflector(
  rng: Rng,
  role: ReflectorRole,
  depth: number,
  dipDeg: number,
  rough: number,
  amplitude: number,
): Reflector {
  const d = new Float32Array(PATCH_SIDE);
  if (rough > 0) addSmoothProfile(rng, rough, d);
  const slope = dipSlope(dipDeg);
  for (let x = 0; x < PATCH_SIDE; x++) d[x]! += depth + slope * (x - CENTRE_COLUMN);
  return { role, depth: d, amplitude: new Float32Array(PATCH_SIDE).fill(amplitude) };
}

/** Adds the reflector, convolved with `wavelet`, into the 48x48 patch at out[offset..]. */
export function drawReflector(r: Reflector, wavelet: Wavelet, out: Float32Array, offset = 0): Float32Array {
  const h = wavelet.half;
  for (let x = 0; x < PATCH_SIDE; x++) {
    const d = r.depth[x]!,
      a = r.amplitude[x]!;
    if (a === 0) continue;
    const z0 = Math.max(0, Math.ceil(d - h)),
      z1 = Math.min(PATCH_SIDE - 1, Math.floor(d + h));
    for (let z = z0; z <= z1; z++) out[offset + z * PATCH_SIDE + x]! += a * waveletAt(wavelet, z - d);
  }
  return out;
}
