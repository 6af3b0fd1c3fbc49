/**
 * AvgPoolGrad for the wasm backend on the SIMD kernel module. wasm's own kernel visits every input pixel x
 * every window tap with a float division each (~40 ms per training step for the paper network's global
 * average pool, whose forward pass takes well under 1 ms); the module scatters each output's share instead.
 * Same result as tfjs' cpu kernel (divisor: the full window). Without the module, wasm's kernel runs.
 */
import { AvgPoolGrad, backend_util } from '@tensorflow/tfjs';
import type { AvgPoolGradAttrs, KernelBackend, KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import { UnsupportedKernelShapeError } from './conv-geometry';
import { avgPoolGradNative } from './native/native-ops';
import { spnKernelsFor } from './native/wasm-native';

/** Kernel config that runs AvgPoolGrad natively where it can and defers to `fallback` (the config it replaces). */
export function avgPoolGradConfig(backendName: string, fallback: KernelConfig): KernelConfig {
  return {
    kernelName: AvgPoolGrad,
    backendName,
    ...(fallback.setupFunc ? { setupFunc: fallback.setupFunc } : {}),
    kernelFunc: (args) => {
      const dy = args.inputs['dy'] as TensorInfo | undefined;
      const input = args.inputs['input'] as TensorInfo | undefined;
      const native = spnKernelsFor(args.backend as KernelBackend);
      if (native === undefined || dy === undefined || input === undefined || dy.dtype !== 'float32' || input.shape.length !== 4) {
        return fallback.kernelFunc(args);
      }
      const attrs = args.attrs as unknown as AvgPoolGradAttrs;
      const info = backend_util.computePool2DInfo(input.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad);
      if (info.outShape.some((v, i) => v !== dy.shape[i])) {
        throw new UnsupportedKernelShapeError(AvgPoolGrad, `dy does not match the pooled shape [${info.outShape.join(',')}]`, {
          input: input.shape,
          dy: dy.shape,
        });
      }
      return avgPoolGradNative(native, input.shape, dy, info);
    },
  };
}
