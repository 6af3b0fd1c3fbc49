/**
 * Seeded synthetic test LINES for evaluating a classifier (not the training patches of
 * core/synthetic): each trace is a reflectivity series convolved with a source wavelet
 * (wavelet.ts, which documents the polarity convention), plus band-limited noise, scaled x1000 like
 * field amplitudes and NOT standardised. A line has water above a seabed (reflection coefficient
 * positive: a hard, normal-polarity reflector), sediment strata below it (draped over the seabed
 * and/or dipping, truncated at the seabed) and, optionally:
 * - a BSR: parallels the seabed at a given time below it, cuts the strata, has a NEGATIVE
 *   coefficient (reversed polarity relative to the seabed), an amplitude that varies along it,
 *   gaps, blanking (weaker strata) above it and brightening (strong, mostly negative strata) below;
 * - BSR look-alikes for BSR-free lines: bright strata (normal polarity), bright spots (local
 *   strong negative lenses) and the first seabed multiple (twice the seabed time, reversed sign).
 * Times are two-way times in ms; truth depths are in (fractional) samples.
 */
import { Rng, deriveSeed } from '../prng';
import type { Section } from '../classify/section';
import type { LineTruth } from './truth';
import { waveletAt, waveletTable, type WaveletKind, type WaveletTable } from './wavelet';

/** The BSR of a test line. */
export interface TestBsrOptions {
  /** Time below the seabed, ms. */
  belowSeabedMs: number;
  /** |reflection coefficient| (the seabed's is ~0.3); default 0.12. */
  amplitude?: number;
  /** Relative variation of the amplitude along the BSR, 0..1 (default 0.4). */
  variation?: number;
  /** Gaps (traces without a BSR) inside its extent (default 0). */
  gaps?: number;
  /** Share of the line, [from, to] in 0..1, the BSR spans (default [0.15, 0.85]). */
  extent?: [number, number];
  /** Strata above the BSR are multiplied by this (default 1: no blanking). */
  blanking?: number;
  /** Strata up to 80 ms below the BSR are multiplied by this and turned mostly negative (default 1: none). */
  brightening?: number;
}

/** Options of {@link buildTestLine}. */
export interface TestLineOptions {
  seed: number;
  traces: number;
  samples: number;
  dtMs: 1 | 2 | 4;
  wavelet: WaveletKind;
  /** Dominant (peak) frequency, Hz (20-60 for realistic lines). */
  freqHz: number;
  /** Phase rotation of a 'rotated' wavelet, degrees. */
  phaseDeg?: number;
  /** Signal-to-noise ratio in dB (RMS below the seabed over noise RMS); null = no noise. */
  snrDb: number | null;
  seabed: {
    shape: 'flat' | 'sloping' | 'rough';
    /** Water depth as two-way time at the middle of the line, ms. */
    depthMs: number;
    /** 'sloping': ms per trace (signed). */
    slopeMsPerTrace?: number;
    /** 'rough': undulation amplitude, ms. */
    roughnessMs?: number;
    /** Reflection coefficient (default 0.3). */
    reflectivity?: number;
  };
  strata: {
    /** Dip of the strata along the line, ms per trace (signed). */
    dipMsPerTrace: number;
    /** 0..1: how much of the seabed's relief the strata follow (1 = parallel to the seabed). */
    drape: number;
    /** Mean layer thickness, ms (default 10). */
    thicknessMs?: number;
    /** RMS reflection coefficient (default 0.04). */
    reflectivity?: number;
  };
  bsr?: TestBsrOptions;
  /** Strata made strong with a positive (normal-polarity) coefficient. */
  brightStrata?: number;
  /** Local strong negative lenses on strata (gas pockets). */
  brightSpots?: number;
  /** Adds the first seabed multiple (coefficient -R², at twice the seabed time). */
  multiple?: boolean;
}

/** A built test line: raw section and where its reflectors are. */
export interface TestLine {
  section: Section;
  /** bsrSample null where a trace has no BSR; seabedSample always set. */
  truth: LineTruth & { seabedSample: (number | null)[] };
}

/** A named line of the fixed evaluation set. */
export interface TestLineSpec {
  id: string;
  description: string;
  options: TestLineOptions;
}

/** Field-like amplitude scale. */
export const AMPLITUDE_SCALE = 1000;

/** Gaussian-smoothed white noise along the line, unit RMS: a smooth random profile. */
function smoothProfile(rng: Rng, n: number, corr: number): Float64Array {
  const pad = Math.ceil(3 * corr),
    raw = new Float64Array(n + 2 * pad),
    out = new Float64Array(n);
  for (let i = 0; i < raw.length; i++) raw[i] = rng.normal();
  let sq = 0;
  for (let i = 0; i < n; i++) {
    let s = 0,
      w = 0;
    for (let k = -pad; k <= pad; k++) {
      const g = Math.exp(-(k * k) / (2 * corr * corr));
      s += g * raw[i + pad + k]!;
      w += g * g;
    }
    out[i] = s / Math.sqrt(w);
    sq += out[i]! * out[i]!;
  }
  const rms = Math.sqrt(sq / n) || 1;
  for (let i = 0; i < n; i++) out[i]! /= rms;
  return out;
}

/** One reflector crossing one trace. */
interface Event {
  timeMs: number;
  rc: number;
}

function checkOptions(o: TestLineOptions): void {
  const bad = (what: string): never => {
    throw new RangeError(`test line: ${what}`);
  };
  if (!Number.isInteger(o.traces) || o.traces < 48) bad(`traces must be an integer >= 48, got ${o.traces}`);
  if (!Number.isInteger(o.samples) || o.samples < 48) bad(`samples must be an integer >= 48, got ${o.samples}`);
  if (![1, 2, 4].includes(o.dtMs)) bad(`dtMs must be 1, 2 or 4, got ${o.dtMs}`);
  if (!(o.freqHz > 0) || o.freqHz >= 500 / o.dtMs / 2)
    bad(`freqHz ${o.freqHz} must lie between 0 and half the Nyquist frequency ${500 / o.dtMs}`);
  if (!(o.seabed.depthMs > 0)) bad(`seabed depthMs must be > 0, got ${o.seabed.depthMs}`);
  if (o.bsr && !(o.bsr.belowSeabedMs > 0)) bad(`bsr belowSeabedMs must be > 0, got ${o.bsr.belowSeabedMs}`);
}

/** Builds the line; same options (seed included), same bytes. */
export function buildTestLine(o: TestLineOptions): TestLine {
  checkOptions(o);
  const { traces, samples, dtMs } = o;
  const endMs = (samples - 1) * dtMs;
  const wavelet = waveletTable(o.wavelet, o.freqHz, o.phaseDeg ?? 0);
  // Independent streams, so switching one feature on does not reshuffle the others.
  const geoRng = new Rng(deriveSeed(o.seed, 1)),
    strataRng = new Rng(deriveSeed(o.seed, 2)),
    bsrRng = new Rng(deriveSeed(o.seed, 3));
  const extraRng = new Rng(deriveSeed(o.seed, 4)),
    noiseRng = new Rng(deriveSeed(o.seed, 5));
  const mid = (traces - 1) / 2;

  // Seabed time per trace.
  const sb = o.seabed,
    seabed = new Float64Array(traces);
  const wobble = smoothProfile(geoRng, traces, 40),
    fine = smoothProfile(geoRng, traces, 8);
  const phase = geoRng.uniform(0, 2 * Math.PI),
    waves = geoRng.uniform(1, 2.5);
  for (let t = 0; t < traces; t++) {
    let z = sb.depthMs + 1.5 * wobble[t]!;
    if (sb.shape === 'sloping') z += (sb.slopeMsPerTrace ?? 0.3) * (t - mid);
    if (sb.shape === 'rough') {
      const r = sb.roughnessMs ?? 30;
      z += r * (0.6 * Math.sin((2 * Math.PI * waves * t) / traces + phase) + 0.4 * wobble[t]!) + 0.12 * r * fine[t]!;
    }
    seabed[t] = Math.min(Math.max(z, 4 * dtMs), endMs * 0.8);
  }
  const seabedRef = seabed.reduce((a, b) => a + b, 0) / traces;
  const events: Event[][] = Array.from({ length: traces }, () => []);
  const rSeabed = sb.reflectivity ?? 0.3;
  for (let t = 0; t < traces; t++) events[t]!.push({ timeMs: seabed[t]!, rc: rSeabed });

  // BSR time and amplitude per trace (NaN where absent).
  const bsrTime = new Float64Array(traces).fill(NaN),
    bsrRc = new Float64Array(traces);
  const zoneTime = new Float64Array(traces),
    zoneWeight = new Float64Array(traces);
  if (o.bsr) {
    const b = o.bsr,
      [from, to] = b.extent ?? [0.15, 0.85];
    const first = Math.round(from * (traces - 1)),
      last = Math.round(to * (traces - 1));
    const present = new Uint8Array(traces);
    for (let t = first; t <= last; t++) present[t] = 1;
    for (let g = 0; g < (b.gaps ?? 0); g++) {
      const w = bsrRng.int(8, 30),
        at = bsrRng.int(first, Math.max(first + 1, last - w));
      present.fill(0, at, Math.min(traces, at + w));
    }
    const undulate = smoothProfile(bsrRng, traces, 30),
      ampVar = smoothProfile(bsrRng, traces, 25);
    const amp = b.amplitude ?? 0.12,
      variation = b.variation ?? 0.4;
    for (let t = 0; t < traces; t++) {
      // Deeper water, higher pressure: the hydrate base lies slightly deeper below the seabed.
      const z = seabed[t]! + b.belowSeabedMs + 0.08 * (seabed[t]! - seabedRef) + 2 * undulate[t]!;
      // Hydrate (blanking) and gas (brightening) span the BSR's extent, gaps included, fading out over 20 traces.
      zoneTime[t] = z;
      zoneWeight[t] = Math.max(0, Math.min(1, (t - first + 20) / 20, (last + 20 - t) / 20));
      if (!present[t] || z > endMs - 4 * dtMs) continue;
      bsrTime[t] = z;
      bsrRc[t] = -amp * Math.max(0.15, 1 + variation * ampVar[t]!);
      events[t]!.push({ timeMs: z, rc: bsrRc[t]! });
    }
  }

  // Strata: interfaces in a stratigraphic coordinate u, mapped to time per trace by dip and drape.
  const st = o.strata,
    thick = st.thicknessMs ?? 10,
    rms = st.reflectivity ?? 0.04;
  const reach = Math.abs(st.dipMsPerTrace) * traces + Math.abs(seabedRef) + endMs;
  const iface: { u: number; rc: number; lateralPeriod: number; lateralPhase: number; gasSign: number }[] = [];
  for (let u = -reach; u < endMs + reach; u += thick * strataRng.uniform(0.4, 1.6)) {
    iface.push({
      u,
      rc: rms * strataRng.normal(),
      lateralPeriod: strataRng.uniform(0.5, 3) * traces,
      lateralPhase: strataRng.uniform(0, 2 * Math.PI),
      gasSign: strataRng.chance(0.7) ? -1 : 1,
    });
  }
  // Interfaces that cross the middle trace between the seabed and the end of the record.
  const visible = iface.flatMap((f, i) => (f.u > seabedRef + 40 && f.u < endMs - 40 ? [i] : []));
  const pickVisible = (): number => visible[extraRng.int(0, visible.length)] ?? 0;
  // Bright strata: strong positive (normal-polarity) coefficients on a few interfaces.
  for (let k = 0; k < (o.brightStrata ?? 0); k++) iface[pickVisible()]!.rc = extraRng.uniform(0.12, 0.2);
  // Bright spots: lenses of strong negative coefficient on one interface each.
  const spots = Array.from({ length: o.brightSpots ?? 0 }, () => ({
    iface: pickVisible(),
    centre: extraRng.uniform(0.1, 0.9) * traces,
    half: extraRng.uniform(15, 45),
    rc: -extraRng.uniform(0.12, 0.2),
  }));
  const growth = strataRng.uniform(-0.15, 0.15); // strata thicken or thin along the line
  const tcMid = (endMs + seabedRef) / 2;
  for (let t = 0; t < traces; t++) {
    const x = (t - mid) / traces,
      sbT = seabed[t]!,
      shift = st.dipMsPerTrace * (t - mid) + st.drape * (sbT - seabedRef);
    const bt = zoneTime[t]!,
      zw = zoneWeight[t]!;
    const blank = 1 - zw * (1 - (o.bsr?.blanking ?? 1)),
      bright = 1 + zw * ((o.bsr?.brightening ?? 1) - 1);
    for (let i = 0; i < iface.length; i++) {
      const f = iface[i]!;
      const time = tcMid + (f.u - tcMid) * (1 + growth * x) + shift;
      if (time <= sbT + 2 || time > endMs + wavelet.halfMs) continue;
      let rc = f.rc * (1 + 0.3 * Math.sin((2 * Math.PI * t) / f.lateralPeriod + f.lateralPhase));
      for (const s of spots)
        if (s.iface === i && Math.abs(t - s.centre) < s.half) rc = s.rc * (1 - ((t - s.centre) / s.half) ** 2);
      if (zw > 0) {
        if (time < bt && time > sbT + 0.3 * (bt - sbT)) rc *= blank;
        // Free gas below the hydrate: low-impedance layers, mostly negative tops.
        else if (time > bt && time < bt + 80 && bright !== 1) rc = f.gasSign * Math.abs(rc) * bright;
      }
      events[t]!.push({ timeMs: time, rc });
    }
    if (o.multiple && 2 * sbT < endMs + wavelet.halfMs) events[t]!.push({ timeMs: 2 * sbT, rc: -rSeabed * rSeabed });
  }

  // Convolution: each event adds the wavelet centred at its (fractional) time.
  const data = new Float64Array(traces * samples);
  const halfS = Math.ceil(wavelet.halfMs / dtMs);
  for (let t = 0; t < traces; t++) {
    const base = t * samples;
    for (const e of events[t]!) {
      const c = e.timeMs / dtMs;
      for (let s = Math.max(0, Math.ceil(c - halfS)); s <= Math.min(samples - 1, Math.floor(c + halfS)); s++) {
        data[base + s]! += e.rc * waveletAt(wavelet, (s - c) * dtMs);
      }
    }
  }
  if (o.snrDb !== null) addNoise(data, traces, samples, seabed, dtMs, wavelet, o.snrDb, noiseRng);

  const out = new Float32Array(traces * samples);
  for (let i = 0; i < out.length; i++) out[i] = data[i]! * AMPLITUDE_SCALE;
  const round2 = (v: number) => Math.round(v * 100) / 100;
  return {
    section: { traces, samples, dtUs: dtMs * 1000, data: out },
    truth: {
      traces,
      samples,
      dtUs: dtMs * 1000,
      bsrSample: Array.from(bsrTime, (z) => (Number.isNaN(z) ? null : round2(z / dtMs))),
      seabedSample: Array.from(seabed, (z) => round2(z / dtMs)),
    },
  };
}

/** White noise filtered by the wavelet (so it shares the signal's band), scaled to the SNR below the seabed. */
function addNoise(
  data: Float64Array,
  traces: number,
  samples: number,
  seabed: Float64Array,
  dtMs: number,
  w: WaveletTable,
  snrDb: number,
  rng: Rng,
): void {
  const halfS = Math.floor(w.halfMs / dtMs);
  const taps = Float64Array.from({ length: 2 * halfS + 1 }, (_, k) => waveletAt(w, (k - halfS) * dtMs));
  const noise = new Float64Array(data.length),
    white = new Float64Array(samples + 2 * halfS);
  let sig = 0,
    nSig = 0,
    nz = 0;
  for (let t = 0; t < traces; t++) {
    for (let i = 0; i < white.length; i++) white[i] = rng.normal();
    const base = t * samples,
      below = Math.ceil(seabed[t]! / dtMs);
    for (let s = 0; s < samples; s++) {
      let v = 0;
      for (let k = 0; k < taps.length; k++) v += taps[k]! * white[s + k]!;
      noise[base + s] = v;
      nz += v * v;
      if (s >= below) {
        sig += data[base + s]! ** 2;
        nSig++;
      }
    }
  }
  const sigRms = Math.sqrt(sig / Math.max(1, nSig)),
    noiseRms = Math.sqrt(nz / noise.length) || 1;
  const k = sigRms / 10 ** (snrDb / 20) / noiseRms;
  for (let i = 0; i < data.length; i++) data[i]! += k * noise[i]!;
}
