/**
 * A pool of generator workers (hardwareConcurrency - 1, at least 1) that splits a patch range into chunks,
 * runs them in parallel and assembles the raw patches in index order. Because patch i depends only on
 * (seed, i, profile, generator), the bytes are the same for any worker count or chunk size.
 * Cancelling terminates the workers (a chunk in progress cannot be interrupted otherwise) and drops every
 * partial buffer; the next call starts fresh workers.
 */
import { proxy } from 'comlink';
import { CancelledError, WorkerBridge } from './worker-bridge';
import type { GeneratorApi } from '../../workers/generator.worker';
import { PATCH_CELLS, validateGenerateOptions, type GenerateOptions, type RawPatches } from '../core/synthetic';

export interface PoolProgress {
  done: number;
  total: number;
  patchesPerS: number;
}

export interface PoolCallOptions {
  onProgress?: (p: PoolProgress) => void;
  signal?: AbortSignal;
  /** Allocate the patch buffer on a SharedArrayBuffer (when cross-origin isolated) so training workers share it. */
  shared?: boolean;
}

export function defaultPoolSize(): number {
  return Math.max(1, (globalThis.navigator?.hardwareConcurrency ?? 2) - 1);
}

export class GeneratorPool {
  private bridges: WorkerBridge<GeneratorApi>[] = [];

  constructor(
    readonly size = defaultPoolSize(),
    /** Patches per task; small enough for steady progress and balance, large enough to amortise messaging. */
    readonly chunk = 250,
  ) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`worker count must be a positive integer, got ${size}`);
  }

  /** Generates raw patches [from, from+count) of (seed, profile, generator) across the pool. */
  async generate(options: GenerateOptions, call: PoolCallOptions = {}): Promise<RawPatches> {
    const o = validateGenerateOptions(options);
    const buffer =
      call.shared && globalThis.crossOriginIsolated
        ? new SharedArrayBuffer(o.count * PATCH_CELLS * 4)
        : new ArrayBuffer(o.count * PATCH_CELLS * 4);
    const out: RawPatches = {
      patches: new Float32Array(buffer),
      labels: new Uint8Array(o.count),
      kinds: new Uint8Array(o.count),
      applied: new Uint8Array(o.count),
      from: o.from,
    };
    const tasks: { from: number; count: number }[] = [];
    for (let at = 0; at < o.count; at += this.chunk)
      tasks.push({ from: at, count: Math.min(this.chunk, o.count - at) });
    const partial = new Map<number, number>();
    let finished = 0;
    const t0 = performance.now();
    const report = (): void => {
      let done = finished;
      for (const v of partial.values()) done += v;
      call.onProgress?.({ done, total: o.count, patchesPerS: done / Math.max(1e-3, (performance.now() - t0) / 1000) });
    };
    const bridges = this.ensureWorkers();
    let next = 0;
    const runLane = async (bridge: WorkerBridge<GeneratorApi>): Promise<void> => {
      while (next < tasks.length) {
        const task = tasks[next++] as { from: number; count: number };
        const onChunkProgress = proxy((done: number) => {
          partial.set(task.from, done);
          report();
        });
        const raw = await bridge.call(
          (w) =>
            w.generate(
              {
                seed: o.seed,
                from: o.from + task.from,
                count: task.count,
                profile: o.profile,
                augment: o.augment,
                generator: o.generator,
              },
              onChunkProgress,
            ),
          call.signal,
        );
        out.patches.set(raw.patches, task.from * PATCH_CELLS);
        out.labels.set(raw.labels, task.from);
        out.kinds.set(raw.kinds, task.from);
        out.applied.set(raw.applied, task.from);
        partial.delete(task.from);
        finished += task.count;
        report();
      }
    };
    try {
      await Promise.all(bridges.map(runLane));
    } catch (e) {
      // Workers may still be busy on chunks nobody will read: stop them so nothing keeps spinning.
      this.terminate();
      throw e instanceof CancelledError || call.signal?.aborted ? new CancelledError('data set generation') : e;
    }
    return out;
  }

  /** Stops all workers now; a later call starts new ones. */
  terminate(): void {
    for (const b of this.bridges) b.terminate();
    this.bridges = [];
  }

  private ensureWorkers(): WorkerBridge<GeneratorApi>[] {
    this.bridges = this.bridges.filter((b) => !b.failed);
    while (this.bridges.length < this.size) {
      const worker = new Worker(new URL('../../workers/generator.worker.ts', import.meta.url), {
        type: 'module',
        name: 'generator',
      });
      this.bridges.push(new WorkerBridge<GeneratorApi>(worker, 'generator'));
    }
    return this.bridges;
  }
}
