/**
 * The realistic generator profile (issue 16): each ingredient on its own, the kinds table, labels,
 * determinism, class shares and the polarity of the drawn reflectors.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/prng';
import { GENERATOR_PERIOD_SAMPLES, PeriodAccumulator } from '../../../src/core/line/period';
import {
  BASE_PERIOD_SAMPLES,
  KIND_LABELS,
  KIND_NAMES,
  PATCH_CELLS,
  PATCH_SIDE,
  PERIOD_FACTOR_RANGE,
  PHASE_RANGE_DEG,
  PatchKind,
  REALISTIC_KINDS,
  REALISTIC_KIND_SHARES,
  addSwell,
  addWaterNoise,
  applyAmplitudeChange,
  applyGaps,
  applyStaticShifts,
  dipSlope,
  drawFault,
  drawRealisticScene,
  drawStaticShifts,
  drawStrata,
  drawWavelet,
  generateRawPatches,
  kindShares,
  realisticKindFor,
  renderRealisticScene,
  ricker,
  strataAt,
  strataHorizon,
  tabulateWavelet,
  waveletAt,
  type RealisticScene,
  type Reflector,
  type Wavelet,
} from '../../../src/core/synthetic/index';

const sameBytes = (a: Float32Array, b: Float32Array): boolean =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/** Sign of the first sample (top down) within ±`half` rows of depth d in column x whose |value| ≥ 0.75·max there. */
function firstMajorSign(p: Float32Array, x: number, d: number, half: number): number {
  let mx = 0;
  const z0 = Math.max(0, Math.ceil(d - half)),
    z1 = Math.min(PATCH_SIDE - 1, Math.floor(d + half));
  for (let z = z0; z <= z1; z++) mx = Math.max(mx, Math.abs(p[z * PATCH_SIDE + x]!));
  for (let z = z0; z <= z1; z++)
    if (Math.abs(p[z * PATCH_SIDE + x]!) >= 0.75 * mx && mx > 0) return Math.sign(p[z * PATCH_SIDE + x]!);
  return 0;
}

/** Column where the reflector is strongest. */
function strongestColumn(r: Reflector): number {
  let x = 0;
  for (let c = 0; c < PATCH_SIDE; c++) if (Math.abs(r.amplitude[c]!) > Math.abs(r.amplitude[x]!)) x = c;
  return x;
}

/** Wavelet sampled at whole samples over its support. */
function sampled(w: Wavelet): number[] {
  const out: number[] = [];
  for (let t = -w.half; t <= w.half; t++) out.push(waveletAt(w, t));
  return out;
}
const firstMajorOf = (xs: number[]): number => {
  const mx = Math.max(...xs.map(Math.abs));
  return Math.sign(xs.find((v) => Math.abs(v) >= 0.75 * mx)!);
};

const scenes = (n: number, seed = 5, profile: 'train' | 'test' = 'train'): RealisticScene[] =>
  Array.from({ length: n }, (_, i) => drawRealisticScene(seed, i, profile));

describe('realistic kinds table', () => {
  it('has one row per new kind, shares summing to 1, half of them BSRs, and keeps the paper kinds 0..3', () => {
    const ids = REALISTIC_KINDS.map((k) => k.kind);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((k) => k >= 4 && KIND_NAMES[k] !== undefined && KIND_LABELS[k] !== undefined)).toBe(true);
    expect(REALISTIC_KINDS.reduce((s, k) => s + k.share, 0)).toBeCloseTo(1, 12);
    expect(REALISTIC_KINDS.filter((k) => KIND_LABELS[k.kind] === 1).reduce((s, k) => s + k.share, 0)).toBeCloseTo(
      0.5,
      12,
    );
    expect(REALISTIC_KINDS.every((k) => k.imitates.length > 10)).toBe(true);
    expect(KIND_NAMES.slice(0, 4)).toEqual(['bsr-positive', 'bsr-negative', 'seabed', 'environmental']);
    expect(PatchKind.bsrPositive).toBe(0);
    expect(PatchKind.environmental).toBe(3);
    expect(KIND_LABELS.slice(0, 4)).toEqual([1, 0, 0, 0]);
    expect(kindShares('realistic')).toBe(REALISTIC_KIND_SHARES);
    expect(kindShares('paper').slice(0, 4)).toEqual([0.5, 0.38, 0.02, 0.1]);
    expect(
      kindShares('paper')
        .slice(4)
        .every((s) => s === 0),
    ).toBe(true);
    // The seabed with water above it at a realistic share (10-15 % including the multiple's patches).
    const seabedShare =
      REALISTIC_KIND_SHARES[PatchKind.seabedWater]! + REALISTIC_KIND_SHARES[PatchKind.seabedMultiple]!;
    expect(seabedShare).toBeGreaterThanOrEqual(0.1);
    expect(seabedShare).toBeLessThanOrEqual(0.15);
  });

  it('maps uniforms to kinds by cumulative share', () => {
    expect(realisticKindFor(0)).toBe(REALISTIC_KINDS[0]!.kind);
    expect(realisticKindFor(0.999999)).toBe(REALISTIC_KINDS.at(-1)!.kind);
    expect(realisticKindFor(REALISTIC_KINDS[0]!.share + 1e-9)).toBe(REALISTIC_KINDS[1]!.kind);
  });
});

describe('wavelets', () => {
  it('a Ricker of peak period P has its spectral peak at P', () => {
    for (const period of [8, 11, 15]) {
      const n = 512;
      let best = 0,
        bestPeriod = 0;
      for (let k = 1; k < n / 2; k++) {
        let re = 0,
          im = 0;
        for (let t = -n / 2; t < n / 2; t++) {
          const v = ricker(t / 4, period); // 4 points per sample: spectrum in cycles per sample
          re += v * Math.cos((2 * Math.PI * k * t) / n);
          im += v * Math.sin((2 * Math.PI * k * t) / n);
        }
        const power = re * re + im * im;
        if (power > best) {
          best = power;
          bestPeriod = n / 4 / k;
        }
      }
      expect(Math.abs(bestPeriod - period) / period).toBeLessThan(0.06);
    }
  });

  it('reads positive first on a positive coefficient for the doublet and every phase in the allowed range, negative first at -90°', () => {
    expect(firstMajorOf(sampled(tabulateWavelet('doublet', 11, 0)))).toBe(1);
    expect(firstMajorOf(sampled(tabulateWavelet('ricker', 11, 0)))).toBe(1);
    for (let phase = PHASE_RANGE_DEG[0]; phase <= PHASE_RANGE_DEG[1]; phase += 10) {
      for (const period of [7.7, 11, 15.4])
        expect(firstMajorOf(sampled(tabulateWavelet('rotated-ricker', period, phase)))).toBe(1);
    }
    // Why the phase range is not the full circle: -90° makes a hard seabed look like a BSR.
    expect(firstMajorOf(sampled(tabulateWavelet('rotated-ricker', 11, -90)))).toBe(-1);
    // ±90° are mirror images in depth.
    const plus = sampled(tabulateWavelet('rotated-ricker', 11, 90)),
      minus = sampled(tabulateWavelet('rotated-ricker', 11, -90));
    plus.forEach((v, i) => expect(v).toBeCloseTo(minus[plus.length - 1 - i]!, 2));
  });

  it('draws periods 0.7x-1.4x the base, phases in range, all three shapes, peak 1', () => {
    const rng = new Rng(3);
    const shapes = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      const w = drawWavelet(rng);
      expect(w.period).toBeGreaterThanOrEqual(BASE_PERIOD_SAMPLES * PERIOD_FACTOR_RANGE[0] - 1e-9);
      expect(w.period).toBeLessThanOrEqual(BASE_PERIOD_SAMPLES * PERIOD_FACTOR_RANGE[1] + 1e-9);
      expect(w.phaseDeg).toBeGreaterThanOrEqual(PHASE_RANGE_DEG[0]);
      expect(w.phaseDeg).toBeLessThanOrEqual(PHASE_RANGE_DEG[1]);
      expect(Math.max(...w.table.map(Math.abs))).toBeCloseTo(1, 5);
      shapes.set(w.shape, (shapes.get(w.shape) ?? 0) + 1);
    }
    expect([...shapes.keys()].sort()).toEqual(['doublet', 'ricker', 'rotated-ricker']);
    expect(Math.abs(shapes.get('doublet')! - 500)).toBeLessThan(4 * Math.sqrt(2000 * 0.25 * 0.75));
  });
});

describe('wavelet periods as a line would measure them', () => {
  it("a drawn BSR's dominant period (line period estimator, every 4th trace) is its wavelet's, varied around the paper's 11", () => {
    expect(BASE_PERIOD_SAMPLES).toBe(GENERATOR_PERIOD_SAMPLES);
    const ratios: Record<string, number[]> = {};
    const measured: number[] = [];
    for (const s of scenes(600, 9)) {
      if (s.kind !== PatchKind.bsr) continue;
      const p = renderRealisticScene(s, undefined, 0, { strata: false, noise: false, statics: false });
      const acc = new PeriodAccumulator({ window: PATCH_SIDE });
      for (let x = 0; x < PATCH_SIDE; x += 4) acc.addWindow(p, x, PATCH_SIDE);
      measured.push(acc.period());
      (ratios[s.wavelet.shape] ??= []).push(acc.period() / s.wavelet.period);
    }
    const median = (v: number[]): number => [...v].sort((a, b) => a - b)[v.length >> 1]!;
    expect(Object.keys(ratios).sort()).toEqual(['doublet', 'ricker', 'rotated-ricker']);
    for (const v of Object.values(ratios)) expect(Math.abs(median(v) - 1)).toBeLessThan(0.08);
    measured.sort((a, b) => a - b);
    expect(Math.abs(median(measured) / GENERATOR_PERIOD_SAMPLES - 1)).toBeLessThan(0.12);
    expect(measured[Math.floor(0.1 * measured.length)]!).toBeLessThan(0.9 * GENERATOR_PERIOD_SAMPLES);
    expect(measured[Math.floor(0.9 * measured.length)]!).toBeGreaterThan(1.1 * GENERATOR_PERIOD_SAMPLES);
  });
});

describe('ingredients', () => {
  it('gaps drop the amplitude to ≤ 20 % somewhere and never raise it', () => {
    for (let s = 0; s < 50; s++) {
      const a = applyGaps(new Rng(s), new Float32Array(PATCH_SIDE).fill(1));
      expect(Math.min(...a)).toBeLessThanOrEqual(0.2 + 1e-6);
      expect(Math.max(...a)).toBeLessThanOrEqual(1);
    }
  });

  it('amplitude change stays within [0.1, 2] and varies along the reflector', () => {
    for (let s = 0; s < 50; s++) {
      const a = applyAmplitudeChange(new Rng(s), new Float32Array(PATCH_SIDE).fill(1));
      expect(Math.min(...a)).toBeGreaterThanOrEqual(0.1 - 1e-6);
      expect(Math.max(...a)).toBeLessThanOrEqual(2);
      expect(Math.max(...a) - Math.min(...a)).toBeGreaterThan(0);
    }
  });

  it('strata: convolved traces have RMS 1, a fault offsets them by its throw, horizons follow the dip', () => {
    const w = tabulateWavelet('ricker', 11, 0);
    let convolved = 0;
    for (let s = 0; s < 40; s++) {
      const st = drawStrata(new Rng(s), w, 10);
      expect(st.dip).toBeCloseTo(dipSlope(10), 6);
      if (st.model === 'convolved') {
        convolved++;
        const rms = Math.sqrt(st.trace.reduce((q, v) => q + v * v, 0) / st.trace.length);
        expect(rms).toBeCloseTo(1, 4);
      }
      st.curve = 0;
      const h = strataHorizon(st, 24);
      expect(h[47]! - h[0]!).toBeCloseTo(47 * dipSlope(10), 3);
      st.fault = { column: 20, lean: 0, throw: 5 };
      // Beyond the fault, the value at z is the unfaulted value 5 rows up.
      const faulted = strataAt(st, 30, 25);
      st.fault = null;
      expect(faulted).toBeCloseTo(strataAt(st, 30, 20), 5);
    }
    expect(convolved).toBeGreaterThan(10);
    expect(convolved).toBeLessThan(40);
    for (let s = 0; s < 50; s++) {
      const f = drawFault(new Rng(s));
      expect(Math.abs(f.throw)).toBeGreaterThanOrEqual(2);
      expect(Math.abs(f.throw)).toBeLessThanOrEqual(8);
    }
  });

  it('water noise has about the asked standard deviation and only above the given top', () => {
    const out = new Float32Array(PATCH_CELLS);
    addWaterNoise(new Rng(1), 0.05, 11, null, out);
    const sd = Math.sqrt(out.reduce((q, v) => q + v * v, 0) / out.length);
    expect(sd).toBeGreaterThan(0.035);
    expect(sd).toBeLessThan(0.065);
    const top = new Float32Array(PATCH_SIDE).fill(20);
    const part = addWaterNoise(new Rng(1), 0.05, 11, top, new Float32Array(PATCH_CELLS));
    expect(part.subarray(20 * PATCH_SIDE).every((v) => v === 0)).toBe(true);
    expect(part.subarray(0, 20 * PATCH_SIDE).some((v) => v !== 0)).toBe(true);
  });

  it('swell is confined to a few traces', () => {
    const out = addSwell(new Rng(2), 0.3, 11, new Float32Array(PATCH_CELLS));
    const energy = Array.from({ length: PATCH_SIDE }, (_, x) =>
      Array.from({ length: PATCH_SIDE }, (_, z) => out[z * PATCH_SIDE + x]! ** 2).reduce((a, b) => a + b),
    );
    expect(energy.filter((e) => e > 1e-6).length).toBeLessThan(30);
    expect(Math.max(...energy)).toBeGreaterThan(0);
  });

  it('static shifts move traces by a few samples; zero shift is the identity, a whole shift moves rows', () => {
    for (let s = 0; s < 50; s++)
      expect(Math.max(...drawStaticShifts(new Rng(s)).map(Math.abs))).toBeLessThanOrEqual(3 * 1.5 + 0.5);
    const p = Float32Array.from({ length: PATCH_CELLS }, (_, i) => Math.sin(i * 0.37));
    expect(sameBytes(applyStaticShifts(new Float32Array(PATCH_SIDE), p.slice()), p)).toBe(true);
    const moved = applyStaticShifts(new Float32Array(PATCH_SIDE).fill(2), p.slice());
    expect(moved[10 * PATCH_SIDE + 7]).toBeCloseTo(p[8 * PATCH_SIDE + 7]!, 6);
  });
});

describe('realistic scenes', () => {
  const all = scenes(3000);

  it('draws reflectors with the right polarity: BSR and multiple negative first, seabed and look-alike positive first, bright strata both (reflector alone)', () => {
    const expected: Record<Reflector['role'], number> = { bsr: -1, multiple: -1, seabed: 1, normal: 1, bright: 1 };
    const seen = new Set<string>();
    const brightSigns = new Set<number>();
    for (const s of all) {
      for (const r of s.reflectors) {
        const alone = renderRealisticScene({ ...s, reflectors: [r], brightness: 1 }, undefined, 0, {
          strata: false,
          noise: false,
          statics: false,
        });
        const x = strongestColumn(r);
        const d = r.depth[x]!;
        if (d < s.wavelet.half || d > PATCH_SIDE - 1 - s.wavelet.half) continue; // cut by the patch edge
        // Bright strata come in both polarities (soft gas sands read like a BSR): their sign is the amplitude's.
        const want = r.role === 'bright' ? Math.sign(r.amplitude[x]!) : expected[r.role];
        expect(firstMajorSign(alone, x, d, s.wavelet.half), `${KIND_NAMES[s.kind]} ${r.role}`).toBe(want);
        if (r.role === 'bright') brightSigns.add(want);
        else expect(Math.sign(r.amplitude[x]!)).toBe(expected[r.role]);
        seen.add(r.role);
      }
    }
    expect([...seen].sort()).toEqual(['bright', 'bsr', 'multiple', 'normal', 'seabed']);
    expect([...brightSigns].sort()).toEqual([-1, 1]);
  });

  it('keeps that polarity on most unaugmented patches with strata, noise and statics', () => {
    const tally = { bsr: { n: 0, ok: 0 }, seabed: { n: 0, ok: 0 } };
    for (const s of all) {
      const p = renderRealisticScene(s);
      const r = s.reflectors[0];
      if (!r || (r.role !== 'bsr' && r.role !== 'seabed')) continue;
      const x = strongestColumn(r);
      const d = r.depth[x]! + (s.statics?.[x] ?? 0);
      if (d < 3 || d > PATCH_SIDE - 4) continue;
      const t = tally[r.role];
      t.n++;
      if (firstMajorSign(p, x, d, 0.6 * s.wavelet.period) === Math.sign(r.amplitude[x]!)) t.ok++;
    }
    expect(tally.bsr.n).toBeGreaterThan(1000);
    expect(tally.bsr.ok / tally.bsr.n).toBeGreaterThan(0.85);
    expect(tally.seabed.n).toBeGreaterThan(200);
    expect(tally.seabed.ok / tally.seabed.n).toBeGreaterThan(0.9);
  });

  it('BSRs and their look-alikes cross the strata; the seabed lies anywhere, centre rows included', () => {
    const seabedDepths: number[] = [];
    for (const s of all) {
      const r = s.reflectors[0];
      if (r && (r.role === 'bsr' || r.role === 'normal')) {
        const slope = (r.depth[47]! - r.depth[0]!) / 47;
        // The reflector's own relief is ≤ 1 sample, the strata dip is ≥ 5° away from the reflector's.
        expect(Math.abs(Math.atan(s.strata!.dip) - Math.atan(slope)) * (180 / Math.PI)).toBeGreaterThan(3);
      }
      if (s.kind === PatchKind.seabedWater) seabedDepths.push(s.reflectors[0]!.depth[24]!);
    }
    expect(seabedDepths.some((d) => d > 20 && d < 28)).toBe(true);
    expect(seabedDepths.some((d) => d < 8)).toBe(true);
    expect(seabedDepths.some((d) => d > 40)).toBe(true);
  });

  it('draws about a third of BSRs and look-alikes steep (12-35°, either way), the rest within ±12°', () => {
    const dips: number[] = [];
    for (const s of all) {
      const r = s.reflectors[0];
      if (r && (r.role === 'bsr' || r.role === 'normal'))
        dips.push((Math.atan((r.depth[40]! - r.depth[8]!) / 32) * 180) / Math.PI);
    }
    const steep = dips.filter((d) => Math.abs(d) > 13);
    expect(dips.length).toBeGreaterThan(1500);
    // 35 % steep; the reflector's own relief (≤ 1 sample) blurs the 12° edge a little.
    expect(steep.length / dips.length).toBeGreaterThan(0.28);
    expect(steep.length / dips.length).toBeLessThan(0.38);
    expect(Math.max(...dips.map(Math.abs))).toBeLessThan(37);
    expect(steep.some((d) => d > 25) && steep.some((d) => d < -25)).toBe(true);
  });

  it('draws some blanked/brightened BSRs as a faint reflector over strongly brightened strata', () => {
    const blanked = all.filter((s) => s.kind === PatchKind.bsrBlanked && s.zones!.brightBelow > 1);
    const envelopes = blanked.filter((s) => s.zones!.brightBelow >= 3);
    expect(envelopes.length / blanked.length).toBeGreaterThan(0.25);
    expect(envelopes.length / blanked.length).toBeLessThan(0.55);
    for (const s of envelopes) expect(Math.max(...s.reflectors[0]!.amplitude.map(Math.abs))).toBeLessThanOrEqual(0.4);
  });

  it('each variant carries its ingredient', () => {
    for (const s of all) {
      const main = s.reflectors[0]!;
      switch (s.kind) {
        case PatchKind.bsrGapped:
          expect(Math.min(...main.amplitude.map(Math.abs))).toBeLessThan(
            0.2 * Math.max(...main.amplitude.map(Math.abs)) + 1e-6,
          );
          break;
        case PatchKind.bsrBlanked:
          expect(s.zones!.blankAbove < 1 || s.zones!.brightBelow > 1).toBe(true);
          break;
        case PatchKind.bsrFaulted:
          expect(s.strata!.fault).not.toBeNull();
          break;
        case PatchKind.seabedMultiple: {
          const m = s.reflectors.find((r) => r.role === 'multiple')!;
          expect(m.depth[24]!).toBeGreaterThan(main.depth[24]! + 10);
          expect(Math.abs(m.amplitude[0]!)).toBeLessThan(Math.abs(main.amplitude[0]!));
          expect(Math.sign(m.amplitude[0]!)).toBe(-Math.sign(main.amplitude[0]!));
          // Twice the seabed's dip.
          expect(m.depth[47]! - m.depth[0]!).toBeCloseTo(2 * (main.depth[47]! - main.depth[0]!), 3);
          break;
        }
        case PatchKind.bsrOffCentre:
          // A BSR (negative first) whose centre-column depth lies 18+ rows from the centre row: a not-BSR patch.
          expect(main.role).toBe('bsr');
          expect(main.amplitude[24]!).toBeLessThan(0);
          expect(Math.abs(main.depth[24]! - 24)).toBeGreaterThanOrEqual(17);
          expect(KIND_LABELS[s.kind]).toBe(0);
          break;
        case PatchKind.waterNoise:
          expect(s.strata).toBeNull();
          expect(s.waterNoise).toBeGreaterThan(0);
          break;
        default:
          break;
      }
    }
  });

  it('blanking makes the strata above a blanked BSR weaker than below it', () => {
    let n = 0;
    for (const s of all) {
      if (s.kind !== PatchKind.bsrBlanked || s.zones!.blankAbove > 0.3 || s.seabed) continue;
      const p = renderRealisticScene(s, undefined, 0, { noise: false, statics: false });
      const bsr = s.reflectors[0]!;
      let above = 0,
        na = 0,
        below = 0,
        nb = 0;
      for (let x = 0; x < PATCH_SIDE; x++) {
        for (let z = 0; z < PATCH_SIDE; z++) {
          const d = z - bsr.depth[x]!;
          if (d < -s.wavelet.half) {
            above += p[z * PATCH_SIDE + x]! ** 2;
            na++;
          }
          if (d > s.wavelet.half) {
            below += p[z * PATCH_SIDE + x]! ** 2;
            nb++;
          }
        }
      }
      if (na < 100 || nb < 100) continue;
      n++;
      expect(above / na).toBeLessThan(below / nb);
    }
    expect(n).toBeGreaterThan(5);
  });

  it('leaves the water above a seabed near zero', () => {
    for (const s of all) {
      if (s.kind !== PatchKind.seabedWater || s.swell > 0) continue;
      const p = renderRealisticScene(s, undefined, 0, { statics: false });
      const sea = s.reflectors[0]!;
      let max = 0;
      for (let x = 0; x < PATCH_SIDE; x++) {
        for (let z = 0; z < sea.depth[x]! - s.wavelet.half - 1; z++)
          max = Math.max(max, Math.abs(p[z * PATCH_SIDE + x]!));
      }
      expect(max).toBeLessThan(0.15);
    }
  });
});

describe('generateRawPatches with the realistic generator', () => {
  it('labels follow kinds, only realistic kinds, finite values within ±6 (a soft bright stratum over strong strata reaches ~4.3, a steep BSR over steep strata ~5.1; standardisation clips anyway)', () => {
    for (const profile of ['train', 'test'] as const) {
      const r = generateRawPatches({ seed: 11, count: 300, profile, generator: 'realistic' });
      for (let j = 0; j < 300; j++) {
        expect(r.kinds[j]).toBeGreaterThanOrEqual(4);
        expect(r.labels[j]).toBe(KIND_LABELS[r.kinds[j]!]);
      }
      let max = 0,
        finite = true;
      for (const v of r.patches) {
        finite &&= Number.isFinite(v);
        max = Math.max(max, Math.abs(v));
      }
      expect(finite).toBe(true);
      expect(max).toBeGreaterThan(0.3);
      expect(max).toBeLessThan(6);
    }
  });

  it('is a pure function of (seed, index, profile, generator): splits concatenate, other seeds, profiles and the paper generator differ', () => {
    const whole = generateRawPatches({ seed: 42, count: 60, generator: 'realistic' });
    expect(sameBytes(generateRawPatches({ seed: 42, count: 60, generator: 'realistic' }).patches, whole.patches)).toBe(
      true,
    );
    const a = generateRawPatches({ seed: 42, from: 0, count: 25, generator: 'realistic' });
    const b = generateRawPatches({ seed: 42, from: 25, count: 35, generator: 'realistic' });
    const joined = new Float32Array(60 * PATCH_CELLS);
    joined.set(a.patches);
    joined.set(b.patches, 25 * PATCH_CELLS);
    expect(sameBytes(joined, whole.patches)).toBe(true);
    expect([...a.kinds, ...b.kinds]).toEqual([...whole.kinds]);
    expect([...a.applied, ...b.applied]).toEqual([...whole.applied]);
    expect(sameBytes(generateRawPatches({ seed: 43, count: 60, generator: 'realistic' }).patches, whole.patches)).toBe(
      false,
    );
    expect(
      sameBytes(
        generateRawPatches({ seed: 42, count: 60, generator: 'realistic', profile: 'test' }).patches,
        whole.patches,
      ),
    ).toBe(false);
    expect(sameBytes(generateRawPatches({ seed: 42, count: 60 }).patches, whole.patches)).toBe(false);
    // The augmentations draw from the same streams as the paper generator's: same masks per index.
    expect([...generateRawPatches({ seed: 42, count: 60 }).applied]).toEqual([...whole.applied]);
  });

  it('draws every kind at its share within binomial bounds over 5,000 patches, half BSRs', () => {
    const n = 5000;
    const r = generateRawPatches({ seed: 2026, count: n, generator: 'realistic', augment: false });
    const counts = KIND_NAMES.map(() => 0);
    for (const k of r.kinds) counts[k]!++;
    REALISTIC_KIND_SHARES.forEach((p, k) => {
      if (p === 0) {
        expect(counts[k], KIND_NAMES[k]).toBe(0);
        return;
      }
      expect(Math.abs(counts[k]! - n * p), KIND_NAMES[k]).toBeLessThan(4 * Math.sqrt(n * p * (1 - p)));
    });
    const positives = r.labels.reduce((s, l) => s + l, 0);
    expect(Math.abs(positives - n / 2)).toBeLessThan(4 * Math.sqrt(n / 4));
  });

  it('refuses an unknown generator by name', () => {
    expect(() => generateRawPatches({ seed: 1, count: 1, generator: 'fancy' as 'paper' })).toThrow(/generator/);
  });
});

describe('kind subsets (ablations)', () => {
  it('draws only the subset, half BSRs, and refuses subsets without both classes', async () => {
    const { INGREDIENT_KINDS, realisticKindDrawer } = await import('../../../src/core/synthetic/realistic/kinds');
    const { generateRawPatches } = await import('../../../src/core/synthetic');
    const subset = [...INGREDIENT_KINDS.wavelets, ...INGREDIENT_KINDS.hardNegatives];
    const raw = generateRawPatches({
      seed: 4,
      count: 3000,
      profile: 'train',
      generator: 'realistic',
      realisticKinds: subset,
      augment: false,
    });
    expect(Array.from(raw.kinds).every((k) => (subset as readonly number[]).includes(k))).toBe(true);
    const bsrShare = raw.labels.reduce((a, l) => a + l, 0) / raw.labels.length;
    expect(Math.abs(bsrShare - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / 3000));
    expect(() => realisticKindDrawer(INGREDIENT_KINDS.hardNegatives)).toThrow(/BSR and not-BSR/);
    expect(() => generateRawPatches({ seed: 4, count: 1, realisticKinds: subset })).toThrow(
      /only applies to the realistic generator/,
    );
  });
});
