/**
 * Builds the data set of a search run with the generator pool. Training patches are the train profile's
 * [0, nTrain). Validation depends on the settings' validation set:
 * - 'test-profile' (the paper's protocol): validation = test-profile patches [0, nVal) and the held-out test set
 *   = test-profile patches [nVal, nVal + testSize), generated and standardised together as one set (the authors
 *   standardise each generated set separately);
 * - 'train-split' (the older protocol, and what settings without the field mean): validation = train-profile
 *   patches [nTrain, size), standardised with the training patches; test = test-profile patches [0, testSize).
 * Each generated set gets ONE keep-polarity scale over all its patches. Cancelling rejects with CancelledError
 * and keeps nothing.
 */
import { buildDataset, type KeepPolarityBounds, type RawPatches } from '../core/synthetic';
import {
  generatorOf,
  trainCount,
  validateDatasetSettings,
  validationSetOf,
  type DatasetSettings,
  type ValidationSet,
} from '../core/dataset-settings';
import { slicePatchSet, type PatchSet, type SplitDataset } from '../core/train/patch-set';
import { GeneratorSettingsError, PATCH_SIDE } from '../core/synthetic/types';
import type { GeneratorPool, PoolProgress } from './generator-pool';

type PerSet<T> = { train: T; val: T; test: T };

export interface SearchDataset extends SplitDataset {
  settings: DatasetSettings;
  /** The patches validation (early stopping, ranking) ran on. */
  validation: ValidationSet;
  /** Patch kinds (see KIND_NAMES) of each set. */
  kinds: PerSet<Uint8Array>;
  /** Bitmask of the augmentations applied to each patch (bit i = AUGMENTATIONS[i]). */
  applied: PerSet<Uint8Array>;
  /** The keep-polarity scale each set was standardised with (null for an empty set). */
  bounds: PerSet<KeepPolarityBounds | null>;
}

export interface DatasetProgress extends PoolProgress {
  phase: 'train' | 'test' | 'standardise';
}

const EMPTY: PatchSet = { x: new Float32Array(0), labels: new Uint8Array(0), side: PATCH_SIDE, count: 0 };

/** A standardised generated set, sliceable into [from, from+count) parts with their kinds and masks. */
function standardised(raw: RawPatches | null): {
  set: PatchSet;
  raw: RawPatches | null;
  bounds: KeepPolarityBounds | null;
} {
  if (!raw || raw.labels.length === 0) return { set: EMPTY, raw: null, bounds: null };
  const ds = buildDataset(raw, { inPlace: true });
  return {
    set: { x: ds.inputs, labels: ds.labels, side: PATCH_SIDE, count: ds.labels.length },
    raw,
    bounds: ds.bounds,
  };
}

function part(
  s: ReturnType<typeof standardised>,
  from: number,
  count: number,
): { set: PatchSet; kinds: Uint8Array; applied: Uint8Array; bounds: KeepPolarityBounds | null } {
  if (!s.raw || count === 0) return { set: EMPTY, kinds: new Uint8Array(0), applied: new Uint8Array(0), bounds: null };
  return {
    set: slicePatchSet(s.set, from, count),
    kinds: s.raw.kinds.subarray(from, from + count),
    applied: s.raw.applied.subarray(from, from + count),
    bounds: s.bounds,
  };
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
  const validation = validationSetOf(settings),
    generator = generatorOf(settings);
  const nTrain = trainCount(settings),
    nVal = settings.size - nTrain;
  const trainProfileCount = validation === 'train-split' ? settings.size : nTrain;
  const testProfileCount = validation === 'train-split' ? settings.testSize : nVal + settings.testSize;
  const total = trainProfileCount + testProfileCount;
  const trainRaw = await pool.generate(
    { seed: settings.seed, count: trainProfileCount, profile: 'train', generator },
    { signal: hooks.signal, shared: true, onProgress: (p) => hooks.onProgress?.({ ...p, total, phase: 'train' }) },
  );
  const testRaw =
    testProfileCount > 0
      ? await pool.generate(
          { seed: settings.seed, count: testProfileCount, profile: 'test', generator },
          {
            signal: hooks.signal,
            shared: true,
            onProgress: (p) => hooks.onProgress?.({ ...p, done: trainProfileCount + p.done, total, phase: 'test' }),
          },
        )
      : null;
  hooks.onProgress?.({ done: total, total, patchesPerS: 0, phase: 'standardise' });
  const trainSet = standardised(trainRaw),
    testSet = standardised(testRaw);
  const train = part(trainSet, 0, nTrain);
  const val = validation === 'train-split' ? part(trainSet, nTrain, nVal) : part(testSet, 0, nVal);
  const test =
    validation === 'train-split' ? part(testSet, 0, settings.testSize) : part(testSet, nVal, settings.testSize);
  return {
    settings,
    validation,
    train: train.set,
    val: val.set,
    test: test.set,
    kinds: { train: train.kinds, val: val.kinds, test: test.kinds },
    applied: { train: train.applied, val: val.applied, test: test.applied },
    bounds: { train: train.bounds, val: val.bounds, test: test.bounds },
    ...(test.set.count ? { testKinds: test.kinds } : {}),
  };
}
