/**
 * The configuration users get is the one under test: this page is cross-origin isolated (COOP/COEP as vite.config.ts
 * serves the app, vitest.config.ts), the wasm-threads plugin is on, and a worker starts wasm as the app's workers
 * do, asking for 2 threads. The test fails if that silently falls back (single-thread build, no kernel pool, no
 * FMA). Then every kernel-pool entry point runs split over the pool and is compared with tfjs' cpu backend, and a
 * paper-network training step (the fast twin, dropout on) gives the gradients the plain model gives on cpu.
 *
 * Tolerances (norm-relative error ||fast - cpu|| / ||cpu||; measured here: ops <= 7e-7, paper gradients <= 1.3e-6):
 * - single ops 1e-5: fused multiply-add rounds once where cpu rounds twice, Winograd transforms and blocked GEMMs
 *   and the pool's split sums add in another order (float32 epsilon 6e-8 per operation, growing with the
 *   reduction length, here up to 200 terms);
 * - the paper step's gradients 1e-4: the same reorderings compounded through 20 layers forward and back, ELU,
 *   softmax and log amplifying them. A wrong kernel, a lost part of a split or a wrong tap gives errors of order
 *   1e-2 to 1, far above either bound.
 */
import { wrap } from 'comlink';
import { afterAll, describe, expect, it } from 'vitest';
import { POOL_FUNCTIONS } from '../../src/core/tf/native/kernel-pool';
import type { FastConfigWorkerApi } from './fast-config.worker';

const worker = new Worker(new URL('./fast-config.worker.ts', import.meta.url), { type: 'module', name: 'fast-config' });
const api = wrap<FastConfigWorkerApi>(worker);
afterAll(() => worker.terminate());

describe('the fast configuration (threaded SIMD build, kernel pool, FMA, fast twin) against tfjs cpu', () => {
  it('runs the threaded SIMD build at 2 threads with the kernel pool and FMA (no silent fallback)', async () => {
    expect(globalThis.crossOriginIsolated).toBe(true);
    const s = await api.start();
    console.log(`wasm start in a worker: ${s.note}; tfjs threads ${s.threads}; kernel pool parts ${s.poolParts}`);
    expect(s.crossOriginIsolated).toBe(true);
    expect(s.note).toMatch(/^wasm: threaded SIMD build, 2 threads; SPN kernels with fused multiply-add on 2 threads/);
    expect(s.threads).toBe(2);
    expect(s.poolParts).toBe(2);
  });

  it('every op equals cpu within 1e-5', async () => {
    const results = await api.ops();
    for (const r of results) {
      console.log(`${r.name}: ${r.errors.map((e) => e.toExponential(1)).join(', ')} (value, gradients)`);
      r.errors.forEach((e, i) => expect(e, `${r.name} output ${i}`).toBeLessThan(1e-5));
    }
  });

  it('a paper-network training step: gradients equal cpu within 1e-4', async () => {
    const p = await api.paper();
    const worst = p.errors.reduce((a, b) => (b.error > a.error ? b : a));
    console.log(
      `paper step: loss ${p.lossWasm} (wasm) vs ${p.lossCpu} (cpu); ${p.errors.length} gradients, worst ${worst.error.toExponential(2)} (${worst.name})`,
    );
    expect(p.errors.length).toBeGreaterThan(40);
    expect(Math.abs(p.lossWasm - p.lossCpu)).toBeLessThan(1e-5 * (1 + Math.abs(p.lossCpu)));
    for (const e of p.errors) expect(e.error, e.name).toBeLessThan(1e-4);
  });

  it('every kernel-pool entry point ran split over the pool in the comparisons above', async () => {
    const calls = await api.pooledCalls();
    console.log(`pooled calls: ${JSON.stringify(calls)}`);
    expect(POOL_FUNCTIONS.filter((f) => !(calls[f] !== undefined && calls[f] > 0))).toEqual([]);
  });
});
