/** The seabed multiple: found where the line shows an event at k x the seabed time, not where it does not; masked on the map. */
import { describe, expect, it } from 'vitest';
import { MultipleAccumulator, MIN_MULTIPLE_ENERGY_RATIO, multipleSample } from '../../../src/core/line/multiple';
import { presentLine } from '../../../src/core/line/presentation';
import { fixtureLine } from './line-fixture';

describe('seabed multiple', () => {
  it('predicts k x the seabed time from the shot (the recording delay counts)', () => {
    expect(multipleSample(100, 2)).toBe(200);
    expect(multipleSample(100, 3)).toBe(300);
    // Sample 0 is 50 samples after the shot: the seabed is at 150 from the shot, its multiple at 300, i.e. sample 250.
    expect(multipleSample(100, 2, 50)).toBe(250);
  });

  it('is found on a line that shows it, at twice the picked seabed, and not on the same line without it', async () => {
    const opts = { traces: 150, samples: 500, period: 10, seabedTop: 100, slope: 0.4 };
    const withMultiple = await presentLine(fixtureLine({ ...opts, multiple: -0.5 }));
    const m = withMultiple.presentation.multiples;
    expect(m.map((x) => x.order)).toEqual([2]);
    expect(m[0]!.energyRatio).toBeGreaterThan(MIN_MULTIPLE_ENERGY_RATIO);
    const sb = withMultiple.presentation.seabed!.samples;
    for (let t = 0; t < 150; t += 10) expect(m[0]!.samples[t]).toBeCloseTo(2 * sb[t]!, 5);
    const without = await presentLine(fixtureLine(opts));
    expect(without.presentation.multiples).toEqual([]);
    // Asked not to look: none.
    expect(
      (await presentLine(fixtureLine({ ...opts, multiple: -0.5 }), { multiples: false })).presentation.multiples,
    ).toEqual([]);
  });

  it('needs the curve inside enough traces, and a line whose time origin is unknown shows nothing coherent there', () => {
    const traces = 40,
      samples = 300;
    const acc = new MultipleAccumulator(traces, 10);
    const flat = new Float32Array(samples).map((_, s) => Math.sin(s / 2));
    // The curve 2 x 200 = 400 lies off every trace: no verdict.
    for (let t = 0; t < traces; t++) acc.add(flat, 0, samples, t, 200);
    expect(acc.result()).toEqual([]);
    // A stationary signal: energy on the curve equals the energy around it (ratio ~1 < threshold).
    const acc2 = new MultipleAccumulator(traces, 10);
    for (let t = 0; t < traces; t++) acc2.add(flat, 0, samples, t, 60);
    expect(acc2.result()).toEqual([]);
  });
});
