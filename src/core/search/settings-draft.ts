/**
 * The New search form's settings kept over a reload (the shell stores them as JSON in the tab's session storage),
 * read field by field (`draft-fields.ts`).
 */
import { VALIDATION_SETS, generatorOf, validationSetOf } from '../dataset-settings';
import { isJsonObject } from '../json-file';
import { draftObject, oneOf, typedNumber } from '../draft-fields';
import { SYNTHETIC_GENERATORS } from '../synthetic/types';
import { EARLY_STOP_RULES } from '../train/early-stop';
import {
  BACKEND_SETTINGS,
  DEFAULT_BUDGET_MINUTES,
  DEFAULT_CANDIDATES,
  DEFAULT_SEARCH_SETTINGS,
  type SearchSettings,
} from './settings';

/** The search settings a stored draft holds, or null when it holds none (not an object, or not JSON at all). */
export function searchSettingsFromDraft(json: string | null): SearchSettings | null {
  const v = draftObject(json);
  if (!v) return null;
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
