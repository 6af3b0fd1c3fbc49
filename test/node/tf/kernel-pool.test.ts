/**
 * The SIMD kernel pool on real threads (node worker_threads) and a real shared WebAssembly.Memory: helpers
 * instantiate the shared build, a forward conv split by output rows over 3 threads is bit-identical to one call,
 * and per-thread bias sums add up to the float64 sums. splitRange's bounds are checked as pure logic.
 */
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKernelPool, type HelperWorker, type StartedPool } from '../../../src/core/tf/native/kernel-helpers';
import { splitRange } from '../../../src/core/tf/native/kernel-pool';
import {
  instantiateSpnKernels,
  type HeapAllocator,
  type SpnKernelExports,
} from '../../../src/core/tf/native/spn-kernels';
import { activationConstantInts } from '../../../src/core/tf/native/wasm-native';

describe('splitRange', () => {
  it('covers [0, total) in order, aligned, with near-equal parts', () => {
    for (const [total, parts, align] of [
      [10, 3, 1],
      [64 * 196, 2, 196],
      [5, 8, 1],
      [0, 3, 1],
      [7, 2, 4],
    ] as const) {
      const r = splitRange(total, parts, align);
      expect(r).toHaveLength(parts);
      expect(r[0]?.[0]).toBe(0);
      expect(r[parts - 1]?.[1]).toBe(total);
      for (let i = 1; i < parts; i++) {
        expect(r[i]?.[0]).toBe(r[i - 1]?.[1]);
        if ((r[i]?.[0] as number) < total) expect((r[i]?.[0] as number) % align).toBe(0);
      }
    }
  });
});

describe('KernelPool on worker threads', () => {
  const memory = new WebAssembly.Memory({ initial: 512, maximum: 4096, shared: true });
  let next = 1024;
  const heap: HeapAllocator = {
    malloc: (n) => {
      const p = next;
      next += Math.ceil(n / 16) * 16;
      return p;
    },
    free: () => undefined,
  };
  let k: SpnKernelExports;
  let started: StartedPool;
  const workers: Worker[] = [];

  beforeAll(async () => {
    k = await instantiateSpnKernels(memory, false);
    const spawn = (): HelperWorker => {
      // The helper is TypeScript: the thread registers tsx's loader before importing it.
      const url = new URL('./helpers/kernel-helper-thread.ts', import.meta.url).href;
      const w = new Worker(
        `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url)}); })`,
        { eval: true },
      );
      workers.push(w);
      const h: HelperWorker = {
        postMessage: (m) => w.postMessage(m),
        terminate: () => void w.terminate(),
        onmessage: null,
        onerror: null,
      };
      w.on('message', (data: unknown) => h.onmessage?.({ data }));
      w.on('error', (e) => h.onerror?.({ message: e.message }));
      return h;
    };
    started = await startKernelPool(k, memory, heap, false, { count: 2, spawn, timeoutMs: 60_000 });
  }, 90_000);
  afterAll(() => started?.stop());

  function floats(values: ArrayLike<number>): number {
    const p = heap.malloc(4 * values.length);
    new Float32Array(memory.buffer, p, values.length).set(Array.from(values));
    return p;
  }

  it('splits a forward conv by output rows over 3 threads, bit-identical to one call', () => {
    expect(started.pool.parts).toBe(3);
    const g = [3, 20, 20, 1, 10, 10, 13, 7, 7, 2, 2, 2, 2, 1]; // batch 3, 20x20x1 -> 10x10x13, 7x7/2 SAME, ELU
    const x = floats(Array.from({ length: 3 * 20 * 20 }, (_, i) => Math.sin(i * 0.37)));
    const w = floats(Array.from({ length: 7 * 7 * 13 }, (_, i) => Math.cos(i * 0.11)));
    const bias = floats(Array.from({ length: 13 }, (_, i) => i / 10));
    const gp = heap.malloc(4 * 28);
    new Int32Array(memory.buffer, gp, 28).set([...g, ...activationConstantInts()]);
    const size = 3 * 10 * 10 * 13;
    const one = heap.malloc(4 * size);
    const pooled = heap.malloc(4 * size);
    k.spn_conv2d_direct(x, w, bias, one, gp, 0, 30);
    const ranges = splitRange(30, 3);
    started.pool.run('spn_conv2d_direct', (p) => [x, w, bias, pooled, gp, ...(ranges[p] as [number, number])]);
    const a = new Float32Array(memory.buffer, one, size);
    const b = new Float32Array(memory.buffer, pooled, size);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(a.some((v) => v !== 0)).toBe(true);
  });

  it('splits a Winograd 3x3 conv by tiles over 3 threads, bit-identical to one call', () => {
    const g = [2, 9, 9, 6, 9, 9, 10, 3, 3, 1, 1, 1, 1, 1]; // batch 2, 9x9x6 -> 9x9x10, 3x3/1 SAME, ELU
    const x = floats(Array.from({ length: 2 * 9 * 9 * 6 }, (_, i) => Math.sin(i * 0.21)));
    const w = floats(Array.from({ length: 3 * 3 * 6 * 10 }, (_, i) => Math.cos(i * 0.17)));
    const gp = heap.malloc(4 * 28);
    new Int32Array(memory.buffer, gp, 28).set([...g, ...activationConstantInts()]);
    const u = heap.malloc(4 * k.spn_winograd_filter_floats(6, 10));
    k.spn_winograd_filter(w, u, 6, 10, 0);
    const per = k.spn_winograd_scratch_floats(gp);
    const scratch = heap.malloc(4 * per * 3);
    const size = 2 * 9 * 9 * 10;
    const one = heap.malloc(4 * size);
    const pooled = heap.malloc(4 * size);
    const tiles = 2 * 5 * 5;
    k.spn_conv3x3_winograd(x, u, 0, one, gp, scratch, 0, tiles);
    const ranges = splitRange(tiles, 3);
    started.pool.run('spn_conv3x3_winograd', (p) => [
      x,
      u,
      0,
      pooled,
      gp,
      scratch + 4 * per * p,
      ...(ranges[p] as [number, number]),
    ]);
    const a = new Float32Array(memory.buffer, one, size);
    const b = new Float32Array(memory.buffer, pooled, size);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(a.some((v) => v !== 0)).toBe(true);
  });

  it('adds up per-thread bias sums', () => {
    const rows = 1001;
    const channels = 7;
    const values = Array.from({ length: rows * channels }, (_, i) => ((i * 7919) % 101) / 7 - 5);
    const x = floats(values);
    const acc = heap.malloc(8 * channels * 3);
    new Float64Array(memory.buffer, acc, channels * 3).fill(0);
    const ranges = splitRange(rows, 3);
    started.pool.run('spn_sum_rows', (p) => [x, channels, ...(ranges[p] as [number, number]), acc + 8 * channels * p]);
    const parts = new Float64Array(memory.buffer, acc, channels * 3);
    for (let c = 0; c < channels; c++) {
      let want = 0;
      for (let r = 0; r < rows; r++) want += Math.fround(values[r * channels + c] as number);
      const got = (parts[c] as number) + (parts[channels + c] as number) + (parts[2 * channels + c] as number);
      expect(Math.abs(got - want)).toBeLessThan(1e-3);
      expect(parts[channels + c]).not.toBe(0);
    }
  });
});
