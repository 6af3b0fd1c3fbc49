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

/** Runs body with a scratch heap freed afterwards; on failure also frees `outs`, the outputs it was to fill. */
function withScratch<T>(k: NativeKernels, outs: TensorInfo | TensorInfo[], body: (s: HeapScratch) => T): T {
  const s = new HeapScratch(k);
  try {
    return body(s);
  } catch (e) {
    for (const out of Array.isArray(outs) ? outs : [outs]) k.backend.disposeData(out.dataId);
    throw e;
  } finally {
    s.dispose();
  }
}

const pixels = (g: ConvGeometry): number => g.batch * g.outH * g.outW;
const taps = (g: ConvGeometry): number => g.kH * g.kW * g.inC;
const partsOf = (k: NativeKernels): number => k.pool?.parts ?? 1;
const sizeOf = (shape: readonly number[]): number => shape.reduce((a, v) => a * v, 1);

/** Calls `fn` once per part (on the pool when there is one) with argsFor(part). */
function parallel(k: NativeKernels, fn: PoolFunction, argsFor: (part: number) => number[]): void {
  if (k.pool !== undefined) k.pool.run(fn, argsFor);
  else {
    const call: (...a: number[]) => void = k.exports[fn];
    call(...argsFor(0));
  }
}

/** Calls `fn(...argsFor(part), from, to)` once per part, `units` split into ranges of `align`-multiples. */
function parallelOver(
  k: NativeKernels,
  fn: PoolFunction,
  units: number,
  argsFor: (part: number) => number[],
  align = 1,
): void {
  const ranges = splitRange(units, partsOf(k), align);
  parallel(k, fn, (p) => [...argsFor(p), ...(ranges[p] as [number, number])]);
}

/** Per-thread scratch of `per` floats for `parts` threads: the offset of a part's block. */
function partScratch(k: NativeKernels, s: HeapScratch, per: number, parts = partsOf(k)): (part: number) => number {
  const base = s.floats(per * parts);
  return (p) => base + 4 * per * Math.min(p, parts - 1);
}

/**
 * Zeroed per-thread partial sums of `size` floats, part 0's at `first` (allocated when not given): `at` gives a
 * part's offset, `total` adds the other parts into part 0 and returns its offset.
 */
function partialSums(
  k: NativeKernels,
  s: HeapScratch,
  size: number,
  first = s.floats(size),
): { at: (part: number) => number; total: () => number } {
  const parts = partsOf(k);
  const rest = parts > 1 ? s.floats(size * (parts - 1)) : 0;
  const at = (p: number): number => (p === 0 ? first : rest + 4 * size * (p - 1));
  for (let p = 0; p < parts; p++) k.exports.spn_fill(at(p), size, 0);
  const total = (): number => {
    for (let p = 1; p < parts; p++) k.exports.spn_add(first, at(p), size);
    return first;
  };
  return { at, total };
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

/** A forward conv kernel: y = act(conv(x, W) (+ bias)) into a new [batch, outH, outW, outC] tensor. */
export type ForwardConvNative = (
  k: NativeKernels,
  x: TensorInfo,
  filter: TensorInfo,
  bias: TensorInfo | undefined,
  g: ConvGeometry,
  act?: FusedActivation,
) => TensorInfo;

/** How a forward conv kernel runs, planned once its geometry ints (`gp`) are on the heap. */
interface ForwardPlan {
  /** The C function: (x, weights, bias, y, geometry, [scratch,] from, to). */
  fn: PoolFunction;
  /** Heap offset of the weights as the function reads them: the filter itself, or a packed or transformed copy. */
  weights: number;
  /** What the work is split into (tiles, output pixels or output rows). */
  units: number;
  /** Per-thread scratch floats; 0: the function takes no scratch argument. */
  scratchFloats: number;
}

/** A forward conv kernel from its plan (given the filter's heap offset). */
function forwardConv(
  plan: (k: NativeKernels, s: HeapScratch, g: ConvGeometry, gp: number, filter: number) => ForwardPlan,
): ForwardConvNative {
  return (k, x, filter, bias, g, act = FusedActivation.None) => {
    const out = k.backend.makeOutput([g.batch, g.outH, g.outW, g.outC], 'float32');
    return withScratch(k, out, (s) => {
      const b = k.backend;
      const gp = s.ints(geometryInts(g, act));
      const { fn, weights, units, scratchFloats } = plan(k, s, g, gp, heapOffset(b, filter));
      const scratch = scratchFloats > 0 ? partScratch(k, s, scratchFloats) : undefined;
      const args = [heapOffset(b, x), weights, bias ? heapOffset(b, bias) : 0, heapOffset(b, out), gp];
      parallelOver(k, fn, units, (p) => (scratch ? [...args, scratch(p)] : args));
      return out;
    });
  };
}

/** Forward Winograd conv with the filter used as is (flip 0) or flipped and transposed (flip 1, input gradient). */
const winogradConv = (flip: 0 | 1): ForwardConvNative =>
  forwardConv((k, s, g, gp, filter) => {
    const U = s.floats(k.exports.spn_winograd_filter_floats(g.inC, g.outC));
    k.exports.spn_winograd_filter(filter, U, g.inC, g.outC, flip);
    const scratchFloats = k.exports.spn_winograd_scratch_floats(gp);
    return { fn: 'spn_conv3x3_winograd', weights: U, units: tilesOf(g), scratchFloats };
  });

/** y = act(conv(x, W) (+ bias)) of a 3x3 stride-1 conv by Winograd F(2x2, 3x3). */
export const conv3x3WinogradNative: ForwardConvNative = winogradConv(0);

/** y = act(conv(x, W) (+ bias)) through per-thread patch matrices. */
export const conv2dNative: ForwardConvNative = forwardConv((k, s, g, gp, filter) => {
  const wp = s.floats(k.exports.spn_panel_floats(taps(g), g.outC));
  k.exports.spn_pack_panels(filter, taps(g), g.outC, g.outC, 1, wp);
  return { fn: 'spn_conv2d', weights: wp, units: pixels(g), scratchFloats: k.exports.spn_conv_scratch_floats(gp) };
});

/** y = act(conv(x, W) (+ bias)) by the direct kernel (no patch matrix). */
export const conv2dDirectNative: ForwardConvNative = forwardConv((_k, _s, g, _gp, filter) => ({
  fn: 'spn_conv2d_direct',
  weights: filter,
  units: g.batch * g.outH,
  scratchFloats: 0,
}));

/** A gradient summed from per-thread partials, as the C function computes it. */
interface PartialSumPlan {
  /** The C function: (...head, partial, geometry, scratch, from, to). */
  fn: PoolFunction;
  head: number[];
  geometry: number;
  /** What the work is split into (output pixels, tiles or images). */
  units: number;
  scratchFloats: number;
  /** Floats of one partial result. */
  sumFloats: number;
  /** Writes the summed partials (heap offset) to the output; absent: they are the output. */
  finish?: (sum: number, out: number) => void;
}

/** Runs `plan` into `out` (within withScratch's `s`). */
function partialSumGrad(k: NativeKernels, s: HeapScratch, out: TensorInfo, plan: PartialSumPlan): TensorInfo {
  const dw = heapOffset(k.backend, out);
  const scratch = partScratch(k, s, plan.scratchFloats);
  const sums = partialSums(k, s, plan.sumFloats, plan.finish ? undefined : dw);
  parallelOver(k, plan.fn, plan.units, (p) => [...plan.head, sums.at(p), plan.geometry, scratch(p)]);
  const total = sums.total();
  plan.finish?.(total, dw);
  return out;
}

/** dW[kh,kw,ci,co] of a conv given its input x and output gradient dy. */
export function conv2dFilterGradNative(k: NativeKernels, x: TensorInfo, dy: TensorInfo, g: ConvGeometry): TensorInfo {
  const out = k.backend.makeOutput([g.kH, g.kW, g.inC, g.outC], 'float32');
  return withScratch(k, out, (s) => {
    const head = [heapOffset(k.backend, x), heapOffset(k.backend, dy)];
    const geometry = s.ints(geometryInts(g));
    // Winograd F(3x3, 2x2): the partials are in the transform domain.
    if (winogradApplies(g))
      return partialSumGrad(k, s, out, {
        fn: 'spn_conv3x3_winograd_filter_grad',
        head,
        geometry,
        units: tilesOf(g),
        scratchFloats: k.exports.spn_winograd_scratch_floats(geometry),
        sumFloats: k.exports.spn_winograd_filter_floats(g.inC, g.outC),
        finish: (sum, dw) => k.exports.spn_winograd_filter_grad_out(sum, dw, g.inC, g.outC),
      });
    return partialSumGrad(k, s, out, {
      fn: 'spn_conv2d_filter_grad',
      head,
      geometry,
      units: pixels(g),
      scratchFloats: k.exports.spn_conv_scratch_floats(geometry),
      sumFloats: taps(g) * g.outC,
    });
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

const winogradInputGrad: ForwardConvNative = winogradConv(1);

/** dx of a conv given its filter and output gradient dy. */
export function conv2dInputGradNative(
  k: NativeKernels,
  dy: TensorInfo,
  filter: TensorInfo,
  g: ConvGeometry,
): TensorInfo {
  if (winogradApplies(g)) return winogradInputGrad(k, dy, filter, undefined, inputGradAsConv(g));
  const out = k.backend.makeOutput([g.batch, g.inH, g.inW, g.inC], 'float32');
  return withScratch(k, out, (s) => {
    const gp = s.ints(geometryInts(g));
    const scratch = partScratch(k, s, k.exports.spn_conv_scratch_floats(gp), Math.min(partsOf(k), g.batch));
    const wt = s.floats(k.exports.spn_panel_floats(g.outC, taps(g)));
    const b = k.backend;
    const dx = heapOffset(b, out);
    k.exports.spn_fill(dx, g.batch * g.inH * g.inW * g.inC, 0);
    // W^T [outC, T] in panels, read straight from W [T, outC].
    k.exports.spn_pack_panels(heapOffset(b, filter), g.outC, taps(g), 1, g.outC, wt);
    const perImage = g.outH * g.outW;
    const dyo = heapOffset(b, dy);
    parallelOver(k, 'spn_conv2d_input_grad', g.batch * perImage, (p) => [dyo, dx, wt, gp, scratch(p)], perImage);
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

/**
 * A pooling kernel split over the pool by images: fn(...argsOf(pool ints, out), from, to) into a new float32
 * tensor of `shape`.
 */
function poolKernel(
  k: NativeKernels,
  fn: PoolFunction,
  shape: number[],
  info: backend_util.Conv2DInfo,
  argsOf: (s: HeapScratch, pp: number, out: number) => (part: number) => number[],
): TensorInfo {
  const out = k.backend.makeOutput(shape, 'float32');
  return withScratch(k, out, (s) => {
    const argsFor = argsOf(s, s.ints(poolInts(info)), heapOffset(k.backend, out));
    parallelOver(k, fn, info.batchSize, argsFor);
    return out;
  });
}

/** MaxPool gradient (first maximum of each window, as the cpu backend) given x, the pooled y and dy. */
export function maxPoolGradNative(
  k: NativeKernels,
  x: TensorInfo,
  y: TensorInfo,
  dy: TensorInfo,
  info: backend_util.Conv2DInfo,
): TensorInfo {
  const ins = [x, y, dy].map((t) => heapOffset(k.backend, t));
  // dx is zeroed by the kernel, row by row.
  return poolKernel(k, 'spn_max_pool_grad', x.shape, info, (_s, pp, dx) => () => [...ins, dx, pp]);
}

/** AvgPool gradient (dy / window size onto every in-bounds tap, as the cpu backend) given dy and x's shape. */
export function avgPoolGradNative(
  k: NativeKernels,
  xShape: number[],
  dy: TensorInfo,
  info: backend_util.Conv2DInfo,
): TensorInfo {
  const dyo = heapOffset(k.backend, dy);
  return poolKernel(k, 'spn_avg_pool_grad', xShape, info, (_s, pp, dx) => {
    k.exports.spn_fill(dx, sizeOf(xShape), 0);
    return () => [dyo, dx, pp];
  });
}

/**
 * Splits float32 x along `axis` into pieces of the given sizes: viewed as [outer, size(axis) * inner], each
 * piece is a strided copy of one column range. One native call per piece instead of wasm's one typed-array
 * view per innermost row.
 */
export function splitNative(k: NativeKernels, x: TensorInfo, axis: number, sizes: number[]): TensorInfo[] {
  const outer = sizeOf(x.shape.slice(0, axis));
  const inner = sizeOf(x.shape.slice(axis + 1));
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
    const ranges = splitRange(sizeOf(x.shape) / channels, parts);
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

/**
 * An element-wise kernel over float32 tensors of `shape`, split over the pool in 4-aligned ranges:
 * fn(...argsOf(scratch, outputs' heap offsets), from, to) into `outputs` new tensors.
 */
function elementwise(
  k: NativeKernels,
  fn: PoolFunction,
  shape: number[],
  outputs: number,
  argsOf: (s: HeapScratch, outs: number[]) => number[],
): TensorInfo[] {
  const outs = Array.from({ length: outputs }, () => k.backend.makeOutput(shape, 'float32'));
  return withScratch(k, outs, (s) => {
    const args = argsOf(
      s,
      outs.map((o) => heapOffset(k.backend, o)),
    );
    parallelOver(k, fn, sizeOf(shape), () => args, 4);
    return outs;
  });
}

/** The one output of an element-wise kernel. */
const only = (outs: TensorInfo[]): TensorInfo => outs[0] as TensorInfo;

/** ELU of float32 x (alpha 1). */
export function eluNative(k: NativeKernels, x: TensorInfo): TensorInfo {
  const xo = heapOffset(k.backend, x);
  return only(elementwise(k, 'spn_elu', x.shape, 1, (s, [yo]) => [xo, yo as number, s.ints(activationConstantInts())]));
}

/** ELU gradient from the ELU output y: dy where y > 0, dy * (y + 1) elsewhere. */
export function eluGradNative(k: NativeKernels, dy: TensorInfo, y: TensorInfo): TensorInfo {
  const ins = [dy, y].map((t) => heapOffset(k.backend, t));
  return only(elementwise(k, 'spn_elu_grad', y.shape, 1, (_s, outs) => [...ins, ...outs]));
}

/** -x of float32 x. */
export function negNative(k: NativeKernels, x: TensorInfo): TensorInfo {
  const xo = heapOffset(k.backend, x);
  return only(elementwise(k, 'spn_neg', x.shape, 1, (_s, outs) => [xo, ...outs]));
}

/** Element-wise maximum of same-shape float32 tensors (first maximum wins ties) and the index of the winner. */
export function maxFirstNative(k: NativeKernels, ys: TensorInfo[]): [TensorInfo, TensorInfo] {
  const list = ys.map((y) => heapOffset(k.backend, y));
  const shape = (ys[0] as TensorInfo).shape;
  const [out, which] = elementwise(k, 'spn_max_first', shape, 2, (s, outs) => [s.ints(list), ys.length, ...outs]);
  return [out as TensorInfo, which as TensorInfo];
}

/** Gradients of maxFirstNative's inputs: dy where the input won, 0 elsewhere. */
export function maxFirstGradNative(k: NativeKernels, dy: TensorInfo, which: TensorInfo, count: number): TensorInfo[] {
  const ins = [dy, which].map((t) => heapOffset(k.backend, t));
  return elementwise(k, 'spn_max_first_grad', dy.shape, count, (s, outs) => [...ins, s.ints(outs), count]);
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
  k.exports.spn_fill(oo, sizeOf(outShape), value);
  for (let b = 0; b < B; b++) {
    const dst = oo + 4 * ((((pb + b) * OH + pr) * OW + pc) * C);
    k.exports.spn_copy_rows(xo + 4 * b * H * W * C, W * C, dst, OW * C, W * C, 0, H);
  }
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
    return partialSumGrad(k, s, out, {
      fn: 'spn_stem_filter_grad',
      head: [xp, which, dy].map((t) => heapOffset(k.backend, t)),
      geometry: s.ints([B, HP, WP, CI, OH, OW, C, g.k, g.stride, g.s0, g.window, g.row0, g.col0]),
      units: B,
      scratchFloats: g.window * g.window * T4,
      sumFloats: C * T4,
      finish: (sum, dw) => k.exports.spn_stem_filter_grad_out(sum, dw, C, T),
    });
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
  return withScratch(k, [out, which], (s) => {
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
    const scratch = partScratch(k, s, g.outW * N);
    const args = [xp, filter, out, which].map((t) => heapOffset(k.backend, t));
    parallelOver(k, 'spn_stem_conv_max', B * g.outH, (p) => [...args, gp, g.window * g.window, scratch(p)]);
    return [out, which];
  });
}

/** MaxPool of float32 NHWC x (padding never wins), split over the pool by images. */
export function maxPoolNative(k: NativeKernels, x: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const xo = heapOffset(k.backend, x);
  return poolKernel(k, 'spn_max_pool', info.outShape, info, (s, pp, yo) => {
    const scratch = partScratch(k, s, info.inHeight * info.outWidth * info.inChannels); // the row pass of one image
    return (p) => [xo, yo, pp, scratch(p)];
  });
}

/** Concatenation of float32 tensors along their last axis: one strided copy per input. */
export function concatLastAxisNative(k: NativeKernels, xs: TensorInfo[]): TensorInfo {
  const first = xs[0] as TensorInfo;
  const rank = first.shape.length;
  const widths = xs.map((x) => x.shape[rank - 1] as number);
  const total = widths.reduce((a, b) => a + b, 0);
  const rows = sizeOf(first.shape.slice(0, -1));
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
