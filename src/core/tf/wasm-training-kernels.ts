/**
 * Completes tfjs-backend-wasm 4.22 for training our conv nets.
 *
 * The wasm backend has every forward kernel and most gradients, but lacks
 * Conv2DBackpropFilter (so any conv weight gradient throws "not registered"), its
 * Conv2DBackpropInput is a scalar loop far slower than its XNNPACK Conv2D, and its
 * MaxPoolGrad is wrong for windows whose maximum is <= 0. The conv gradients are rebuilt
 * from the backend's own fast kernels (Conv2D, Transpose, PadV2, Slice, Reverse); MaxPoolGrad
 * is a JS loop over the wasm heap. Sum over all axes but the last (conv bias gradients) is a JS
 * loop too, wasm's own transposes the whole tensor first; other Sums still go to wasm's.
 * The wasm module is imported first so its own registrations never overwrite ours.
 *
 * With the SIMD kernel module attached (native/, see wasm-backend.ts) the conv gradients, MaxPoolGrad, the bias
 * sums and most forward convs run there instead; every path above stays as the fallback. Identity shares buffers
 * instead of copying them (identity-share.ts); AvgPoolGrad, SplitV, Slice, PadV2, Elu, EluGrad, Neg, MaxPool and Concat run on the module
 * too,
 * as do the kernels of max-first.ts.
 */
import '@tensorflow/tfjs-backend-wasm';
import {
  AvgPoolGrad,
  Concat,
  Conv2D,
  Elu,
  EluGrad,
  MaxPool,
  Neg,
  Conv2DBackpropFilter,
  Conv2DBackpropInput,
  FusedConv2D,
  Identity,
  MaxPoolGrad,
  PadV2,
  Slice,
  SplitV,
  Sum,
  getKernel,
  registerKernel,
  unregisterKernel,
} from '@tensorflow/tfjs';
import type { KernelConfig } from '@tensorflow/tfjs';
import { avgPoolGradConfig } from './avg-pool-grad';
import { eluConfig, eluGradConfig, negConfig } from './elu';
import { conv2dBackpropFilterConfig } from './conv2d-backprop-filter';
import { conv2dBackpropInputConfig, currentConv2dBackpropInput } from './conv2d-backprop-input';
import { conv2dForwardConfig, fusedConv2dForwardConfig } from './conv2d-forward';
import { identityShareConfig } from './identity-share';
import { maxPoolGradConfig } from './max-pool-grad';
import { maxFirstConfigs } from './max-first';
import { padV2Config } from './pad';
import { concatConfig, maxPoolConfig } from './pool-concat';
import { sliceConfig } from './slice';
import { splitVConfig } from './split-v';
import { sumLeadingConfig } from './sum-leading';

const BACKEND = 'wasm';

/** Options for {@link registerWasmTrainingKernels}. */
export interface WasmTrainingKernelOptions {
  /** Replace wasm's scalar Conv2DBackpropInput with the XNNPACK-based one (default true). */
  fastConvInputGrad?: boolean;
}

const ours = new Set<KernelConfig>();

function install(config: KernelConfig): boolean {
  const existing = getKernel(config.kernelName, BACKEND);
  if (existing !== undefined && ours.has(existing)) return false;
  if (existing !== undefined) unregisterKernel(config.kernelName, BACKEND);
  registerKernel(config);
  ours.add(config);
  return true;
}

/**
 * Registers the training kernels for backend 'wasm'. Idempotent: a second call changes
 * nothing. Returns the kernel names newly registered by this call.
 */
export function registerWasmTrainingKernels(options: WasmTrainingKernelOptions = {}): string[] {
  const added: string[] = [];
  if (install(conv2dBackpropFilterConfig(BACKEND))) added.push(Conv2DBackpropFilter);
  // Not optional: wasm's own MaxPoolGrad returns wrong gradients (see max-pool-grad.ts).
  if (install(maxPoolGradConfig(BACKEND))) added.push(MaxPoolGrad);
  const sum = getKernel(Sum, BACKEND);
  if (sum !== undefined && !ours.has(sum) && install(sumLeadingConfig(BACKEND, sum))) added.push(Sum);
  // Forward convs: the kernel module where it is faster (see conv2d-forward.ts), the backend's own otherwise.
  const conv = getKernel(Conv2D, BACKEND);
  if (conv !== undefined && !ours.has(conv) && install(conv2dForwardConfig(BACKEND, conv))) added.push(Conv2D);
  const fused = getKernel(FusedConv2D, BACKEND);
  if (fused !== undefined && !ours.has(fused) && install(fusedConv2dForwardConfig(BACKEND, fused)))
    added.push(FusedConv2D);
  // Kernels that wrap wasm's own (kept as the fallback without the SIMD module, and for other dtypes).
  const wrapped: Array<[string, (fallback: KernelConfig) => KernelConfig]> = [
    [AvgPoolGrad, (f) => avgPoolGradConfig(BACKEND, f)],
    [SplitV, (f) => splitVConfig(BACKEND, f)],
    [Elu, (f) => eluConfig(BACKEND, f)],
    [EluGrad, (f) => eluGradConfig(BACKEND, f)],
    [Slice, (f) => sliceConfig(BACKEND, f)],
    [PadV2, (f) => padV2Config(BACKEND, f)],
    [Neg, (f) => negConfig(BACKEND, f)],
    [MaxPool, (f) => maxPoolConfig(BACKEND, f)],
    [Concat, (f) => concatConfig(BACKEND, f)],
  ];
  for (const [name, make] of wrapped) {
    const current = getKernel(name, BACKEND);
    if (current !== undefined && !ours.has(current) && install(make(current))) added.push(name);
  }
  // Kernels of our own ops (fast-stem.ts's max-pool).
  for (const config of maxFirstConfigs(BACKEND)) {
    const current = getKernel(config.kernelName, BACKEND);
    if ((current === undefined || !ours.has(current)) && install(config)) added.push(config.kernelName);
  }
  const identity = getKernel(Identity, BACKEND);
  if (identity !== undefined && !ours.has(identity) && install(identityShareConfig(BACKEND, identity.kernelFunc)))
    added.push(Identity);
  if (options.fastConvInputGrad ?? true) {
    const current = getKernel(Conv2DBackpropInput, BACKEND);
    if (current === undefined || !ours.has(current)) {
      const config = conv2dBackpropInputConfig(BACKEND, currentConv2dBackpropInput(BACKEND));
      // wasm's kernel binds its C++ function in setupFunc when the backend starts; the fallback path needs it.
      if (current?.setupFunc !== undefined) config.setupFunc = current.setupFunc;
      if (install(config)) added.push(Conv2DBackpropInput);
    }
  }
  return added;
}

/** True when Conv2DBackpropFilter on 'wasm' is the one registered here. */
export function wasmTrainingKernelsRegistered(): boolean {
  const k = getKernel(Conv2DBackpropFilter, BACKEND);
  return k !== undefined && ours.has(k);
}
