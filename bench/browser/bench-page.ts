/**
 * Benchmark page (bench/browser/bench.html, built by bench/browser/serve.ts): runs each job in a fresh module
 * worker and kills it when it overruns its time limit. Driven from node through `window.spnBench`.
 */
import { wrap } from 'comlink';
import type { BenchJob, BenchTiming, BenchWorkerApi } from './bench.worker';

/** A job's outcome: its timing, or why there is none (error, or over the limit). */
export type BenchOutcome = { ok: true; timing: BenchTiming } | { ok: false; error: string };

async function run(job: BenchJob, limitSeconds: number): Promise<BenchOutcome> {
  const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), {
    type: 'module',
    name: `bench-${job.backend}`,
  });
  const api = wrap<BenchWorkerApi>(worker);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const failure = new Promise<BenchOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, error: `skipped: over ${limitSeconds} s` }), limitSeconds * 1000);
    worker.addEventListener('error', (e) => resolve({ ok: false, error: `worker crashed: ${e.message}` }));
  });
  try {
    return await Promise.race([
      api.run(job).then(
        (timing): BenchOutcome => ({ ok: true, timing }),
        (e: unknown): BenchOutcome => ({ ok: false, error: String((e as Error).message ?? e) }),
      ),
      failure,
    ]);
  } finally {
    clearTimeout(timer);
    worker.terminate();
  }
}

const page = { run, crossOriginIsolated: globalThis.crossOriginIsolated, cores: navigator.hardwareConcurrency };
(globalThis as unknown as { spnBench: typeof page }).spnBench = page;
export type BenchPage = typeof page;
