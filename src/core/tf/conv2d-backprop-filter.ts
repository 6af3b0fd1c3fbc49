/**
 * Conv2DBackpropFilter (the weight gradient of a 2-D convolution) for the wasm backend,
 * built from the backend's own XNNPACK Conv2D so it runs at forward-convolution speed.
 *
 * Index algebra (NHWC, forward stride s, padding pT/pL, no forward dilation):
 *   dW[kh,kw,ci,co] = sum_{b,oh,ow} x[b, oh*sH + kh - pT, ow*sW + kw - pL, ci] * dy[b,oh,ow,co]
 * Rename ci -> "batch" and b -> "channel":
 *   X'[ci,r,c,b]   = x[b,r,c,ci]        (transpose [3,1,2,0])
 *   F'[oh,ow,b,co] = dy[b,oh,ow,co]     (transpose [1,2,0,3]), used as the filter
 * and the sum is a stride-1 convolution of X' with F' whose filter taps are spread
 * DILATION = s apart, reading X' zero-padded by pT rows on top and pL columns on the left:
 *   out[ci,kh,kw,co] = sum_{oh,ow,b} X'pad[ci, kh + oh*sH, kw + ow*sW, b] * F'[oh,ow,b,co]
 * Its output has H + pT + pB' - (OH-1)*sH rows; choosing pB' = kH + (OH-1)*sH - H - pT gives
 * exactly kH rows. When pB' < 0 (VALID with leftover input rows never read by the forward
 * conv) we pad 0 and crop the excess rows instead (same for columns).
 * Finally dW = out transposed [1,2,0,3] -> [kH,kW,ci,co].
 * Dilation > 1 with stride 1 is a legal tfjs Conv2D, so XNNPACK runs it directly.
 * (An im2col + chunked-GEMM variant built from Slice kernels was measured 3-25x slower: wasm's
 * strided Slice costs ~300 ns per element, so building the patch matrix dominates.)
 *
 * Few input taps (kH*kW*ci small, e.g. the 7x7 stem over one channel): that conv has a 49-pixel
 * output and a filter as big as dy, so XNNPACK re-streams ~110 MB of packed dy per output tile.
 * There the patch matrix is written by a JS loop straight into the wasm heap, transposed,
 *   A[(kh,kw,ci), (b,oh,ow)] = x[b, oh*sH + kh - pT, ow*sW + kw - pL, ci]   (0 outside),
 * and dW = A . dy[(b,oh,ow), co] is one XNNPACK matrix product (dy reshaped for free):
 * about 2.5x faster for the paper's stem (measured in node, one thread).
 *
 * Both are fallbacks now: with the SIMD kernel module attached (native/spn_kernels.c) the gradient is one
 * chunked im2col GEMM, dW = P^T dY, straight on the heap.
 */
import { Conv2DBackpropFilter } from '@tensorflow/tfjs';
import type {
  Conv2DBackpropFilterAttrs,
  KernelBackend,
  KernelConfig,
  NamedTensorInfoMap,
  TensorInfo,
} from '@tensorflow/tfjs';
import { convGeometry, type ConvGeometry } from './conv-geometry';
import { KernelScope } from './kernel-scope';
import { conv2dFilterGradNative } from './native/native-ops';
import { spnKernelsFor } from './native/wasm-native';

/** Largest kH*kW*ci for which the patch-matrix path is used (its JS gather reads x once per tap). */
export const IM2COL_MAX_TAPS = 64;

/** The backend methods the patch-matrix path needs (tfjs' BackendWasm has them; other backends do not). */
interface HeapBackend extends KernelBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

function hasHeap(b: KernelBackend): b is HeapBackend {
  const h = b as Partial<HeapBackend>;
  return typeof h.makeOutput === 'function' && typeof h.typedArrayFromHeap === 'function';
}

/**
 * Writes the transposed patch matrix A[(kh,kw,ci), (b,oh,ow)] of `x` (NHWC) into `a`.
 * Exported for tests; rows are contiguous so each tap streams through x once.
 */
export function gatherPatchesTransposed(x: Float32Array, a: Float32Array, g: ConvGeometry): void {
  const { batch: B, inH: H, inW: W, inC: C, outH: OH, outW: OW } = g;
  let o = 0;
  for (let kh = 0; kh < g.kH; kh++) {
    for (let kw = 0; kw < g.kW; kw++) {
      for (let ci = 0; ci < C; ci++) {
        for (let b = 0; b < B; b++) {
          const xb = b * H * W * C + ci;
          for (let oh = 0; oh < OH; oh++) {
            const r = oh * g.strideH + kh - g.padTop;
            if (r < 0 || r >= H) {
              a.fill(0, o, o + OW);
              o += OW;
              continue;
            }
            const row = xb + r * W * C;
            for (let ow = 0; ow < OW; ow++, o++) {
              const col = ow * g.strideW + kw - g.padLeft;
              a[o] = col >= 0 && col < W ? (x[row + col * C] as number) : 0;
            }
          }
        }
      }
    }
  }
}

/** dW via the patch matrix and one matrix product (see the file header). */
function filterGradViaPatches(
  scope: KernelScope,
  backend: HeapBackend,
  x: TensorInfo,
  dy: TensorInfo,
  g: ConvGeometry,
): TensorInfo {
  const taps = g.kH * g.kW * g.inC;
  const rows = g.batch * g.outH * g.outW;
  const a = scope.adopt(backend.makeOutput([1, taps, rows], 'float32'));
  // Views after makeOutput: allocating may grow the heap (and replace a non-shared buffer).
  gatherPatchesTransposed(
    backend.typedArrayFromHeap(x) as Float32Array,
    backend.typedArrayFromHeap(a) as Float32Array,
    g,
  );
  const product = scope.run(
    'BatchMatMul',
    { a, b: scope.reshape(dy, [1, rows, g.outC]) },
    { transposeA: false, transposeB: false },
  );
  return scope.keep(scope.reshape(product, [g.kH, g.kW, g.inC, g.outC]));
}
/** The filter gradient as a kernel function over any backend that has Conv2D/Transpose/Slice. */
export function conv2dBackpropFilterViaConv(
  backendName: string,
  backend: KernelBackend,
  inputs: NamedTensorInfoMap,
  attrs: Conv2DBackpropFilterAttrs,
): TensorInfo {
  const { x, dy } = inputs;
  if (x === undefined || dy === undefined) throw new Error(`${Conv2DBackpropFilter}: inputs x and dy are required`);
  const g = convGeometry(Conv2DBackpropFilter, x.shape, attrs.filterShape, dy.shape, attrs, [x.dtype, dy.dtype]);
  const native = spnKernelsFor(backend);
  if (native !== undefined) return conv2dFilterGradNative(native, x, dy, g);
  const scope = new KernelScope(backend, backendName, Conv2DBackpropFilter);
  try {
    if (g.kH * g.kW * g.inC <= IM2COL_MAX_TAPS && hasHeap(backend))
      return filterGradViaPatches(scope, backend, x, dy, g);
    const xT = scope.transpose(x, [3, 1, 2, 0]); // [ci, H, W, B]
    const dyT = scope.transpose(dy, [1, 2, 0, 3]); // [OH, OW, B, co]
    const padBottom = g.kH + (g.outH - 1) * g.strideH - g.inH - g.padTop;
    const padRight = g.kW + (g.outW - 1) * g.strideW - g.inW - g.padLeft;
    const conv = scope.run(
      'Conv2D',
      { x: xT, filter: dyT },
      {
        strides: [1, 1],
        dilations: [g.strideH, g.strideW],
        pad: [
          [0, 0],
          [g.padTop, Math.max(0, padBottom)],
          [g.padLeft, Math.max(0, padRight)],
          [0, 0],
        ],
        dataFormat: 'NHWC',
      },
    ); // [ci, kH(+excess), kW(+excess), co]
    const cropped = padBottom < 0 || padRight < 0 ? scope.slice(conv, [0, 0, 0, 0], [g.inC, g.kH, g.kW, g.outC]) : conv;
    return scope.keep(scope.transpose(cropped, [1, 2, 0, 3]));
  } finally {
    scope.dispose();
  }
}

/** Kernel config registering {@link conv2dBackpropFilterViaConv} for `backendName`. */
export function conv2dBackpropFilterConfig(backendName: string): KernelConfig {
  return {
    kernelName: Conv2DBackpropFilter,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) =>
      conv2dBackpropFilterViaConv(
        backendName,
        backend as KernelBackend,
        inputs,
        attrs as unknown as Conv2DBackpropFilterAttrs,
      ),
  };
}
