/**
 * Benchmark worker (module worker, like the app's training and classify workers): starts one backend, then times
 * inference or training steps of one network on random 112x112 patches. One worker per backend configuration,
 * because the wasm binary (threaded or not) is fixed once loaded in a realm.
 */
import { expose } from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { startBackend, wasmThreadCount, type BackendName, type WasmThreadsSetting } from '../../src/runtime/backends';
import { buildModel } from '../../src/core/model/build';
import { fastTwin } from '../../src/core/model/fast-stem';
import { countMacs, type CandidateSpec } from '../../src/core/model';
import { benchTrainStep } from '../train-step';

/** One timing job. */
export interface BenchJob {
  kind: 'infer' | 'train';
  backend: BackendName;
  wasmThreads?: WasmThreadsSetting;
  spec: CandidateSpec;
  batch: number;
  /** Untimed iterations first (operator creation, heap growth, JIT, shader compilation). */
  warmup: number;
  /** Timed iterations; their median is the result (the PyTorch peer runs the same counts). */
  iters: number;
  /** Also profile one more iteration per kernel (tf.profile) and return the slowest kernels. */
  profile?: boolean;
}

/** Timing of one job. */
export interface BenchTiming {
  backend: BackendName;
  /** wasm threads (1 = single-thread build), null for other backends. */
  threads: number | null;
  /** How the backend runs (wasm: threaded build or why not). */
  note: string;
  params: number;
  macs: number;
  iters: number;
  warmupMs: number;
  /** Median ms per batch (inference) or per training step. */
  msPerIter: number;
  /** Every timed iteration's ms, in order. */
  times: number[];
  /** With job.profile: "ms kernel [input shapes]" of one iteration, slowest first (top 30). */
  profile?: string[];
}

let started: { backend: BackendName; note: string } | null = null;

/** Median of ascending `sorted` (mean of the middle two for an even count, as Python's statistics.median). */
function median(sorted: number[]): number {
  const n = sorted.length,
    h = n >> 1;
  return n % 2 ? (sorted[h] as number) : ((sorted[h - 1] as number) + (sorted[h] as number)) / 2;
}

const api = {
  async run(job: BenchJob): Promise<BenchTiming> {
    if (!started) {
      const note = await startBackend(
        job.backend,
        job.wasmThreads === undefined ? {} : { wasmThreads: job.wasmThreads },
      );
      started = { backend: job.backend, note };
    } else if (started.backend !== job.backend) {
      throw new Error(`bench worker already runs ${started.backend}; use a new worker for ${job.backend}`);
    }
    const model = buildModel(job.spec);
    // What the app trains and classifies with: same function and variables (src/core/model/fast-stem.ts).
    const net = fastTwin(model);
    const x = tf.randomNormal<tf.Rank.R4>([job.batch, 112, 112, 1]);
    const labels = Int32Array.from({ length: job.batch }, (_, i) => i % 2);
    const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 2) as tf.Tensor2D;
    const opt = tf.train.adam(1e-4);
    const once = async (): Promise<void> => {
      const out =
        job.kind === 'train'
          ? benchTrainStep(net, opt, x, y)
          : (tf.tidy(() => net.predict(x, { batchSize: job.batch })) as tf.Tensor);
      await out.data();
      out.dispose();
    };
    try {
      const w0 = performance.now();
      for (let i = 0; i < Math.max(1, job.warmup); i++) await once(); // operator creation, heap growth, shader compilation
      const warmupMs = performance.now() - w0;
      const times: number[] = [];
      for (let i = 0; i < job.iters; i++) {
        const s = performance.now();
        await once();
        times.push(performance.now() - s);
      }
      const sorted = [...times].sort((a, b) => a - b);
      let profile: string[] | undefined;
      if (job.profile) {
        const info = await tf.profile(async () => {
          await once();
          return [];
        });
        const byKey = new Map<string, number>();
        for (const k of info.kernels) {
          if (k.name.endsWith('__op') || k.name === 'unnamed scope') continue; // op scopes (fused ops, customGrad) wrap kernels
          const key = `${k.name} ${JSON.stringify(k.inputShapes?.slice(0, 2))}`;
          byKey.set(key, (byKey.get(key) ?? 0) + (k.kernelTimeMs as number));
        }
        const sorted = [...byKey].sort((a, b) => b[1] - a[1]);
        const total = sorted.reduce((t, [, ms]) => t + ms, 0);
        profile = [
          `${total.toFixed(1)} ms in ${info.kernels.length} kernel calls (sum)`,
          ...sorted.slice(0, 30).map(([key, ms]) => `${ms.toFixed(1)} ms ${key}`),
        ];
      }
      return {
        ...(profile ? { profile } : {}),
        backend: job.backend,
        threads: wasmThreadCount(),
        note: started.note,
        params: model.countParams(),
        macs: countMacs(job.spec),
        iters: times.length,
        warmupMs,
        msPerIter: median(sorted),
        times,
      };
    } finally {
      tf.dispose([x, y]);
      opt.dispose();
      model.dispose();
    }
  },
};

export type BenchWorkerApi = typeof api;
expose(api);
