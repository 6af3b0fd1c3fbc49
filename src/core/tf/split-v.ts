/**
 * SplitV for the wasm backend on the SIMD kernel module: one strided copy per piece. wasm's own kernel slices
 * each piece with one typed-array view per innermost row (~22-45 ms per training step of the paper network,
 * for the gradients of the perception layers' channel concats of a 1.4 M-float tensor). float32 only; other
 * dtypes, or no module, go to wasm's kernel.
 */
import { SplitV, backend_util, util } from '@tensorflow/tfjs';
import type { KernelBackend, KernelConfig, SplitVAttrs, TensorInfo } from '@tensorflow/tfjs';
import { splitNative } from './native/native-ops';
import { spnKernelsFor } from './native/wasm-native';

export function splitVConfig(backendName: string, fallback: KernelConfig): KernelConfig {
  return {
    kernelName: SplitV,
    backendName,
    ...(fallback.setupFunc ? { setupFunc: fallback.setupFunc } : {}),
    kernelFunc: (args) => {
      const x = args.inputs['x'] as TensorInfo | undefined;
      const native = spnKernelsFor(args.backend as KernelBackend);
      if (native === undefined || x === undefined || x.dtype !== 'float32') return fallback.kernelFunc(args);
      const attrs = args.attrs as unknown as SplitVAttrs;
      const axis = util.parseAxisParam(attrs.axis, x.shape)[0] as number;
      // Validates the sizes (and resolves a -1) exactly as tfjs' own kernels do.
      const sizes = backend_util.prepareSplitSize(x as unknown as Parameters<typeof backend_util.prepareSplitSize>[0], attrs.numOrSizeSplits, axis);
      return splitNative(native, x, axis, sizes);
    },
  };
}
