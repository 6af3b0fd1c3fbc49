/**
 * Settings of a search data set: N patches split 85/15 into training (train profile) and validation, plus a
 * held-out test set of the stronger test profile. Validation patches are, by default, test-profile patches as
 * in the authors' search script (spn-reference §3: their validation set IS the test data set), so early stopping
 * and the mean top-5 ranking mean what the paper means; 'train-split' (held-out train-profile patches) is the
 * older protocol, still what stored settings without the field mean. Validation returns one message per bad
 * field, so forms can show each next to its input.
 */
import { PATCH_CELLS, SYNTHETIC_GENERATORS, type SyntheticGenerator } from './synthetic/types';

/**
 * Which patches validate (and so rank) candidates: 'test-profile' = size·valFraction patches of the stronger
 * test profile (the paper's protocol), drawn from the test-profile stream before the held-out test set;
 * 'train-split' = the last size·valFraction patches of the train-profile set (held-out training patches).
 */
export type ValidationSet = 'test-profile' | 'train-split';
export const VALIDATION_SETS: readonly ValidationSet[] = ['test-profile', 'train-split'];
/** How each validation set is named in tables and exports. */
export const VALIDATION_SET_LABELS: Readonly<Record<ValidationSet, string>> = {
  // The authors' protocol, whichever generator made the patches ("(paper)" read as the paper generator).
  'test-profile': "test-profile patches (the authors' protocol)",
  'train-split': 'held-out train-profile patches',
};

export interface DatasetSettings {
  /** Integer seed of the generator. */
  seed: number;
  /** Patches of the train profile (training + validation). */
  size: number;
  /** Fraction of `size` used for validation (0.15 in the paper's demo). */
  valFraction: number;
  /** Patches of the held-out test set (test profile). */
  testSize: number;
  /** Validation patches; absent (settings stored before it existed) = 'train-split'. See {@link validationSetOf}. */
  validation?: ValidationSet;
  /** Patch generator; absent = 'paper'. See {@link generatorOf}. */
  generator?: SyntheticGenerator;
}

export const DEFAULT_DATASET_SETTINGS: DatasetSettings = {
  seed: 1,
  size: 20_000,
  valFraction: 0.15,
  testSize: 2_000,
  validation: 'test-profile',
  generator: 'paper',
};

/** Quick preset: the authors' demo size. */
export const QUICK_DATASET_SETTINGS: DatasetSettings = {
  seed: 1,
  size: 2_000,
  valFraction: 0.15,
  testSize: 400,
  validation: 'test-profile',
  generator: 'paper',
};

/** The validation set of (possibly old, stored) settings: without the field, the old train-profile split. */
export function validationSetOf(s: Pick<DatasetSettings, 'validation'>): ValidationSet {
  return s.validation ?? 'train-split';
}

/** The generator of (possibly old, stored) settings: without the field, the paper's. */
export function generatorOf(s: Pick<DatasetSettings, 'generator'>): SyntheticGenerator {
  return s.generator ?? 'paper';
}

/** Memory a tab may spend on one data set's patches (48x48 float32), in bytes. */
export const DATASET_MEMORY_LIMIT = 1024 ** 3;

export type FieldErrors<T> = Partial<Record<keyof T, string>>;

/** Bytes of float32 patch storage for these settings. */
export function datasetBytes(s: Pick<DatasetSettings, 'size' | 'testSize'>): number {
  return (s.size + s.testSize) * PATCH_CELLS * 4;
}

/**
 * What a seed may be, said with its upper end: beyond 2^53 - 1 a number no longer holds every whole value, so two
 * seeds typed differently would make the same patches.
 */
export const SEED_MESSAGE = 'Seed must be a whole number from 0 to 9,007,199,254,740,991.';

export function validateDatasetSettings(s: DatasetSettings): FieldErrors<DatasetSettings> {
  const errors: FieldErrors<DatasetSettings> = {};
  if (!Number.isSafeInteger(s.seed) || s.seed < 0) errors.seed = SEED_MESSAGE;
  if (!Number.isInteger(s.size) || s.size <= 0) errors.size = 'Data set size must be a whole number > 0.';
  else if (s.size < 20)
    errors.size = 'Data set size must be at least 20 patches (training and validation both need some).';
  if (!(s.valFraction > 0 && s.valFraction < 1)) errors.valFraction = 'Validation fraction must be between 0 and 1.';
  if (!Number.isInteger(s.testSize) || s.testSize < 0) errors.testSize = 'Test set size must be a whole number ≥ 0.';
  if (s.validation !== undefined && !VALIDATION_SETS.includes(s.validation))
    errors.validation = `Validation set must be one of ${VALIDATION_SETS.join(', ')}.`;
  if (s.generator !== undefined && !SYNTHETIC_GENERATORS.includes(s.generator))
    errors.generator = `Generator must be one of ${SYNTHETIC_GENERATORS.join(', ')}.`;
  if (!errors.size && !errors.testSize && datasetBytes(s) > DATASET_MEMORY_LIMIT) {
    const mb = Math.round(datasetBytes(s) / 1024 ** 2);
    // Said at the field that asks for most of it (a huge test set is the test set field's problem).
    const message = `${(s.size + s.testSize).toLocaleString('en')} patches (data set and test set) need ${mb.toLocaleString('en')} MB, more than the ${(DATASET_MEMORY_LIMIT / 1024 ** 2).toLocaleString('en')} MB a tab may use for data; choose fewer.`;
    if (s.testSize > s.size) errors.testSize = message;
    else errors.size = message;
  }
  return errors;
}

/** Number of training patches (the rest of `size` is validation, of the train or the test profile). */
export function trainCount(s: Pick<DatasetSettings, 'size' | 'valFraction'>): number {
  return s.size - Math.max(1, Math.round(s.size * s.valFraction));
}

/**
 * Index in the test profile's patch sequence (seed, i, 'test') of held-out test patch `i` of a search data set:
 * with 'test-profile' validation the validation patches come first (see src/app/search-dataset.ts).
 */
export function testPatchIndex(s: Pick<DatasetSettings, 'size' | 'valFraction' | 'validation'>, i: number): number {
  return validationSetOf(s) === 'train-split' ? i : s.size - trainCount(s) + i;
}
