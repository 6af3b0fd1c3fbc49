/**
 * Slice for the wasm backend on the SIMD kernel module, for rank-4 float32 slices that keep all channels: one
 * strided copy per image. wasm's own kernel copies one innermost row per typed-array view: for a one-channel
 * image that is one view per SAMPLE (~60 ms per [64,111,111,1] slice). Other slices go to wasm's kernel.
 */
import { Slice, slice_util } from '@tensorflow/tfjs';
import type { KernelConfig, SliceAttrs } from '@tensorflow/tfjs';
import { float32Input, nativeKernelConfig } from './native-kernel-config';
import { slice4dNative } from './native/native-ops';

export function sliceConfig(backendName: string, fallback: KernelConfig): KernelConfig {
  return nativeKernelConfig(Slice, backendName, fallback, (args, k) => {
    const x = float32Input(args, 'x');
    if (x === undefined || x.shape.length !== 4) return undefined;
    const attrs = args.attrs as unknown as SliceAttrs;
    const [begin, size] = slice_util.parseSliceParams(x, attrs.begin, attrs.size) as [number[], number[]];
    slice_util.assertParamsValid(x, begin, size);
    if (begin[3] !== 0 || size[3] !== x.shape[3] || size.some((v) => v <= 0)) return undefined;
    return slice4dNative(k, x, begin, size);
  });
}
