import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DATASET_DRAFT,
  datasetDraftFrom,
  isDatasetSeed,
  type DatasetDraft,
} from '../../src/core/dataset-draft';

describe('datasetDraftFrom', () => {
  it("gives back the Data view's fields as stored, valid or not", () => {
    const typed: DatasetDraft = {
      seed: -3, // wrong: the view shows its message again
      profile: 'test',
      generator: 'realistic',
      colormap: 'rwb',
      enabled: ['blur', 'dropout'],
      only: 'elastic',
      validation: 'train-split',
      size: 900,
      testSize: 5,
    };
    expect(datasetDraftFrom(JSON.stringify(typed))).toEqual(typed);
    expect(datasetDraftFrom(JSON.stringify(DEFAULT_DATASET_DRAFT))).toEqual(DEFAULT_DATASET_DRAFT);
  });

  it('keeps an emptied field empty (NaN, which JSON writes as null) and no augmentation as none', () => {
    const back = datasetDraftFrom(JSON.stringify({ ...DEFAULT_DATASET_DRAFT, seed: NaN, size: NaN, enabled: [] }));
    expect(back?.seed).toBeNaN();
    expect(back?.size).toBeNaN();
    expect(back?.enabled).toEqual([]);
  });

  it('takes the default for each field it cannot read, and drops augmentations it does not know', () => {
    const odd = {
      seed: '7',
      profile: 'hard',
      generator: 'gan',
      colormap: 'viridis',
      enabled: ['noise', 'sharpen', 'blur'],
      only: 'sharpen',
      validation: 3,
      size: 900,
      extra: 'ignored',
    };
    expect(datasetDraftFrom(JSON.stringify(odd))).toEqual({
      ...DEFAULT_DATASET_DRAFT,
      enabled: ['blur', 'noise'],
      size: 900,
    });
    expect(datasetDraftFrom(JSON.stringify({ enabled: 'blur' }))?.enabled).toEqual(DEFAULT_DATASET_DRAFT.enabled);
  });

  it('reads no draft from nothing, from text that is not JSON, or from JSON that is not an object', () => {
    for (const json of [null, '', '{', '[]', 'null', '42']) expect(datasetDraftFrom(json)).toBeNull();
  });
});

describe('isDatasetSeed', () => {
  it('takes whole numbers from 0 and nothing else', () => {
    expect([0, 1, 2 ** 40].every(isDatasetSeed)).toBe(true);
    expect([-1, 1.5, NaN, Infinity, 2 ** 53].some(isDatasetSeed)).toBe(false);
  });
});
