/**
 * Issue 16 part 1: searches validate and rank on test-profile patches by default (the authors' protocol), the old
 * train-profile split stays an option, and stored settings or result files without the field keep meaning it.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DATASET_SETTINGS,
  QUICK_DATASET_SETTINGS,
  VALIDATION_SETS,
  generatorOf,
  trainCount,
  validateDatasetSettings,
  validationSetOf,
  type DatasetSettings,
} from '../../../src/core/dataset-settings';
import {
  DEFAULT_SEARCH_SETTINGS,
  QUICK_SEARCH_SETTINGS,
  validateSearchSettings,
  type SearchSettings,
} from '../../../src/core/search/settings';
import { parseRunResults, runResultsCsv, runResultsJson } from '../../../src/core/search/results-export';
import { leaderboardRows } from '../../../src/app/leaderboard-rows';
import { sampleCandidate, specId } from '../../../src/core/model';
import type { CandidateRecord } from '../../../src/db/schema';

describe('validation set and generator settings', () => {
  it('defaults to test-profile validation and the paper generator for new data sets and searches', () => {
    for (const s of [DEFAULT_DATASET_SETTINGS, QUICK_DATASET_SETTINGS]) {
      expect(validationSetOf(s)).toBe('test-profile');
      expect(generatorOf(s)).toBe('paper');
    }
    for (const s of [DEFAULT_SEARCH_SETTINGS, QUICK_SEARCH_SETTINGS]) {
      expect(s.dataset.validation).toBe('test-profile');
      expect(s.dataset.generator).toBe('paper');
    }
  });

  it('reads settings stored before the fields existed as the old split and the paper generator', () => {
    const old: DatasetSettings = { seed: 1, size: 2000, valFraction: 0.15, testSize: 400 };
    expect(validationSetOf(old)).toBe('train-split');
    expect(generatorOf(old)).toBe('paper');
    expect(validateDatasetSettings(old)).toEqual({});
    // A seed past 2^53 - 1 is refused naming the range (it is whole and ≥ 0, so "≥ 0" alone would puzzle).
    for (const seed of [2 ** 53 + 2, -1, 1.5])
      expect(validateDatasetSettings({ ...old, seed }).seed).toBe(
        'Seed must be a whole number from 0 to 9,007,199,254,740,991.',
      );
    expect(validateDatasetSettings({ ...old, seed: 2 ** 53 - 1 }).seed).toBeUndefined();
    const oldSearch = {
      ...DEFAULT_SEARCH_SETTINGS,
      dataset: { size: 2000, valFraction: 0.15, testSize: 400 },
    } as SearchSettings;
    expect(validateSearchSettings(oldSearch)).toEqual({});
  });

  it('accepts both validation sets and both generators, refuses others naming the field', () => {
    for (const validation of VALIDATION_SETS) {
      for (const generator of ['paper', 'realistic'] as const) {
        expect(
          validateSearchSettings({
            ...DEFAULT_SEARCH_SETTINGS,
            dataset: { ...DEFAULT_SEARCH_SETTINGS.dataset, validation, generator },
          }),
        ).toEqual({});
      }
    }
    const bad = validateSearchSettings({
      ...DEFAULT_SEARCH_SETTINGS,
      dataset: {
        ...DEFAULT_SEARCH_SETTINGS.dataset,
        validation: 'train' as 'train-split',
        generator: 'nice' as 'paper',
      },
    });
    expect(bad.validation).toMatch(/test-profile, train-split/);
    expect(bad.generator).toMatch(/paper, realistic/);
  });

  it('keeps the training count whichever set validates', () => {
    expect(trainCount({ size: 2000, valFraction: 0.15 })).toBe(1700);
  });
});

describe('the data set memory limit', () => {
  it('is said at the field that asks for most of it', () => {
    const base = { seed: 1, size: 2000, valFraction: 0.15, testSize: 400 };
    const test = validateDatasetSettings({ ...base, testSize: 1e9 });
    expect(Object.keys(test)).toEqual(['testSize']);
    expect(test.testSize).toMatch(
      /^1,000,002,000 patches \(data set and test set\) need [\d,]+ MB, more than the 1,024 MB/,
    );
    expect(Object.keys(validateDatasetSettings({ ...base, size: 1e9 }))).toEqual(['size']);
  });
});

describe('which set the scores come from, in the leaderboard and exports', () => {
  const spec = sampleCandidate(1, 0);
  const result = {
    meanTop5: 0.9,
    meanTop3: 0.91,
    max: 0.93,
    curves: { train: [], val: [] },
    params: 123,
    macs: 456,
    steps: 1,
    epochs: 1,
    stoppedBy: 'max-epochs' as const,
    trainSeconds: 2,
    trainSamplesPerS: 32,
    inferPatchesPerS: 100,
  };
  const cands = [{ index: 0, id: specId(spec), spec, status: 'finished', backend: 'wasm', result, origin: 'local' }];

  it("leaderboard rows carry the run's validation set", () => {
    const records: CandidateRecord[] = [
      { runId: 'r', index: 0, id: specId(spec), spec, status: 'finished', updatedAt: 1, result, origin: 'local' },
    ];
    expect(leaderboardRows(records, 'test-profile')[0]?.valSet).toBe('test-profile');
    expect(leaderboardRows(records, 'train-split')[0]?.valSet).toBe('train-split');
  });

  it('the JSON export states it, derived from the settings; old files without it still parse', () => {
    const run = { id: 'r', name: 'n', createdAt: 1, settings: DEFAULT_SEARCH_SETTINGS, origin: 'local' };
    const parsed = parseRunResults(runResultsJson(run, cands));
    expect(parsed.run.scoresFrom).toBe('test-profile');
    const oldSettings = {
      ...DEFAULT_SEARCH_SETTINGS,
      dataset: { size: 2000, valFraction: 0.15, testSize: 400 },
    } as SearchSettings;
    expect(parseRunResults(runResultsJson({ ...run, settings: oldSettings }, cands)).run.scoresFrom).toBe(
      'train-split',
    );
    const file = JSON.parse(runResultsJson(run, cands)) as { run: Record<string, unknown> };
    delete file.run.scoresFrom;
    expect(parseRunResults(JSON.stringify(file)).run.scoresFrom).toBeUndefined();
  });

  it('refuses a file whose scoresFrom is unknown or contradicts its settings', () => {
    const run = { id: 'r', name: 'n', createdAt: 1, settings: DEFAULT_SEARCH_SETTINGS, origin: 'local' };
    const file = JSON.parse(runResultsJson(run, cands)) as { run: Record<string, unknown> };
    expect(() => parseRunResults(JSON.stringify({ ...file, run: { ...file.run, scoresFrom: 'train-split' } }))).toThrow(
      /contradicts/,
    );
    expect(() => parseRunResults(JSON.stringify({ ...file, run: { ...file.run, scoresFrom: 'somewhere' } }))).toThrow(
      /scoresFrom/,
    );
  });

  it('sends a model file given as results to the model importer', () => {
    expect(() => parseRunResults(JSON.stringify({ format: 'seismicpatchnet-model', formatVersion: 1 }))).toThrow(
      /this is a model file, not a search run's results file: import it with "Import a model"/,
    );
  });

  it('the CSV has a val_set column', () => {
    const [header, row] = runResultsCsv(cands, 'test-profile').trim().split('\n');
    expect(header!.split(',').at(-1)).toBe('val_set');
    expect(row!.split(',').at(-1)).toBe('test-profile');
    expect(runResultsCsv(cands, 'train-split').trim().split('\n')[1]!.endsWith(',train-split')).toBe(true);
  });
});
