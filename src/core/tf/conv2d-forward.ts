/**
 * Forward Conv2D / FusedConv2D for the wasm backend on the SIMD kernel module where it beats XNNPACK, the
 * backend's own kernel everywhere else.
 *
 * Measured per layer of the paper network (bench/conv-shapes-node.ts, one thread): with fused multiply-add the
 * kernel module's panel GEMM runs 15-18 GMAC/s where tfjs-wasm 4.22's XNNPACK runs 10-14, and its direct kernel
 * runs the one-channel 7x7/2 stem at ~14 GMAC/s. 3x3 stride-1 convs run as Winograd F(2x2, 3x3) (2.25x fewer
 * multiply-adds): 53 ms for the paper's conv2 at batch 64 with fused multiply-add, 75 ms without, where XNNPACK
 * takes 156 / 177 ms. Without fused multiply-add (node 20, older browsers) the other layers stay on XNNPACK
 * (the two are level there); XNNPACK also keeps layers with fewer than 8 output channels, and every layer when
 * tfjs-wasm runs more threads than the kernel module has (no helper pool, e.g. on a page's main thread).
 * FusedConv2D's bias, ELU and ReLU are applied inside the kernels while the output is in cache; other
 * activations run afterwards on the backend's kernel.
 */
import { Conv2D, FusedConv2D, backend_util } from '@tensorflow/tfjs';
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import { geometryFromInfo, type ConvGeometry } from './conv-geometry';
import { KernelScope } from './kernel-scope';
import { nativeKernelConfig } from './native-kernel-config';
import {
  conv2dDirectNative,
  conv2dNative,
  conv3x3WinogradNative,
  winogradApplies,
  type ForwardConvNative,
  type NativeKernels,
} from './native/native-ops';
import { FusedActivation } from './native/wasm-native';

/** Activations the kernel module applies to the conv output while it is in cache. */
const FUSED: Record<string, FusedActivation> = {
  linear: FusedActivation.None,
  elu: FusedActivation.Elu,
  relu: FusedActivation.Relu,
};
/** Activations applied after the kernel module's conv by the backend's own kernel. */
const ACTIVATION_KERNELS: Record<string, string> = { relu6: 'Relu6', sigmoid: 'Sigmoid' };

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
export function nativeForwardGeometry(
  k: Pick<NativeKernels, 'fma' | 'backendThreads' | 'pool'>,
  x: TensorInfo,
  filter: TensorInfo,
  attrs: ConvAttrs,
): ConvGeometry | undefined {
  if (
    (k.pool?.parts ?? 1) < k.backendThreads ||
    attrs.dataFormat !== 'NHWC' ||
    x.dtype !== 'float32' ||
    filter.dtype !== 'float32'
  )
    return undefined;
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
  const g = geometryFromInfo(info);
  // Winograd does 2.25x fewer multiply-adds, so it wins even without fused multiply-add.
  return k.fma || winogradApplies(g) ? g : undefined;
}

/** The kernel-module conv for g: Winograd for 3x3 stride 1, direct for few input channels, else patch matrices. */
function nativeConvFor(g: ConvGeometry): ForwardConvNative {
  if (winogradApplies(g)) return conv3x3WinogradNative;
  return g.inC < DIRECT_MAX_IN_CHANNELS ? conv2dDirectNative : conv2dNative;
}

/** Wraps the backend's Conv2D (`original`) with the kernel-module path. */
export function conv2dForwardConfig(backendName: string, original: KernelConfig): KernelConfig {
  return nativeKernelConfig(Conv2D, backendName, original, (args, k) => {
    const { x, filter } = args.inputs;
    const g = x && filter ? nativeForwardGeometry(k, x, filter, args.attrs as unknown as ConvAttrs) : undefined;
    if (g === undefined || x === undefined || filter === undefined) return undefined;
    return nativeConvFor(g)(k, x, filter, undefined, g);
  });
}

/** Wraps the backend's FusedConv2D: conv + bias on the kernel module, then the activation on the backend. */
export function fusedConv2dForwardConfig(backendName: string, original: KernelConfig): KernelConfig {
  return nativeKernelConfig(FusedConv2D, backendName, original, (args, k) => {
    const { x, filter, bias, preluActivationWeights } = args.inputs;
    const attrs = args.attrs as unknown as ConvAttrs;
    const name = attrs.activation ?? 'linear';
    const fused = FUSED[name];
    const activation = ACTIVATION_KERNELS[name];
    const known = fused !== undefined || activation !== undefined;
    const g =
      x && filter && known && preluActivationWeights === undefined
        ? nativeForwardGeometry(k, x, filter, attrs)
        : undefined;
    const biasOk =
      bias === undefined || (bias.dtype === 'float32' && bias.shape.length === 1 && bias.shape[0] === g?.outC);
    if (g === undefined || x === undefined || filter === undefined || !biasOk) return undefined;
    const y = nativeConvFor(g)(k, x, filter, bias, g, fused ?? FusedActivation.None);
    if (activation === undefined) return y;
    const scope = new KernelScope(k.backend, backendName, FusedConv2D);
    scope.adopt(y);
    try {
      return scope.keep(scope.run(activation, { x: y }, {}));
    } finally {
      scope.dispose();
    }
  });
}
