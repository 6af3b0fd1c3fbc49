/**
 * Forward Conv2D / FusedConv2D for the wasm backend on the SIMD kernel module where it beats XNNPACK, the
 * backend's own kernel everywhere else.
 *
 * Measured per layer of the paper network (bench/conv-shapes-node.ts, one thread, fused multiply-add): the
 * kernel module's im2col GEMM runs 14-17 GMAC/s where tfjs-wasm 4.22's XNNPACK runs 10-13, and its direct
 * kernel runs the one-channel 7x7/2 stem at 14.7 GMAC/s where XNNPACK runs 6.8. Without fused multiply-add
 * (node 20, older browsers) the two are level, so XNNPACK keeps the forward pass there; XNNPACK also keeps
 * layers with fewer than 8 output channels (the GEMM's 8-wide column blocks would be mostly empty), and every
 * layer when tfjs-wasm runs more threads than the kernel module has (no helper pool, e.g. on a page's main
 * thread). bench:infer, 2 threads: 232 patches/s with the forward convs on the kernel pool, 202 on XNNPACK's.
 */
import { Conv2D, FusedConv2D, backend_util } from '@tensorflow/tfjs';
import type { KernelBackend, KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { geometryFromInfo, type ConvGeometry } from './conv-geometry';
import { KernelScope } from './kernel-scope';
import { conv2dDirectNative, conv2dNative, conv3x3WinogradNative, winogradApplies, type NativeKernels } from './native/native-ops';
import { spnKernelsFor } from './native/wasm-native';

/** Activations applied after the kernel module's conv by the backend's own kernel. */
const ACTIVATION_KERNELS: Record<string, string | null> = { linear: null, relu: 'Relu', relu6: 'Relu6', elu: 'Elu', sigmoid: 'Sigmoid' };

/** Inputs with fewer channels than this use the direct kernel (building patches would cost more than it saves). */
export const DIRECT_MAX_IN_CHANNELS = 8;

interface ConvAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  activation?: string;
}

/** The geometry of a forward conv the kernel module should run, or undefined to leave it to the backend. */
export function nativeForwardGeometry(k: Pick<NativeKernels, 'fma' | 'backendThreads' | 'pool'>, x: TensorInfo, filter: TensorInfo, attrs: ConvAttrs): ConvGeometry | undefined {
  if (!k.fma || (k.pool?.parts ?? 1) < k.backendThreads || attrs.dataFormat !== 'NHWC' || x.dtype !== 'float32' || filter.dtype !== 'float32') return undefined;
  if (x.shape.length !== 4 || filter.shape.length !== 4) return undefined;
  const d = attrs.dilations ?? 1;
  if (!(d === 1 || (Array.isArray(d) && d[0] === 1 && d[1] === 1))) return undefined;
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  if (info.outChannels < 8 || info.outHeight <= 0 || info.outWidth <= 0) return undefined;
  return geometryFromInfo(info);
}

function runNative(k: NativeKernels, x: TensorInfo, filter: TensorInfo, bias: TensorInfo | undefined, g: ConvGeometry): TensorInfo {
  if (winogradApplies(g)) return conv3x3WinogradNative(k, x, filter, bias, g);
  return g.inC < DIRECT_MAX_IN_CHANNELS ? conv2dDirectNative(k, x, filter, bias, g) : conv2dNative(k, x, filter, bias, g);
}

/** Wraps the backend's Conv2D (`original`) with the kernel-module path. */
export function conv2dForwardConfig(backendName: string, original: KernelConfig): KernelConfig {
  const fallback: KernelFunc = original.kernelFunc;
  return {
    ...original,
    kernelName: Conv2D,
    backendName,
    kernelFunc: (args) => {
      const { x, filter } = args.inputs;
      const k = spnKernelsFor(args.backend as KernelBackend);
      const g = k && x && filter ? nativeForwardGeometry(k, x, filter, args.attrs as unknown as ConvAttrs) : undefined;
      if (k === undefined || g === undefined || x === undefined || filter === undefined) return fallback(args);
      return runNative(k, x, filter, undefined, g);
    },
  };
}

/** Wraps the backend's FusedConv2D: conv + bias on the kernel module, then the activation on the backend. */
export function fusedConv2dForwardConfig(backendName: string, original: KernelConfig): KernelConfig {
  const fallback: KernelFunc = original.kernelFunc;
  return {
    ...original,
    kernelName: FusedConv2D,
    backendName,
    kernelFunc: (args) => {
      const { x, filter, bias, preluActivationWeights } = args.inputs;
      const attrs = args.attrs as unknown as ConvAttrs;
      const activation = ACTIVATION_KERNELS[attrs.activation ?? 'linear'];
      const backend = args.backend as KernelBackend;
      const k = spnKernelsFor(backend);
      const g = k && x && filter && activation !== undefined && preluActivationWeights === undefined ? nativeForwardGeometry(k, x, filter, attrs) : undefined;
      const biasOk = bias === undefined || (bias.dtype === 'float32' && bias.shape.length === 1 && bias.shape[0] === g?.outC);
      if (k === undefined || g === undefined || x === undefined || filter === undefined || !biasOk) return fallback(args);
      const y = runNative(k, x, filter, bias, g);
      if (activation === null || activation === undefined) return y;
      const scope = new KernelScope(backend, backendName, FusedConv2D);
      scope.adopt(y);
      try {
        return scope.keep(scope.run(activation, { x: y }, {} as NamedAttrMap));
      } finally {
        scope.dispose();
      }
    },
  };
}
