/**
 * Test lines: wavelet shapes and polarity, determinism, truth consistent with the reflectors
 * (seabed a positive peak, BSR a trough, the multiple a trough at twice the seabed time), the
 * noise level, and the fixed set's make-up.
 */
import { describe, expect, it } from 'vitest';
import {
  AMPLITUDE_SCALE,
  FIXED_EVALUATION_SET,
  buildTestLine,
  evaluationLine,
  ricker,
  waveletAt,
  waveletTable,
  type TestLineOptions,
} from '../../../src/core/evaluate';
import { makePatchGrid } from '../../../src/core/classify';

/** A quiet line: flat seabed, no strata, no noise, a BSR 200 ms below, 4 ms. */
const quiet: TestLineOptions = {
  seed: 7,
  traces: 100,
  samples: 400,
  dtMs: 4,
  wavelet: 'ricker',
  freqHz: 30,
  snrDb: null,
  seabed: { shape: 'flat', depthMs: 400 },
  strata: { dipMsPerTrace: 0, drape: 1, reflectivity: 0 },
  bsr: { belowSeabedMs: 200, amplitude: 0.1, variation: 0, extent: [0.2, 0.8] },
};

const at = (data: Float32Array, samples: number, t: number, s: number) => data[t * samples + Math.round(s)]!;

describe('wavelets', () => {
  it('Ricker: peak 1 at zero, negative side lobes; rotation by 0° is the Ricker; 90° is odd; doublet positive first', () => {
    const r = waveletTable('ricker', 30);
    expect(waveletAt(r, 0)).toBeCloseTo(1, 12);
    expect(waveletAt(r, (1000 * Math.sqrt(1.5)) / (Math.PI * 30))).toBeLessThan(-0.4); // side-lobe minimum -2e^-1.5 ~ -0.446
    const r0 = waveletTable('rotated', 30, 0);
    for (const t of [-20, -7.3, 0, 4.1, 15]) expect(waveletAt(r0, t)).toBeCloseTo(ricker(t, 30), 2);
    const r90 = waveletTable('rotated', 30, 90);
    expect(waveletAt(r90, 0)).toBeCloseTo(0, 6);
    expect(waveletAt(r90, -8)).toBeCloseTo(-waveletAt(r90, 8), 6);
    expect(waveletAt(r90, -8)).toBeLessThan(0); // +90°: trough above the peak for a positive coefficient
    const d = waveletTable('doublet', 30);
    const lobe = 1000 / (2 * Math.PI * 30);
    expect(waveletAt(d, -lobe)).toBeCloseTo(1, 3);
    expect(waveletAt(d, lobe)).toBeCloseTo(-1, 3);
  });
});

describe('buildTestLine', () => {
  it('is a pure function of its options; another seed gives another line', () => {
    const a = buildTestLine({ ...quiet, snrDb: 10, strata: { dipMsPerTrace: 0.2, drape: 0.5 } });
    const b = buildTestLine({ ...quiet, snrDb: 10, strata: { dipMsPerTrace: 0.2, drape: 0.5 } });
    const c = buildTestLine({ ...quiet, seed: 8, snrDb: 10, strata: { dipMsPerTrace: 0.2, drape: 0.5 } });
    expect(b.section.data).toEqual(a.section.data);
    expect(b.truth).toEqual(a.truth);
    expect(c.section.data).not.toEqual(a.section.data);
  });

  it('puts a positive seabed peak (R x 1000) and a negative BSR trough where the truth says, over the BSR extent only', () => {
    const { section, truth } = buildTestLine(quiet);
    const { samples, data } = section;
    expect(section).toMatchObject({ traces: 100, samples: 400, dtUs: 4000 });
    expect(truth.seabedSample.every((s) => s !== null && Math.abs(s - 100) < 1)).toBe(true); // 400 ms / 4 ms, ±1.5 ms wobble
    for (const t of [10, 50, 90]) {
      const sb = truth.seabedSample[t]!;
      expect(at(data, samples, t, sb)).toBeGreaterThan(0.25 * AMPLITUDE_SCALE); // 0.3 x Ricker peak (sub-sample offset)
      expect(at(data, samples, t, sb - 20)).toBe(0); // water
    }
    const bsrTraces = truth.bsrSample.flatMap((s, t) => (s === null ? [] : [t]));
    expect(bsrTraces[0]).toBe(20);
    expect(bsrTraces.at(-1)).toBe(79);
    for (const t of bsrTraces) {
      const b = truth.bsrSample[t]!;
      expect(Math.abs(b - truth.seabedSample[t]! - 50)).toBeLessThan(2.5); // 200 ms below the seabed, ± 2 ms RMS undulation
      expect(at(data, samples, t, b)).toBeLessThan(-0.08 * AMPLITUDE_SCALE);
    }
    expect(Math.abs(at(data, samples, 5, truth.seabedSample[5]! + 50))).toBeLessThan(1e-3); // no BSR outside its extent
  });

  it('adds gaps to the BSR, a reversed-polarity multiple at twice the seabed time, and noise at the asked SNR', () => {
    const gappy = buildTestLine({ ...quiet, bsr: { ...quiet.bsr!, gaps: 2 } });
    const inside = gappy.truth.bsrSample.slice(20, 80);
    expect(inside.some((s) => s === null)).toBe(true);
    const mult = buildTestLine({ ...quiet, bsr: undefined, multiple: true });
    expect(mult.truth.bsrSample.every((s) => s === null)).toBe(true);
    const sb = mult.truth.seabedSample[40]!;
    expect(at(mult.section.data, 400, 40, 2 * sb)).toBeLessThan(-0.08 * AMPLITUDE_SCALE); // -R² = -0.09
    const clean = buildTestLine({ ...quiet, strata: { dipMsPerTrace: 0.1, drape: 0.5 } });
    const noisy = buildTestLine({ ...quiet, strata: { dipMsPerTrace: 0.1, drape: 0.5 }, snrDb: 6 });
    let sig = 0,
      nz = 0,
      n = 0;
    for (let t = 0; t < 100; t++) {
      for (let s = Math.ceil(clean.truth.seabedSample[t]!); s < 400; s++, n++) {
        const i = t * 400 + s;
        sig += clean.section.data[i]! ** 2;
        nz += (noisy.section.data[i]! - clean.section.data[i]!) ** 2;
      }
    }
    // Noise RMS is set over the whole line, the ratio here only below the seabed: close to 6 dB.
    expect(10 * Math.log10(sig / nz)).toBeGreaterThan(5);
    expect(10 * Math.log10(sig / nz)).toBeLessThan(7.5);
  });

  it('refuses options it cannot build, naming them', () => {
    expect(() => buildTestLine({ ...quiet, dtMs: 3 as 4 })).toThrow(/dtMs must be 1, 2 or 4/);
    expect(() => buildTestLine({ ...quiet, freqHz: 70 })).toThrow(/freqHz 70/);
    expect(() => buildTestLine({ ...quiet, traces: 20 })).toThrow(/traces must be an integer >= 48/);
  });
});

describe('FIXED_EVALUATION_SET', () => {
  it('has 12 uniquely named lines, 8 with a BSR, of realistic sizes and ~50k patches at stride 8', () => {
    const ids = FIXED_EVALUATION_SET.map((s) => s.id);
    expect(new Set(ids).size).toBe(12);
    expect(FIXED_EVALUATION_SET.filter((s) => s.options.bsr).length).toBe(8);
    let patches = 0;
    for (const s of FIXED_EVALUATION_SET) {
      expect(s.options.traces).toBeGreaterThanOrEqual(300);
      expect(s.options.traces).toBeLessThanOrEqual(600);
      expect(s.options.samples).toBeGreaterThanOrEqual(500);
      expect(s.options.samples).toBeLessThanOrEqual(1500);
      patches += makePatchGrid(s.options.traces, s.options.samples).count;
    }
    expect(patches).toBeLessThan(60_000);
    expect(new Set(FIXED_EVALUATION_SET.map((s) => s.options.dtMs))).toEqual(new Set([1, 2, 4]));
    expect(new Set(FIXED_EVALUATION_SET.map((s) => s.options.wavelet))).toEqual(
      new Set(['ricker', 'rotated', 'doublet']),
    );
    expect(() => evaluationLine('nope')).toThrow(/no test line "nope"; known: bsr-r30-4ms/);
  });

  it('every BSR line has a BSR inside the record on most of its traces; BSR-free lines have none', () => {
    for (const s of FIXED_EVALUATION_SET.filter((_, i) => i % 3 === 0 || !_.options.bsr)) {
      const { truth } = buildTestLine(s.options);
      const n = truth.bsrSample.filter((b) => b !== null && b > 0 && b < s.options.samples).length;
      if (s.options.bsr) expect(n).toBeGreaterThan(0.4 * s.options.traces);
      else expect(n).toBe(0);
    }
  });
});
