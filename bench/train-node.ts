/**
 * Training-step and inference speed of the paper network on tfjs-wasm in node (one thread),
 * next to PyTorch's CPU reference (shared/bench/torch_spn_ref.py) measured in the same run.
 * Usage: npx tsx bench/train-node.ts [--batch 64] [--steps 5] [--no-torch]
 */
import { execFileSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import { initNodeWasm } from '../scripts/wasm-node';
import { buildModel } from '../src/core/model/build';
import { paperSpec } from '../src/core/model/presets';
import { randomBatch } from '../test/node/tf/graph-net';

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const batch = arg('batch', 64);
const steps = arg('steps', 5);

await initNodeWasm();
const model = buildModel(paperSpec());
const { x, y } = randomBatch(batch, 112, 1);
const opt = tf.train.adam(1e-4);

/** Adam 1e-4, cross-entropy on the softmax output, gradients clipped to +-10 by value. */
function step(): void {
  const { value, grads } = tf.variableGrads(() =>
    tf.losses.logLoss<tf.Tensor, tf.Scalar>(y, model.apply(x, { training: true }) as tf.Tensor2D),
  );
  const clipped = Object.entries(grads).map(([name, g]) => ({ name, tensor: tf.clipByValue(g, -10, 10) }));
  opt.applyGradients(clipped);
  value.dataSync();
  tf.dispose([value, grads, clipped.map((c) => c.tensor)]);
}

const time = (n: number, f: () => void): number => {
  f(); // warm-up: operator creation, heap growth
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f();
  return (performance.now() - t0) / n;
};

const trainMs = time(steps, step);
const inferMs = time(steps, () => tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync()));
const result: Record<string, unknown> = {
  backend: 'wasm (1 thread, SIMD)',
  batch,
  wasm_train_ms_per_step: +trainMs.toFixed(1),
  wasm_patches_per_s: +((batch * 1000) / inferMs).toFixed(1),
};
if (!process.argv.includes('--no-torch')) {
  try {
    const out = execFileSync(
      '/usr/bin/python3',
      [
        new URL('../../shared/bench/torch_spn_ref.py', import.meta.url).pathname,
        '--batch',
        String(batch),
        '--seconds',
        '10',
        '--threads',
        '1',
        '--train',
      ],
      { encoding: 'utf8' },
    );
    const torch = JSON.parse(out.trim().split('\n').pop() ?? '{}') as {
      train_ms_per_step?: number;
      patches_per_s?: number;
    };
    result.torch_train_ms_per_step = torch.train_ms_per_step;
    result.torch_patches_per_s = torch.patches_per_s;
    if (torch.train_ms_per_step) result.train_ratio_wasm_over_torch = +(trainMs / torch.train_ms_per_step).toFixed(2);
    if (torch.patches_per_s)
      result.infer_ratio_wasm_over_torch = +((batch * 1000) / inferMs / torch.patches_per_s).toFixed(2);
  } catch (e) {
    result.torch = `skipped: ${(e as Error).message.split('\n')[0]}`;
  }
}
console.log(JSON.stringify(result));
