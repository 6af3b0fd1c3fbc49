import { describe, expect, it } from 'vitest';
import { searchSettingsFromDraft } from '../../../src/core/search/settings-draft';
import { DEFAULT_SEARCH_SETTINGS, QUICK_SEARCH_SETTINGS, type SearchSettings } from '../../../src/core/search/settings';

describe('searchSettingsFromDraft', () => {
  it('gives back the settings stored, whatever they are, valid or not', () => {
    const typed: SearchSettings = {
      ...QUICK_SEARCH_SETTINGS,
      seed: 7,
      limit: { kind: 'time', minutes: 12.5 },
      dataset: { size: 900, valFraction: 0.2, testSize: 300, validation: 'train-split', generator: 'realistic' },
      earlyStop: 'none',
      pruning: false,
      workers: 0, // wrong: the form marks it again
      backend: 'wasm',
      learningRate: 3e-4,
    };
    expect(searchSettingsFromDraft(JSON.stringify(typed))).toEqual(typed);
    expect(searchSettingsFromDraft(JSON.stringify(DEFAULT_SEARCH_SETTINGS))).toEqual(DEFAULT_SEARCH_SETTINGS);
  });

  it('keeps an emptied field empty (NaN, which JSON writes as null)', () => {
    const emptied = { ...DEFAULT_SEARCH_SETTINGS, batchSize: NaN, limit: { kind: 'count', candidates: NaN } };
    const back = searchSettingsFromDraft(JSON.stringify(emptied));
    expect(back?.batchSize).toBeNaN();
    expect(back?.limit).toEqual({ kind: 'count', candidates: NaN });
  });

  it('takes the default for each field it cannot read, and nothing from what it does not know', () => {
    const odd = {
      seed: '7',
      limit: { kind: 'forever' },
      dataset: { size: 900, generator: 'gan', validation: 3 },
      backend: 'tpu',
      earlyStop: 'never',
      pruning: 'yes',
      workers: 2,
      extra: 'ignored',
    };
    expect(searchSettingsFromDraft(JSON.stringify(odd))).toEqual({
      ...DEFAULT_SEARCH_SETTINGS,
      workers: 2,
      dataset: { ...DEFAULT_SEARCH_SETTINGS.dataset, size: 900 },
    });
  });

  it('holds nothing when there is no draft, or it is not a JSON object', () => {
    for (const stored of [null, '', '{not json', '[1,2]', '42', 'null', '"settings"'])
      expect(searchSettingsFromDraft(stored)).toBeNull();
  });
});
