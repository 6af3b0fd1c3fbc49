/**
 * A tiny marine line for the presentation tests: water (weak noise) over a hard seabed at a known, sloping
 * depth, strata below, and optionally a BSR (negative reflection coefficient) parallel to the seabed; every
 * reflector convolved with a zero-phase Ricker of a known peak period. Deterministic by seed.
 */
import { Rng } from '../../../src/core/prng';

export interface FixtureOptions {
  traces?: number;
  samples?: number;
  /** Ricker peak period, samples. */
  period?: number;
  /** Seabed sample at trace 0 and its slope (samples per trace). */
  seabedTop?: number;
  slope?: number;
  /** BSR this many samples below the seabed (undefined = none). */
  bsrBelow?: number;
  /** Water-column noise, relative to the seabed amplitude. */
  noise?: number;
  /** Constant added to everything below the seabed (a display-derived bias). */
  sedimentBias?: number;
  /** Reflection coefficient of the first seabed multiple at twice the seabed time (undefined = none; e.g. -0.5). */
  multiple?: number;
  /** Number of strata reflectors (default 60). */
  strata?: number;
  seed?: number;
}

export interface FixtureLine {
  traces: number;
  samples: number;
  data: Float32Array;
  seabed: Float32Array;
  bsr: Float32Array;
}

/** Zero-phase Ricker with peak period `period` samples, `half` samples each side. */
export function ricker(period: number, half: number): Float32Array {
  const w = new Float32Array(2 * half + 1);
  for (let i = -half; i <= half; i++) {
    const a = (Math.PI * i) / period;
    w[i + half] = (1 - 2 * a * a) * Math.exp(-a * a);
  }
  return w;
}

export function fixtureLine(o: FixtureOptions = {}): FixtureLine {
  const traces = o.traces ?? 120,
    samples = o.samples ?? 400,
    period = o.period ?? 10;
  const rng = new Rng(o.seed ?? 1);
  const seabed = new Float32Array(traces),
    bsr = new Float32Array(traces).fill(NaN);
  const refl = new Float32Array(samples);
  const wavelet = ricker(period, Math.ceil(period * 1.5));
  const half = (wavelet.length - 1) / 2;
  const data = new Float32Array(traces * samples);
  const strata = Array.from({ length: o.strata ?? 60 }, () => ({
    at: rng.uniform(0, samples),
    r: rng.uniform(-0.25, 0.25),
  }));
  for (let t = 0; t < traces; t++) {
    refl.fill(0);
    const sb = (o.seabedTop ?? 80) + (o.slope ?? 0.3) * t;
    seabed[t] = sb;
    refl[Math.round(sb)] = 1;
    for (const s of strata) {
      const at = Math.round(s.at + 0.1 * t);
      if (at > sb + 3 && at < samples) refl[at]! += s.r;
    }
    if (o.multiple !== undefined && Math.round(2 * sb) < samples) refl[Math.round(2 * sb)]! += o.multiple;
    if (o.bsrBelow !== undefined) {
      bsr[t] = sb + o.bsrBelow;
      if (Math.round(bsr[t]!) < samples) refl[Math.round(bsr[t]!)]! -= 0.6;
    }
    for (let s = 0; s < samples; s++) {
      let v = 0;
      for (let k = -half; k <= half; k++) {
        const j = s - k;
        if (j >= 0 && j < samples) v += refl[j]! * wavelet[k + half]!;
      }
      v += (o.noise ?? 0.01) * rng.normal();
      if (s > sb + half) v += o.sedimentBias ?? 0;
      data[t * samples + s] = 1000 * v;
    }
  }
  return { traces, samples, data, seabed, bsr };
}

/**
 * `line` with each trace's wavelet turned by +90° or -90° at random (w = cos φ·x − sin φ·H[x], the Hilbert transform
 * H by its odd-tap kernel 2/(πk)): the two lobes are equal, so either may come first with either sign, as the seabed
 * of a real line rotated near 90° reads. Deterministic by seed.
 */
export function rotatedNear90(line: FixtureLine, seed = 11): FixtureLine {
  const { traces, samples } = line;
  const rng = new Rng(seed);
  const data = new Float32Array(line.data.length);
  for (let t = 0; t < traces; t++) {
    const sin = rng.next() < 0.5 ? 1 : -1;
    for (let s = 0; s < samples; s++) {
      let h = 0;
      for (let k = 1; k < samples; k += 2) {
        const a = s - k >= 0 ? line.data[t * samples + s - k]! : 0;
        const b = s + k < samples ? line.data[t * samples + s + k]! : 0;
        h += (2 * (a - b)) / (Math.PI * k);
      }
      data[t * samples + s] = -sin * h;
    }
  }
  return { ...line, data };
}
