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
 */
import { Conv2DBackpropFilter } from '@tensorflow/tfjs';
import type {
  Conv2DBackpropFilterAttrs,
  KernelBackend,
  KernelConfig,
  NamedAttrMap,
  NamedTensorInfoMap,
  TensorInfo,
} from '@tensorflow/tfjs';
import { convGeometry, type ConvGeometry } from './conv-geometry';
import { KernelScope } from './kernel-scope';
import { conv2dFilterGradGemm } from './conv2d-filter-gemm';

/** How the filter gradient is computed: dilated convolution, chunked im2col GEMM, or chosen per shape. */
export type FilterGradStrategy = 'auto' | 'conv' | 'gemm';

let strategyOverride: FilterGradStrategy = 'auto';

/** Forces one strategy (tests and benchmarks compare them); 'auto' restores the per-shape choice. */
export function setFilterGradStrategy(s: FilterGradStrategy): void {
  strategyOverride = s;
}

/**
 * Per-shape choice. The dilated convolution streams the whole dy (its filter) once per 4 rows of
 * its output (ci*kH*kW rows), so it slows down when dy per image (OH*OW*co floats) leaves L2;
 * the GEMM path blocks that reduction but pays an im2col copy of x (kH*kW times x).
 */
function pickStrategy(g: ConvGeometry): 'conv' | 'gemm' {
  if (strategyOverride !== 'auto') return strategyOverride;
  return g.outH * g.outW * g.batch * g.outC > 1 << 20 ? 'gemm' : 'conv';
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
  const scope = new KernelScope(backend, backendName, Conv2DBackpropFilter);
  try {
    if (pickStrategy(g) === 'gemm') return scope.keep(conv2dFilterGradGemm(scope, x, dy, g));
    const xT = scope.transpose(x, [3, 1, 2, 0]); // [ci, H, W, B]
    const dyT = scope.transpose(dy, [1, 2, 0, 3]); // [OH, OW, B, co]
    const padBottom = g.kH + (g.outH - 1) * g.strideH - g.inH - g.padTop;
    const padRight = g.kW + (g.outW - 1) * g.strideW - g.inW - g.padLeft;
    const conv = scope.run('Conv2D', { x: xT, filter: dyT }, {
      strides: [1, 1],
      dilations: [g.strideH, g.strideW],
      pad: [
        [0, 0],
        [g.padTop, Math.max(0, padBottom)],
        [g.padLeft, Math.max(0, padRight)],
        [0, 0],
      ],
      dataFormat: 'NHWC',
    } as unknown as NamedAttrMap); // [ci, kH(+excess), kW(+excess), co]
    const cropped =
      padBottom < 0 || padRight < 0 ? scope.slice(conv, [0, 0, 0, 0], [g.inC, g.kH, g.kW, g.outC]) : conv;
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
