/**
 * The Data view's fields kept over a reload of the tab (the preview's generator, seed, profile, colormap and
 * augmentation toggles; the build's validation set and sizes), read field by field (`draft-fields.ts`) since a
 * stored draft may come from another app version. Values come back as typed, wrong ones included, so the view
 * shows them with their messages again rather than quietly replacing them.
 */
import type { ColormapName } from './colormap';
import { DEFAULT_DATASET_SETTINGS, VALIDATION_SETS, validationSetOf, type ValidationSet } from './dataset-settings';
import { draftObject, oneOf, subsetOf, typedNumber } from './draft-fields';
import {
  AUGMENTATIONS,
  SYNTHETIC_GENERATORS,
  type AugmentationName,
  type AugmentationProfile,
  type SyntheticGenerator,
} from './synthetic/types';

export interface DatasetDraft {
  /** The preview's seed as typed (NaN: emptied). */
  seed: number;
  profile: AugmentationProfile;
  generator: SyntheticGenerator;
  colormap: ColormapName;
  /** Augmentations switched on for the preview. */
  enabled: AugmentationName[];
  /** One augmentation forced on every previewed patch; '' = off. */
  only: AugmentationName | '';
  validation: ValidationSet;
  /** Training + validation patches to build, as typed. */
  size: number;
  /** Test patches to build, as typed. */
  testSize: number;
}

export const DEFAULT_DATASET_DRAFT: Readonly<DatasetDraft> = {
  seed: DEFAULT_DATASET_SETTINGS.seed,
  profile: 'train',
  generator: 'paper',
  colormap: 'gray',
  enabled: [...AUGMENTATIONS],
  only: '',
  validation: validationSetOf(DEFAULT_DATASET_SETTINGS),
  size: DEFAULT_DATASET_SETTINGS.size,
  testSize: DEFAULT_DATASET_SETTINGS.testSize,
};

/** A seed the preview and the build take: a whole number ≥ 0. */
export function isDatasetSeed(seed: number): boolean {
  return Number.isSafeInteger(seed) && seed >= 0;
}

/** The Data view's fields a stored draft holds, or null when it holds none (not JSON, not an object). */
export function datasetDraftFrom(json: string | null): DatasetDraft | null {
  const v = draftObject(json);
  if (!v) return null;
  const d = DEFAULT_DATASET_DRAFT;
  return {
    seed: typedNumber(v['seed'], d.seed),
    profile: oneOf(v['profile'], ['train', 'test'] as const, d.profile),
    generator: oneOf(v['generator'], SYNTHETIC_GENERATORS, d.generator),
    colormap: oneOf(v['colormap'], ['gray', 'rwb'] as const, d.colormap),
    enabled: subsetOf(v['enabled'], AUGMENTATIONS, d.enabled),
    only: oneOf(v['only'], ['', ...AUGMENTATIONS] as const, d.only),
    validation: oneOf(v['validation'], VALIDATION_SETS, d.validation),
    size: typedNumber(v['size'], d.size),
    testSize: typedNumber(v['testSize'], d.testSize),
  };
}
