/**
 * The wasm training kernels against tfjs' cpu backend on seeded random shapes: conv filter and
 * input gradients (square, kx1 and 1xk kernels, strides 1-2, SAME/VALID, batch 1-8, channels
 * 1-64) and MaxPoolGrad (including all-negative windows, where wasm's own kernel is wrong).
 * Each runs twice: on the SIMD kernel module (native/spn_kernels.c) and on the tfjs-composed fallbacks.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/prng';
import { UnsupportedKernelShapeError } from '../../../src/core/tf/conv-geometry';
import { registerWasmTrainingKernels, wasmTrainingKernelsRegistered } from '../../../src/core/tf/wasm-training-kernels';
import { initNodeWasm } from '../../../scripts/wasm-node';
import { setSpnKernelsEnabled } from '../../../src/core/tf/native/wasm-native';
import { relErr } from './helpers/compare';

const PATHS = [
  ['SIMD kernel module', true],
  ['tfjs-composed fallback', false],
] as const;

function randomTensor(rng: Rng, shape: number[]): tf.Tensor {
  const v = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < v.length; i++) v[i] = rng.normal();
  return tf.tensor(v, shape);
}

/** Runs kernel `name` on both backends with the same inputs; returns [cpu, wasm] values. */
function onBoth(name: string, inputs: Record<string, tf.Tensor>, attrs: object): [Float32Array, Float32Array] {
  const run = (backend: string): Float32Array => {
    void tf.setBackend(backend);
    const out = tf.engine().runKernel<tf.Tensor>(name, inputs, attrs as tf.NamedAttrMap);
    const v = out.dataSync() as Float32Array;
    out.dispose();
    return v;
  };
  const cpu = run('cpu');
  const wasm = run('wasm');
  return [cpu, wasm];
}

interface ConvCase {
  batch: number;
  h: number;
  w: number;
  ci: number;
  co: number;
  kh: number;
  kw: number;
  stride: number;
  pad: 'same' | 'valid';
}

function sampleConvCase(rng: Rng): ConvCase {
  const k = rng.int(1, 8);
  const shape = rng.pick(['square', 'kx1', '1xk'] as const);
  const kh = shape === '1xk' ? 1 : k;
  const kw = shape === 'kx1' ? 1 : k;
  const pad = rng.pick(['same', 'valid'] as const);
  return {
    batch: rng.int(1, 9),
    h: rng.int(Math.max(kh, 2), 17),
    w: rng.int(Math.max(kw, 2), 17),
    ci: rng.pick([1, 2, 3, rng.int(4, 65)]),
    co: rng.pick([1, 2, rng.int(3, 65)]),
    kh,
    kw,
    stride: rng.int(1, 3),
    pad,
  };
}

beforeAll(async () => {
  await initNodeWasm();
  tf.env().set('DEBUG', false);
});

describe('registerWasmTrainingKernels', () => {
  it('is idempotent and leaves our kernels registered', () => {
    expect(wasmTrainingKernelsRegistered()).toBe(true);
    expect(registerWasmTrainingKernels()).toEqual([]);
    const names = tf.getKernelsForBackend('wasm').map((k) => k.kernelName);
    for (const n of ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad', 'Identity']) {
      expect(names.filter((k) => k === n)).toHaveLength(1);
    }
  });
});

describe('Identity on wasm', () => {
  it('shares the buffer (no copy) and keeps it alive until the last reference is disposed', () => {
    void tf.setBackend('wasm');
    const x = tf.tensor1d([1, -2, 3.5]);
    const buffers = tf.memory().numDataBuffers;
    const y = tf.clone(x);
    expect(tf.memory().numDataBuffers).toBe(buffers);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, -2, 3.5]);
    const z = tf.add(y, 1);
    expect(Array.from(z.dataSync())).toEqual([2, -1, 4.5]);
    tf.dispose([y, z]);
    const s = tf.clone(tf.tensor1d(['a', 'b'], 'string'));
    expect(s.arraySync()).toEqual(['a', 'b']);
    s.dispose();
  });
});

describe.each(PATHS)('conv gradients match the cpu backend (%s)', (_path, native) => {
  beforeAll(() => setSpnKernelsEnabled(native));
  afterAll(() => setSpnKernelsEnabled(true));
  const rng = new Rng(20240611);
  const cases = Array.from({ length: 40 }, () => sampleConvCase(rng));
  // Always include the paper's stem shapes in miniature: 7x7/2 on one channel, 1x1/2, 2x2 SAME.
  cases.push(
    { batch: 3, h: 20, w: 20, ci: 1, co: 9, kh: 7, kw: 7, stride: 2, pad: 'same' },
    { batch: 2, h: 9, w: 9, ci: 5, co: 6, kh: 1, kw: 1, stride: 2, pad: 'same' },
    { batch: 2, h: 7, w: 7, ci: 4, co: 3, kh: 2, kw: 2, stride: 1, pad: 'same' },
  );

  it.each(cases.map((c, i) => [i, c] as const))('case %i %o', (i, c) => {
    const data = new Rng(1000 + i);
    const x = randomTensor(data, [c.batch, c.h, c.w, c.ci]);
    const filter = randomTensor(data, [c.kh, c.kw, c.ci, c.co]);
    const ySize = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filter.shape as [number, number, number, number],
      c.stride,
      1,
      c.pad,
    ).outShape;
    const dy = randomTensor(data, ySize);
    const common = { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC' };
    const [dwCpu, dwWasm] = onBoth('Conv2DBackpropFilter', { x, dy }, { ...common, filterShape: filter.shape });
    expect(dwWasm.length).toBe(dwCpu.length);
    expect(relErr(dwCpu, dwWasm)).toBeLessThan(1e-4);
    const [dxCpu, dxWasm] = onBoth('Conv2DBackpropInput', { dy, filter }, { ...common, inputShape: x.shape });
    expect(dxWasm.length).toBe(dxCpu.length);
    expect(relErr(dxCpu, dxWasm)).toBeLessThan(1e-4);
    tf.dispose([x, filter, dy]);
  });

  it.each([
    [[3, 20, 20, 1], [7, 7, 1, 13], 2],
    [[2, 9, 9, 5], [3, 3, 5, 11], 1],
    [[2, 8, 8, 6], [2, 2, 6, 9], 2],
  ] as const)('filter gradient with pixels without gradient (x %j, filter %j, stride %i)', (xs, fs, stride) => {
    // As behind a max-pool and a stride-2 1x1 conv: whole dy rows of zeros (skipped by the kernel module),
    // rows with some zero channels, and one all-zero dy.
    const data = new Rng(xs[1] * 7 + fs[0]);
    const x = randomTensor(data, [...xs]);
    const outShape = tf.backend_util.computeConv2DInfo([...xs], [...fs], stride, 1, 'same').outShape;
    const dense = randomTensor(data, outShape);
    const mask = tf.tensor(
      Float32Array.from({ length: dense.size }, (_, i) => {
        const pixel = Math.floor(i / fs[3]);
        return pixel % 3 === 0 || (pixel % 5 === 1 && i % 2 === 0) ? 0 : 1;
      }),
      outShape,
    );
    const attrs = { strides: [stride, stride], pad: 'same', dataFormat: 'NHWC', filterShape: [...fs] };
    for (const dy of [tf.mul(dense, mask), tf.zerosLike(dense)]) {
      const [cpu, wasm] = onBoth('Conv2DBackpropFilter', { x, dy }, attrs);
      if (cpu.some((v) => v !== 0)) expect(relErr(cpu, wasm)).toBeLessThan(1e-4);
      else expect(wasm.every((v) => v === 0)).toBe(true);
      dy.dispose();
    }
    tf.dispose([x, dense, mask]);
  });

  it('frees every intermediate (only the result stays allocated)', () => {
    void tf.setBackend('wasm');
    const data = new Rng(5);
    const x = randomTensor(data, [2, 9, 9, 3]);
    const dy = randomTensor(data, [2, 5, 5, 4]);
    const filter = randomTensor(data, [3, 3, 3, 4]);
    const before = tf.engine().backend.numDataIds();
    const attrs = { strides: [2, 2], pad: 'same', dataFormat: 'NHWC' };
    const dw = tf
      .engine()
      .runKernel<tf.Tensor>('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: [3, 3, 3, 4] });
    const dx = tf
      .engine()
      .runKernel<tf.Tensor>('Conv2DBackpropInput', { dy, filter }, { ...attrs, inputShape: [2, 9, 9, 3] });
    expect(tf.engine().backend.numDataIds()).toBe(before + 2);
    tf.dispose([x, dy, filter, dw, dx]);
  });
});

describe.each(PATHS)('MaxPoolGrad matches the cpu backend (%s)', (_path, native) => {
  beforeAll(() => setSpnKernelsEnabled(native));
  afterAll(() => setSpnKernelsEnabled(true));
  const rng = new Rng(77);
  const cases = Array.from({ length: 16 }, () => {
    const size = rng.int(2, 6);
    return {
      batch: rng.int(1, 4),
      h: rng.int(size, 12),
      c: rng.int(1, 20),
      size,
      stride: rng.int(1, 3),
      pad: rng.pick(['same', 'valid'] as const),
      shift: rng.pick([0, -5, 5]),
    };
  });

  it.each(cases.map((c, i) => [i, c] as const))('case %i %o', (i, c) => {
    const data = new Rng(300 + i);
    // shift -5 makes every window's maximum negative: the case wasm's own kernel gets wrong.
    const x = tf.add<tf.Tensor4D>(randomTensor(data, [c.batch, c.h, c.h + 1, c.c]), c.shift);
    void tf.setBackend('cpu');
    const y = tf.maxPool(x, c.size, c.stride, c.pad);
    const dy = randomTensor(data, y.shape);
    const [cpu, wasm] = onBoth(
      'MaxPoolGrad',
      { dy, input: x, output: y },
      { filterSize: c.size, strides: c.stride, pad: c.pad },
    );
    expect(relErr(cpu, wasm)).toBeLessThan(1e-6);
    tf.dispose([x, y, dy]);
  });

  it('skips windows without gradient, like cpu (dy zero for whole pixels and single channels)', () => {
    const data = new Rng(4242);
    const x = randomTensor(data, [2, 11, 12, 9]) as tf.Tensor4D;
    void tf.setBackend('cpu');
    const y = tf.maxPool(x, 3, 2, 'same');
    const dense = randomTensor(data, y.shape);
    const dy = tf.mul(
      dense,
      tf.tensor(
        Float32Array.from({ length: dense.size }, (_, i) => (Math.floor(i / 9) % 2 === 1 || i % 4 === 0 ? 0 : 1)),
        y.shape,
      ),
    );
    const [cpu, wasm] = onBoth('MaxPoolGrad', { dy, input: x, output: y }, { filterSize: 3, strides: 2, pad: 'same' });
    expect(relErr(cpu, wasm)).toBeLessThan(1e-6);
    tf.dispose([x, y, dense, dy]);
  });

  it('sends the gradient of an all-zero window to its first element, like cpu', () => {
    void tf.setBackend('wasm');
    const x = tf.zeros<tf.Rank.R4>([1, 2, 2, 1]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid')))(x);
    expect(Array.from(g.dataSync())).toEqual([1, 0, 0, 0]);
    tf.dispose([x, g]);
  });
});

describe.each(PATHS)(
  'AvgPoolGrad, MaxPool, Concat, SplitV, Elu, EluGrad and Neg match the cpu backend (%s)',
  (_path, native) => {
    beforeAll(() => setSpnKernelsEnabled(native));
    afterAll(() => setSpnKernelsEnabled(true));
    const rng = new Rng(91);
    const pools = Array.from({ length: 12 }, () => {
      const size = rng.int(2, 6);
      return {
        batch: rng.int(1, 4),
        h: rng.int(size, 12),
        c: rng.int(1, 20),
        size,
        stride: rng.int(1, 4),
        pad: rng.pick(['same', 'valid'] as const),
      };
    });
    // The paper network's global average pool: the window is the whole 7x7 map.
    pools.push({ batch: 3, h: 7, c: 459, size: 7, stride: 7, pad: 'valid' });

    it.each(pools.map((c, i) => [i, c] as const))('AvgPoolGrad case %i %o', (i, c) => {
      const data = new Rng(500 + i);
      const x = randomTensor(data, [c.batch, c.h, c.h + 1, c.c]) as tf.Tensor4D;
      const outShape = tf.backend_util.computePool2DInfo(x.shape, c.size, c.stride, 1, c.pad).outShape;
      const dy = randomTensor(data, outShape);
      const [cpu, wasm] = onBoth(
        'AvgPoolGrad',
        { dy, input: x },
        { filterSize: c.size, strides: c.stride, pad: c.pad },
      );
      expect(wasm.length).toBe(cpu.length);
      expect(relErr(cpu, wasm)).toBeLessThan(1e-6);
      tf.dispose([x, dy]);
    });

    it.each([
      [[64, 7, 7, 459], 3, [107, 107, 45, 45, 155]],
      [[2, 3, 5], 1, [1, -1, 2]],
      [[4, 6], 0, [4, 0]],
      [[9], 0, 3],
      [[2, 3, 4], 2, [3, 1]],
    ] as const)('SplitV of %j along axis %i into %j', (shape, axis, splits) => {
      const how = typeof splits === 'number' ? splits : [...splits];
      void tf.setBackend('wasm');
      const x = randomTensor(new Rng(8), [...shape]);
      const before = tf.engine().backend.numDataIds();
      const pieces = tf.split(x, how, axis);
      expect(tf.engine().backend.numDataIds()).toBe(before + pieces.length);
      const wasm = pieces.map((p) => Array.from(p.dataSync()));
      void tf.setBackend('cpu');
      const cpu = tf.split(x, how, axis);
      expect(wasm).toEqual(cpu.map((t) => Array.from(t.dataSync())));
      tf.dispose([x, ...pieces, ...cpu]);
    });

    it.each([[[3, 5, 7, 9]], [[1, 1, 1, 3]], [[64, 7, 7, 13]]] as const)('Elu, EluGrad and Neg of %j', (shape) => {
      const n = shape.reduce((a: number, b: number) => a * b, 1);
      const data = new Rng(n);
      // Large negatives (e^x underflows), tiny values either side of 0, exact zeros, ordinary values.
      const v = Float32Array.from({ length: n }, (_, i) => [-100, -1e-6, 0, 1e-6, 30][i % 7] ?? data.normal() * 3);
      const x = tf.tensor(v, [...shape]);
      const dy = randomTensor(data, [...shape]);
      const [yCpu, yWasm] = onBoth('Elu', { x }, {});
      expect(relErr(yCpu, yWasm)).toBeLessThan(1e-6);
      for (let i = 0; i < n; i++) expect(Math.abs((yCpu[i] as number) - (yWasm[i] as number))).toBeLessThan(1e-6);
      const [nCpu, nWasm] = onBoth('Neg', { x }, {});
      expect(Array.from(nWasm)).toEqual(Array.from(nCpu));
      const y = tf.tensor(yCpu, [...shape]);
      const [gCpu, gWasm] = onBoth('EluGrad', { dy, y }, {});
      expect(relErr(gCpu, gWasm)).toBeLessThan(1e-6);
      tf.dispose([x, dy, y]);
    });

    it.each(pools.map((c, i) => [i, c] as const))('MaxPool case %i %o', (i, c) => {
      const x = randomTensor(new Rng(700 + i), [c.batch, c.h, c.h + 1, c.c]);
      const [cpu, wasm] = onBoth('MaxPool', { x }, { filterSize: c.size, strides: c.stride, pad: c.pad });
      expect(Array.from(wasm)).toEqual(Array.from(cpu));
      x.dispose();
    });

    it.each([
      [
        [
          [2, 3, 4, 5],
          [2, 3, 4, 2],
          [2, 3, 4, 0],
          [2, 3, 4, 7],
        ],
        3,
      ],
      [
        [
          [6, 1],
          [6, 3],
        ],
        -1,
      ],
      [
        [
          [2, 3, 4],
          [2, 1, 4],
        ],
        1,
      ], // not the last axis: wasm's kernel
    ] as const)('Concat of %j along axis %i', (shapes, axis) => {
      const xs = shapes.map((sh, j) => randomTensor(new Rng(40 + j), [...sh]));
      void tf.setBackend('cpu');
      const want = tf.concat(xs, axis).dataSync();
      void tf.setBackend('wasm');
      const got = tf.concat(xs, axis);
      expect(Array.from(got.dataSync())).toEqual(Array.from(want));
      tf.dispose([...xs, got]);
    });

    it('SplitV of int32 still works (wasm kernel)', () => {
      void tf.setBackend('wasm');
      const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3], 'int32');
      const [a, b] = tf.split(x, [1, 2], 1);
      expect(a!.arraySync()).toEqual([[1], [4]]);
      expect(b!.arraySync()).toEqual([
        [2, 3],
        [5, 6],
      ]);
      tf.dispose([x, a!, b!]);
    });
  },
);

describe('unsupported shapes fail loudly', () => {
  it('rejects NCHW with the op name and shapes', () => {
    void tf.setBackend('wasm');
    const x = tf.ones([1, 3, 8, 8]);
    const dy = tf.ones([1, 4, 8, 8]);
    const call = () =>
      tf
        .engine()
        .runKernel(
          'Conv2DBackpropFilter',
          { x, dy },
          { strides: 1, pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 3, 4] },
        );
    expect(call).toThrow(UnsupportedKernelShapeError);
    expect(call).toThrow(/Conv2DBackpropFilter.*NCHW.*x=\[1,3,8,8\].*dy=\[1,4,8,8\]/);
    tf.dispose([x, dy]);
  });

  it('rejects a dy that does not fit the forward convolution', () => {
    void tf.setBackend('wasm');
    const dy = tf.ones([1, 5, 5, 4]);
    const filter = tf.ones([3, 3, 2, 4]);
    const call = () =>
      tf
        .engine()
        .runKernel(
          'Conv2DBackpropInput',
          { dy, filter },
          { strides: 1, pad: 'same', dataFormat: 'NHWC', inputShape: [1, 8, 8, 2] },
        );
    expect(call).toThrow(/Conv2DBackpropInput.*dy does not match.*\[1,8,8,4\]/);
    tf.dispose([dy, filter]);
  });
});
