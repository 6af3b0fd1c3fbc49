/**
 * SplitV for the wasm backend on the SIMD kernel module: one strided copy per piece. wasm's own kernel slices
 * each piece with one typed-array view per innermost row (~22-45 ms per training step of the paper network,
 * for the gradients of the perception layers' channel concats of a 1.4 M-float tensor). float32 only; other
 * dtypes, or no module, go to wasm's kernel.
 */
import { SplitV, backend_util, util } from '@tensorflow/tfjs';
import type { KernelConfig, SplitVAttrs } from '@tensorflow/tfjs';
import { float32Input, nativeKernelConfig } from './native-kernel-config';
import { splitNative } from './native/native-ops';

export function splitVConfig(backendName: string, fallback: KernelConfig): KernelConfig {
  return nativeKernelConfig(SplitV, backendName, fallback, (args, k) => {
    const x = float32Input(args, 'x');
    if (x === undefined) return undefined;
    const attrs = args.attrs as unknown as SplitVAttrs;
    const axis = util.parseAxisParam(attrs.axis, x.shape)[0] as number;
    // Validates the sizes (and resolves a -1) exactly as tfjs' own kernels do.
    const sizes = backend_util.prepareSplitSize(x, attrs.numOrSizeSplits, axis);
    return splitNative(k, x, axis, sizes);
  });
}
