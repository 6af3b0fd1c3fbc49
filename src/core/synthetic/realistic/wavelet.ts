/**
 * Source wavelets of the realistic generator profile. Each is a function of time in samples of the
 * 48-row patch grid, evaluated through a table at 1/4-sample steps so drawing a reflector costs a
 * lookup per cell.
 *
 * Polarity convention (the whole app's): rows grow downwards, and a reflector with a positive
 * reflection coefficient (a hard seabed) reads positive over negative or positive-dominant. A BSR
 * is drawn with the same wavelet times a negative coefficient.
 *
 * Imitates: the doublet is the authors' two-lobe reflector (spn-reference §1); real lines are
 * band-limited, mostly close to zero phase after processing, sometimes minimum phase or rotated by
 * the processing, which the Ricker and the phase-rotated Ricker stand for. Their dominant period
 * varies 0.7x-1.4x around the paper generator's own ({@link BASE_PERIOD_SAMPLES}), since a line
 * resampled to that period still differs from it by the spread of the source spectrum.
 */
import type { Rng } from '../../prng';
import { GENERATOR_PERIOD_SAMPLES } from '../../line/period';

/**
 * Dominant period of the paper generator's reflectors in samples of the 48-row grid: the scale real
 * lines are resampled to before classification (src/core/line/period.ts).
 */
export const BASE_PERIOD_SAMPLES = GENERATOR_PERIOD_SAMPLES;
/** Range of the dominant period as a multiple of {@link BASE_PERIOD_SAMPLES}. */
export const PERIOD_FACTOR_RANGE: readonly [number, number] = [0.7, 1.4];
/**
 * Range of the phase rotation in degrees. Not the full circle: a Ricker rotated by -90° reads
 * negative over positive, exactly what a BSR drawn with a zero-phase wavelet looks like, so a
 * seabed drawn with it would teach the network that reversed polarity is no cue. Within
 * [-30°, +100°] the seabed stays positive-dominant (near 0°) or positive-first (near +90°).
 */
export const PHASE_RANGE_DEG: readonly [number, number] = [-30, 100];

/** The three wavelet shapes: shares are in {@link drawWavelet}. */
export const WAVELET_SHAPES = ['doublet', 'ricker', 'rotated-ricker'] as const;
export type WaveletShape = (typeof WAVELET_SHAPES)[number];

/** Table steps per sample: linear interpolation at 1/4 sample is within ~0.5 % of a wavelet of period ≥ 7.7. */
const STEPS = 4;

/** A sampled wavelet: value at time t (samples, 0 = the reflector's depth) is table[(t + half)·4]. */
export interface Wavelet {
  shape: WaveletShape;
  /** Dominant (peak-spectrum) period, samples. */
  period: number;
  /** Phase rotation, degrees (0 for the doublet and the zero-phase Ricker). */
  phaseDeg: number;
  /** Half-length of the support, samples (the wavelet is 0 beyond it). */
  half: number;
  /** Values at t = -half + i/4, peak |value| = 1. */
  table: Float32Array;
}

/** Zero-phase Ricker with peak frequency 1/period: (1 - 2π²f²t²)·exp(-π²f²t²); its spectrum peaks at f. */
export function ricker(t: number, period: number): number {
  const a = (Math.PI * t) / period;
  const a2 = a * a;
  return (1 - 2 * a2) * Math.exp(-a2);
}

/** Quadrature (Hilbert transform) of the Ricker of period 64 table steps, tabulated once at unit steps. */
const QUAD_PERIOD = 64;
const QUAD_HALF = 4 * QUAD_PERIOD; // Ricker is < 1e-30 beyond 4 periods
let quadTable: Float64Array | null = null;

/**
 * H[Ricker] by the discrete Hilbert kernel 2/(πk) on odd k (the Ricker is negligible beyond 4
 * periods, so the sum over its support is exact to float precision). The Ricker's shape only
 * scales with its period, so one table serves every period.
 */
function quadrature(): Float64Array {
  if (quadTable) return quadTable;
  const n = 2 * QUAD_HALF + 1;
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = ricker(i - QUAD_HALF, QUAD_PERIOD);
  const q = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) {
      const k = i - j;
      if (k & 1) s += (r[j]! * 2) / (Math.PI * k);
    }
    q[i] = s;
  }
  quadTable = q;
  return q;
}

/** H[Ricker of `period`] at t (samples), linear between table points; 0 outside 4 periods. */
export function rickerQuadrature(t: number, period: number): number {
  const q = quadrature();
  const x = (t / period) * QUAD_PERIOD + QUAD_HALF;
  const i = Math.floor(x);
  if (i < 0 || i + 1 >= q.length) return 0;
  const f = x - i;
  return q[i]! * (1 - f) + q[i + 1]! * f;
}

/**
 * Phase-rotated Ricker: Re{e^{iφ}(R + iH[R])} = cos φ·R - sin φ·H[R]. With this sign, +90° is
 * positive over negative (the lobe at negative t, shallower, is positive): a hard seabed stays
 * positive-first, and -90° would be the BSR-like negative-first (see {@link PHASE_RANGE_DEG}).
 */
export function rotatedRicker(t: number, period: number, phaseDeg: number): number {
  const phi = (phaseDeg * Math.PI) / 180;
  return Math.cos(phi) * ricker(t, period) - Math.sin(phi) * rickerQuadrature(t, period);
}

/**
 * The authors' doublet: a positive box of length L/2 above a negative one of L/2, averaged over
 * each sample's width (so it is band-limited by the grid, not aliased). A ± box pair of total
 * length L has its spectral peak at a period of ~1.35·L, so L = period / 1.35.
 */
export function doublet(t: number, period: number): number {
  const h = period / 1.35 / 2; // one lobe
  const overlap = (a: number, b: number): number => Math.max(0, Math.min(t + 0.5, b) - Math.max(t - 0.5, a));
  return overlap(-h, 0) - overlap(0, h);
}

/** Tabulates a wavelet at 1/4-sample steps and scales it to peak |value| 1. */
export function tabulateWavelet(shape: WaveletShape, period: number, phaseDeg: number): Wavelet {
  const half = Math.ceil(shape === 'doublet' ? period / 2.7 + 1 : 1.6 * period);
  const n = 2 * half * STEPS + 1;
  const table = new Float32Array(n);
  let peak = 0;
  for (let i = 0; i < n; i++) {
    const t = i / STEPS - half;
    const v =
      shape === 'doublet'
        ? doublet(t, period)
        : shape === 'ricker'
          ? ricker(t, period)
          : rotatedRicker(t, period, phaseDeg);
    table[i] = v;
    peak = Math.max(peak, Math.abs(v));
  }
  for (let i = 0; i < n; i++) table[i]! /= peak;
  table[0] = 0;
  table[n - 1] = 0; // exactly 0 at the support's ends
  return { shape, period, phaseDeg: shape === 'rotated-ricker' ? phaseDeg : 0, half, table };
}

/** Wavelet value at t samples from its centre (linear in the table, 0 outside the support). */
export function waveletAt(w: Wavelet, t: number): number {
  const x = (t + w.half) * STEPS;
  if (!(x >= 0 && x < w.table.length - 1)) return 0;
  const i = x | 0,
    f = x - i;
  const a = w.table[i]!;
  return a + f * (w.table[i + 1]! - a);
}

/**
 * Draws a patch's wavelet: doublet 25 %, zero-phase Ricker 40 %, rotated Ricker 35 % (phase
 * U{@link PHASE_RANGE_DEG}); period BASE·U(0.7, 1.4) on a log scale (as many halvings as doublings).
 */
export function drawWavelet(rng: Rng): Wavelet {
  const u = rng.next();
  const shape: WaveletShape = u < 0.25 ? 'doublet' : u < 0.65 ? 'ricker' : 'rotated-ricker';
  const [lo, hi] = PERIOD_FACTOR_RANGE;
  const period = BASE_PERIOD_SAMPLES * Math.exp(rng.uniform(Math.log(lo), Math.log(hi)));
  const phaseDeg = rng.uniform(PHASE_RANGE_DEG[0], PHASE_RANGE_DEG[1]);
  return tabulateWavelet(shape, period, phaseDeg);
}
