/** The wasm Sum wrapper (src/core/tf/sum-leading.ts): leading-axes sums in JS, every other Sum unchanged. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/prng';
import { sumRows } from '../../../src/core/tf/sum-leading';
import { initNodeWasm } from '../../../scripts/wasm-node';

beforeAll(async () => {
  await initNodeWasm();
});

function sumOn(
  backend: string,
  values: Float32Array,
  shape: number[],
  axis: number | number[],
  keepDims: boolean,
): { shape: number[]; values: Float32Array } {
  void tf.setBackend(backend);
  const x = tf.tensor(values, shape);
  const s = tf.sum(x, axis, keepDims);
  const out = { shape: s.shape, values: s.dataSync() as Float32Array };
  tf.dispose([x, s]);
  return out;
}

describe('Sum on wasm', () => {
  const rng = new Rng(99);
  const cases: Array<{ shape: number[]; axis: number | number[]; keepDims: boolean }> = [
    { shape: [4, 6, 5, 7], axis: [0, 1, 2], keepDims: false }, // a conv bias gradient: the JS path
    { shape: [4, 6, 5, 7], axis: [-4, -2, -3], keepDims: true }, // same axes, negative and unordered
    { shape: [9, 3], axis: 0, keepDims: false }, // a dense bias gradient
    { shape: [4, 6, 5, 7], axis: [1, 2], keepDims: false }, // not all leading axes: wasm's own kernel
    { shape: [4, 6, 5, 7], axis: 3, keepDims: false },
    { shape: [10], axis: 0, keepDims: false },
  ];
  it.each(cases)('matches cpu: %o', (c) => {
    const v = Float32Array.from({ length: c.shape.reduce((a, b) => a * b, 1) }, () => rng.normal());
    const cpu = sumOn('cpu', v, c.shape, c.axis, c.keepDims);
    const wasm = sumOn('wasm', v, c.shape, c.axis, c.keepDims);
    expect(wasm.shape).toEqual(cpu.shape);
    for (let i = 0; i < cpu.values.length; i++) expect(wasm.values[i]).toBeCloseTo(cpu.values[i] as number, 4);
  });

  it('sums rows per channel with float64 accumulators', () => {
    // 1e8 + 1 + 1 - 1e8 loses both ones in float32 accumulation; float64 keeps them.
    const x = Float32Array.from([1e8, 5, 1, 6, 1, 7, -1e8, 8]);
    const out = new Float32Array(2);
    sumRows(x, 2, out);
    expect(Array.from(out)).toEqual([2, 26]);
  });
});
