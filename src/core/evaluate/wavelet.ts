/**
 * Source wavelets for the test lines, tabulated finely so a reflector can sit anywhere between
 * samples. Polarity convention (SEG "normal", American): a POSITIVE reflection coefficient (an
 * increase of impedance downwards, like the seabed) convolved with the zero-phase Ricker gives a
 * POSITIVE central peak with two weak negative side lobes; a negative coefficient (the BSR: gas
 * below hydrate-bearing sediment) gives a central trough. The 'doublet' is the generator's
 * two-lobe pulse: a positive coefficient reads positive lobe over negative lobe (time down).
 */

/** Wavelet shapes. */
export type WaveletKind = 'ricker' | 'rotated' | 'doublet';

/** A wavelet sampled every `stepMs` from -halfMs to +halfMs; max |value| = 1. */
export interface WaveletTable {
  stepMs: number;
  halfMs: number;
  values: Float64Array;
}

/** Zero-phase Ricker of peak frequency f (Hz) at time t (ms). */
export function ricker(tMs: number, freqHz: number): number {
  const a = Math.PI * freqHz * tMs * 1e-3;
  return (1 - 2 * a * a) * Math.exp(-a * a);
}

/**
 * The wavelet of `kind` at `freqHz`: 'ricker' (zero phase), 'rotated' (the Ricker with every
 * frequency's phase turned by `phaseDeg`: w = cos φ · r + sin φ · H[r], H the Hilbert transform, so
 * +90° puts a trough above the peak for a positive coefficient), 'doublet' (a Gaussian's first
 * derivative, sign-flipped: positive lobe first, lobes 1/(2πf) from the centre, peak frequency f).
 */
export function waveletTable(kind: WaveletKind, freqHz: number, phaseDeg = 0, stepMs = 0.05): WaveletTable {
  if (!(freqHz > 0)) throw new RangeError(`wavelet frequency must be > 0 Hz, got ${freqHz}`);
  const halfMs = (kind === 'ricker' ? 1500 : 2500) / freqHz;
  const n = 2 * Math.round(halfMs / stepMs) + 1,
    mid = (n - 1) / 2;
  const values = new Float64Array(n);
  if (kind === 'ricker') {
    for (let i = 0; i < n; i++) values[i] = ricker((i - mid) * stepMs, freqHz);
  } else if (kind === 'doublet') {
    const sigmaMs = 1000 / (2 * Math.PI * freqHz);
    for (let i = 0; i < n; i++) {
      const x = ((i - mid) * stepMs) / sigmaMs;
      values[i] = -x * Math.exp(0.5 - (x * x) / 2);
    }
  } else {
    // The Ricker's amplitude spectrum is ∝ f² exp(-f²/f0²); integrate cos(2πfτ − φ) over it.
    const phi = (phaseDeg * Math.PI) / 180,
      fMax = 5 * freqHz,
      nf = 600,
      df = fMax / nf;
    const amp = new Float64Array(nf);
    for (let k = 0; k < nf; k++) {
      const f = (k + 0.5) * df;
      amp[k] = f * f * Math.exp(-(f * f) / (freqHz * freqHz));
    }
    for (let i = 0; i < n; i++) {
      const tau = (i - mid) * stepMs * 1e-3;
      let s = 0;
      for (let k = 0; k < nf; k++) s += amp[k]! * Math.cos(2 * Math.PI * (k + 0.5) * df * tau - phi);
      values[i] = s;
    }
  }
  let peak = 0;
  for (const v of values) peak = Math.max(peak, Math.abs(v));
  for (let i = 0; i < n; i++) values[i]! /= peak;
  return { stepMs, halfMs: mid * stepMs, values };
}

/** The wavelet at `tMs` (linear interpolation; 0 outside the table). */
export function waveletAt(w: WaveletTable, tMs: number): number {
  const x = (tMs + w.halfMs) / w.stepMs;
  const i = Math.floor(x);
  if (i < 0 || i >= w.values.length - 1) return 0;
  const f = x - i;
  return w.values[i]! * (1 - f) + w.values[i + 1]! * f;
}
