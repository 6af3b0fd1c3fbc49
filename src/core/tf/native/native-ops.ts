/**
 * Kernel bodies on the SIMD module (spn_kernels.c): each allocates its output with the backend, hands heap
 * offsets to C and frees its scratch. Shapes and attributes were validated by the calling kernel config.
 * With a kernel pool attached the work is split across threads: forward convs by output rows or pixels, the
 * input gradient and MaxPoolGrad by whole images (their scatter-adds stay within an image), the filter gradient
 * and the bias sums into per-thread partial results added up at the end.
 */
import type { TensorInfo, backend_util } from '@tensorflow/tfjs';
import type { ConvGeometry } from '../conv-geometry';
import { splitRange, type PoolFunction } from './kernel-pool';
import {
  FusedActivation,
  HeapScratch,
  activationConstantInts,
  geometryInts,
  heapOffset,
  type AttachedKernels,
  type NativeWasmBackend,
} from './wasm-native';

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
const partsOf = (k: NativeKernels): number => k.pool?.parts ?? 1;

/** Calls `fn` once per part (on the pool when there is one) with argsFor(part). */
function parallel(k: NativeKernels, fn: PoolFunction, argsFor: (part: number) => number[]): void {
  if (k.pool !== undefined) k.pool.run(fn, argsFor);
  else {
    const call: (...a: number[]) => void = k.exports[fn];
    call(...argsFor(0));
  }
}

/**
 * True when a conv runs as Winograd F(2x2, 3x3) (spn_kernels.c): 3x3, stride 1, at least 4 input and output
 * channels (with fewer the tile transforms cost more than the 2.25x fewer multiply-adds save).
 */
export function winogradApplies(g: ConvGeometry): boolean {
  return (
    g.kH === 3 &&
    g.kW === 3 &&
    g.strideH === 1 &&
    g.strideW === 1 &&
    g.inC >= 4 &&
    g.outC >= 4 &&
    g.padTop <= 2 &&
    g.padLeft <= 2
  );
}

const tilesOf = (g: ConvGeometry): number => g.batch * Math.ceil(g.outH / 2) * Math.ceil(g.outW / 2);

/** Forward Winograd conv of x with `filter` used as is (flip 0) or flipped and transposed (flip 1, input gradient). */
function winogradConv(
  k: NativeKernels,
  x: TensorInfo,
  filter: TensorInfo,
  bias: TensorInfo | undefined,
  g: ConvGeometry,
  flip: 0 | 1,
  out: TensorInfo,
  act: FusedActivation,
): TensorInfo {
  return withScratch(k, out, (s) => {
    const gp = s.ints(geometryInts(g, act));
    const U = s.floats(k.exports.spn_winograd_filter_floats(g.inC, g.outC));
    const b = k.backend;
    k.exports.spn_winograd_filter(heapOffset(b, filter), U, g.inC, g.outC, flip);
    const per = k.exports.spn_winograd_scratch_floats(gp);
    const scratch = s.floats(per * partsOf(k));
    const ranges = splitRange(tilesOf(g), partsOf(k));
    const args = [heapOffset(b, x), U, bias ? heapOffset(b, bias) : 0, heapOffset(b, out), gp];
    parallel(k, 'spn_conv3x3_winograd', (p) => [...args, scratch + 4 * per * p, ...(ranges[p] as [number, number])]);
    return out;
  });
}

/** y = act(conv(x, W) (+ bias)) of a 3x3 stride-1 conv by Winograd F(2x2, 3x3). */
export function conv3x3WinogradNative(
  k: NativeKernels,
  x: TensorInfo,
  filter: TensorInfo,
  bias: TensorInfo | undefined,
  g: ConvGeometry,
  act = FusedActivation.None,
): TensorInfo {
  const out = k.backend.makeOutput([g.batch, g.outH, g.outW, g.outC], 'float32');
  return winogradConv(k, x, filter, bias, g, 0, out, act);
}

/** y = act(conv(x, W) (+ bias)) through per-thread patch matrices. */
export function conv2dNative(
  k: NativeKernels,
  x: TensorInfo,
  filter: TensorInfo,
  bias: TensorInfo | undefined,
  g: ConvGeometry,
  act = FusedActivation.None,
): TensorInfo {
  const out = k.backend.makeOutput([g.batch, g.outH, g.outW, g.outC], 'float32');
  return withScratch(k, out, (s) => {
    const gp = s.ints(geometryInts(g, act));
    const per = k.exports.spn_conv_scratch_floats(gp);
    const scratch = s.floats(per * partsOf(k));
    const b = k.backend;
    const wp = s.floats(k.exports.spn_panel_floats(taps(g), g.outC));
    k.exports.spn_pack_panels(heapOffset(b, filter), taps(g), g.outC, g.outC, 1, wp);
    const ranges = splitRange(pixels(g), partsOf(k));
    const args = [heapOffset(b, x), wp, bias ? heapOffset(b, bias) : 0, heapOffset(b, out), gp];
    parallel(k, 'spn_conv2d', (p) => [...args, scratch + 4 * per * p, ...(ranges[p] as [number, number])]);
    return out;
  });
}

/** y = act(conv(x, W) (+ bias)) by the direct kernel (no patch matrix). */
export function conv2dDirectNative(
  k: NativeKernels,
  x: TensorInfo,
  filter: TensorInfo,
  bias: TensorInfo | undefined,
  g: ConvGeometry,
  act = FusedActivation.None,
): TensorInfo {
  const out = k.backend.makeOutput([g.batch, g.outH, g.outW, g.outC], 'float32');
  return withScratch(k, out, (s) => {
    const gp = s.ints(geometryInts(g, act));
    const b = k.backend;
    const ranges = splitRange(g.batch * g.outH, partsOf(k));
    const args = [heapOffset(b, x), heapOffset(b, filter), bias ? heapOffset(b, bias) : 0, heapOffset(b, out), gp];
    parallel(k, 'spn_conv2d_direct', (p) => [...args, ...(ranges[p] as [number, number])]);
    return out;
  });
}

/** dW[kh,kw,ci,co] of a conv given its input x and output gradient dy. */
export function conv2dFilterGradNative(k: NativeKernels, x: TensorInfo, dy: TensorInfo, g: ConvGeometry): TensorInfo {
  const out = k.backend.makeOutput([g.kH, g.kW, g.inC, g.outC], 'float32');
  if (winogradApplies(g)) return winogradFilterGrad(k, x, dy, g, out);
  return withScratch(k, out, (s) => {
    const gp = s.ints(geometryInts(g));
    const parts = partsOf(k);
    const per = k.exports.spn_conv_scratch_floats(gp);
    const scratch = s.floats(per * parts);
    const size = taps(g) * g.outC;
    const partials = parts > 1 ? s.floats(size * (parts - 1)) : 0;
    const b = k.backend;
    const dw = heapOffset(b, out);
    const target = (p: number): number => (p === 0 ? dw : partials + 4 * size * (p - 1));
    for (let p = 0; p < parts; p++) k.exports.spn_fill(target(p), size, 0);
    const ranges = splitRange(pixels(g), parts);
    const xo = heapOffset(b, x);
    const dyo = heapOffset(b, dy);
    parallel(k, 'spn_conv2d_filter_grad', (p) => [
      xo,
      dyo,
      target(p),
      gp,
      scratch + 4 * per * p,
      ...(ranges[p] as [number, number]),
    ]);
    for (let p = 1; p < parts; p++) k.exports.spn_add(dw, target(p), size);
    return out;
  });
}

/** Filter gradient of a 3x3 stride-1 conv by Winograd F(3x3, 2x2): per-thread transform-domain partials, summed. */
function winogradFilterGrad(
  k: NativeKernels,
  x: TensorInfo,
  dy: TensorInfo,
  g: ConvGeometry,
  out: TensorInfo,
): TensorInfo {
  return withScratch(k, out, (s) => {
    const gp = s.ints(geometryInts(g));
    const parts = partsOf(k);
    const per = k.exports.spn_winograd_scratch_floats(gp);
    const scratch = s.floats(per * parts);
    const size = k.exports.spn_winograd_filter_floats(g.inC, g.outC);
    const acc = s.floats(size * parts);
    k.exports.spn_fill(acc, size * parts, 0);
    const b = k.backend;
    const ranges = splitRange(tilesOf(g), parts);
    const xo = heapOffset(b, x);
    const dyo = heapOffset(b, dy);
    parallel(k, 'spn_conv3x3_winograd_filter_grad', (p) => [
      xo,
      dyo,
      acc + 4 * size * p,
      gp,
      scratch + 4 * per * p,
      ...(ranges[p] as [number, number]),
    ]);
    for (let p = 1; p < parts; p++) k.exports.spn_add(acc, acc + 4 * size * p, size);
    k.exports.spn_winograd_filter_grad_out(acc, heapOffset(b, out), g.inC, g.outC);
    return out;
  });
}

/** The geometry of the input gradient of 3x3 stride-1 conv g as a forward conv of dy (flipped filter, padding 2 - pad). */
function inputGradAsConv(g: ConvGeometry): ConvGeometry {
  return {
    ...g,
    inH: g.outH,
    inW: g.outW,
    inC: g.outC,
    outH: g.inH,
    outW: g.inW,
    outC: g.inC,
    padTop: 2 - g.padTop,
    padLeft: 2 - g.padLeft,
  };
}

/** dx of a conv given its filter and output gradient dy. */
export function conv2dInputGradNative(
  k: NativeKernels,
  dy: TensorInfo,
  filter: TensorInfo,
  g: ConvGeometry,
): TensorInfo {
  const out = k.backend.makeOutput([g.batch, g.inH, g.inW, g.inC], 'float32');
  if (winogradApplies(g))
    return winogradConv(k, dy, filter, undefined, inputGradAsConv(g), 1, out, FusedActivation.None);
  return withScratch(k, out, (s) => {
    const gp = s.ints(geometryInts(g));
    const parts = Math.min(partsOf(k), g.batch);
    const per = k.exports.spn_conv_scratch_floats(gp);
    const scratch = s.floats(per * parts);
    const wt = s.floats(k.exports.spn_panel_floats(g.outC, taps(g)));
    const b = k.backend;
    const dx = heapOffset(b, out);
    k.exports.spn_fill(dx, g.batch * g.inH * g.inW * g.inC, 0);
    // W^T [outC, T] in panels, read straight from W [T, outC].
    k.exports.spn_pack_panels(heapOffset(b, filter), g.outC, taps(g), 1, g.outC, wt);
    const perImage = g.outH * g.outW;
    const ranges = splitRange(g.batch * perImage, partsOf(k), perImage);
    const dyo = heapOffset(b, dy);
    parallel(k, 'spn_conv2d_input_grad', (p) => [
      dyo,
      dx,
      wt,
      gp,
      scratch + 4 * per * Math.min(p, parts - 1),
      ...(ranges[p] as [number, number]),
    ]);
    return out;
  });
}

/** Pool geometry ints in spn_max_pool_grad / spn_avg_pool_grad order. */
function poolInts(info: backend_util.Conv2DInfo): number[] {
  return [
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
  ];
}

/** MaxPool gradient (first maximum of each window, as the cpu backend) given x, the pooled y and dy. */
export function maxPoolGradNative(
  k: NativeKernels,
  x: TensorInfo,
  y: TensorInfo,
  dy: TensorInfo,
  info: backend_util.Conv2DInfo,
): TensorInfo {
  const out = k.backend.makeOutput(x.shape, 'float32');
  return withScratch(k, out, (s) => {
    const pp = s.ints(poolInts(info));
    const b = k.backend;
    const dx = heapOffset(b, out); // zeroed by the kernel, row by row
    const ranges = splitRange(info.batchSize, partsOf(k));
    const args = [heapOffset(b, x), heapOffset(b, y), heapOffset(b, dy), dx, pp];
    parallel(k, 'spn_max_pool_grad', (p) => [...args, ...(ranges[p] as [number, number])]);
    return out;
  });
}

/** AvgPool gradient (dy / window size onto every in-bounds tap, as the cpu backend) given dy and x's shape. */
export function avgPoolGradNative(
  k: NativeKernels,
  xShape: number[],
  dy: TensorInfo,
  info: backend_util.Conv2DInfo,
): TensorInfo {
  const out = k.backend.makeOutput(xShape, 'float32');
  return withScratch(k, out, (s) => {
    const pp = s.ints(poolInts(info));
    const dx = heapOffset(k.backend, out);
    k.exports.spn_fill(
      dx,
      xShape.reduce((a, v) => a * v, 1),
      0,
    );
    const ranges = splitRange(info.batchSize, partsOf(k));
    const dyo = heapOffset(k.backend, dy);
    parallel(k, 'spn_avg_pool_grad', (p) => [dyo, dx, pp, ...(ranges[p] as [number, number])]);
    return out;
  });
}

/**
 * Splits float32 x along `axis` into pieces of the given sizes: viewed as [outer, size(axis) * inner], each
 * piece is a strided copy of one column range. One native call per piece instead of wasm's one typed-array
 * view per innermost row.
 */
export function splitNative(k: NativeKernels, x: TensorInfo, axis: number, sizes: number[]): TensorInfo[] {
  const outer = x.shape.slice(0, axis).reduce((a, v) => a * v, 1);
  const inner = x.shape.slice(axis + 1).reduce((a, v) => a * v, 1);
  const full = (x.shape[axis] as number) * inner;
  const outs: TensorInfo[] = [];
  let begin = 0;
  try {
    for (const size of sizes) {
      const shape = x.shape.slice();
      shape[axis] = size;
      const out = k.backend.makeOutput(shape, 'float32');
      outs.push(out);
      const w = size * inner;
      if (w > 0 && outer > 0)
        k.exports.spn_copy_rows(
          heapOffset(k.backend, x) + 4 * begin * inner,
          full,
          heapOffset(k.backend, out),
          w,
          w,
          0,
          outer,
        );
      begin += size;
    }
  } catch (e) {
    for (const out of outs) k.backend.disposeData(out.dataId);
    throw e;
  }
  return outs;
}

/** Per-channel sums of x viewed as [rows, channels] (float64 accumulation), written to `out` ([channels]). */
export function sumRowsNative(k: NativeKernels, x: TensorInfo, channels: number, out: TensorInfo): TensorInfo {
  return withScratch(k, out, (s) => {
    const parts = partsOf(k);
    const acc = s.alloc(8 * channels * parts);
    const mem = k.memory;
    new Float64Array(mem.buffer, acc, channels * parts).fill(0);
    const rows = x.shape.reduce((a, v) => a * v, 1) / channels;
    const ranges = splitRange(rows, parts);
    const xo = heapOffset(k.backend, x);
    parallel(k, 'spn_sum_rows', (p) => [xo, channels, ...(ranges[p] as [number, number]), acc + 8 * channels * p]);
    const sums = new Float64Array(mem.buffer, acc, channels * parts);
    const result = new Float32Array(mem.buffer, heapOffset(k.backend, out), channels);
    for (let c = 0; c < channels; c++) {
      let t = 0;
      for (let p = 0; p < parts; p++) t += sums[p * channels + c] as number;
      result[c] = t;
    }
    return out;
  });
}

/** ELU of float32 x (alpha 1), split over the pool in 4-aligned ranges. */
export function eluNative(k: NativeKernels, x: TensorInfo): TensorInfo {
  const out = k.backend.makeOutput(x.shape, 'float32');
  return withScratch(k, out, (s) => {
    const consts = s.ints(activationConstantInts());
    const n = x.shape.reduce((a, v) => a * v, 1);
    const ranges = splitRange(n, partsOf(k), 4);
    const xo = heapOffset(k.backend, x);
    const yo = heapOffset(k.backend, out);
    parallel(k, 'spn_elu', (p) => [xo, yo, consts, ...(ranges[p] as [number, number])]);
    return out;
  });
}

/** ELU gradient from the ELU output y: dy where y > 0, dy * (y + 1) elsewhere. */
export function eluGradNative(k: NativeKernels, dy: TensorInfo, y: TensorInfo): TensorInfo {
  const out = k.backend.makeOutput(y.shape, 'float32');
  const n = y.shape.reduce((a, v) => a * v, 1);
  const ranges = splitRange(n, partsOf(k), 4);
  const args = [heapOffset(k.backend, dy), heapOffset(k.backend, y), heapOffset(k.backend, out)];
  parallel(k, 'spn_elu_grad', (p) => [...args, ...(ranges[p] as [number, number])]);
  return out;
}

/** Element-wise maximum of same-shape float32 tensors (first maximum wins ties) and the index of the winner. */
export function maxFirstNative(k: NativeKernels, ys: TensorInfo[]): [TensorInfo, TensorInfo] {
  const shape = (ys[0] as TensorInfo).shape;
  const out = k.backend.makeOutput(shape, 'float32');
  const which = k.backend.makeOutput(shape, 'float32');
  try {
    return withScratch(k, out, (s) => {
      const list = s.ints(ys.map((y) => heapOffset(k.backend, y)));
      const n = shape.reduce((a, v) => a * v, 1);
      const ranges = splitRange(n, partsOf(k), 4);
      const o = heapOffset(k.backend, out);
      const w = heapOffset(k.backend, which);
      parallel(k, 'spn_max_first', (p) => [list, ys.length, o, w, ...(ranges[p] as [number, number])]);
      return [out, which];
    });
  } catch (e) {
    k.backend.disposeData(which.dataId);
    throw e;
  }
}

/** Gradients of maxFirstNative's inputs: dy where the input won, 0 elsewhere. */
export function maxFirstGradNative(k: NativeKernels, dy: TensorInfo, which: TensorInfo, count: number): TensorInfo[] {
  const outs = Array.from({ length: count }, () => k.backend.makeOutput(dy.shape, 'float32'));
  try {
    const s = new HeapScratch(k);
    try {
      const list = s.ints(outs.map((g) => heapOffset(k.backend, g)));
      const n = dy.shape.reduce((a, v) => a * v, 1);
      const ranges = splitRange(n, partsOf(k), 4);
      const args = [heapOffset(k.backend, dy), heapOffset(k.backend, which), list, count];
      parallel(k, 'spn_max_first_grad', (p) => [...args, ...(ranges[p] as [number, number])]);
    } finally {
      s.dispose();
    }
  } catch (e) {
    for (const g of outs) k.backend.disposeData(g.dataId);
    throw e;
  }
  return outs;
}

/** Slice of a rank-4 float32 tensor over its first three axes (all channels): one strided copy per image. */
export function slice4dNative(k: NativeKernels, x: TensorInfo, begin: number[], size: number[]): TensorInfo {
  const out = k.backend.makeOutput(size, 'float32');
  const [, H, W, C] = x.shape as [number, number, number, number];
  const [b0, r0, c0] = begin as [number, number, number, number];
  const [nb, nr, nc] = size as [number, number, number, number];
  const xo = heapOffset(k.backend, x);
  const oo = heapOffset(k.backend, out);
  for (let b = 0; b < nb; b++) {
    const src = xo + 4 * ((((b0 + b) * H + r0) * W + c0) * C);
    k.exports.spn_copy_rows(src, W * C, oo + 4 * b * nr * nc * C, nc * C, nc * C, 0, nr);
  }
  return out;
}

/** Constant padding of a rank-4 float32 tensor on its first three axes: a fill, then one strided copy per image. */
export function pad4dNative(
  k: NativeKernels,
  x: TensorInfo,
  paddings: Array<[number, number]>,
  value: number,
): TensorInfo {
  const [B, H, W, C] = x.shape as [number, number, number, number];
  const outShape = x.shape.map(
    (d, i) => (paddings[i] as [number, number])[0] + d + (paddings[i] as [number, number])[1],
  );
  const out = k.backend.makeOutput(outShape, 'float32');
  const [, OH, OW] = outShape as [number, number, number, number];
  const [pb, pr, pc] = paddings.map((p) => p[0]) as [number, number, number];
  const xo = heapOffset(k.backend, x);
  const oo = heapOffset(k.backend, out);
  k.exports.spn_fill(
    oo,
    outShape.reduce((a, v) => a * v, 1),
    value,
  );
  for (let b = 0; b < B; b++) {
    const dst = oo + 4 * ((((pb + b) * OH + pr) * OW + pc) * C);
    k.exports.spn_copy_rows(xo + 4 * b * H * W * C, W * C, dst, OW * C, W * C, 0, H);
  }
  return out;
}

/** -x of float32 x, split over the pool. */
export function negNative(k: NativeKernels, x: TensorInfo): TensorInfo {
  const out = k.backend.makeOutput(x.shape, 'float32');
  const n = x.shape.reduce((a, v) => a * v, 1);
  const ranges = splitRange(n, partsOf(k), 4);
  const xo = heapOffset(k.backend, x);
  const oo = heapOffset(k.backend, out);
  parallel(k, 'spn_neg', (p) => [xo, oo, ...(ranges[p] as [number, number])]);
  return out;
}

/** Geometry of fast-stem.ts's subsampled stem for spn_stem_filter_grad. */
export interface StemGeometry {
  /** Output rows and columns. */
  outH: number;
  outW: number;
  /** Kernel edge, stride between outputs, conv0 stride (between window taps), window edge. */
  k: number;
  stride: number;
  s0: number;
  window: number;
  /** Padded-input row / column where tap (0, 0) of output (0, 0) starts. */
  row0: number;
  col0: number;
}

/**
 * Filter gradient [k, k, CI, C] of the subsampled stem from the padded input xp [B, HP, WP, CI], the winning tap
 * of each output value (`which`, as from maxFirstNative) and dy [B, OH, OW, C]: per-thread partials, summed.
 */
export function stemFilterGradNative(
  k: NativeKernels,
  xp: TensorInfo,
  which: TensorInfo,
  dy: TensorInfo,
  g: StemGeometry,
): TensorInfo {
  const [B, HP, WP, CI] = xp.shape as [number, number, number, number];
  const [, OH, OW, C] = dy.shape as [number, number, number, number];
  const out = k.backend.makeOutput([g.k, g.k, CI, C], 'float32');
  return withScratch(k, out, (s) => {
    const T = g.k * g.k * CI;
    const T4 = Math.ceil(T / 4) * 4;
    const sp = s.ints([B, HP, WP, CI, OH, OW, C, g.k, g.stride, g.s0, g.window, g.row0, g.col0]);
    const per = g.window * g.window * T4;
    const scratch = s.floats(per * partsOf(k));
    const size = C * T4;
    const acc = s.floats(size * partsOf(k));
    k.exports.spn_fill(acc, size * partsOf(k), 0);
    const ranges = splitRange(B, partsOf(k));
    const args = [heapOffset(k.backend, xp), heapOffset(k.backend, which), heapOffset(k.backend, dy)];
    parallel(k, 'spn_stem_filter_grad', (p) => [
      ...args,
      acc + 4 * size * p,
      sp,
      scratch + 4 * per * p,
      ...(ranges[p] as [number, number]),
    ]);
    for (let p = 1; p < partsOf(k); p++) k.exports.spn_add(acc, acc + 4 * size * p, size);
    k.exports.spn_stem_filter_grad_out(acc, heapOffset(k.backend, out), C, T);
    return out;
  });
}

/**
 * The stem's window^2 strided convs of the padded input xp with `filter` [k, k, CI, N] and their element-wise
 * maximum (first tap winning ties) in one pass: [max, which] (which = index of the winning tap, as a float).
 */
export function stemConvMaxNative(
  k: NativeKernels,
  xp: TensorInfo,
  filter: TensorInfo,
  g: StemGeometry,
): [TensorInfo, TensorInfo] {
  const [B, HP, WP, CI] = xp.shape as [number, number, number, number];
  const N = filter.shape[3] as number;
  const shape = [B, g.outH, g.outW, N];
  const out = k.backend.makeOutput(shape, 'float32');
  const which = k.backend.makeOutput(shape, 'float32');
  try {
    return withScratch(k, out, (s) => {
      const records: number[] = [];
      for (let a = 0; a < g.window; a++) {
        for (let b = 0; b < g.window; b++) {
          // The tap's input offset as negative padding: output (i, j) reads from row row0 + a s0 + i stride.
          const tap: ConvGeometry = {
            batch: B,
            inH: HP,
            inW: WP,
            inC: CI,
            outH: g.outH,
            outW: g.outW,
            outC: N,
            kH: g.k,
            kW: g.k,
            strideH: g.stride,
            strideW: g.stride,
            padTop: -(g.row0 + a * g.s0),
            padLeft: -(g.col0 + b * g.s0),
          };
          records.push(...geometryInts(tap));
        }
      }
      const gp = s.ints(records);
      const per = g.outW * N;
      const scratch = s.floats(per * partsOf(k));
      const ranges = splitRange(B * g.outH, partsOf(k));
      const args = [
        heapOffset(k.backend, xp),
        heapOffset(k.backend, filter),
        heapOffset(k.backend, out),
        heapOffset(k.backend, which),
        gp,
        g.window * g.window,
      ];
      parallel(k, 'spn_stem_conv_max', (p) => [...args, scratch + 4 * per * p, ...(ranges[p] as [number, number])]);
      return [out, which];
    });
  } catch (e) {
    k.backend.disposeData(which.dataId);
    throw e;
  }
}

/** MaxPool of float32 NHWC x (padding never wins), split over the pool by images. */
export function maxPoolNative(k: NativeKernels, x: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const out = k.backend.makeOutput(info.outShape, 'float32');
  return withScratch(k, out, (s) => {
    const pp = s.ints(poolInts(info));
    const per = info.inHeight * info.outWidth * info.inChannels; // the row pass of one image
    const scratch = s.floats(per * partsOf(k));
    const ranges = splitRange(info.batchSize, partsOf(k));
    const args = [heapOffset(k.backend, x), heapOffset(k.backend, out), pp];
    parallel(k, 'spn_max_pool', (p) => [...args, scratch + 4 * per * p, ...(ranges[p] as [number, number])]);
    return out;
  });
}

/** Concatenation of float32 tensors along their last axis: one strided copy per input. */
export function concatLastAxisNative(k: NativeKernels, xs: TensorInfo[]): TensorInfo {
  const first = xs[0] as TensorInfo;
  const rank = first.shape.length;
  const widths = xs.map((x) => x.shape[rank - 1] as number);
  const total = widths.reduce((a, b) => a + b, 0);
  const rows = first.shape.slice(0, -1).reduce((a, v) => a * v, 1);
  const out = k.backend.makeOutput([...first.shape.slice(0, -1), total], 'float32');
  const oo = heapOffset(k.backend, out);
  let at = 0;
  xs.forEach((x, i) => {
    const w = widths[i] as number;
    if (w > 0 && rows > 0) k.exports.spn_copy_rows(heapOffset(k.backend, x), w, oo + 4 * at, total, w, 0, rows);
    at += w;
  });
  return out;
}
