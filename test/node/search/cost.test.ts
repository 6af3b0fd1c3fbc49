import { describe, expect, it } from 'vitest';
import {
  PROBE_MACS_PER_SAMPLE,
  ashaReach,
  candidateCosts,
  deviceSpeedFromProbe,
  estimateRunCost,
  formatDuration,
  formatTrainTime,
  formatRange,
  probeLabel,
  runSpecs,
} from '../../../src/core/search/cost';
import { fitOptions } from '../../../src/core/search/fit-budget';
import {
  DEFAULT_SEARCH_SETTINGS,
  QUICK_SEARCH_SETTINGS,
  validateSearchSettings,
  type SearchSettings,
} from '../../../src/core/search/settings';
import { DEFAULT_ASHA, ashaShouldStop } from '../../../src/core/search/asha';
import { countMacs } from '../../../src/core/model';
import { Rng } from '../../../src/core/prng';

const speed = { backend: 'wasm', msPerProbeStep: 20, label: 'wasm, 2 threads', generatorWorkers: 1 };
const tiny: SearchSettings = {
  ...DEFAULT_SEARCH_SETTINGS,
  seed: 7,
  limit: { kind: 'count', candidates: 3 },
  dataset: { size: 120, valFraction: 0.2, testSize: 24 },
  maxEpochs: 1,
  earlyStop: 'none',
  pruning: false,
  backend: 'wasm',
  batchSize: 32,
  widthFactor: 0.06,
};

describe('run cost estimate', () => {
  it('reads the probe: the fastest timed backend for auto, the forced one otherwise, null when unmeasured', () => {
    const probe = [
      { name: 'webgpu', msPerStep: null, note: 'not probed: fallback adapter' },
      { name: 'wasm', msPerStep: 30, note: 'WebAssembly SIMD; wasm: threaded SIMD build, 2 threads; SPN kernels' },
      { name: 'webgl', msPerStep: 12, note: 'renderer: X' },
    ];
    expect(deviceSpeedFromProbe(probe, 'auto', 1)).toMatchObject({
      backend: 'webgl',
      msPerProbeStep: 12,
      label: 'webgl',
    });
    expect(deviceSpeedFromProbe(probe, 'wasm', 3)).toMatchObject({
      backend: 'wasm',
      msPerProbeStep: 30,
      label: 'wasm, 2 threads',
      generatorWorkers: 3,
    });
    expect(deviceSpeedFromProbe(probe, 'webgpu', 1)).toBeNull();
    expect(deviceSpeedFromProbe(null, 'auto', 1)).toBeNull();
    expect(probeLabel('wasm', 'wasm: single-thread SIMD build (the page is not cross-origin isolated)')).toBe(
      'wasm, 1 thread',
    );
  });

  it('probe net multiply-adds match the counting convention (conv out_h*out_w*out_c*in_c*k*k + dense)', () => {
    expect(PROBE_MACS_PER_SAMPLE).toBe(1_229_312 + 903_168 + 32);
  });

  it('ASHA expectation: the first minPeers candidates are never stopped, later ones keep the top 1/eta', () => {
    const reach = ashaReach(6, 2);
    expect(reach[0]).toEqual([1, 1, 1]);
    expect(reach[1]).toEqual([1, 1, 1]);
    // Candidate 2 meets 2 earlier results at rung 1: of 3 the top 1 continues.
    expect(reach[2]![1]).toBeCloseTo(1 / 3, 12);
    // Agrees with the rule itself: the share of ranks ashaShouldStop lets through with the same number of peers.
    for (let peers = 2; peers <= 5; peers++) {
      const kept = Array.from(
        { length: peers + 1 },
        (_, rank) =>
          !ashaShouldStop(
            DEFAULT_ASHA,
            1 - rank / 10,
            Array.from({ length: peers }, (_, j) => 1 - (j + (j >= rank ? 1 : 0)) / 10),
          ),
      ).filter(Boolean).length;
      expect(Math.max(1, Math.floor((peers + 1) / DEFAULT_ASHA.eta)) / (peers + 1)).toBeCloseTo(kept / (peers + 1), 12);
    }
    // Reaching a later rung is never more likely than reaching an earlier one.
    for (const r of reach) for (let k = 1; k < r.length; k++) expect(r[k]!).toBeLessThanOrEqual(r[k - 1]!);
  });

  it('prices the candidates the sampler will draw, by their multiply-adds', () => {
    const costs = candidateCosts(tiny, speed, 3);
    const specs = runSpecs(tiny, 3);
    expect(costs.map((c) => c.macs)).toEqual(specs.map((sp) => countMacs(sp)));
    // 96 training patches at batch 32 = 3 steps per epoch; no pruning: every candidate trains all of them.
    expect(costs.map((c) => c.steps)).toEqual([3, 3, 3]);
    const bigger = costs.map((c) => c.macs);
    const order = (xs: number[]) => xs.map((_, i) => i).sort((a, b) => xs[a]! - xs[b]!);
    expect(order(costs.map((c) => c.seconds))).toEqual(order(bigger));
  });

  it('scales with the probe time, the candidates and the epochs; pruning and early stop only lower it', () => {
    const base = estimateRunCost(QUICK_SEARCH_SETTINGS, speed);
    const slow = estimateRunCost(QUICK_SEARCH_SETTINGS, { ...speed, msPerProbeStep: 40 });
    // Compute scales with the probe's time; part of the per-step overhead (JavaScript dispatch) does not.
    expect(slow.seconds - slow.datasetSeconds).toBeGreaterThan(1.3 * (base.seconds - base.datasetSeconds));
    expect(slow.seconds - slow.datasetSeconds).toBeLessThan(2 * (base.seconds - base.datasetSeconds));
    const more = estimateRunCost({ ...QUICK_SEARCH_SETTINGS, limit: { kind: 'count', candidates: 10 } }, speed);
    expect(more.seconds).toBeGreaterThan(base.seconds);
    const longer = estimateRunCost({ ...QUICK_SEARCH_SETTINGS, maxEpochs: 10 }, speed);
    expect(longer.seconds).toBeGreaterThan(base.seconds);
    const noPrune = estimateRunCost({ ...QUICK_SEARCH_SETTINGS, pruning: false }, speed);
    expect(noPrune.seconds).toBeGreaterThan(base.seconds);
    const noEarly = estimateRunCost({ ...QUICK_SEARCH_SETTINGS, earlyStop: 'none' }, speed);
    expect(noEarly.seconds).toBeCloseTo(base.seconds, 9);
    expect(noEarly.low).toBeGreaterThan(base.low);
    expect(base.low).toBeLessThan(base.seconds);
    expect(base.high).toBeGreaterThan(base.seconds);
  });

  it('says the defaults run for days on a CPU, and prices a time budget near the budget', () => {
    const e = estimateRunCost(DEFAULT_SEARCH_SETTINGS, speed);
    expect(e.seconds).toBeGreaterThan(24 * 3600);
    const t = estimateRunCost({ ...QUICK_SEARCH_SETTINGS, limit: { kind: 'time', minutes: 30 } }, speed);
    expect(t.low).toBeGreaterThanOrEqual(30 * 60);
    expect(t.high).toBeGreaterThan(t.seconds);
    expect(t.candidates).toBeGreaterThan(5);
    // Tiny candidates, far more than the 200 priced one by one, fill the budget: priced at the budget, not below it.
    const tiny = {
      ...QUICK_SEARCH_SETTINGS,
      dataset: { size: 20, valFraction: 0.2, testSize: 0 },
      maxEpochs: 1,
      widthFactor: 0.01,
      limit: { kind: 'time' as const, minutes: 5 },
    };
    const many = estimateRunCost(tiny, speed);
    expect(many.candidates).toBeGreaterThan(200);
    expect(many.low).toBeGreaterThanOrEqual(5 * 60);
    expect(many.seconds).toBeLessThan(many.high);
    expect(many.basis).toMatch(/^time budget of 5 min: about [\d,]+ candidates fit; /);
  });

  it("formats a candidate's train time without a 60 in the seconds", () => {
    expect(formatTrainTime(12.34)).toBe('12.3 s');
    expect(formatTrainTime(59.97)).toBe('1 min 0 s');
    expect(formatTrainTime(119.7)).toBe('2 min 0 s');
    expect(formatTrainTime(125.4)).toBe('2 min 5 s');
    expect(formatTrainTime(NaN)).toBe('—');
  });

  it('formats durations at the scale people plan with', () => {
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(600)).toBe('10 min');
    expect(formatDuration(9.3 * 3600)).toBe('9.3 h');
    expect(formatDuration(3 * 86400)).toBe('3.0 days');
    expect(formatRange(9 * 3600, 14 * 3600)).toBe('9.0–14 h');
    expect(formatRange(40, 150)).toBe('40 s–3 min');
    expect(formatRange(1, 1.2)).toBe('1 s'); // not "1–1 s"
  });
});

describe('fit in a budget', () => {
  it('offers nothing when the run already fits', () => {
    expect(fitOptions(tiny, speed, 3600)).toEqual([]);
  });

  it('each single option changes one setting, fits the budget, is valid, and is the mildest such change', () => {
    const s: SearchSettings = { ...QUICK_SEARCH_SETTINGS, limit: { kind: 'count', candidates: 80 }, maxEpochs: 30 };
    const budget = 3600;
    expect(estimateRunCost(s, speed).seconds).toBeGreaterThan(budget);
    const opts = fitOptions(s, speed, budget);
    expect(opts.map((o) => o.kind)).toEqual(expect.arrayContaining(['candidates', 'epochs', 'time']));
    for (const o of opts) {
      expect(o.estimate.seconds).toBeLessThanOrEqual(budget);
      expect(validateSearchSettings(o.settings)).toEqual({});
      expect(o.trade.length).toBeGreaterThan(20);
    }
    const n = opts.find((o) => o.kind === 'candidates')!;
    const count = n.settings.limit.kind === 'count' ? n.settings.limit.candidates : 0;
    expect({ ...n.settings, limit: s.limit }).toEqual(s);
    expect(estimateRunCost({ ...s, limit: { kind: 'count', candidates: count + 1 } }, speed).seconds).toBeGreaterThan(
      budget,
    );
    const e = opts.find((o) => o.kind === 'epochs')!;
    expect({ ...e.settings, maxEpochs: s.maxEpochs }).toEqual(s);
    expect(estimateRunCost({ ...s, maxEpochs: e.settings.maxEpochs + 1 }, speed).seconds).toBeGreaterThan(budget);
  });

  it('combines cuts when no single one is enough (the defaults on a CPU)', () => {
    const opts = fitOptions(DEFAULT_SEARCH_SETTINGS, speed, 3600);
    expect(opts.length).toBeGreaterThan(0);
    for (const o of opts) expect(o.estimate.seconds).toBeLessThanOrEqual(3600);
    // Random probe speeds: whatever is offered fits.
    const rng = new Rng(3);
    for (let i = 0; i < 10; i++) {
      const sp = { ...speed, msPerProbeStep: 2 + rng.next() * 60 };
      for (const o of fitOptions(DEFAULT_SEARCH_SETTINGS, sp, 3600))
        expect(o.estimate.seconds).toBeLessThanOrEqual(3600);
    }
  });
});
