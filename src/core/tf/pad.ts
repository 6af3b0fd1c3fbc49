/**
 * PadV2 for the wasm backend on the SIMD kernel module, for rank-4 float32 tensors padded on batch, rows and
 * columns (not channels): a fill and one strided copy per image. wasm's own kernel takes ~13 ms to pad a
 * [64,112,112,1] batch (fast-stem.ts pads every batch once). Everything else goes to wasm's kernel.
 */
import { PadV2 } from '@tensorflow/tfjs';
import type { KernelBackend, KernelConfig, PadV2Attrs, TensorInfo } from '@tensorflow/tfjs';
import { pad4dNative } from './native/native-ops';
import { spnKernelsFor } from './native/wasm-native';

export function padV2Config(backendName: string, fallback: KernelConfig): KernelConfig {
  return {
    kernelName: PadV2,
    backendName,
    ...(fallback.setupFunc ? { setupFunc: fallback.setupFunc } : {}),
    kernelFunc: (args) => {
      const x = args.inputs['x'] as TensorInfo | undefined;
      const attrs = args.attrs as unknown as PadV2Attrs;
      const native = spnKernelsFor(args.backend as KernelBackend);
      const paddings = attrs.paddings as Array<[number, number]>;
      const ok =
        native !== undefined && x !== undefined && x.dtype === 'float32' && x.shape.length === 4 && paddings.length === 4 &&
        paddings.every((p) => p[0] >= 0 && p[1] >= 0) && paddings[3]?.[0] === 0 && paddings[3]?.[1] === 0 && x.shape.every((d) => d > 0);
      if (!ok || native === undefined || x === undefined) return fallback.kernelFunc(args);
      return pad4dNative(native, x, paddings, attrs.constantValue);
    },
  };
}
