/**
 * Conv2DBackpropFilter on wasm has two paths (src/core/tf/conv2d-backprop-filter.ts): a JS patch matrix + one
 * matrix product when kH*kW*ci <= IM2COL_MAX_TAPS, the transposed convolution otherwise. Both are checked against
 * the cpu backend right at the threshold, and both must free every intermediate. (Both are the fallbacks of the
 * SIMD kernel module, switched off here so that they are the ones tested.)
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/prng';
import { IM2COL_MAX_TAPS, gatherPatchesTransposed } from '../../../src/core/tf/conv2d-backprop-filter';
import { initNodeWasm } from '../../../scripts/wasm-node';
import { setSpnKernelsEnabled } from '../../../src/core/tf/native/wasm-native';

function randomTensor(rng: Rng, shape: number[]): tf.Tensor {
  const v = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < v.length; i++) v[i] = rng.normal();
  return tf.tensor(v, shape);
}

function filterGrad(
  backend: string,
  x: tf.Tensor,
  dy: tf.Tensor,
  attrs: object,
): { values: Float32Array; leaked: number } {
  void tf.setBackend(backend);
  // A first run moves x and dy onto this backend, so the count below sees only the kernel's own allocations.
  tf.engine()
    .runKernel<tf.Tensor>('Conv2DBackpropFilter', { x, dy }, attrs as tf.NamedAttrMap)
    .dispose();
  const before = tf.engine().backend.numDataIds();
  const out = tf.engine().runKernel<tf.Tensor>('Conv2DBackpropFilter', { x, dy }, attrs as tf.NamedAttrMap);
  const values = out.dataSync() as Float32Array;
  const leaked = tf.engine().backend.numDataIds() - before - 1;
  out.dispose();
  return { values, leaked };
}

beforeAll(async () => {
  await initNodeWasm();
  setSpnKernelsEnabled(false);
});
afterAll(() => setSpnKernelsEnabled(true));

describe('Conv2DBackpropFilter paths on wasm', () => {
  const cases = [
    { ci: 1, k: 7, stride: 2, pad: 'same', patches: true }, // the paper's stem: 49 taps
    { ci: 4, k: 4, stride: 3, pad: 'valid', patches: true }, // 64 taps: the threshold itself
    { ci: 8, k: 3, stride: 2, pad: 'same', patches: false }, // 72 taps
    { ci: 5, k: 4, stride: 1, pad: 'valid', patches: false }, // 80 taps
  ] as const;

  it.each(cases)('matches cpu and frees its intermediates: %o', (c) => {
    const rng = new Rng(7 + c.ci * 10 + c.k);
    const x = randomTensor(rng, [3, 19, 17, c.ci]);
    const filterShape = [c.k, c.k, c.ci, 5];
    const yShape = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filterShape as [number, number, number, number],
      c.stride,
      1,
      c.pad,
    ).outShape;
    const dy = randomTensor(rng, yShape);
    const attrs = { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC', filterShape };
    const cpu = filterGrad('cpu', x, dy, attrs);
    const wasm = filterGrad('wasm', x, dy, attrs);
    expect(c.k * c.k * c.ci <= IM2COL_MAX_TAPS).toBe(c.patches);
    expect(wasm.leaked).toBe(0);
    let num = 0;
    let den = 0;
    for (let i = 0; i < cpu.values.length; i++) {
      num += ((cpu.values[i] as number) - (wasm.values[i] as number)) ** 2;
      den += (cpu.values[i] as number) ** 2;
    }
    expect(wasm.values.length).toBe(cpu.values.length);
    expect(Math.sqrt(num / den)).toBeLessThan(1e-5);
    tf.dispose([x, dy]);
  });

  it('gathers the transposed patch matrix with zeros outside the input', () => {
    // x: 1 image 3x3, one channel, values 1..9; 2x2 filter, stride 2, top/left padding 1 -> 2x2 output.
    const x = Float32Array.from({ length: 9 }, (_, i) => i + 1);
    const a = new Float32Array(4 * 4).fill(NaN);
    gatherPatchesTransposed(x, a, {
      batch: 1,
      inH: 3,
      inW: 3,
      inC: 1,
      outH: 2,
      outW: 2,
      outC: 1,
      kH: 2,
      kW: 2,
      strideH: 2,
      strideW: 2,
      padTop: 1,
      padLeft: 1,
    });
    // Row (kh,kw) lists the tap for outputs (0,0),(0,1),(1,0),(1,1): input (2*oh+kh-1, 2*ow+kw-1).
    expect(Array.from(a)).toEqual([0, 0, 0, 5, 0, 0, 4, 6, 0, 2, 0, 8, 1, 3, 7, 9]);
  });
});
