/**
 * Worker side of test/browser/fast-config.test.ts: the app's fast configuration (threaded SIMD build at 2 threads,
 * the kernel pool, relaxed-SIMD FMA, the fast twin) computes ops and a paper-network training step, and tfjs' cpu
 * backend computes the same from the same inputs. A worker, because the kernel pool blocks (Atomics.wait), which a
 * page's main thread may not: the app trains and classifies in workers too.
 */
import { expose } from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { startBackend, wasmThreadCount } from '../../src/runtime/backends';
import { spnKernelsFor } from '../../src/core/tf/native/wasm-native';
import { maxFirst } from '../../src/core/tf/max-first';
import { buildModel, seedDropout } from '../../src/core/model/build';
import { fastTwin } from '../../src/core/model/fast-stem';
import { presetSpec } from '../../src/core/model';
import { Rng } from '../../src/core/prng';
import { relErr } from '../node/tf/helpers/compare';

function normal(shape: number[], seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal());
}

/** One op under test: inputs (as arrays) -> outputs (value and gradients), run on the current backend. */
interface OpCase {
  name: string;
  run(): Float32Array[];
}

/** sum(f(x) * r) and its gradients w.r.t. `params`: a loss whose gradient reaches every output element. */
function valueAndGrads(
  params: Array<{ shape: number[]; seed: number }>,
  f: (...p: tf.Tensor[]) => tf.Tensor,
): Float32Array[] {
  return tf.tidy(() => {
    const ps = params.map((p) => tf.tensor(normal(p.shape, p.seed), p.shape));
    const y = f(...ps);
    const r = tf.tensor(normal(y.shape, 999), y.shape);
    const g = tf.grads((...q: tf.Tensor[]) => tf.sum(tf.mul(f(...q), r)))(ps);
    return [y.dataSync() as Float32Array, ...g.map((t) => t.dataSync() as Float32Array)];
  });
}

const conv = (strides: number, act: 'elu' | 'linear') => (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) =>
  tf.fused.conv2d({ x: x as tf.Tensor4D, filter: w as tf.Tensor4D, strides, pad: 'same', bias: b, activation: act });

const CASES: OpCase[] = [
  {
    name: 'conv 7x7/2 on 1 channel + bias + ELU (direct)',
    run: () =>
      valueAndGrads(
        [
          { shape: [4, 56, 56, 1], seed: 1 },
          { shape: [7, 7, 1, 16], seed: 2 },
          { shape: [16], seed: 3 },
        ],
        conv(2, 'elu'),
      ),
  },
  {
    name: 'conv 5x5/1, 8 -> 24 channels + bias (im2col GEMM)',
    run: () =>
      valueAndGrads(
        [
          { shape: [4, 28, 28, 8], seed: 4 },
          { shape: [5, 5, 8, 24], seed: 5 },
          { shape: [24], seed: 6 },
        ],
        conv(1, 'linear'),
      ),
  },
  {
    name: 'conv 1x1/2, 16 -> 24 channels + bias + ELU',
    run: () =>
      valueAndGrads(
        [
          { shape: [4, 28, 28, 16], seed: 7 },
          { shape: [1, 1, 16, 24], seed: 8 },
          { shape: [24], seed: 9 },
        ],
        conv(2, 'elu'),
      ),
  },
  {
    name: 'conv 3x3/1, 12 -> 16 channels + bias + ELU (Winograd)',
    run: () =>
      valueAndGrads(
        [
          { shape: [4, 28, 28, 12], seed: 10 },
          { shape: [3, 3, 12, 16], seed: 11 },
          { shape: [16], seed: 12 },
        ],
        conv(1, 'elu'),
      ),
  },
  {
    name: 'max-pool 3x3/2 same',
    run: () => valueAndGrads([{ shape: [4, 28, 28, 16], seed: 13 }], (x) => tf.maxPool(x as tf.Tensor4D, 3, 2, 'same')),
  },
  {
    name: 'min-pool 2x2/1 same (neg, max-pool, neg)',
    run: () =>
      valueAndGrads([{ shape: [4, 14, 14, 16], seed: 14 }], (x) =>
        tf.neg(tf.maxPool(tf.neg(x) as tf.Tensor4D, 2, 1, 'same')),
      ),
  },
  {
    name: 'avg-pool 7x7 valid',
    run: () => valueAndGrads([{ shape: [4, 7, 7, 64], seed: 15 }], (x) => tf.avgPool(x as tf.Tensor4D, 7, 1, 'valid')),
  },
  { name: 'ELU', run: () => valueAndGrads([{ shape: [4, 28, 28, 32], seed: 16 }], (x) => tf.elu(x)) },
  {
    name: 'max of 3 (first maximum takes the gradient)',
    run: () =>
      valueAndGrads(
        [
          { shape: [4, 28, 28, 8], seed: 17 },
          { shape: [4, 28, 28, 8], seed: 18 },
          { shape: [4, 28, 28, 8], seed: 19 },
        ],
        (a, b, c) => maxFirst([a, b, c]),
      ),
  },
];

/** Loss and gradients of one training step (dropout on, seeded) of the paper network `net` on a fixed batch. */
function paperStep(net: tf.LayersModel, model: tf.LayersModel): { loss: number; grads: Map<string, Float32Array> } {
  const batch = 2;
  seedDropout(model, 12345); // the masks come from a JS generator: the same on both backends
  const x = tf.tensor(normal([batch, 112, 112, 1], 21), [batch, 112, 112, 1]);
  const y = tf.oneHot(tf.tensor1d([0, 1], 'int32'), 2);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(() => {
    const probs = net.apply(x, { training: true }) as tf.Tensor2D;
    return tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(y, tf.log(tf.clipByValue(probs, 1e-7, 1)));
  }, vars);
  // Variable names of a second model get a numeric suffix: matched without it.
  const out = {
    loss: value.dataSync()[0] as number,
    grads: new Map(Object.entries(grads).map(([k, g]) => [k.replace(/_\d+$/, ''), g.dataSync() as Float32Array])),
  };
  tf.dispose([x, y, value, ...Object.values(grads)]);
  return out;
}

const api = {
  /** Starts wasm as the app does in its workers, asking for 2 threads; returns what really runs. */
  async start(): Promise<{
    note: string;
    threads: number | null;
    poolParts: number | null;
    crossOriginIsolated: boolean;
  }> {
    const note = await startBackend('wasm', { wasmThreads: 2 });
    const k = spnKernelsFor(tf.engine().findBackend('wasm'));
    return {
      note,
      threads: wasmThreadCount(),
      poolParts: k?.pool?.parts ?? null,
      crossOriginIsolated: globalThis.crossOriginIsolated,
    };
  },

  /** Every op on the fast configuration and on cpu: the norm-relative error of each output. */
  async ops(): Promise<Array<{ name: string; errors: number[] }>> {
    const out: Array<{ name: string; errors: number[] }> = [];
    for (const c of CASES) {
      await tf.setBackend('wasm');
      const fast = c.run();
      await tf.setBackend('cpu');
      const ref = c.run();
      out.push({ name: c.name, errors: ref.map((r, i) => relErr(r, fast[i] as Float32Array)) });
    }
    await tf.setBackend('wasm');
    return out;
  },

  /** A paper-network training step: the fast twin on wasm against the model itself on cpu, same seeded weights. */
  async paper(): Promise<{ lossWasm: number; lossCpu: number; errors: Array<{ name: string; error: number }> }> {
    await tf.setBackend('wasm');
    const m1 = buildModel(presetSpec('paper'), { seed: 7 });
    const twin = fastTwin(m1);
    const fast = paperStep(twin, m1);
    const twinUsed = twin !== m1;
    m1.dispose();
    await tf.setBackend('cpu');
    const m2 = buildModel(presetSpec('paper'), { seed: 7 });
    const ref = paperStep(m2, m2);
    m2.dispose();
    await tf.setBackend('wasm');
    if (!twinUsed) throw new Error('the fast twin did not apply to the paper network');
    return {
      lossWasm: fast.loss,
      lossCpu: ref.loss,
      errors: [...ref.grads].map(([name, g]) => ({
        name,
        error: relErr(g, fast.grads.get(name) ?? new Float32Array(g.length)),
      })),
    };
  },

  /** Calls each kernel-pool function made split over the helpers so far. */
  pooledCalls(): Record<string, number> {
    const pool = spnKernelsFor(tf.engine().findBackend('wasm'))?.pool;
    return pool ? Object.fromEntries(pool.pooledCalls) : {};
  },
};

export type FastConfigWorkerApi = typeof api;
expose(api);
