/**
 * Settings of a search data set: N patches of the train profile split 85/15 into training and validation,
 * plus a held-out test set of the stronger test profile. Validation returns one message per bad field,
 * so forms can show each next to its input.
 */
import { PATCH_CELLS } from './synthetic/types';

export interface DatasetSettings {
  /** Integer seed of the generator. */
  seed: number;
  /** Patches of the train profile (training + validation). */
  size: number;
  /** Fraction of `size` used for validation (0.15 in the paper's demo). */
  valFraction: number;
  /** Patches of the held-out test set (test profile). */
  testSize: number;
}

export const DEFAULT_DATASET_SETTINGS: DatasetSettings = { seed: 1, size: 20_000, valFraction: 0.15, testSize: 2_000 };

/** Quick preset: the authors' demo size. */
export const QUICK_DATASET_SETTINGS: DatasetSettings = { seed: 1, size: 2_000, valFraction: 0.15, testSize: 400 };

/** Memory a tab may spend on one data set's patches (48x48 float32), in bytes. */
export const DATASET_MEMORY_LIMIT = 1024 ** 3;

export type FieldErrors<T> = Partial<Record<keyof T, string>>;

/** Bytes of float32 patch storage for these settings. */
export function datasetBytes(s: Pick<DatasetSettings, 'size' | 'testSize'>): number {
  return (s.size + s.testSize) * PATCH_CELLS * 4;
}

export function validateDatasetSettings(s: DatasetSettings): FieldErrors<DatasetSettings> {
  const errors: FieldErrors<DatasetSettings> = {};
  if (!Number.isSafeInteger(s.seed) || s.seed < 0) errors.seed = 'Seed must be a whole number ≥ 0.';
  if (!Number.isInteger(s.size) || s.size <= 0) errors.size = 'Data set size must be a whole number > 0.';
  else if (s.size < 20) errors.size = 'Data set size must be at least 20 patches (training and validation both need some).';
  if (!(s.valFraction > 0 && s.valFraction < 1)) errors.valFraction = 'Validation fraction must be between 0 and 1.';
  if (!Number.isInteger(s.testSize) || s.testSize < 0) errors.testSize = 'Test set size must be a whole number ≥ 0.';
  if (!errors.size && !errors.testSize && datasetBytes(s) > DATASET_MEMORY_LIMIT) {
    const mb = Math.round(datasetBytes(s) / 1024 ** 2);
    errors.size = `${s.size + s.testSize} patches need ${mb} MB, more than the ${DATASET_MEMORY_LIMIT / 1024 ** 2} MB a tab may use for data; choose fewer.`;
  }
  return errors;
}

/** Number of training patches (the rest of `size` is validation). */
export function trainCount(s: Pick<DatasetSettings, 'size' | 'valFraction'>): number {
  return s.size - Math.max(1, Math.round(s.size * s.valFraction));
}
