/**
 * The dominant period when the line's own lies beyond the longest period a window can hold (a 2 ms line's wavelet in
 * 128-sample windows): it is read at the band's edge, never far outside it. The parabola through the edge bin had
 * its vertex at a period of 405 samples on such a line, and the seabed mask, one period deep, covered its BSR.
 */
import { describe, expect, it } from 'vitest';
import { PeriodAccumulator } from '../../../src/core/line/period';

function windowsOf(periodSamples: number, acc: PeriodAccumulator): void {
  const w = acc.window;
  const data = new Float64Array(w * 40);
  // A Ricker-like pulse train: one pulse per 3 periods, so the spectrum is broad and peaks near 1 / period.
  for (let i = 0; i < data.length; i++) {
    const t = ((i % (3 * periodSamples)) - 1.5 * periodSamples) / periodSamples;
    const a = Math.PI * t;
    data[i] = (1 - 2 * a * a) * Math.exp(-a * a);
  }
  for (let s = 0; s + w <= data.length; s += w) acc.addWindow(data, s);
}

describe('PeriodAccumulator.period at the band edge', () => {
  it('reads a period beyond the window at the longest period the band holds, within half a bin', () => {
    const acc = new PeriodAccumulator({ window: 128, fftSize: 512 });
    windowsOf(90, acc);
    const kMin = Math.ceil(512 / acc.maxPeriod);
    const p = acc.period();
    expect(p).toBeGreaterThanOrEqual(512 / (kMin + 0.5));
    expect(p).toBeLessThanOrEqual(512 / (kMin - 0.5));
  });

  it('a spectrum still rising past the band edge, almost straight there, is read at the edge (its parabola is flat)', () => {
    const acc = new PeriodAccumulator({ window: 128, fftSize: 512 });
    windowsOf(20, acc); // any windows: the power is set below
    // Falling almost linearly with frequency, a touch concave: the smoothed parabola's vertex lies hundreds of bins
    // beyond the edge (the period read was negative, or 405 samples on the 2 ms line).
    for (let k = 0; k < acc.power.length; k++) acc.power[k] = 1000 - k - 0.001 * k * k;
    const kMin = Math.ceil(512 / acc.maxPeriod);
    const p = acc.period();
    expect(p).toBeGreaterThanOrEqual(512 / (kMin + 0.5));
    expect(p).toBeLessThanOrEqual(512 / (kMin - 0.5));
  });

  it('still refines a peak inside the band between bins', () => {
    const acc = new PeriodAccumulator({ window: 128, fftSize: 512 });
    windowsOf(20, acc);
    const p = acc.period();
    // The refined peak lies between bins (not on one) and near the pulse's own period.
    expect(Number.isInteger(512 / p)).toBe(false);
    expect(p).toBeGreaterThan(14);
    expect(p).toBeLessThan(28);
  });

  it('under strong low-frequency noise reads the wavelet inside the band, not the noise flank at the edge', () => {
    const acc = new PeriodAccumulator({ window: 128, fftSize: 512 });
    const w = acc.window;
    const data = new Float64Array(w * 40);
    // The 20-sample pulse train of the test above, plus a 120-sample sinusoid (longer than a window holds) at several
    // times its RMS, with its phase changing from window to window, as swell or a slow gain drift would.
    for (let i = 0; i < data.length; i++) {
      const t = ((i % 60) - 30) / 20;
      const a = Math.PI * t;
      data[i] = (1 - 2 * a * a) * Math.exp(-a * a) + 1.5 * Math.sin((2 * Math.PI * i) / 120 + Math.floor(i / w));
    }
    for (let s = 0; s + w <= data.length; s += w) acc.addWindow(data, s);
    const kMin = Math.ceil(512 / acc.maxPeriod);
    const p = acc.period();
    expect(p).toBeLessThan(512 / (kMin + 2)); // not at the edge, where it read before
    expect(p).toBeGreaterThan(14);
    expect(p).toBeLessThan(28);
  });

  it("a faint hump far inside the band (a resampled line's ripple near Nyquist) does not displace the edge", () => {
    const acc = new PeriodAccumulator({ window: 128, fftSize: 512 });
    windowsOf(20, acc);
    // Falling from the edge, with a tiny bump at a period of 3 samples: 1/1000 of the edge's power.
    for (let k = 0; k < acc.power.length; k++)
      acc.power[k] = 1000 * Math.exp(-k / 8) + Math.exp(-(((k - 170) / 4) ** 2));
    const kMin = Math.ceil(512 / acc.maxPeriod);
    expect(acc.power[170]! / acc.power[kMin]!).toBeLessThan(0.01);
    expect(acc.period()).toBeGreaterThanOrEqual(512 / (kMin + 0.5));
  });
});
