/**
 * Sum over every axis but the last (the bias gradient of a conv: dy [b,h,w,c] -> [c]) for the wasm backend,
 * as a JS loop over the wasm heap with float64 accumulators.
 *
 * Why: tfjs-backend-wasm's Sum reduces only innermost axes, so it first transposes the whole tensor
 * ([64,56,56,137] floats for the paper's stem: 110 MB moved) and then reduces; reading the rows in place is
 * about 2x faster in V8 and more accurate. Every other Sum goes to the kernel this one wraps.
 */
import { Sum, util } from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, SumAttrs } from '@tensorflow/tfjs';
import type { WasmHeapBackend } from './max-pool-grad';
import { sumRowsNative } from './native/native-ops';
import { spnKernelsFor } from './native/wasm-native';

/** Per-channel sums of `x` viewed as [rows, channels] (row-major). */
export function sumRows(x: Float32Array, channels: number, out: Float32Array): void {
  const acc = new Float64Array(channels);
  for (let o = 0; o < x.length;) {
    for (let c = 0; c < channels; c++, o++) acc[c] = (acc[c] as number) + (x[o] as number);
  }
  for (let c = 0; c < channels; c++) out[c] = acc[c] as number;
}

/** True when `axis` names exactly the leading rank-1 axes of a rank >= 2 tensor. */
function reducesLeadingAxes(rank: number, axis: number | number[]): boolean {
  if (rank < 2) return false;
  const axes = util.parseAxisParam(axis, new Array<number>(rank).fill(1));
  const set = new Set(axes);
  if (set.size !== rank - 1) return false;
  for (let a = 0; a < rank - 1; a++) if (!set.has(a)) return false;
  return true;
}

/**
 * Kernel config for `backendName` that sums leading axes in JS and defers to `native` (the config it replaces)
 * otherwise. The native setupFunc is kept: it binds wasm's C++ Sum when the backend starts.
 */
export function sumLeadingConfig(backendName: string, native: KernelConfig): KernelConfig {
  const nativeFunc: KernelFunc = native.kernelFunc;
  return {
    kernelName: Sum,
    backendName,
    ...(native.setupFunc ? { setupFunc: native.setupFunc } : {}),
    kernelFunc: (args) => {
      const x = args.inputs.x;
      const attrs = args.attrs as unknown as SumAttrs;
      const backend = args.backend as WasmHeapBackend;
      if (
        x === undefined ||
        x.dtype !== 'float32' ||
        x.shape.some((d) => d === 0) ||
        !reducesLeadingAxes(x.shape.length, attrs.axis)
      ) {
        return nativeFunc(args);
      }
      const channels = x.shape[x.shape.length - 1] as number;
      const shape = attrs.keepDims ? [...x.shape.slice(0, -1).map(() => 1), channels] : [channels];
      const out = backend.makeOutput(shape, 'float32');
      const native = spnKernelsFor(backend);
      if (native !== undefined) return sumRowsNative(native, x, channels, out);
      // Views after makeOutput: allocating may grow the heap.
      sumRows(backend.typedArrayFromHeap(x) as Float32Array, channels, backend.typedArrayFromHeap(out) as Float32Array);
      return out;
    },
  };
}
