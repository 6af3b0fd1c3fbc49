/** Line presentation: period, trend removal, seabed pick, polarity, scale factor, on lines with known answers. */
import { describe, expect, it } from 'vitest';
import { GENERATOR_PERIOD_SAMPLES, PeriodAccumulator, linePeriod } from '../../../src/core/line/period';
import { removeLocalMean } from '../../../src/core/line/detrend';
import { correctSeabed, pickSeabed, runningMedian, seabedFromPoints } from '../../../src/core/line/seabed';
import { readPolarity } from '../../../src/core/line/polarity';
import {
  AUTO_SCALE_GAIN,
  atScale,
  LINE_BOUND_GAIN,
  liveRange,
  MIN_SEABED_POLARITY_SCORE,
  patchSamplesFor,
  planPresentation,
  presentChunk,
  presentLine,
  rawLineChunks,
  SCALE_LIMITS,
  seabedMarginFor,
  seabedMarginSamples,
} from '../../../src/core/line/presentation';
import { applyKeepPolarity, generateRawPatches, keepPolarityScale } from '../../../src/core/synthetic';
import { PATCH_CELLS, PATCH_SIDE, PatchKind } from '../../../src/core/synthetic/types';
import { fixtureLine, rotatedNear90 } from './line-fixture';

describe('dominant period', () => {
  it('finds the period of a sinusoid and of a Ricker-convolved line', () => {
    const acc = new PeriodAccumulator({ window: 64 });
    const x = Float32Array.from({ length: 64 * 20 }, (_, i) => Math.sin((2 * Math.PI * i) / 9));
    for (let w = 0; w < 20; w++) acc.addWindow(x, w * 64);
    expect(acc.period()).toBeCloseTo(9, 0);
    // Many strata: a sparse reflectivity has a spectrum of its own that moves the peak (the estimate is good to ~20 %).
    for (const period of [6, 10, 16, 22, 30]) {
      const line = fixtureLine({ period, samples: 600, strata: 300 });
      expect(linePeriod(line.data, line.traces, line.samples, line.seabed) / period).toBeGreaterThan(0.8);
      expect(linePeriod(line.data, line.traces, line.samples, line.seabed) / period).toBeLessThan(1.25);
    }
  });

  it('ignores dead windows and reports NaN for a line without energy', () => {
    expect(linePeriod(new Float32Array(100 * 200), 100, 200)).toBeNaN();
  });

  it('GENERATOR_PERIOD_SAMPLES is what the paper generator draws (BSR patches, no augmentation)', () => {
    const raw = generateRawPatches({ seed: 5, count: 600, profile: 'train', augment: false });
    const acc = new PeriodAccumulator({ window: PATCH_SIDE });
    for (let j = 0; j < 600; j++) {
      if (raw.kinds[j] !== PatchKind.bsrPositive) continue;
      for (let c = 0; c < PATCH_SIDE; c += 4) acc.addWindow(raw.patches, j * PATCH_CELLS + c, PATCH_SIDE);
    }
    expect(Math.abs(acc.period() / GENERATOR_PERIOD_SAMPLES - 1)).toBeLessThan(0.08);
  });
});

describe('trend removal', () => {
  it('removes a constant bias and a step, and keeps a short wavelet', () => {
    const samples = 200;
    const x = new Float32Array(samples);
    for (let s = 0; s < samples; s++) x[s] = (s < 100 ? 0 : -0.3) + (s === 150 ? 1 : 0);
    const y = removeLocalMean(x, 1, samples, 41);
    expect(Math.abs(y[20]!)).toBeLessThan(1e-6); // flat water stays zero
    expect(Math.abs(y[180]!)).toBeLessThan(1e-6); // the sediment bias is gone away from the step
    expect(y[150]!).toBeGreaterThan(0.9); // the spike survives
  });
});

describe('seabed pick', () => {
  it('follows a sloping seabed under a noisy water column, to within a quarter period', () => {
    const line = fixtureLine({ period: 10, slope: 0.5, noise: 0.03 });
    const pick = pickSeabed(line.data, line.traces, line.samples, { periodSamples: 10 });
    expect(pick.found).toBe(true);
    expect(pick.confidence).toBeGreaterThan(0.9);
    for (let t = 0; t < line.traces; t++) expect(Math.abs(pick.samples[t]! - line.seabed[t]!)).toBeLessThan(2.5);
  });

  it('is not fooled by a noise burst in the water on a few traces', () => {
    const line = fixtureLine({ period: 10 });
    for (let t = 50; t < 53; t++) line.data[t * line.samples + 20] = 3000; // a spike 60 samples above the seabed
    const pick = pickSeabed(line.data, line.traces, line.samples, { periodSamples: 10 });
    for (let t = 48; t < 56; t++) expect(Math.abs(pick.samples[t]! - line.seabed[t]!)).toBeLessThan(2.5);
  });

  it('says there is no seabed when the window starts below it (no quiet water)', () => {
    const line = fixtureLine({ period: 10, seabedTop: 0, slope: 0 });
    const pick = pickSeabed(line.data, line.traces, line.samples, { periodSamples: 10 });
    expect(pick.found).toBe(false);
    expect(pick.reason).toMatch(/no quiet water column/);
    expect(Array.from(pick.samples).every(Number.isNaN)).toBe(true);
  });

  it('says so for a flat line', () => {
    expect(pickSeabed(new Float32Array(50 * 100), 50, 100, { periodSamples: 8 }).reason).toMatch(/flat/);
  });

  it('running median ignores NaN; user corrections join points and keep the automatic pick outside them', () => {
    expect(Array.from(runningMedian(Float32Array.of(1, NaN, 3, 100, 5), 3))).toEqual([1, 2, 51.5, 5, 52.5]);
    const joined = seabedFromPoints(
      [
        { trace: 2, sample: 10 },
        { trace: 6, sample: 30 },
      ],
      8,
      100,
    );
    expect(Array.from(joined.samples)).toEqual([10, 10, 10, 15, 20, 25, 30, 30]);
    const auto = new Float32Array(8).fill(50);
    expect(
      Array.from(
        correctSeabed(
          auto,
          [
            { trace: 2, sample: 10 },
            { trace: 6, sample: 30 },
          ],
          8,
          100,
        ).samples,
      ),
    ).toEqual([50, 50, 10, 15, 20, 25, 30, 50]);
    expect(() => seabedFromPoints([{ trace: 9, sample: 1 }], 8, 100)).toThrow(/outside the line/);
  });
});

describe('live range', () => {
  it('leaves out the repeated values of a mute at the top and padding at the bottom', () => {
    expect(liveRange(Float32Array.of(0, 0, 0, 1, 2, 3, 0, 0), 0, 8)).toEqual([3, 6]);
    expect(liveRange(Float32Array.of(1, 2, 3), 0, 3)).toEqual([0, 3]);
    expect(liveRange(Float32Array.of(0, 0, 5), 0, 3)).toEqual([2, 3]);
    expect(liveRange(Float32Array.of(7, 7, 7, 7), 0, 4)).toEqual([0, 0]);
    expect(liveRange(Float32Array.of(9, 9, 0, 0, 4, 5), 2, 4)).toEqual([2, 4]);
    expect(liveRange(Float32Array.of(0, 0, 4, 4), 0, 4)).toEqual([2, 2]); // zeros on top, a run of 4s below: nothing live
  });
});

describe('polarity', () => {
  it('reads normal on a hard seabed and reversed on the flipped line', () => {
    const line = fixtureLine({ period: 10 });
    const pick = pickSeabed(line.data, line.traces, line.samples, { periodSamples: 10 });
    expect(readPolarity(line.data, line.traces, line.samples, pick.samples).polarity).toBe('normal');
    const flipped = line.data.map((v) => -v);
    const pick2 = pickSeabed(flipped, line.traces, line.samples, { periodSamples: 10 });
    expect(readPolarity(flipped, line.traces, line.samples, pick2.samples).polarity).toBe('reversed');
    expect(readPolarity(line.data, line.traces, line.samples, new Float32Array(line.traces).fill(NaN)).polarity).toBe(
      'unknown',
    );
  });
});

describe('presentLine', () => {
  it('plans the same from any chunk size, and a band presented alone equals the whole line', async () => {
    const line = fixtureLine({ period: 12, traces: 150, samples: 300 });
    const whole = await presentLine(line);
    for (const chunk of [7, 64, 1000]) {
      const plan = await planPresentation(rawLineChunks(line), {}, chunk);
      expect(plan.presentation).toEqual(whole.presentation);
    }
    const band = presentChunk(line.data.subarray(40 * 300, 90 * 300), 50, 300, whole.plan);
    expect(band).toEqual(whole.data.subarray(40 * 300, 90 * 300));
  });

  it('another time scale changes only the patch height and the seabed margin: atScale equals planning at it', async () => {
    const line = fixtureLine({ period: 22, samples: 600, sedimentBias: -0.2 });
    const matched = (await presentLine(line)).presentation;
    const given = await presentLine(line, { scale: 1.7 });
    expect(atScale(matched, 1.7, 'given')).toEqual(given.presentation);
    const half = { seabedMargin: 'half-patch' } as const;
    const matchedHalf = (await presentLine(line, half)).presentation;
    expect(atScale(matchedHalf, 1.7, 'given')).toEqual((await presentLine(line, { ...half, scale: 1.7 })).presentation);
    expect(atScale(matched, 1.7, 'selected')).toMatchObject({ scaleSource: 'selected', patchSamples: 82 });
    expect(() => atScale(matched, 0, 'given')).toThrow(/positive/);
  });

  it('matches the scale to the line period, picks the seabed and reads polarity, leaving the raw data alone', async () => {
    const line = fixtureLine({ period: 22, samples: 600, sedimentBias: -0.2 });
    const before = line.data.slice();
    const { data, presentation: p } = await presentLine(line);
    expect(line.data).toEqual(before);
    expect(p.scaleSource).toBe('auto');
    // The period is matched to the generator's, made a little shorter by AUTO_SCALE_GAIN.
    const matched = (22 / GENERATOR_PERIOD_SAMPLES) * AUTO_SCALE_GAIN;
    expect(p.scaleFactor / matched).toBeGreaterThan(0.8);
    expect(p.scaleFactor / matched).toBeLessThan(1.25);
    expect(p.scaleFactor).toBeCloseTo((p.periodSamples / GENERATOR_PERIOD_SAMPLES) * AUTO_SCALE_GAIN, 6);
    expect(p.patchSamples).toBe(patchSamplesFor(p.scaleFactor));
    // The margin is the seabed's own wavelet, one period below the pick, whatever the time scale: half a patch hid a
    // BSR 2.7 periods under the seabed (the shallow-BSR test in line-pipeline.test.ts).
    expect(p.maskMarginSamples).toBe(Math.round(p.periodSamples));
    expect(p.maskMarginSamples).toBeLessThan(p.patchSamples / 2);
    expect(atScale(p, p.scaleFactor * 1.8, 'selected').maskMarginSamples).toBe(p.maskMarginSamples);
    expect(p.seabedMargin).toBe('wavelet');
    expect(seabedMarginSamples(30, 20, 'wavelet')).toBe(30);
    expect(seabedMarginSamples(5, 48, 'wavelet')).toBe(5);
    expect(seabedMarginSamples(1, 4, 'wavelet')).toBe(4);
    // A model that saw the seabed only at its patches' centres keeps half a patch, which follows the scale.
    expect(seabedMarginSamples(30, 20, 'half-patch')).toBe(30);
    expect(seabedMarginSamples(5, 48, 'half-patch')).toBe(24);
    const half = (await presentLine(line, { seabedMargin: 'half-patch' })).presentation;
    expect(half.maskMarginSamples).toBe(Math.round(half.patchSamples / 2));
    expect(atScale(half, half.scaleFactor * 1.8, 'selected').maskMarginSamples).toBe(
      Math.round(patchSamplesFor(half.scaleFactor * 1.8) / 2),
    );
    expect(seabedMarginFor('realistic')).toBe('wavelet');
    expect(seabedMarginFor('paper')).toBe('half-patch');
    expect(seabedMarginFor(undefined)).toBe('half-patch');
    expect(p.seabed?.found).toBe(true);
    expect(p.polarity.polarity).toBe('normal');
    expect(Math.max(...Array.from(data, Math.abs))).toBeLessThanOrEqual(1);
  });

  it('finds the seabed of a line whose wavelet is rotated near 90° (the first lobe the picker takes changes sign)', async () => {
    const line = fixtureLine({ period: 10, noise: 0.05, seed: 1 });
    const { traces } = line;
    const p = (await presentLine(rotatedNear90(line))).presentation;
    expect(Math.abs(p.polarity.score)).toBeLessThan(MIN_SEABED_POLARITY_SCORE);
    expect(p.seabed?.found).toBe(true);
    expect(p.polarity.polarity).toBe('unknown');
    expect(p.flipped).toBe(false);
    let near = 0;
    for (let t = 0; t < traces; t++) if (Math.abs(p.seabed!.samples[t]! - line.seabed[t]!) <= 10) near++;
    expect(near / traces).toBeGreaterThan(0.95);
  });

  it('does not take the edge of a mute (land data) for a seabed', async () => {
    const line = fixtureLine({ period: 10, seabedTop: 0, slope: 0, strata: 200, noise: 0 });
    for (let t = 0; t < line.traces; t++)
      line.data.fill(0, t * line.samples, t * line.samples + 60 + Math.round(t / 4));
    const p = (await presentLine(line)).presentation;
    expect(p.seabed?.found).toBe(false);
    expect(p.seabed?.reason).toMatch(/changes sign along the line|no quiet water column/);
    expect(p.polarity.polarity).toBe('unknown');
  });

  it("flips a line whose seabed reads negative first by default ('auto'), and keeps it as recorded when told", async () => {
    const line = fixtureLine({ period: 10 });
    const normal = (await presentLine(line)).presentation;
    expect(normal).toMatchObject({ flipped: false, flipSource: 'auto', polarity: { polarity: 'normal' } });
    const reversed = { ...line, data: line.data.map((v) => -v) };
    const auto = await presentLine(reversed);
    expect(auto.presentation).toMatchObject({ flipped: true, flipSource: 'auto', polarity: { polarity: 'normal' } });
    // Flipped automatically, the reversed line is shown exactly as the recorded normal one.
    const shown = await presentLine(line);
    expect(Array.from(auto.data)).toEqual(Array.from(shown.data));
    const kept = (await presentLine(reversed, { flipPolarity: false })).presentation;
    expect(kept).toMatchObject({ flipped: false, flipSource: 'given', polarity: { polarity: 'reversed' } });
    // No seabed, no reading: nothing is flipped.
    expect((await presentLine(reversed, { seabed: 'off' })).presentation.flipped).toBe(false);
  });

  it('flips when asked, honours a given scale, a user pick and no mask', async () => {
    const line = fixtureLine({ period: 10 });
    const flipped = await presentLine(line, { flipPolarity: true, scale: 1 });
    expect(flipped.presentation).toMatchObject({
      flipped: true,
      flipSource: 'given',
      polarity: { polarity: 'reversed' },
    });
    expect(flipped.presentation.scaleFactor).toBe(1);
    expect(flipped.presentation.patchSamples).toBe(48);
    const user = new Float32Array(line.traces).fill(90);
    expect((await presentLine(line, { seabed: user })).presentation.seabed).toMatchObject({
      source: 'user',
      found: true,
    });
    expect((await presentLine(line, { seabed: 'off' })).presentation.seabed).toBeNull();
    await expect(presentLine(line, { seabed: new Float32Array(3) })).rejects.toThrow(
      /3 picks for a line of 120 traces/,
    );
    await expect(presentLine(line, { scale: -1 })).rejects.toThrow(/positive/);
  });

  it('widens the keep-polarity bound by LINE_BOUND_GAIN for the network, and reads the seabed on the plain bound', async () => {
    const line = fixtureLine({ period: 10 });
    const plain = await presentLine(line, { boundGain: 1 });
    const shown = await presentLine(line);
    expect(LINE_BOUND_GAIN).toBeGreaterThan(1);
    expect(shown.presentation.boundGain).toBe(LINE_BOUND_GAIN);
    // The seed's bound over the (trend-removed) line, as the plain presentation uses it; the default divides by more.
    const seed = keepPolarityScale(plain.data.map((v) => v * plain.presentation.symmetricBound));
    expect(seed.symmetricBound / plain.presentation.symmetricBound).toBeCloseTo(1, 5);
    expect(shown.presentation.symmetricBound / plain.presentation.symmetricBound).toBeCloseTo(LINE_BOUND_GAIN, 6);
    // Same clip limits and divisor, times the gain: nothing below the widened bound is clipped.
    const restored = plain.data.map((v) => v * plain.presentation.symmetricBound);
    const widened = {
      ...seed,
      min: seed.min * LINE_BOUND_GAIN,
      max: seed.max * LINE_BOUND_GAIN,
      symmetricBound: seed.symmetricBound * LINE_BOUND_GAIN,
    };
    const expected = applyKeepPolarity(restored, widened, new Float32Array(restored.length));
    const largest = (a: Float32Array): number => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(largest(plain.data)).toBeCloseTo(1, 5);
    expect(largest(shown.data)).toBeLessThanOrEqual(1);
    for (let i = 0; i < shown.data.length; i += 97) {
      if (Math.abs(restored[i]!) < 0.99 * seed.symmetricBound) expect(shown.data[i]).toBeCloseTo(expected[i]!, 5);
    }
    // Everything else is decided as before: the seabed pick, polarity, scale and masks do not depend on the gain.
    const { boundGain: _g, symmetricBound: _s, ...rest } = shown.presentation;
    const { boundGain: _pg, symmetricBound: _ps, ...plainRest } = plain.presentation;
    expect(rest).toEqual(plainRest);
    await expect(presentLine(line, { boundGain: 0 })).rejects.toThrow(/bound gain must be a positive number/);
  });

  it('clamps an automatic factor to the trusted range', async () => {
    const line = fixtureLine({ period: 3, samples: 300 });
    const f = (await presentLine(line)).presentation.scaleFactor;
    expect(f).toBeGreaterThanOrEqual(SCALE_LIMITS[0]);
    expect(f).toBeLessThanOrEqual(SCALE_LIMITS[1]);
  });
});
