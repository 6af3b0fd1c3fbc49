/**
 * Elu, EluGrad and Neg for the wasm backend on the SIMD kernel module (vector e^x, split over the kernel pool).
 * The paper network's layer-by-layer stem applies ELU to a [64,56,56,137] tensor per training batch: wasm's own
 * scalar kernels take ~33 and ~36 ms for it and its gradient. Neg: min-pools are -maxpool(-x), and wasm's Neg took
 * ~20 ms per training step at 2 threads in Chromium for the paper's 7x7 maps. float32 only; other dtypes, or no
 * module, go to wasm's kernels.
 */
import { Elu, EluGrad, Neg } from '@tensorflow/tfjs';
import type { KernelConfig } from '@tensorflow/tfjs';
import { float32Input, nativeKernelConfig } from './native-kernel-config';
import { eluGradNative, eluNative, negNative } from './native/native-ops';

export function eluConfig(backendName: string, fallback: KernelConfig): KernelConfig {
  return nativeKernelConfig(Elu, backendName, fallback, (args, k) => {
    const x = float32Input(args, 'x');
    return x && eluNative(k, x);
  });
}

export function eluGradConfig(backendName: string, fallback: KernelConfig): KernelConfig {
  return nativeKernelConfig(EluGrad, backendName, fallback, (args, k) => {
    const dy = float32Input(args, 'dy');
    const y = float32Input(args, 'y');
    return dy && y && eluGradNative(k, dy, y);
  });
}

export function negConfig(backendName: string, fallback: KernelConfig): KernelConfig {
  return nativeKernelConfig(Neg, backendName, fallback, (args, k) => {
    const x = float32Input(args, 'x');
    return x && negNative(k, x);
  });
}
