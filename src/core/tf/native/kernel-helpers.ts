/**
 * Starting and serving the helper threads of a {@link KernelPool}. The environment supplies the workers (a module
 * Worker in the browser); this file holds the protocol: init message, ready/error reply, then the blocking loop.
 */
import { CONTROL_BYTES, KernelPool, MAX_PARTS, canBlock, helperLoop } from './kernel-pool';
import { instantiateSpnKernels, type HeapAllocator, type SpnKernelExports, type WasmMemory } from './spn-kernels';

/** The part of a Worker a pool needs. */
export interface HelperWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export interface KernelHelperOptions {
  /** Helper threads to start (the calling thread is one more). */
  count: number;
  spawn: () => HelperWorker;
  /** ms to wait for every helper to report ready (default 15000). */
  timeoutMs?: number;
}

export interface HelperInit {
  type: 'spn-kernel-helper';
  memory: WasmMemory;
  control: number;
  part: number;
  fma: boolean;
}

export interface StartedPool {
  pool: KernelPool;
  stop(): void;
}

const timers = globalThis as unknown as {
  setTimeout(f: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
};

/** Starts `options.count` helpers on `memory`; rejects with the reason when they cannot run here. */
export async function startKernelPool(
  exports: SpnKernelExports,
  memory: WasmMemory,
  heap: HeapAllocator,
  fma: boolean,
  options: KernelHelperOptions,
): Promise<StartedPool> {
  if (!(memory.buffer instanceof SharedArrayBuffer))
    throw new Error('the wasm memory is not shared (single-thread build)');
  if (!canBlock()) throw new Error('this thread cannot block (Atomics.wait), so it cannot wait for helpers');
  const count = Math.min(options.count, MAX_PARTS - 1);
  if (count < 1) throw new Error('no helper threads asked for');
  const control = heap.malloc(CONTROL_BYTES);
  new Int32Array(memory.buffer, control, CONTROL_BYTES / 4).fill(0);
  const workers: HelperWorker[] = [];
  const stopAll = (): void => {
    for (const w of workers) w.terminate();
    heap.free(control);
  };
  try {
    await Promise.all(
      Array.from({ length: count }, (_, i) => {
        const w = options.spawn();
        workers.push(w);
        return new Promise<void>((resolve, reject) => {
          const timer = timers.setTimeout(
            () => reject(new Error(`helper ${i + 1} did not start within ${options.timeoutMs ?? 15000} ms`)),
            options.timeoutMs ?? 15000,
          );
          w.onerror = (e) => {
            timers.clearTimeout(timer);
            reject(new Error(`helper ${i + 1} failed to load: ${(e as { message?: string }).message ?? String(e)}`));
          };
          w.onmessage = (ev) => {
            timers.clearTimeout(timer);
            const d = ev.data as { type?: string; message?: string };
            if (d.type === 'ready') resolve();
            else reject(new Error(`helper ${i + 1}: ${d.message ?? 'unknown reply'}`));
          };
          const init: HelperInit = { type: 'spn-kernel-helper', memory, control, part: i + 1, fma };
          w.postMessage(init);
        });
      }),
    );
  } catch (e) {
    stopAll();
    throw e;
  }
  const pool = new KernelPool(exports, memory, control, count);
  return {
    pool,
    stop: () => {
      pool.shutdown();
      stopAll();
    },
  };
}

/** The helper side: answers the init message, then serves jobs until the pool shuts down. */
export async function serveKernelHelper(init: HelperInit, reply: (message: unknown) => void): Promise<void> {
  let exports: SpnKernelExports;
  try {
    exports = await instantiateSpnKernels(init.memory, init.fma);
  } catch (e) {
    reply({ type: 'error', message: (e as Error).message });
    return;
  }
  reply({ type: 'ready' });
  helperLoop(exports, init.memory, init.control, init.part);
}
