/**
 * The SIMD kernel module (src/core/tf/native/spn_kernels.c) in node: it attaches to the wasm backend, its forward
 * convolutions (patch-matrix GEMM and direct) equal tfjs' cpu backend on seeded random shapes with bias, its
 * self-test rejects a wrong kernel, and the committed binaries are what the C source builds to.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/prng';
import { convGeometry } from '../../../src/core/tf/conv-geometry';
import {
  conv2dDirectNative,
  conv2dFilterGradNative,
  conv2dInputGradNative,
  conv2dNative,
  conv3x3WinogradNative,
  winogradApplies,
} from '../../../src/core/tf/native/native-ops';
import { selfTest, type SpnKernelExports } from '../../../src/core/tf/native/spn-kernels';
import { FusedActivation, spnKernelsFor } from '../../../src/core/tf/native/wasm-native';
import type { WasmStart } from '../../../src/core/tf/wasm-backend';
import { initNodeWasm } from '../../../scripts/wasm-node';
import {
  CLANG_MAJOR,
  KERNEL_DIGESTS,
  KERNEL_SOURCE,
  KERNEL_TARGET,
  pinnedToolchain,
  sha256,
  type KernelDigests,
} from '../../../scripts/kernel-toolchain';

let start: WasmStart;
beforeAll(async () => {
  start = await initNodeWasm();
});

function randomTensor(rng: Rng, shape: number[]): tf.Tensor {
  const v = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < v.length; i++) v[i] = rng.normal();
  return tf.tensor(v, shape);
}

function maxRelDiff(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++)
    worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)) / (1 + Math.abs(a[i] as number)));
  return worst;
}

describe('attaching the kernel module', () => {
  it('attaches to the node wasm backend and says which build runs', () => {
    // node 20 has no relaxed SIMD without a flag, so the mul+add build; Chromium gets 'fma' (browser test).
    expect(start.simdKernels === 'simd' || start.simdKernels === 'fma').toBe(true);
    expect(spnKernelsFor(tf.engine().findBackend('wasm'))).toBeDefined();
  });

  it('self-test rejects a kernel that computes the wrong product', () => {
    const k = spnKernelsFor(tf.engine().findBackend('wasm'));
    if (k === undefined) throw new Error('kernels not attached');
    // A GEMM that forgets the accumulator (C = A B instead of C += A B), as an operand-order slip would.
    const broken: SpnKernelExports = {
      ...k.exports,
      spn_gemm_acc: (M, N, K, A, sam, sak, B, ldb, C, ldc) => {
        k.exports.spn_fill(C, M * ldc, 0);
        k.exports.spn_gemm_acc(M, N, K, A, sam, sak, B, ldb, C, ldc);
      },
    };
    expect(selfTest(k.exports, k.memory, k.heap)).toBeUndefined();
    expect(selfTest(broken, k.memory, k.heap)).toMatch(/self-test: C\[\d+,\d+\]/);
  });
});

describe('forward convolutions equal the cpu backend', () => {
  const rng = new Rng(8675309);
  const cases = Array.from({ length: 30 }, () => {
    const k = rng.int(1, 8);
    const form = rng.pick(['square', 'kx1', '1xk'] as const);
    const kh = form === '1xk' ? 1 : k;
    const kw = form === 'kx1' ? 1 : k;
    return {
      batch: rng.int(1, 4),
      h: rng.int(Math.max(kh, 2), 20),
      w: rng.int(Math.max(kw, 2), 20),
      ci: rng.pick([1, 2, 3, rng.int(4, 40)]),
      co: rng.pick([1, 3, 8, 9, rng.int(4, 40)]),
      kh,
      kw,
      stride: rng.int(1, 3),
      pad: rng.pick(['same', 'valid'] as const),
    };
  });
  cases.push({ batch: 2, h: 24, w: 24, ci: 1, co: 13, kh: 7, kw: 7, stride: 2, pad: 'same' });

  it.each(cases.map((c, i) => [i, c] as const))('case %i %o', (i, c) => {
    const data = new Rng(500 + i);
    void tf.setBackend('cpu');
    const x = randomTensor(data, [c.batch, c.h, c.w, c.ci]) as tf.Tensor4D;
    const w = randomTensor(data, [c.kh, c.kw, c.ci, c.co]) as tf.Tensor4D;
    const bias = randomTensor(data, [c.co]) as tf.Tensor1D;
    const expected = tf.add(tf.conv2d(x, w, c.stride, c.pad), bias);
    const want = expected.dataSync() as Float32Array;
    const wantElu = tf.elu(expected).dataSync() as Float32Array;
    void tf.setBackend('wasm');
    const xw = tf.tensor(x.dataSync(), x.shape);
    const ww = tf.tensor(w.dataSync(), w.shape);
    const bw = tf.tensor(bias.dataSync(), bias.shape);
    const k = spnKernelsFor(tf.backend());
    if (k === undefined) throw new Error('kernels not attached');
    const g = convGeometry(
      'Conv2D',
      x.shape,
      w.shape,
      expected.shape,
      { strides: c.stride, pad: c.pad, dataFormat: 'NHWC' },
      ['float32', 'float32'],
    );
    for (const run of [conv2dNative, conv2dDirectNative]) {
      for (const [act, values] of [
        [FusedActivation.None, want],
        [FusedActivation.Elu, wantElu],
      ] as const) {
        const info = run(k, xw, ww, bw, g, act);
        const got = tf.engine().makeTensorFromTensorInfo(info);
        expect(got.shape).toEqual(expected.shape);
        expect(maxRelDiff(values, got.dataSync() as Float32Array), `${run.name} activation ${act}`).toBeLessThan(1e-4);
        got.dispose();
      }
    }
    tf.dispose([x, w, bias, expected, xw, ww, bw]);
  });
});

describe('Winograd F(2x2, 3x3): forward, input and filter gradients equal the cpu backend', () => {
  const rng = new Rng(31337);
  const cases = Array.from({ length: 16 }, () => ({
    batch: rng.int(1, 4),
    h: rng.int(3, 16),
    w: rng.int(3, 16),
    // Channel counts off the SIMD widths (C % 4, K % 8) exercise the tails.
    ci: rng.pick([4, 5, 7, rng.int(4, 41)]),
    co: rng.pick([4, 8, 9, 13, rng.int(4, 41)]),
    pad: rng.pick(['same', 'valid'] as const),
  }));
  cases.push({ batch: 1, h: 9, w: 9, ci: 137, co: 144, pad: 'same' }); // the paper's conv2 widths

  it.each(cases.map((c, i) => [i, c] as const))('case %i %o', (i, c) => {
    const data = new Rng(900 + i);
    void tf.setBackend('cpu');
    const x = randomTensor(data, [c.batch, c.h, c.w, c.ci]) as tf.Tensor4D;
    const w = randomTensor(data, [3, 3, c.ci, c.co]) as tf.Tensor4D;
    const bias = randomTensor(data, [c.co]) as tf.Tensor1D;
    const y = tf.add(tf.conv2d(x, w, 1, c.pad), bias);
    const dy = randomTensor(data, y.shape);
    const attrs = { strides: 1, pad: c.pad, dataFormat: 'NHWC' } as const;
    const dx = tf
      .engine()
      .runKernel<tf.Tensor>('Conv2DBackpropInput', { dy, filter: w }, { ...attrs, inputShape: x.shape });
    const dw = tf.engine().runKernel<tf.Tensor>('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: w.shape });
    const want = [y, dx, dw].map((t) => t.dataSync() as Float32Array);
    void tf.setBackend('wasm');
    const [xw, ww, bw, dyw] = [x, w, bias, dy].map((t) => tf.tensor(t.dataSync(), t.shape));
    const k = spnKernelsFor(tf.backend());
    if (k === undefined) throw new Error('kernels not attached');
    const g = convGeometry('Conv2D', x.shape, w.shape, y.shape, attrs, ['float32', 'float32']);
    expect(winogradApplies(g)).toBe(true);
    const got = [
      conv3x3WinogradNative(k, xw!, ww!, bw, g),
      conv2dInputGradNative(k, dyw!, ww!, g),
      conv2dFilterGradNative(k, xw!, dyw!, g),
    ].map((info) => tf.engine().makeTensorFromTensorInfo(info));
    const eluInfo = conv3x3WinogradNative(k, xw!, ww!, bw, g, FusedActivation.Elu);
    const elu = tf.engine().makeTensorFromTensorInfo(eluInfo);
    void tf.setBackend('cpu');
    const wantElu = tf.elu(y);
    expect(
      maxRelDiff(wantElu.dataSync() as Float32Array, elu.dataSync() as Float32Array),
      'forward + ELU',
    ).toBeLessThan(1e-4);
    tf.dispose([elu, wantElu]);
    ['forward', 'input gradient', 'filter gradient'].forEach((what, j) => {
      expect(got[j]!.shape, what).toEqual([y, dx, dw][j]!.shape);
      // Relative to the largest value: the filter gradient sums thousands of products.
      const scale = want[j]!.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      expect(
        maxRelDiff(
          want[j]!.map((v) => v / scale),
          (got[j]!.dataSync() as Float32Array).map((v) => v / scale),
        ),
        what,
      ).toBeLessThan(1e-5);
    });
    tf.dispose([x, w, bias, y, dy, dx, dw, xw!, ww!, bw!, dyw!, ...got]);
  });

  it('leaves 3x3 convs with a stride, few channels or a larger padding to the other kernels', () => {
    const base = {
      batch: 1,
      inH: 8,
      inW: 8,
      inC: 8,
      outH: 8,
      outW: 8,
      outC: 8,
      kH: 3,
      kW: 3,
      strideH: 1,
      strideW: 1,
      padTop: 1,
      padLeft: 1,
    };
    expect(winogradApplies(base)).toBe(true);
    expect(winogradApplies({ ...base, strideH: 2 })).toBe(false);
    expect(winogradApplies({ ...base, inC: 3 })).toBe(false);
    expect(winogradApplies({ ...base, kW: 1 })).toBe(false);
    expect(winogradApplies({ ...base, padTop: 3 })).toBe(false);
  });
});

describe('FusedConv2D on wasm applies bias and activation like the cpu backend', () => {
  it.each([
    ['elu', 3],
    ['relu', 3],
    ['relu6', 3],
    ['linear', 3],
    ['elu', 7],
    ['relu', 1],
  ] as const)('%s, %ix%i kernel', (activation, size) => {
    const data = new Rng(size * 31 + activation.length);
    void tf.setBackend('cpu');
    const x = randomTensor(data, [2, 11, 10, 9]) as tf.Tensor4D;
    const w = randomTensor(data, [size, size, 9, 12]) as tf.Tensor4D;
    const bias = randomTensor(data, [12]) as tf.Tensor1D;
    const run = (): Float32Array => {
      const y = tf.fused.conv2d({ x, filter: w, bias, strides: 1, pad: 'same', activation });
      const v = y.dataSync() as Float32Array;
      y.dispose();
      return v;
    };
    const want = run();
    void tf.setBackend('wasm');
    const got = run();
    expect(maxRelDiff(want, got)).toBeLessThan(1e-4);
    tf.dispose([x, w, bias]);
  });
});

describe('the committed kernel binaries', () => {
  it('come from the committed C source (digests recorded by the last build; no clang needed)', () => {
    const recorded = JSON.parse(readFileSync(KERNEL_DIGESTS, 'utf8')) as KernelDigests;
    expect(recorded.clangMajor).toBe(CLANG_MAJOR);
    expect(
      sha256(readFileSync(KERNEL_SOURCE)),
      'spn_kernels.c changed since the last build: run npx tsx scripts/build-kernels.ts',
    ).toBe(recorded.sourceSha256);
    expect(sha256(readFileSync(KERNEL_TARGET, 'utf8')), 'spn-kernels-wasm.ts is not what the last build wrote').toBe(
      recorded.generatedSha256,
    );
  });

  // .ci/run installs clang 14, lld 14 and wabt where Debian serves them, so CI rebuilds and compares byte for byte;
  // another clang major emits other bytes, so without clang 14 the rebuild is skipped, saying why.
  const toolchain = pinnedToolchain();
  if ('missing' in toolchain) console.log(`skipped the kernel rebuild: ${toolchain.missing}`);
  it.skipIf('missing' in toolchain)(
    `are what spn_kernels.c builds to with clang ${CLANG_MAJOR}${'missing' in toolchain ? ` (skipped: ${toolchain.missing})` : ''}`,
    () => {
      const out = execFileSync('npx', ['tsx', 'scripts/build-kernels.ts', '--check'], { encoding: 'utf8' });
      expect(out).toMatch(/matches/);
    },
    120_000,
  );
});
