/** Display gain: dB factors, AGC windows and AGC itself (never writing to its input). */
import { describe, expect, it } from 'vitest';
import { agc, agcWindowSamples, dbToFactor } from '../../../src/core/display/gain';
import { amplitudeHistogram } from '../../../src/core/display/histogram';
import { amplitudeSample, clipAt } from '../../../src/core/display/clip';

describe('display gain', () => {
  it('converts dB to amplitude factors', () => {
    expect(dbToFactor(0)).toBe(1);
    expect(dbToFactor(20)).toBeCloseTo(10, 12);
    expect(dbToFactor(-6)).toBeCloseTo(0.501, 3);
  });

  it('turns a window in ms into an odd sample count of at least 3', () => {
    expect(agcWindowSamples(500, 4000)).toBe(125);
    expect(agcWindowSamples(504, 4000)).toBe(127); // 126 → the next odd
    expect(agcWindowSamples(1, 4000)).toBe(3);
    expect(agcWindowSamples(21, 0)).toBe(21); // unknown interval: ms read as samples
  });

  it('AGC evens out a trace whose amplitude decays, leaves its input alone and keeps signs and dead traces', () => {
    const ns = 400;
    const x = new Float32Array(2 * ns);
    for (let s = 0; s < ns; s++) x[s] = Math.sin(s / 3) * Math.exp(-s / 80); // trace 0 decays about 40×; trace 1 is dead
    const before = x.slice();
    const y = agc(x, 2, ns, 41);
    expect(Array.from(x)).toEqual(Array.from(before));
    const rms = (a: Float32Array, from: number, to: number) =>
      Math.sqrt(a.slice(from, to).reduce((m, v) => m + v * v, 0) / (to - from));
    expect(rms(x, 20, 60) / rms(x, 320, 360)).toBeGreaterThan(30);
    const ratio = rms(y, 20, 60) / rms(y, 320, 360);
    expect(ratio).toBeGreaterThan(0.7);
    expect(ratio).toBeLessThan(1.4);
    for (let s = 0; s < ns; s++) expect(Math.sign(y[s]!)).toBe(Math.sign(x[s]!));
    expect(y.slice(ns).every((v) => v === 0)).toBe(true);
    expect(() => agc(x, 3, ns, 41)).toThrow(/800 samples are not 3 traces × 400/);
  });
});

describe('clip and histogram', () => {
  it('the histogram counts signed amplitudes in equal bins; the clip is a percentile of |amplitude|', () => {
    const v = Float32Array.from({ length: 1000 }, (_, i) => (i % 2 === 0 ? 1 : -1) * (i / 1000));
    const h = amplitudeHistogram(v, 1, 10);
    expect([h.lo, h.hi, h.total]).toEqual([-1, 1, 1000]);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(h.counts[0]! + h.counts[9]!).toBeGreaterThan(150); // |v| near 1 at both ends
    expect(Math.abs(h.counts[4]! - h.counts[5]!)).toBeLessThanOrEqual(2); // symmetric
    const sorted = amplitudeSample(v);
    expect(clipAt(sorted, 90)).toBeCloseTo(0.9, 2);
    expect(clipAt(sorted, 100)).toBeCloseTo(0.999, 3);
    expect(amplitudeHistogram([Number.NaN, 5, -5], 0, 4)).toMatchObject({ lo: -1, hi: 1, total: 2 });
  });
});
