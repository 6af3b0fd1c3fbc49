/**
 * maxFirst(ys): element-wise maximum of same-shape tensors whose gradient goes to the FIRST maximal input, as
 * max-pool's does (fast-stem.ts builds a max-pool from it). On wasm with the SIMD kernel module it is one kernel
 * each way (SpnMaxFirst / SpnMaxFirstGrad, registered by wasm-training-kernels.ts); elsewhere, a chain of
 * tf.maximum, whose gradient also prefers its first argument on ties. The chain costs 8 Maximum, 16 compare,
 * 16 Cast and 16 Multiply kernels for 9 inputs on wasm (~270 ms per paper-net training step); the kernels ~5 ms.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelBackend, KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import { maxFirstGradNative, maxFirstNative } from './native/native-ops';
import { spnKernelsFor } from './native/wasm-native';

export const SPN_MAX_FIRST = 'SpnMaxFirst';
export const SPN_MAX_FIRST_GRAD = 'SpnMaxFirstGrad';

function nativeOrThrow(backend: unknown, kernel: string): NonNullable<ReturnType<typeof spnKernelsFor>> {
  const k = spnKernelsFor(backend as KernelBackend);
  if (k === undefined) throw new Error(`${kernel}: the SIMD kernel module is not attached to this backend`);
  return k;
}

/** Kernel configs of SpnMaxFirst (inputs y0..yN-1 -> [max, which]) and its gradient (dy, which -> N grads). */
export function maxFirstConfigs(backendName: string): KernelConfig[] {
  return [
    {
      kernelName: SPN_MAX_FIRST,
      backendName,
      kernelFunc: ({ inputs, backend }) => {
        const ys = Object.keys(inputs)
          .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))
          .map((key) => inputs[key] as TensorInfo);
        return maxFirstNative(nativeOrThrow(backend, SPN_MAX_FIRST), ys);
      },
    },
    {
      kernelName: SPN_MAX_FIRST_GRAD,
      backendName,
      kernelFunc: ({ inputs, backend, attrs }) =>
        maxFirstGradNative(nativeOrThrow(backend, SPN_MAX_FIRST_GRAD), inputs['dy'] as TensorInfo, inputs['which'] as TensorInfo, (attrs as { count: number }).count),
    },
  ];
}

function nativeAvailable(ys: tf.Tensor[]): boolean {
  const name = tf.getBackend();
  return (
    ys.length > 1 &&
    ys.every((y) => y.dtype === 'float32') &&
    tf.getKernel(SPN_MAX_FIRST, name) !== undefined &&
    spnKernelsFor(tf.engine().findBackend(name)) !== undefined
  );
}

/** Element-wise maximum of `ys` (same shapes); on ties the gradient goes to the first maximal input. */
export function maxFirst(ys: tf.Tensor[]): tf.Tensor {
  if (ys.length === 0) throw new Error('maxFirst: no inputs');
  if (!nativeAvailable(ys)) return ys.reduce((a, b) => tf.maximum(a, b));
  const f = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const inputs = args.slice(0, -1) as tf.Tensor[];
    const named: tf.NamedTensorMap = {};
    inputs.forEach((t, i) => (named[`y${i}`] = t));
    const [value, which] = tf.engine().runKernel(SPN_MAX_FIRST, named, {}) as tf.Tensor[];
    save([which as tf.Tensor]);
    return {
      value: value as tf.Tensor,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf.engine().runKernel(SPN_MAX_FIRST_GRAD, { dy, which: saved[0] as tf.Tensor }, { count: inputs.length } as unknown as tf.NamedAttrMap) as tf.Tensor[],
    };
  });
  return f(...ys);
}
