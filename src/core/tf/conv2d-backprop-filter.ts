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
 * (An im2col + chunked-GEMM variant was measured 3-25x slower: wasm's strided Slice costs
 * ~300 ns per element, so building the patch matrix dominates.)
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
import { convGeometry } from './conv-geometry';
import { KernelScope } from './kernel-scope';
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
