/**
 * The shape shared by the kernels that replace one of tfjs-wasm's own with the SIMD kernel module where it
 * applies: the replaced config stays the fallback (no module attached, other dtypes or layouts), and keeps its
 * setupFunc, which binds wasm's C++ function when the backend starts.
 */
import type { KernelBackend, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { NativeKernels } from './native/native-ops';
import { spnKernelsFor } from './native/wasm-native';

export type KernelArgs = Parameters<KernelFunc>[0];

/** `run` returns undefined to defer to `fallback` (the config this one replaces). */
export function nativeKernelConfig(
  kernelName: string,
  backendName: string,
  fallback: KernelConfig,
  run: (args: KernelArgs, k: NativeKernels) => TensorInfo | TensorInfo[] | undefined,
): KernelConfig {
  return {
    kernelName,
    backendName,
    ...(fallback.setupFunc ? { setupFunc: fallback.setupFunc } : {}),
    kernelFunc: (args) => {
      const k = spnKernelsFor(args.backend as KernelBackend);
      return (k !== undefined ? run(args, k) : undefined) ?? fallback.kernelFunc(args);
    },
  };
}

/** The input `name` when it is a float32 tensor, else undefined. */
export function float32Input(args: KernelArgs, name: string): TensorInfo | undefined {
  const t = args.inputs[name];
  return t !== undefined && t.dtype === 'float32' ? t : undefined;
}
