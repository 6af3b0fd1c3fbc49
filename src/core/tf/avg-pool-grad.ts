/**
 * AvgPoolGrad for the wasm backend on the SIMD kernel module. wasm's own kernel visits every input pixel x
 * every window tap with a float division each (~40 ms per training step for the paper network's global
 * average pool, whose forward pass takes well under 1 ms); the module scatters each output's share instead.
 * Same result as tfjs' cpu kernel (divisor: the full window). Without the module, wasm's kernel runs.
 */
import { AvgPoolGrad } from '@tensorflow/tfjs';
import type { AvgPoolGradAttrs, KernelConfig } from '@tensorflow/tfjs';
import { poolInfo } from './conv-geometry';
import { float32Input, nativeKernelConfig } from './native-kernel-config';
import { avgPoolGradNative } from './native/native-ops';

export function avgPoolGradConfig(backendName: string, fallback: KernelConfig): KernelConfig {
  return nativeKernelConfig(AvgPoolGrad, backendName, fallback, (args, k) => {
    const dy = float32Input(args, 'dy');
    const input = args.inputs['input'];
    if (dy === undefined || input === undefined || input.shape.length !== 4) return undefined;
    const info = poolInfo(AvgPoolGrad, input.shape, args.attrs as unknown as AvgPoolGradAttrs, dy.shape);
    return avgPoolGradNative(k, input.shape, dy, info);
  });
}
