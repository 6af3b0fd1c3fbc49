/**
 * Elu, EluGrad and Neg for the wasm backend on the SIMD kernel module (vector e^x, split over the kernel pool).
 * The stem of the paper network applies ELU to a [64,56,56,137] tensor per training batch: wasm's own scalar
 * kernels take ~33 and ~36 ms for it and its gradient. Neg: min-pools are -maxpool(-x), and wasm's Neg took
 * ~20 ms per training step at 2 threads in Chromium for the paper's 7x7 maps. float32 only; other dtypes, or
 * no module, go to wasm's kernels.
 */
import { Elu, EluGrad, Neg } from '@tensorflow/tfjs';
import type { KernelBackend, KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import { eluGradNative, eluNative, negNative } from './native/native-ops';
import { spnKernelsFor } from './native/wasm-native';

export function eluConfig(backendName: string, fallback: KernelConfig): KernelConfig {
  return {
    kernelName: Elu,
    backendName,
    ...(fallback.setupFunc ? { setupFunc: fallback.setupFunc } : {}),
    kernelFunc: (args) => {
      const x = args.inputs['x'] as TensorInfo | undefined;
      const native = spnKernelsFor(args.backend as KernelBackend);
      if (native === undefined || x === undefined || x.dtype !== 'float32') return fallback.kernelFunc(args);
      return eluNative(native, x);
    },
  };
}

export function eluGradConfig(backendName: string, fallback: KernelConfig): KernelConfig {
  return {
    kernelName: EluGrad,
    backendName,
    ...(fallback.setupFunc ? { setupFunc: fallback.setupFunc } : {}),
    kernelFunc: (args) => {
      const dy = args.inputs['dy'] as TensorInfo | undefined;
      const y = args.inputs['y'] as TensorInfo | undefined;
      const native = spnKernelsFor(args.backend as KernelBackend);
      if (native === undefined || dy === undefined || y === undefined || dy.dtype !== 'float32' || y.dtype !== 'float32') {
        return fallback.kernelFunc(args);
      }
      return eluGradNative(native, dy, y);
    },
  };
}

export function negConfig(backendName: string, fallback: KernelConfig): KernelConfig {
  return {
    kernelName: Neg,
    backendName,
    ...(fallback.setupFunc ? { setupFunc: fallback.setupFunc } : {}),
    kernelFunc: (args) => {
      const x = args.inputs['x'] as TensorInfo | undefined;
      const native = spnKernelsFor(args.backend as KernelBackend);
      if (native === undefined || x === undefined || x.dtype !== 'float32') return fallback.kernelFunc(args);
      return negNative(native, x);
    },
  };
}
