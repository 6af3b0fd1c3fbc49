/**
 * Kernel bodies on the SIMD module (spn_kernels.c): each allocates its output with the backend, hands heap
 * offsets to C and frees its scratch. Shapes and attributes were validated by the calling kernel config.
 */
import type { TensorInfo, backend_util } from '@tensorflow/tfjs';
import type { ConvGeometry } from '../conv-geometry';
import { HeapScratch, geometryInts, heapOffset, type AttachedKernels, type NativeWasmBackend } from './wasm-native';

export type NativeKernels = AttachedKernels & { backend: NativeWasmBackend };

function withScratch<T>(k: NativeKernels, out: TensorInfo, body: (s: HeapScratch) => T): T {
  const s = new HeapScratch(k);
  try {
    return body(s);
  } catch (e) {
    k.backend.disposeData(out.dataId);
    throw e;
  } finally {
    s.dispose();
  }
}

const pixels = (g: ConvGeometry): number => g.batch * g.outH * g.outW;
const taps = (g: ConvGeometry): number => g.kH * g.kW * g.inC;

/** y = conv(x, W) (+ bias), NHWC; activation is left to the caller. */
export function conv2dNative(k: NativeKernels, x: TensorInfo, filter: TensorInfo, bias: TensorInfo | undefined, g: ConvGeometry): TensorInfo {
  const out = k.backend.makeOutput([g.batch, g.outH, g.outW, g.outC], 'float32');
  return withScratch(k, out, (s) => {
    const gp = s.ints(geometryInts(g));
    const scratch = s.floats(k.exports.spn_conv_scratch_floats(gp, 0));
    const b = k.backend;
    k.exports.spn_conv2d(heapOffset(b, x), heapOffset(b, filter), bias ? heapOffset(b, bias) : 0, heapOffset(b, out), gp, scratch, 0, pixels(g));
    return out;
  });
}

/** dW[kh,kw,ci,co] of a conv given its input x and output gradient dy. */
export function conv2dFilterGradNative(k: NativeKernels, x: TensorInfo, dy: TensorInfo, g: ConvGeometry): TensorInfo {
  const out = k.backend.makeOutput([g.kH, g.kW, g.inC, g.outC], 'float32');
  return withScratch(k, out, (s) => {
    const gp = s.ints(geometryInts(g));
    const scratch = s.floats(k.exports.spn_conv_scratch_floats(gp, 1));
    const b = k.backend;
    const dw = heapOffset(b, out);
    k.exports.spn_fill(dw, taps(g) * g.outC, 0);
    k.exports.spn_conv2d_filter_grad(heapOffset(b, x), heapOffset(b, dy), dw, gp, scratch, 0, pixels(g));
    return out;
  });
}

/** dx of a conv given its filter and output gradient dy. */
export function conv2dInputGradNative(k: NativeKernels, dy: TensorInfo, filter: TensorInfo, g: ConvGeometry): TensorInfo {
  const out = k.backend.makeOutput([g.batch, g.inH, g.inW, g.inC], 'float32');
  return withScratch(k, out, (s) => {
    const gp = s.ints(geometryInts(g));
    const scratch = s.floats(k.exports.spn_conv_scratch_floats(gp, 2));
    const b = k.backend;
    const dx = heapOffset(b, out);
    k.exports.spn_fill(dx, g.batch * g.inH * g.inW * g.inC, 0);
    k.exports.spn_transpose(heapOffset(b, filter), scratch, taps(g), g.outC);
    k.exports.spn_conv2d_input_grad(heapOffset(b, dy), dx, gp, scratch, 0, pixels(g));
    return out;
  });
}

/** MaxPool gradient (first maximum of each window, as the cpu backend) given x, the pooled y and dy. */
export function maxPoolGradNative(k: NativeKernels, x: TensorInfo, y: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const out = k.backend.makeOutput(x.shape, 'float32');
  return withScratch(k, out, (s) => {
    const pp = s.ints([
      info.batchSize,
      info.inHeight,
      info.inWidth,
      info.inChannels,
      info.outHeight,
      info.outWidth,
      info.effectiveFilterHeight,
      info.effectiveFilterWidth,
      info.strideHeight,
      info.strideWidth,
      info.padInfo.top,
      info.padInfo.left,
    ]);
    const b = k.backend;
    const dx = heapOffset(b, out);
    k.exports.spn_fill(dx, x.shape.reduce((a, v) => a * v, 1), 0);
    k.exports.spn_max_pool_grad(heapOffset(b, x), heapOffset(b, y), heapOffset(b, dy), dx, pp, 0, info.outHeight);
    return out;
  });
}

/** Per-channel sums of x viewed as [rows, channels] (float64 accumulation), written to `out` ([channels]). */
export function sumRowsNative(k: NativeKernels, x: TensorInfo, channels: number, out: TensorInfo): TensorInfo {
  return withScratch(k, out, (s) => {
    const acc = s.alloc(8 * channels);
    const mem = k.memory;
    new Float64Array(mem.buffer, acc, channels).fill(0);
    const rows = x.shape.reduce((a, v) => a * v, 1) / channels;
    k.exports.spn_sum_rows(heapOffset(k.backend, x), channels, 0, rows, acc);
    const sums = new Float64Array(mem.buffer, acc, channels);
    new Float32Array(mem.buffer, heapOffset(k.backend, out), channels).set(sums);
    return out;
  });
}
