/**
 * Slice for the wasm backend on the SIMD kernel module, for rank-4 float32 slices that keep all channels: one
 * strided copy per image. wasm's own kernel copies one innermost row per typed-array view: for a one-channel
 * image that is one view per SAMPLE (~60 ms per [64,111,111,1] slice; fast-stem.ts takes nine per step).
 */
import { Slice, slice_util } from '@tensorflow/tfjs';
import type { KernelBackend, KernelConfig, SliceAttrs, TensorInfo } from '@tensorflow/tfjs';
import { slice4dNative } from './native/native-ops';
import { spnKernelsFor } from './native/wasm-native';

export function sliceConfig(backendName: string, fallback: KernelConfig): KernelConfig {
  return {
    kernelName: Slice,
    backendName,
    ...(fallback.setupFunc ? { setupFunc: fallback.setupFunc } : {}),
    kernelFunc: (args) => {
      const x = args.inputs['x'] as TensorInfo | undefined;
      const native = spnKernelsFor(args.backend as KernelBackend);
      if (native === undefined || x === undefined || x.dtype !== 'float32' || x.shape.length !== 4) return fallback.kernelFunc(args);
      const attrs = args.attrs as unknown as SliceAttrs;
      const [begin, size] = slice_util.parseSliceParams(x as unknown as Parameters<typeof slice_util.parseSliceParams>[0], attrs.begin, attrs.size) as [number[], number[]];
      slice_util.assertParamsValid(x as unknown as Parameters<typeof slice_util.assertParamsValid>[0], begin, size);
      if (begin[3] !== 0 || size[3] !== x.shape[3] || size.some((v) => v <= 0)) return fallback.kernelFunc(args);
      return slice4dNative(native, x, begin, size);
    },
  };
}
