/**
 * MaxPool and Concat (last axis) for the wasm backend on the SIMD kernel module. The perception layers of our
 * networks run a max-pool (and a min-pool: -maxpool(-x)) per branch and concatenate five branches along the
 * channel axis, on small 7x7 maps: wasm's XNNPACK pools run on tfjs' own thread pool, whose threads compete with
 * the kernel pool's, and wasm's Concat copies one typed-array view per pixel. Everything else (other dtypes,
 * other axes, no module) goes to wasm's kernels.
 */
import { Concat, MaxPool, util } from '@tensorflow/tfjs';
import type { ConcatAttrs, KernelConfig, MaxPoolAttrs, TensorInfo } from '@tensorflow/tfjs';
import { poolInfo } from './conv-geometry';
import { float32Input, nativeKernelConfig } from './native-kernel-config';
import { concatLastAxisNative, maxPoolNative } from './native/native-ops';

export function maxPoolConfig(backendName: string, fallback: KernelConfig): KernelConfig {
  return nativeKernelConfig(MaxPool, backendName, fallback, (args, k) => {
    const x = float32Input(args, 'x');
    if (x === undefined || x.shape.length !== 4) return undefined;
    const info = poolInfo(MaxPool, x.shape, args.attrs as unknown as MaxPoolAttrs);
    if (info.outShape.some((d) => d <= 0) || info.inShape.some((d) => d <= 0)) return undefined;
    return maxPoolNative(k, x, info);
  });
}

export function concatConfig(backendName: string, fallback: KernelConfig): KernelConfig {
  return nativeKernelConfig(Concat, backendName, fallback, (args, k) => {
    const xs = Object.values(args.inputs) as TensorInfo[];
    const first = xs[0];
    if (first === undefined || xs.length < 2) return undefined;
    const rank = first.shape.length;
    const axis = util.parseAxisParam((args.attrs as unknown as ConcatAttrs).axis, first.shape)[0];
    const sameLead = xs.every(
      (x) =>
        x.dtype === 'float32' && x.shape.length === rank && x.shape.slice(0, -1).every((d, i) => d === first.shape[i]),
    );
    return rank >= 2 && axis === rank - 1 && sameLead ? concatLastAxisNative(k, xs) : undefined;
  });
}
