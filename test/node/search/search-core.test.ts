import { describe, expect, it } from 'vitest';
import { DEFAULT_ASHA, ashaShouldStop, prunedSavings, rungCrossed, rungs } from '../../../src/core/search/asha';
import { paretoFront, rankCandidates, topKChanges } from '../../../src/core/search/leaderboard';
import {
  DEFAULT_SEARCH_SETTINGS,
  QUICK_SEARCH_SETTINGS,
  validateSearchSettings,
} from '../../../src/core/search/settings';
import { parseRunResults, runResultsCsv, runResultsJson } from '../../../src/core/search/results-export';
import { sampleCandidate, specId } from '../../../src/core/model';
import type { CandidateResult } from '../../../src/core/train/trainer';

describe('ASHA', () => {
  it('rungs grow by eta from the first budget and are crossed once between validations', () => {
    expect(rungs(DEFAULT_ASHA, 1000)).toEqual([30, 90, 270, 810]);
    expect(rungCrossed(DEFAULT_ASHA, 1000, 20, 30)).toBe(30);
    expect(rungCrossed(DEFAULT_ASHA, 1000, 30, 40)).toBeNull();
    expect(rungCrossed(DEFAULT_ASHA, 1000, 80, 100)).toBe(90);
  });
  it('stops a candidate in the bottom part of its rung, never without enough peers', () => {
    expect(ashaShouldStop(DEFAULT_ASHA, 0.5, [0.9])).toBe(false); // too few peers
    expect(ashaShouldStop(DEFAULT_ASHA, 0.5, [0.9, 0.8])).toBe(true); // top 1 of 3 continues
    expect(ashaShouldStop(DEFAULT_ASHA, 0.95, [0.9, 0.8])).toBe(false);
    // 6 results: the top 2 continue.
    expect(ashaShouldStop(DEFAULT_ASHA, 0.85, [0.9, 0.8, 0.7, 0.6, 0.95])).toBe(true);
    expect(ashaShouldStop(DEFAULT_ASHA, 0.92, [0.9, 0.8, 0.7, 0.6, 0.95])).toBe(false);
  });
  it('estimates saved minutes from the median full length and the mean step time', () => {
    const r = prunedSavings([
      { steps: 100, trainSeconds: 100, pruned: false },
      { steps: 100, trainSeconds: 100, pruned: false },
      { steps: 30, trainSeconds: 30, pruned: true },
    ]);
    expect(r.prunedCount).toBe(1);
    expect(r.savedMinutes).toBeCloseTo((70 * 1) / 60, 10);
    expect(prunedSavings([{ steps: 10, trainSeconds: 5, pruned: false }]).savedMinutes).toBe(0);
  });
});

describe('leaderboard', () => {
  const items = [
    { id: 'a', meanTop5: 0.9, params: 1000 },
    { id: 'b', meanTop5: 0.95, params: 5000 },
    { id: 'c', meanTop5: 0.85, params: 2000 },
    { id: 'd', meanTop5: NaN, params: 10 },
    { id: 'e', meanTop5: 0.9, params: 800 },
  ];
  it('ranks by mean top-5, then fewer parameters, unscored last', () => {
    expect(rankCandidates(items).map((c) => c.id)).toEqual(['b', 'e', 'a', 'c', 'd']);
  });
  it('marks the Pareto front of accuracy vs parameters', () => {
    expect([...paretoFront(items)].sort()).toEqual(['b', 'e']);
  });
  it('keeps the best k weights and drops the rest', () => {
    expect(topKChanges(['b', 'e', 'a'], new Set(['a', 'c']), 2)).toEqual({ keep: ['b', 'e'], drop: ['a', 'c'] });
  });
});

describe('search settings', () => {
  it('accepts the defaults and the quick preset, refuses bad fields with messages', () => {
    expect(validateSearchSettings(DEFAULT_SEARCH_SETTINGS)).toEqual({});
    expect(validateSearchSettings(QUICK_SEARCH_SETTINGS)).toEqual({});
    const e = validateSearchSettings({
      ...DEFAULT_SEARCH_SETTINGS,
      seed: -1,
      limit: { kind: 'count', candidates: 0 },
      maxEpochs: 0,
      workers: 99,
      widthFactor: 0,
      dataset: { ...DEFAULT_SEARCH_SETTINGS.dataset, size: 0 },
    });
    expect(Object.keys(e).sort()).toEqual(['candidates', 'datasetSize', 'maxEpochs', 'seed', 'widthFactor', 'workers']);
    expect(
      validateSearchSettings({ ...DEFAULT_SEARCH_SETTINGS, limit: { kind: 'time', minutes: -5 } }).minutes,
    ).toMatch(/Time budget/);
  });
});

describe('run results export/import', () => {
  const spec = sampleCandidate(1, 0);
  const result: CandidateResult = {
    meanTop5: 0.9,
    meanTop3: 0.91,
    max: 0.93,
    curves: { train: [{ step: 1, loss: 0.7, acc: 0.5 }], val: [{ step: 1, loss: 0.6, acc: 0.93 }] },
    params: 123,
    macs: 456,
    steps: 1,
    epochs: 1,
    stoppedBy: 'max-epochs',
    trainSeconds: 2,
    trainSamplesPerS: 32,
    inferPatchesPerS: 100,
  };
  const run = { id: 'run-x', name: 'r, "quoted"', createdAt: 1, settings: DEFAULT_SEARCH_SETTINGS, origin: 'local' };
  const cands = [
    { index: 0, id: specId(spec), spec, status: 'finished', backend: 'wasm', result, origin: 'local' },
    { index: 1, id: specId(sampleCandidate(1, 1)), spec: sampleCandidate(1, 1), status: 'queued', origin: 'local' },
  ];
  it('round-trips done candidates through JSON and leaves out unfinished ones', () => {
    const parsed = parseRunResults(runResultsJson(run, cands));
    expect(parsed.candidates).toHaveLength(1);
    expect(parsed.candidates[0]?.result?.meanTop5).toBe(0.9);
    expect(parsed.run.origin).toBe('run run-x');
  });
  it('writes one CSV row per candidate with quoting', () => {
    const csv = runResultsCsv(cands, 'test-profile').trim().split('\n');
    expect(csv).toHaveLength(3);
    expect(csv[1]).toContain(',0.9,0.91,0.93,');
  });
  it('refuses broken files naming the problem', () => {
    const good = JSON.parse(runResultsJson(run, cands)) as { candidates: { id: string; result?: unknown }[] };
    expect(() => parseRunResults('{"format": "x"')).toThrow(/not valid JSON/);
    // An image given as a results file is named, not quoted byte for byte in the message.
    expect(() => parseRunResults('\uFFFDPNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR')).toThrow(
      /^results file: binary data, not JSON text \(a PNG image; a results file is the \.json file a run's "Results JSON" button writes\)$/,
    );
    expect(() => parseRunResults('SEG\u0000\u0001\u0002')).toThrow(/\(a seismic line\?; a results file/);
    expect(() => parseRunResults(JSON.stringify({ ...good, format: 'other' }))).toThrow(/format/);
    expect(() =>
      parseRunResults(JSON.stringify({ ...good, candidates: [{ ...good.candidates[0], id: 'c-0000000000000000' }] })),
    ).toThrow(/does not match its spec/);
    expect(() =>
      parseRunResults(JSON.stringify({ ...good, candidates: [{ ...good.candidates[0], result: undefined }] })),
    ).toThrow(/result: missing/);
    expect(() =>
      parseRunResults(runResultsJson(run, cands).replace('"format"', '"__proto__":{"x":1},"format"')),
    ).toThrow(/forbidden key/);
  });
});
