/**
 * The SIMD kernel module in real Chromium: the fused-multiply-add build (relaxed SIMD, opcode renumbered at build
 * time) passes its self-test and runs, and a model's forward convs, their gradients and MaxPoolGrad on it equal
 * tfjs' cpu backend (stem 7x7/2 on one channel: the direct kernel; 3x3 on 12 channels: Winograd), in training
 * and in inference, where bias and ELU are applied inside the conv kernels.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { startBackend } from '../../src/runtime/backends';
import { buildModel } from '../../src/core/model/build';
import { fastTwin } from '../../src/core/model/fast-stem';
import { makeSmallSpec } from '../../src/core/model/presets';

function seeded(shape: number[], seed: number): Float32Array {
  const v = new Float32Array(shape.reduce((a, b) => a * b, 1));
  let s = seed >>> 0;
  for (let i = 0; i < v.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    v[i] = s / 2 ** 32 - 0.5;
  }
  return v;
}

/**
 * Loss and gradients of a small conv net (conv7x7/2+bias+elu -> maxpool -> conv3x3+bias+elu -> mean), and the
 * same net's output without gradients: there FusedConv2D runs whole (the kernels apply bias and ELU in place).
 */
function lossAndGrads(backend: string): { loss: number; grads: Float32Array[]; inference: Float32Array } {
  void tf.setBackend(backend);
  return tf.tidy(() => {
    const x = tf.tensor4d(seeded([2, 32, 32, 1], 1), [2, 32, 32, 1]);
    const w1 = tf.tensor4d(seeded([7, 7, 1, 12], 2), [7, 7, 1, 12]);
    const b1 = tf.tensor1d(seeded([12], 3));
    const w2 = tf.tensor4d(seeded([3, 3, 12, 16], 4), [3, 3, 12, 16]);
    const b2 = tf.tensor1d(seeded([16], 5));
    const f = (a: tf.Tensor, c: tf.Tensor, d: tf.Tensor, e: tf.Tensor): tf.Scalar => {
      const h = tf.fused.conv2d({
        x: x,
        filter: a as tf.Tensor4D,
        strides: 2,
        pad: 'same',
        bias: c,
        activation: 'elu',
      });
      const p = tf.maxPool(h, 3, 2, 'same');
      const y = tf.fused.conv2d({
        x: p,
        filter: d as tf.Tensor4D,
        strides: 1,
        pad: 'same',
        bias: e,
        activation: 'elu',
      });
      return tf.mean(tf.square(y));
    };
    const { value, grads } = tf.valueAndGrads(f)([w1, b1, w2, b2]);
    const h = tf.fused.conv2d({ x, filter: w1, strides: 2, pad: 'same', bias: b1, activation: 'elu' });
    const inference = tf.fused.conv2d({
      x: tf.maxPool(h, 3, 2, 'same'),
      filter: w2,
      strides: 1,
      pad: 'same',
      bias: b2,
      activation: 'elu',
    });
    return {
      loss: value.dataSync()[0] as number,
      grads: grads.map((g) => g.dataSync() as Float32Array),
      inference: inference.dataSync() as Float32Array,
    };
  });
}

describe('SIMD kernel module in Chromium', () => {
  it('loads the fused multiply-add build and matches the cpu backend', async () => {
    const note = await startBackend('wasm', { wasmThreads: 1 });
    console.log(`wasm start: ${note}`);
    expect(note).toMatch(/SPN kernels with fused multiply-add/);
    const wasm = lossAndGrads('wasm');
    const cpu = lossAndGrads('cpu');
    expect(Math.abs(wasm.loss - cpu.loss)).toBeLessThan(1e-5 * (1 + Math.abs(cpu.loss)));
    const worst = cpu.inference.reduce(
      (m, v, j) => Math.max(m, Math.abs(v - (wasm.inference[j] as number)) / (1 + Math.abs(v))),
      0,
    );
    expect(worst, 'inference (fused bias + ELU)').toBeLessThan(1e-4);
    cpu.grads.forEach((g, i) => {
      let num = 0;
      let den = 0;
      const o = wasm.grads[i] as Float32Array;
      for (let j = 0; j < g.length; j++) {
        num += ((g[j] as number) - (o[j] as number)) ** 2;
        den += (g[j] as number) ** 2;
      }
      expect(Math.sqrt(num / den), `gradient ${i}`).toBeLessThan(1e-4);
    });
    void tf.setBackend('wasm');
  }, 120_000);

  it('runs the fast twin of a strided stem (one-kernel taps + max, winner-only filter gradient) like the model', async () => {
    await startBackend('wasm', { wasmThreads: 1 });
    const model = buildModel(makeSmallSpec({ layout: 'tf2' }));
    try {
      const twin = fastTwin(model);
      expect(twin).not.toBe(model);
      const x = tf.tensor4d(seeded([2, 112, 112, 1], 9), [2, 112, 112, 1]);
      const labels = tf.oneHot(tf.tensor1d([0, 1], 'int32'), 2);
      const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
      const run = (net: tf.LayersModel): Float32Array[] => {
        const { value, grads } = tf.variableGrads(
          () => tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(labels, net.apply(x) as tf.Tensor),
          vars,
        );
        const out = [
          value.dataSync() as Float32Array,
          ...Object.values(grads).map((g) => g.dataSync() as Float32Array),
        ];
        tf.dispose([value, ...Object.values(grads)]);
        return out;
      };
      const a = run(model);
      const b = run(twin);
      a.forEach((v, i) => {
        const w = b[i] as Float32Array;
        let num = 0;
        let den = 0;
        for (let j = 0; j < v.length; j++) {
          num += ((v[j] as number) - (w[j] as number)) ** 2;
          den += (v[j] as number) ** 2;
        }
        expect(Math.sqrt(num / Math.max(den, 1e-30)), `output ${i}`).toBeLessThan(1e-4);
      });
      tf.dispose([x, labels]);
    } finally {
      model.dispose();
    }
  }, 120_000);
});
