/**
 * Settings of an architecture search run and their validation (one message per bad field, for the form).
 */
import {
  validateDatasetSettings,
  type DatasetSettings,
  type FieldErrors,
  DEFAULT_DATASET_SETTINGS,
  QUICK_DATASET_SETTINGS,
  generatorOf,
  validationSetOf,
} from '../dataset-settings';
import { EARLY_STOP_RULES, type EarlyStopRule } from '../train/early-stop';

export type BackendSetting = 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const BACKEND_SETTINGS: readonly BackendSetting[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];

export interface SearchSettings {
  /** Seed of the data set and of the candidate sampler. */
  seed: number;
  /** Stop after this many candidates ('count') or when the time budget is used up ('time'). */
  limit: { kind: 'count'; candidates: number } | { kind: 'time'; minutes: number };
  dataset: Omit<DatasetSettings, 'seed'>;
  maxEpochs: number;
  earlyStop: EarlyStopRule;
  /** Asynchronous successive halving: stop candidates in the bottom part at each step budget. */
  pruning: boolean;
  /** Training workers in this tab. */
  workers: number;
  backend: BackendSetting;
  batchSize: number;
  learningRate: number;
  /** Multiplies every sampled filter count (1 = the paper's V1p2 space; < 1 explores the same topologies cheaper, for CPUs). */
  widthFactor: number;
}

/** The form's limits until the user types others: a number of candidates, or a time budget in minutes. */
export const DEFAULT_CANDIDATES = 20;
export const DEFAULT_BUDGET_MINUTES = 30;

export const DEFAULT_SEARCH_SETTINGS: SearchSettings = {
  seed: 1,
  limit: { kind: 'count', candidates: DEFAULT_CANDIDATES },
  dataset: {
    size: DEFAULT_DATASET_SETTINGS.size,
    valFraction: DEFAULT_DATASET_SETTINGS.valFraction,
    testSize: DEFAULT_DATASET_SETTINGS.testSize,
    validation: 'test-profile',
    generator: 'paper',
  },
  maxEpochs: 60,
  earlyStop: 'smoothed',
  pruning: true,
  workers: 1,
  backend: 'auto',
  batchSize: 64,
  learningRate: 1e-4,
  widthFactor: 1,
};

export const QUICK_SEARCH_SETTINGS: SearchSettings = {
  ...DEFAULT_SEARCH_SETTINGS,
  limit: { kind: 'count', candidates: 5 },
  dataset: {
    size: QUICK_DATASET_SETTINGS.size,
    valFraction: QUICK_DATASET_SETTINGS.valFraction,
    testSize: QUICK_DATASET_SETTINGS.testSize,
    validation: 'test-profile',
    generator: 'paper',
  },
  maxEpochs: 5,
  widthFactor: 0.25,
};

/**
 * The Quick preset applied to what the form holds: a small, fast search (QUICK_SEARCH_SETTINGS' sizes, epochs and
 * width) of the same kind of patches on the same device — the seed, generator, validation set and backend chosen
 * stay (a realistic-profile search made quick is still a realistic-profile one).
 */
export function quickSettingsFrom(s: SearchSettings): SearchSettings {
  const q = QUICK_SEARCH_SETTINGS;
  return {
    ...q,
    limit: { ...q.limit },
    seed: s.seed,
    backend: s.backend,
    dataset: { ...q.dataset, generator: generatorOf(s.dataset), validation: validationSetOf(s.dataset) },
  };
}

/** The most candidates one run may hold (records stay small; the search space is practically unbounded). */
export const MAX_CANDIDATES = 10_000;

export type SearchSettingsErrors = FieldErrors<SearchSettings> & {
  candidates?: string;
  minutes?: string;
  datasetSize?: string;
  testSize?: string;
  validation?: string;
  generator?: string;
};

export function validateSearchSettings(s: SearchSettings): SearchSettingsErrors {
  const e: SearchSettingsErrors = {};
  const ds = validateDatasetSettings({ ...s.dataset, seed: s.seed });
  if (ds.seed) e.seed = ds.seed;
  if (ds.size) e.datasetSize = ds.size;
  if (ds.testSize) e.testSize = ds.testSize;
  if (ds.validation) e.validation = ds.validation;
  if (ds.generator) e.generator = ds.generator;
  if (
    s.limit.kind === 'count' &&
    (!Number.isInteger(s.limit.candidates) || s.limit.candidates < 1 || s.limit.candidates > MAX_CANDIDATES)
  ) {
    e.candidates = `Number of candidates must be a whole number from 1 to ${MAX_CANDIDATES}.`;
  }
  if (s.limit.kind === 'time' && !(s.limit.minutes > 0 && s.limit.minutes <= 7 * 24 * 60))
    e.minutes = 'Time budget must be between 0 and 10,080 minutes (a week).';
  if (!Number.isInteger(s.maxEpochs) || s.maxEpochs < 1 || s.maxEpochs > 1000)
    e.maxEpochs = 'Max epochs must be a whole number from 1 to 1000.';
  if (!EARLY_STOP_RULES.includes(s.earlyStop))
    e.earlyStop = `Early stop must be one of ${EARLY_STOP_RULES.join(', ')}.`;
  if (!Number.isInteger(s.workers) || s.workers < 1 || s.workers > 16)
    e.workers = 'Workers must be a whole number from 1 to 16.';
  if (!BACKEND_SETTINGS.includes(s.backend)) e.backend = `Backend must be one of ${BACKEND_SETTINGS.join(', ')}.`;
  if (!Number.isInteger(s.batchSize) || s.batchSize < 1 || s.batchSize > 1024)
    e.batchSize = 'Batch size must be a whole number from 1 to 1024.';
  if (!(s.learningRate > 0 && s.learningRate < 1)) e.learningRate = 'Learning rate must be between 0 and 1.';
  if (!(s.widthFactor >= 0.01 && s.widthFactor <= 1)) e.widthFactor = 'Width factor must be between 0.01 and 1.';
  return e;
}
