/**
 * Conv2DBackpropInput (the input gradient of a 2-D convolution) for the wasm backend on
 * XNNPACK's Conv2D. tfjs-wasm 4.22 ships this kernel as a scalar C++ loop, several times
 * slower than its Conv2D, and it dominates a training step; this keeps the original as the
 * fallback for paddings the fast path cannot express.
 *
 * Index algebra (NHWC, forward stride s, padding pT, rows shown; columns alike):
 *   dx[b,i,ci] = sum_{oh,kh : oh*s + kh - pT = i} sum_co dy[b,oh,co] * W[kh,ci,co]
 * Let dyd be dy with s-1 zero rows inserted after every row (length OH*s, so
 * dyd[oh*s] = dy[oh]) and Wf[k,co,ci] = W[kH-1-k,ci,co] (flipped, in/out swapped). Then
 *   dx[i] = sum_k dyd[i + k - P] * Wf[k]   with P = kH-1-pT,
 * a stride-1 convolution of dyd padded by P rows on top. Its output has
 * P + OH*s + B - kH + 1 rows; B = H + pT - OH*s gives exactly H rows, and a negative B
 * (the inserted trailing zeros already cover it) means crop the excess rows at the bottom.
 * 1x1 filters without padding skip the zero-inserted copy: dx = insertZeros(conv1x1(dy, W^T)).
 */
import { Conv2DBackpropInput, getKernel } from '@tensorflow/tfjs';
import type {
  Conv2DBackpropInputAttrs,
  KernelBackend,
  KernelConfig,
  KernelFunc,
  NamedTensorInfoMap,
  TensorInfo,
} from '@tensorflow/tfjs';
import { convGeometry, type ConvGeometry } from './conv-geometry';
import { KernelScope } from './kernel-scope';
import { conv2dInputGradNative } from './native/native-ops';
import { spnKernelsFor } from './native/wasm-native';

const STRIDE1 = { strides: [1, 1], dilations: [1, 1], dataFormat: 'NHWC' };

/** [B,h,w,C] -> [B,h*sH,w*sW,C] with each value at (r*sH, c*sW) and zeros between/after. */
function insertZeros(scope: KernelScope, t: TensorInfo, sH: number, sW: number): TensorInfo {
  if (sH === 1 && sW === 1) return t;
  const [b = 0, h = 0, w = 0, c = 0] = t.shape;
  const t6 = scope.reshape(t, [b, h, 1, w, 1, c]);
  const padded = scope.pad(t6, [
    [0, 0],
    [0, 0],
    [0, sH - 1],
    [0, 0],
    [0, sW - 1],
    [0, 0],
  ]);
  return scope.reshape(padded, [b, h * sH, w * sW, c]);
}

/** Crops or zero-extends rows/cols at the bottom/right so t becomes [B,H,W,C]. */
function fitTo(scope: KernelScope, t: TensorInfo, g: ConvGeometry): TensorInfo {
  const [b = 0, h = 0, w = 0, c = 0] = t.shape;
  let out = t;
  if (h > g.inH || w > g.inW) out = scope.slice(out, [0, 0, 0, 0], [b, Math.min(h, g.inH), Math.min(w, g.inW), c]);
  if (h < g.inH || w < g.inW) {
    out = scope.pad(out, [
      [0, 0],
      [0, Math.max(0, g.inH - h)],
      [0, Math.max(0, g.inW - w)],
      [0, 0],
    ]);
  }
  return out;
}

/**
 * The input gradient via forward convolutions, or null when the padding puts the first
 * filter tap past the zero-padded border (P < 0), which the caller hands to the native kernel.
 */
export function conv2dBackpropInputViaConv(
  backendName: string,
  backend: KernelBackend,
  inputs: NamedTensorInfoMap,
  attrs: Conv2DBackpropInputAttrs,
): TensorInfo | null {
  const { dy, filter } = inputs;
  if (dy === undefined || filter === undefined)
    throw new Error(`${Conv2DBackpropInput}: inputs dy and filter are required`);
  const g = convGeometry(Conv2DBackpropInput, attrs.inputShape, filter.shape, dy.shape, attrs, [
    dy.dtype,
    filter.dtype,
  ]);
  const native = spnKernelsFor(backend);
  if (native !== undefined) return conv2dInputGradNative(native, dy, filter, g);
  const padTop = g.kH - 1 - g.padTop;
  const padLeft = g.kW - 1 - g.padLeft;
  if (padTop < 0 || padLeft < 0) return null;
  const scope = new KernelScope(backend, backendName, Conv2DBackpropInput);
  try {
    if (g.kH === 1 && g.kW === 1 && g.padTop === 0 && g.padLeft === 0) {
      const wT = scope.transpose(filter, [0, 1, 3, 2]); // [1,1,co,ci]
      const z = scope.run('Conv2D', { x: dy, filter: wT }, { ...STRIDE1, pad: 'valid' }); // [B,OH,OW,ci]
      return scope.keep(fitTo(scope, insertZeros(scope, z, g.strideH, g.strideW), g));
    }
    const wFlip = scope.run('Reverse', { x: scope.transpose(filter, [0, 1, 3, 2]) }, { dims: [0, 1] }); // [kH,kW,co,ci]
    const dyd = insertZeros(scope, dy, g.strideH, g.strideW); // [B, OH*sH, OW*sW, co]
    const padBottom = g.inH + g.padTop - g.outH * g.strideH;
    const padRight = g.inW + g.padLeft - g.outW * g.strideW;
    const pad = [
      [0, 0],
      [padTop, Math.max(0, padBottom)],
      [padLeft, Math.max(0, padRight)],
      [0, 0],
    ];
    const dx = scope.run('Conv2D', { x: dyd, filter: wFlip }, { ...STRIDE1, pad });
    return scope.keep(fitTo(scope, dx, g));
  } finally {
    scope.dispose();
  }
}

/**
 * Kernel config for `backendName` that runs {@link conv2dBackpropInputViaConv} and falls back
 * to `native` (the kernel it replaces) for paddings outside the fast path.
 */
export function conv2dBackpropInputConfig(backendName: string, native: KernelFunc | undefined): KernelConfig {
  return {
    kernelName: Conv2DBackpropInput,
    backendName,
    kernelFunc: (args) => {
      const fast = conv2dBackpropInputViaConv(
        backendName,
        args.backend as KernelBackend,
        args.inputs,
        args.attrs as unknown as Conv2DBackpropInputAttrs,
      );
      if (fast !== null) return fast;
      if (native === undefined) {
        throw new Error(`${Conv2DBackpropInput}: padding outside the fast path and no native kernel to fall back to`);
      }
      return native(args);
    },
  };
}

/** The kernel function currently registered for Conv2DBackpropInput on `backendName`, if any. */
export function currentConv2dBackpropInput(backendName: string): KernelFunc | undefined {
  return getKernel(Conv2DBackpropInput, backendName)?.kernelFunc;
}
