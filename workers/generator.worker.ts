/**
 * Generator worker (runs off the main thread): makes raw synthetic patches with the pure core and hands the
 * buffers back by transfer, so no copy crosses the thread boundary. Standardisation happens once over the whole
 * data set on the page side, because one scale must cover every worker's patches.
 */
import { expose, transfer } from 'comlink';
import { generateRawPatches, type GenerateOptions, type RawPatches } from '../src/core/synthetic';

const api = {
  /** Raw patches [from, from+count) of data set (seed, profile, generator); `onProgress(done, count)` every 256 patches. */
  generate(options: GenerateOptions, onProgress?: (done: number, total: number) => void): RawPatches {
    const raw = generateRawPatches(options, onProgress);
    return transfer(raw, [raw.patches.buffer, raw.labels.buffer, raw.kinds.buffer, raw.applied.buffer]);
  },
};

export type GeneratorApi = typeof api;
expose(api);
