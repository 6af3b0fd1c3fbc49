/**
 * Builds the data set of a search run with the generator pool: raw patches from the workers, then ONE
 * keep-polarity scale over all training+validation patches (the test set, generated with the test profile,
 * gets its own scale, as the authors standardise each generated set separately), split by index.
 * Cancelling rejects with CancelledError and keeps nothing.
 */
import { buildDataset, type KeepPolarityBounds } from '../core/synthetic';
import { trainCount, validateDatasetSettings, type DatasetSettings } from '../core/dataset-settings';
import { slicePatchSet, type SplitDataset } from '../core/train/patch-set';
import { GeneratorSettingsError, PATCH_SIDE } from '../core/synthetic/types';
import type { GeneratorPool, PoolProgress } from './generator-pool';

export interface SearchDataset extends SplitDataset {
  settings: DatasetSettings;
  /** Patch kinds (see KIND_NAMES), train+validation then test. */
  kinds: { trainval: Uint8Array; test: Uint8Array };
  /** Bitmask of the augmentations applied to each patch (bit i = AUGMENTATIONS[i]). */
  applied: { trainval: Uint8Array; test: Uint8Array };
  bounds: { trainval: KeepPolarityBounds; test: KeepPolarityBounds | null };
}

export interface DatasetProgress extends PoolProgress {
  phase: 'train' | 'test' | 'standardise';
}

export async function buildSearchDataset(
  pool: GeneratorPool,
  settings: DatasetSettings,
  hooks: { onProgress?: (p: DatasetProgress) => void; signal?: AbortSignal } = {},
): Promise<SearchDataset> {
  const errors = Object.entries(validateDatasetSettings(settings));
  if (errors.length) {
    const [field, message] = errors[0] as [string, string];
    throw new GeneratorSettingsError(field, message);
  }
  const total = settings.size + settings.testSize;
  const trainval = await pool.generate(
    { seed: settings.seed, count: settings.size, profile: 'train' },
    { signal: hooks.signal, shared: true, onProgress: (p) => hooks.onProgress?.({ ...p, total, phase: 'train' }) },
  );
  const test =
    settings.testSize > 0
      ? await pool.generate(
          { seed: settings.seed, count: settings.testSize, profile: 'test' },
          { signal: hooks.signal, shared: true, onProgress: (p) => hooks.onProgress?.({ ...p, done: settings.size + p.done, total, phase: 'test' }) },
        )
      : null;
  hooks.onProgress?.({ done: total, total, patchesPerS: 0, phase: 'standardise' });
  const tv = buildDataset(trainval, { inPlace: true });
  const ts = test ? buildDataset(test, { inPlace: true }) : null;
  const all = { x: tv.inputs, labels: tv.labels, side: PATCH_SIDE, count: settings.size };
  const nTrain = trainCount(settings);
  return {
    settings,
    train: slicePatchSet(all, 0, nTrain),
    val: slicePatchSet(all, nTrain, settings.size - nTrain),
    test: ts ? { x: ts.inputs, labels: ts.labels, side: PATCH_SIDE, count: settings.testSize } : { x: new Float32Array(0), labels: new Uint8Array(0), side: PATCH_SIDE, count: 0 },
    kinds: { trainval: tv.kinds, test: ts ? ts.kinds : new Uint8Array(0) },
    applied: { trainval: tv.applied, test: ts ? ts.applied : new Uint8Array(0) },
    bounds: { trainval: tv.bounds, test: ts ? ts.bounds : null },
  };
}
