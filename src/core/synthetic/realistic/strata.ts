/**
 * Layered sediments of the realistic profile. The layering is a 1-D trace along a stratigraphic
 * coordinate u, mapped into the patch by a dip, a gentle curvature and an optional fault throw:
 * u(x, z) = z - dip·(x - c) - curve·(x - c)² - (x beyond the fault ? throw : 0). A cell is one linear
 * lookup, so strata cost little however they are shaped.
 *
 * Two layer models (imitates): 'convolved' = a band-limited reflectivity (boundaries of blocky layers
 * with random contrasts) convolved with the patch's wavelet, what a migrated section shows; 'blocky' =
 * the paper's constant-valued facies (its layer profile), kept for part of the patches.
 */
import type { Rng } from '../../prng';
import { fillLayerProfile } from '../layers';
import { PATCH_SIDE } from '../types';
import { CENTRE_COLUMN, dipSlope } from './along';
import { waveletAt, type Wavelet } from './wavelet';

/** Margin of the strata trace beyond the patch, samples: room for dip, curvature and throw. */
const PAD = 64;
/** Length of the strata trace. */
export const STRATA_LENGTH = PATCH_SIDE + 2 * PAD;

export interface Fault {
  /** Column where the fault crosses the patch's top row. */
  column: number;
  /** Columns the fault moves per row down (its lean). */
  lean: number;
  /** Vertical offset of the strata beyond the fault, samples. */
  throw: number;
}

export interface Strata {
  model: 'convolved' | 'blocky';
  /** Values along u, index u + PAD. */
  trace: Float32Array;
  /** Samples per trace. */
  dip: number;
  /** Samples per trace². */
  curve: number;
  fault: Fault | null;
}

/**
 * Draws strata with a dip of `dipDeg`: 'convolved' with probability `convolvedShare`. Convolved traces
 * are scaled to an RMS of 1, blocky ones keep the paper's value range (~±0.3) times 3.5, so both have
 * a comparable strength before the caller's gain.
 */
export function drawStrata(rng: Rng, wavelet: Wavelet, dipDeg: number, convolvedShare = 0.65): Strata {
  const model = rng.chance(convolvedShare) ? 'convolved' : 'blocky';
  const trace = new Float32Array(STRATA_LENGTH);
  if (model === 'blocky') {
    fillLayerProfile(rng, trace, STRATA_LENGTH);
    for (let i = 0; i < STRATA_LENGTH; i++) trace[i]! *= 3.5;
  } else {
    // Reflectivity at the boundaries of layers 1-6 samples thick; contrasts mostly small, a few large.
    // Convolved spike by spike with the wavelet sampled at whole samples (spikes sit on whole samples).
    const h = wavelet.half;
    const taps = new Float32Array(2 * h + 1);
    for (let k = -h; k <= h; k++) taps[k + h] = waveletAt(wavelet, k);
    for (let at = rng.uniform(0, 3); at < STRATA_LENGTH; at += rng.uniform(1, 6)) {
      const j = Math.floor(at),
        r = rng.normal() * (rng.chance(0.15) ? 2.5 : 1);
      for (let i = Math.max(0, j - h); i <= Math.min(STRATA_LENGTH - 1, j + h); i++) trace[i]! += r * taps[i - j + h]!;
    }
    let sum2 = 0;
    for (let i = 0; i < STRATA_LENGTH; i++) sum2 += trace[i]! * trace[i]!;
    const rms = Math.sqrt(sum2 / STRATA_LENGTH) || 1;
    for (let i = 0; i < STRATA_LENGTH; i++) trace[i]! /= rms;
  }
  return { model, trace, dip: dipSlope(dipDeg), curve: rng.uniform(-0.006, 0.006), fault: null };
}

/**
 * A fault (imitates a normal or reverse fault offsetting the strata): crosses the top row at columns
 * 10-38, leans up to ±0.5 column per row, throw ±(2-8) samples.
 */
export function drawFault(rng: Rng): Fault {
  return {
    column: rng.uniform(10, 38),
    lean: rng.uniform(-0.5, 0.5),
    throw: (rng.chance(0.5) ? 1 : -1) * rng.uniform(2, 8),
  };
}

/** Depth shift of the layering at cell (x, z): the strata value there is trace[z - shift + PAD]. */
export function strataShift(s: Strata, x: number, z: number): number {
  const dx = x - CENTRE_COLUMN;
  let shift = s.dip * dx + s.curve * dx * dx;
  if (s.fault && x > s.fault.column + s.fault.lean * z) shift += s.fault.throw;
  return shift;
}

/** Strata value at cell (x, z) (linear along u, 0 beyond the trace). */
export function strataAt(s: Strata, x: number, z: number): number {
  const u = z - strataShift(s, x, z) + PAD;
  const i = Math.floor(u);
  if (i < 0 || i + 1 >= STRATA_LENGTH) return 0;
  const f = u - i;
  const a = s.trace[i]!;
  return a + f * (s.trace[i + 1]! - a);
}

/**
 * Adds gain(z)·strata into column x of a 48x48 patch for rows [0, 48) where gain is non-zero: the same
 * values as {@link strataAt}, with the per-column part of the shift computed once.
 */
export function addStrataColumn(s: Strata, x: number, gain: Float32Array, out: Float32Array, offset: number): void {
  const dx = x - CENTRE_COLUMN,
    t = s.trace;
  const base = s.dip * dx + s.curve * dx * dx - PAD;
  const f = s.fault;
  for (let z = 0; z < PATCH_SIDE; z++) {
    const g = gain[z]!;
    if (g === 0) continue;
    const u = z - (f && x > f.column + f.lean * z ? base + f.throw : base);
    const i = Math.floor(u);
    if (i < 0 || i + 1 >= STRATA_LENGTH) continue;
    const a = t[i]!;
    out[offset + z * PATCH_SIDE + x]! += g * (a + (u - i) * (t[i + 1]! - a));
  }
}

/**
 * Depth per column of the layer boundary that passes through depth `z0` at the centre column (the
 * fault, if any, is taken at that depth): how a bright stratum follows the layering.
 */
export function strataHorizon(s: Strata, z0: number, out = new Float32Array(PATCH_SIDE)): Float32Array {
  const base = strataShift(s, CENTRE_COLUMN, z0);
  for (let x = 0; x < PATCH_SIDE; x++) out[x] = z0 + strataShift(s, x, z0) - base;
  return out;
}
