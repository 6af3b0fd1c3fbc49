/**
 * Benchmark page module for bench/generator.ts (served by Vite's dev server next to the sources):
 * times the app's own generator worker pool plus the main-thread data-set build (keep-polarity
 * standardisation over all patches, resize to the network side), the same work the Python peer times.
 */
import { GeneratorPool } from '../src/app/generator-pool';
import { buildDataset } from '../src/core/synthetic';
import type { AugmentationProfile, SyntheticGenerator } from '../src/core/synthetic';

export interface PageBenchOptions {
  /** Patches to generate. */
  n: number;
  seed: number;
  /** Generator workers. */
  workers: number;
  profile: AugmentationProfile;
  /** Output side, px (112 = network input). */
  size: number;
  /** Generator profile (default 'paper'). */
  generator?: SyntheticGenerator;
}

export interface PageBenchResult {
  workers: number;
  patches: number;
  /** Wall seconds of the pool's generation, of the build, and both. */
  generateSeconds: number;
  buildSeconds: number;
  totalSeconds: number;
  patchesPerS: number;
  labelFraction: number;
  hardwareConcurrency: number;
}

let pool: GeneratorPool | null = null;
let current: PageBenchOptions | null = null;

/** Starts a pool of o.workers and warms it up (worker start, JIT) on another data set, as in a running app. */
export async function prepareGeneratorBench(o: PageBenchOptions): Promise<void> {
  pool?.terminate();
  pool = new GeneratorPool(o.workers);
  current = o;
  const warm = await pool.generate({
    seed: o.seed + 1,
    count: Math.min(o.n, 2 * pool.chunk * o.workers),
    profile: o.profile,
    generator: o.generator,
  });
  buildDataset(warm, { outputSide: o.size });
}

/** Times n patches with the prepared pool, then stops its workers. */
export async function runGeneratorBench(): Promise<PageBenchResult> {
  const o = current,
    p = pool;
  if (!o || !p) throw new Error('prepareGeneratorBench() first');
  try {
    const t0 = performance.now();
    const raw = await p.generate({ seed: o.seed, count: o.n, profile: o.profile, generator: o.generator });
    const t1 = performance.now();
    const data = buildDataset(raw, { outputSide: o.size });
    const t2 = performance.now();
    let positives = 0;
    for (const l of data.labels) positives += l;
    return {
      workers: o.workers,
      patches: o.n,
      generateSeconds: (t1 - t0) / 1000,
      buildSeconds: (t2 - t1) / 1000,
      totalSeconds: (t2 - t0) / 1000,
      patchesPerS: o.n / ((t2 - t0) / 1000),
      labelFraction: positives / o.n,
      hardwareConcurrency: navigator.hardwareConcurrency,
    };
  } finally {
    p.terminate();
    pool = current = null;
  }
}

declare global {
  interface Window {
    prepareGeneratorBench?: typeof prepareGeneratorBench;
    runGeneratorBench?: typeof runGeneratorBench;
  }
}
window.prepareGeneratorBench = prepareGeneratorBench;
window.runGeneratorBench = runGeneratorBench;
