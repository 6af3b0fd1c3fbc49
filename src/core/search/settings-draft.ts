/**
 * The New search form's settings kept over a reload (the shell stores them as JSON in the tab's session storage).
 * A stored draft comes from an older or newer app as easily as from this one, so it is read field by field: a
 * field of the wrong type or unknown value takes the default, and nothing else is trusted.
 */
import { VALIDATION_SETS, generatorOf, validationSetOf } from '../dataset-settings';
import { isJsonObject } from '../json-file';
import { SYNTHETIC_GENERATORS } from '../synthetic/types';
import { EARLY_STOP_RULES } from '../train/early-stop';
import {
  BACKEND_SETTINGS,
  DEFAULT_BUDGET_MINUTES,
  DEFAULT_CANDIDATES,
  DEFAULT_SEARCH_SETTINGS,
  type SearchSettings,
} from './settings';

/** A number as typed: JSON keeps an emptied field (NaN) as null, which stays empty (NaN) so its message shows again. */
function typedNumber(v: unknown, fallback: number): number {
  if (v === null) return NaN;
  return typeof v === 'number' ? v : fallback;
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.find((a) => a === v) ?? fallback;
}

/** The search settings a stored draft holds, or null when it holds none (not an object, or not JSON at all). */
export function searchSettingsFromDraft(json: string | null): SearchSettings | null {
  if (json === null) return null;
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return null;
  }
  if (!isJsonObject(v)) return null;
  const d = DEFAULT_SEARCH_SETTINGS;
  const dataset = isJsonObject(v['dataset']) ? v['dataset'] : {};
  const limit = isJsonObject(v['limit']) ? v['limit'] : {};
  return {
    seed: typedNumber(v['seed'], d.seed),
    limit:
      limit['kind'] === 'time'
        ? { kind: 'time', minutes: typedNumber(limit['minutes'], DEFAULT_BUDGET_MINUTES) }
        : { kind: 'count', candidates: typedNumber(limit['candidates'], DEFAULT_CANDIDATES) },
    dataset: {
      size: typedNumber(dataset['size'], d.dataset.size),
      valFraction: typedNumber(dataset['valFraction'], d.dataset.valFraction),
      testSize: typedNumber(dataset['testSize'], d.dataset.testSize),
      validation: oneOf(dataset['validation'], VALIDATION_SETS, validationSetOf(d.dataset)),
      generator: oneOf(dataset['generator'], SYNTHETIC_GENERATORS, generatorOf(d.dataset)),
    },
    maxEpochs: typedNumber(v['maxEpochs'], d.maxEpochs),
    earlyStop: oneOf(v['earlyStop'], EARLY_STOP_RULES, d.earlyStop),
    pruning: typeof v['pruning'] === 'boolean' ? v['pruning'] : d.pruning,
    workers: typedNumber(v['workers'], d.workers),
    backend: oneOf(v['backend'], BACKEND_SETTINGS, d.backend),
    batchSize: typedNumber(v['batchSize'], d.batchSize),
    learningRate: typedNumber(v['learningRate'], d.learningRate),
    widthFactor: typedNumber(v['widthFactor'], d.widthFactor),
  };
}
