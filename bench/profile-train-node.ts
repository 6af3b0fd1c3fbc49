/**
 * Per-kernel profile of one training step of the paper network on tfjs-wasm in node (one thread), to find what
 * to speed up. Usage: node --experimental-wasm-relaxed-simd --import tsx bench/profile-train-node.ts
 */
import * as tf from '@tensorflow/tfjs';
import { initNodeWasm } from '../scripts/wasm-node';
import { buildModel } from '../src/core/model/build';
import { paperSpec } from '../src/core/model/presets';
import { fastTwin } from '../src/core/model/fast-stem';
import { benchTrainStep } from './train-step';
await initNodeWasm();
// --layer-by-layer profiles the model itself instead of its fast twin (src/core/model/fast-stem.ts).
const base = buildModel(paperSpec());
const model = process.argv.includes('--layer-by-layer') ? base : fastTwin(base);
const x = tf.randomNormal([64, 112, 112, 1]);
const y = tf.oneHot(
  tf.tensor1d(
    Array.from({ length: 64 }, (_, i) => i % 2),
    'int32',
  ),
  2,
);
const opt: tf.Optimizer = tf.train.adam(1e-4);
const step = (): tf.Scalar => benchTrainStep(model, opt, x, y);
step().dispose();
// Three profiled steps; per kernel (and per kernel + shapes) the fastest of the three, since this VM is noisy.
const REPS = 3;
const stepMs: number[] = [];
const byKey: Array<Map<string, { ms: number; n: number }>> = [];
const byKernel: Array<Map<string, number>> = [];
for (let rep = 0; rep < REPS; rep++) {
  const t0 = performance.now();
  const prof = await tf.profile(() => step());
  stepMs.push(performance.now() - t0);
  const agg = new Map<string, { ms: number; n: number }>();
  const names = new Map<string, number>();
  for (const k of prof.kernels) {
    // tf.profile also lists the op scope around a fused kernel ("fusedConv2d__op"); count kernels only.
    if (k.name.endsWith('__op') || k.name === 'unnamed scope') continue; // op scopes (fused ops, customGrad) wrap kernels
    const key = k.name + ' ' + JSON.stringify(k.inputShapes?.slice(0, 2));
    const a = agg.get(key) ?? { ms: 0, n: 0 };
    a.ms += k.kernelTimeMs as number;
    a.n++;
    agg.set(key, a);
    names.set(k.name, (names.get(k.name) ?? 0) + (k.kernelTimeMs as number));
  }
  byKey.push(agg);
  byKernel.push(names);
}
const minOf = <T>(maps: Array<Map<string, T>>, ms: (t: T) => number): Array<[string, T]> =>
  [...maps[0]!.keys()].map((k) => {
    let best = maps[0]!.get(k)!;
    for (const m of maps) if (m.has(k) && ms(m.get(k)!) < ms(best)) best = m.get(k)!;
    return [k, best] as [string, T];
  });
console.log('step ms', stepMs.map((t) => t.toFixed(0)).join(' '));
const kernels = minOf(byKernel, (t) => t).sort((a, b) => b[1] - a[1]);
console.log(`sum of per-kernel minima ${kernels.reduce((s, [, t]) => s + t, 0).toFixed(0)} ms`);
console.log(
  kernels
    .slice(0, 15)
    .map(([n, ms]) => `${n} ${ms.toFixed(0)}`)
    .join('\n'),
);
console.log('---');
console.log(
  minOf(byKey, (a) => a.ms)
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, 60)
    .map(([n, a]) => `${a.ms.toFixed(0)} ms x${a.n} ${n}`)
    .join('\n'),
);
