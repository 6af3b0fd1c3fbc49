/**
 * MaxPool and Concat (last axis) for the wasm backend on the SIMD kernel module. The perception layers of our
 * networks run a max-pool (and a min-pool: -maxpool(-x)) per branch and concatenate five branches along the
 * channel axis, on small 7x7 maps: wasm's XNNPACK pools run on tfjs' own thread pool, whose threads compete with
 * the kernel pool's, and wasm's Concat copies one typed-array view per pixel. Everything else (other dtypes,
 * other axes, dilations, no module) goes to wasm's kernels.
 */
import { Concat, MaxPool, backend_util, util } from '@tensorflow/tfjs';
import type { ConcatAttrs, KernelBackend, KernelConfig, MaxPoolAttrs, TensorInfo } from '@tensorflow/tfjs';
import { concatLastAxisNative, maxPoolNative } from './native/native-ops';
import { spnKernelsFor } from './native/wasm-native';

export function maxPoolConfig(backendName: string, fallback: KernelConfig): KernelConfig {
  return {
    kernelName: MaxPool,
    backendName,
    ...(fallback.setupFunc ? { setupFunc: fallback.setupFunc } : {}),
    kernelFunc: (args) => {
      const x = args.inputs['x'] as TensorInfo | undefined;
      const native = spnKernelsFor(args.backend as KernelBackend);
      if (native === undefined || x === undefined || x.dtype !== 'float32' || x.shape.length !== 4) return fallback.kernelFunc(args);
      const attrs = args.attrs as unknown as MaxPoolAttrs;
      const info = backend_util.computePool2DInfo(x.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
      if (info.outShape.some((d) => d <= 0) || info.inShape.some((d) => d <= 0)) return fallback.kernelFunc(args);
      return maxPoolNative(native, x, info);
    },
  };
}

export function concatConfig(backendName: string, fallback: KernelConfig): KernelConfig {
  return {
    kernelName: Concat,
    backendName,
    ...(fallback.setupFunc ? { setupFunc: fallback.setupFunc } : {}),
    kernelFunc: (args) => {
      const xs = Object.values(args.inputs) as TensorInfo[];
      const native = spnKernelsFor(args.backend as KernelBackend);
      const first = xs[0];
      if (native === undefined || first === undefined || xs.length < 2) return fallback.kernelFunc(args);
      const rank = first.shape.length;
      const axis = util.parseAxisParam((args.attrs as unknown as ConcatAttrs).axis, first.shape)[0];
      const sameLead = xs.every((x) => x.dtype === 'float32' && x.shape.length === rank && x.shape.slice(0, -1).every((d, i) => d === first.shape[i]));
      if (rank < 2 || axis !== rank - 1 || !sameLead) return fallback.kernelFunc(args);
      return concatLastAxisNative(native, xs);
    },
  };
}
