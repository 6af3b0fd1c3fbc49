import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SEARCH_SETTINGS,
  QUICK_SEARCH_SETTINGS,
  quickSettingsFrom,
  validateSearchSettings,
  type SearchSettings,
} from '../../../src/core/search/settings';

describe('quickSettingsFrom (the Quick preset)', () => {
  it('makes the search small and fast but keeps the kind of patches, the seed and the device chosen', () => {
    const chosen: SearchSettings = {
      ...DEFAULT_SEARCH_SETTINGS,
      seed: 42,
      backend: 'wasm',
      limit: { kind: 'time', minutes: 90 },
      dataset: { ...DEFAULT_SEARCH_SETTINGS.dataset, generator: 'realistic', validation: 'train-split', size: 50_000 },
      maxEpochs: 40,
      widthFactor: 1,
    };
    const quick = quickSettingsFrom(chosen);
    expect(quick).toEqual({
      ...QUICK_SEARCH_SETTINGS,
      seed: 42,
      backend: 'wasm',
      dataset: { ...QUICK_SEARCH_SETTINGS.dataset, generator: 'realistic', validation: 'train-split' },
    });
    expect(validateSearchSettings(quick)).toEqual({});
    // Settings stored before the generator and validation fields existed read as the paper generator and the old split.
    const old = quickSettingsFrom({ ...chosen, dataset: { size: 900, valFraction: 0.15, testSize: 100 } });
    expect([old.dataset.generator, old.dataset.validation]).toEqual(['paper', 'train-split']);
    // The preset's own object is never handed out (the form edits what it gets).
    expect(quick.limit).not.toBe(QUICK_SEARCH_SETTINGS.limit);
    expect(quick.dataset).not.toBe(QUICK_SEARCH_SETTINGS.dataset);
  });
});
