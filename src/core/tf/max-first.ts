/**
 * maxFirst(ys): element-wise maximum of same-shape tensors whose gradient goes to the FIRST maximal input, as
 * max-pool's does (fast-stem.ts builds a max-pool from it). On wasm with the SIMD kernel module it is one kernel
 * each way (SpnMaxFirst / SpnMaxFirstGrad, registered by wasm-training-kernels.ts); elsewhere, a chain of
 * tf.maximum, whose gradient also prefers its first argument on ties. The chain costs 8 Maximum, 16 compare,
 * 16 Cast and 16 Multiply kernels for 9 inputs on wasm (~270 ms per paper-net training step); the kernels ~5 ms.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelBackend, KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import {
  maxFirstGradNative,
  maxFirstNative,
  stemConvMaxNative,
  stemFilterGradNative,
  type StemGeometry,
} from './native/native-ops';
import { spnKernelsFor } from './native/wasm-native';

export const SPN_MAX_FIRST = 'SpnMaxFirst';
export const SPN_MAX_FIRST_GRAD = 'SpnMaxFirstGrad';
export const SPN_STEM_FILTER_GRAD = 'SpnStemFilterGrad';
export const SPN_STEM_CONV_MAX = 'SpnStemConvMax';

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
        maxFirstGradNative(
          nativeOrThrow(backend, SPN_MAX_FIRST_GRAD),
          inputs['dy'] as TensorInfo,
          inputs['which'] as TensorInfo,
          (attrs as { count: number }).count,
        ),
    },
    {
      kernelName: SPN_STEM_CONV_MAX,
      backendName,
      kernelFunc: ({ inputs, backend, attrs }) =>
        stemConvMaxNative(
          nativeOrThrow(backend, SPN_STEM_CONV_MAX),
          inputs['x'] as TensorInfo,
          inputs['filter'] as TensorInfo,
          attrs as unknown as StemGeometry,
        ),
    },
    {
      kernelName: SPN_STEM_FILTER_GRAD,
      backendName,
      kernelFunc: ({ inputs, backend, attrs }) =>
        stemFilterGradNative(
          nativeOrThrow(backend, SPN_STEM_FILTER_GRAD),
          inputs['x'] as TensorInfo,
          inputs['which'] as TensorInfo,
          inputs['dy'] as TensorInfo,
          attrs as unknown as StemGeometry,
        ),
    },
  ];
}

/** True when the current backend has the kernels of this file (wasm with the SIMD module attached). */
export function stemKernelsAvailable(): boolean {
  const name = tf.getBackend();
  return tf.getKernel(SPN_MAX_FIRST, name) !== undefined && spnKernelsFor(tf.engine().findBackend(name)) !== undefined;
}

function nativeAvailable(ys: tf.Tensor[]): boolean {
  return ys.length > 1 && ys.every((y) => y.dtype === 'float32') && stemKernelsAvailable();
}

/**
 * The subsampled stem's strided convs of the padded input and their maximum (see fast-stem.ts) as one op on the
 * SIMD module: forward SpnStemConvMax (every tap row computed and merged in cache, no input copies, no full-size
 * tap outputs), filter gradient SpnStemFilterGrad (each output value's gradient times the input patch under
 * its winning tap: 1/window^2 of back-propagating through every strided conv). Requires
 * {@link stemKernelsAvailable}.
 */
export function stemConvMax(xp: tf.Tensor4D, kernel: tf.Tensor4D, geometry: StemGeometry): tf.Tensor {
  const attrs = geometry as unknown as tf.NamedAttrMap;
  const f = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [x, w] = args as [tf.Tensor4D, tf.Tensor4D];
    const save = args[2] as tf.GradSaveFunc;
    const [value, which] = tf.engine().runKernel<tf.Tensor[]>(SPN_STEM_CONV_MAX, { x, filter: w }, attrs);
    save([x, which as tf.Tensor]);
    return {
      value: value as tf.Tensor,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ws] = saved as [tf.Tensor, tf.Tensor];
        // The input is data (no gradient is ever taken through it); zeros keep customGrad's contract.
        return [
          tf.zerosLike(xs),
          tf.engine().runKernel<tf.Tensor>(SPN_STEM_FILTER_GRAD, { x: xs, which: ws, dy }, attrs),
        ];
      },
    };
  });
  return f(xp, kernel);
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
    const [value, which] = tf.engine().runKernel<tf.Tensor[]>(SPN_MAX_FIRST, named, {});
    save([which as tf.Tensor]);
    return {
      value: value as tf.Tensor,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf
          .engine()
          .runKernel<tf.Tensor[]>(SPN_MAX_FIRST_GRAD, { dy, which: saved[0] as tf.Tensor }, { count: inputs.length }),
    };
  });
  return f(...ys);
}
