/** The tiny search the browser tests run: 3 candidates of a 0.06-width network, one epoch on 120 patches, on wasm. */
import { DEFAULT_SEARCH_SETTINGS, type SearchSettings } from '../../src/core/search/settings';

export const TINY_SEARCH: SearchSettings = {
  ...DEFAULT_SEARCH_SETTINGS,
  seed: 7,
  limit: { kind: 'count', candidates: 3 },
  dataset: { size: 120, valFraction: 0.2, testSize: 24 },
  maxEpochs: 1,
  earlyStop: 'none',
  pruning: false,
  workers: 1,
  backend: 'wasm',
  batchSize: 32,
  widthFactor: 0.06,
};
