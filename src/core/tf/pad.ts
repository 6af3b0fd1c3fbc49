/**
 * PadV2 for the wasm backend on the SIMD kernel module, for rank-4 float32 tensors padded on batch, rows and
 * columns (not channels): a fill and one strided copy per image. wasm's own kernel takes ~13 ms to pad a
 * [64,112,112,1] batch (fast-stem.ts pads every batch once). Everything else goes to wasm's kernel.
 */
import { PadV2 } from '@tensorflow/tfjs';
import type { KernelConfig, PadV2Attrs } from '@tensorflow/tfjs';
import { float32Input, nativeKernelConfig } from './native-kernel-config';
import { pad4dNative } from './native/native-ops';

export function padV2Config(backendName: string, fallback: KernelConfig): KernelConfig {
  return nativeKernelConfig(PadV2, backendName, fallback, (args, k) => {
    const x = float32Input(args, 'x');
    const attrs = args.attrs as unknown as PadV2Attrs;
    const paddings = attrs.paddings;
    const ok =
      x !== undefined &&
      x.shape.length === 4 &&
      paddings.length === 4 &&
      x.shape.every((d) => d > 0) &&
      paddings.every((p) => p[0] >= 0 && p[1] >= 0) &&
      paddings[3]?.[0] === 0 &&
      paddings[3]?.[1] === 0;
    return ok && x ? pad4dNative(k, x, paddings, attrs.constantValue) : undefined;
  });
}
