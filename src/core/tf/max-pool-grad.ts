/**
 * MaxPoolGrad for the wasm backend, computed in JS directly on the wasm heap.
 *
 * Why replace wasm's own: tfjs-backend-wasm 4.22 seeds its running maximum with
 * std::numeric_limits<float>::min() (the smallest POSITIVE float), so every window whose
 * maximum is <= 0 sends its gradient to element 0 of the whole tensor instead of to its
 * argmax: min-pools (-maxpool(-x)) of ReLU outputs lose their gradient entirely, silently.
 * It is also ~50x slower than the forward pool. This version matches the cpu backend
 * exactly: the gradient of each output goes to the FIRST maximum of its window in
 * row-major window order, padding never wins, ties to -Infinity send nothing.
 *
 * Layout NHWC. The forward result (input 'output') tells each window's maximum, so the
 * search for its first position stops at the first equal tap.
 */
import { MaxPoolGrad, backend_util } from '@tensorflow/tfjs';
import type { KernelBackend, KernelConfig, MaxPoolGradAttrs, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import { UnsupportedKernelShapeError, poolInfo } from './conv-geometry';
import { maxPoolGradNative } from './native/native-ops';
import { spnKernelsFor } from './native/wasm-native';

/** The parts of tfjs' BackendWasm this kernel uses (not exported as a type by the package). */
export interface WasmHeapBackend extends KernelBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** Pixel offsets (without channel) of the in-bounds taps of window (oh, ow), row-major; returns the count. */
function windowTaps(
  info: backend_util.Conv2DInfo,
  batchBase: number,
  oh: number,
  ow: number,
  taps: Int32Array,
): number {
  const { inHeight: H, inWidth: W, inChannels: C } = info;
  let n = 0;
  for (let i = 0; i < info.filterHeight; i++) {
    const r = oh * info.strideHeight - info.padInfo.top + i * info.dilationHeight;
    if (r < 0 || r >= H) continue;
    for (let j = 0; j < info.filterWidth; j++) {
      const col = ow * info.strideWidth - info.padInfo.left + j * info.dilationWidth;
      if (col >= 0 && col < W) taps[n++] = batchBase + (r * W + col) * C;
    }
  }
  return n;
}

/**
 * Scatters dy[b,oh,ow,c] onto the first maximum of each pooling window of x (dx must be zeroed).
 * With the forward result y, the first tap equal to y ends the search (about half the taps and
 * one unpredictable branch per output value); without it, a running argmax over all taps.
 */
export function maxPoolBackprop(
  x: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  info: backend_util.Conv2DInfo,
  y?: Float32Array,
): void {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const taps = new Int32Array(info.filterHeight * info.filterWidth);
  let dyOff = 0;
  for (let b = 0; b < B; b++) {
    const batchBase = b * H * W * C;
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++, dyOff += C) {
        const n = windowTaps(info, batchBase, oh, ow, taps);
        for (let c = 0; c < C; c++) {
          let pos = -1;
          if (y !== undefined) {
            const target = y[dyOff + c] as number;
            for (let t = 0; t < n; t++) {
              const p = (taps[t] as number) + c;
              if (x[p] === target) {
                pos = p;
                break;
              }
            }
          } else {
            let best = -Infinity;
            for (let t = 0; t < n; t++) {
              const p = (taps[t] as number) + c;
              const v = x[p] as number;
              if (v > best) {
                best = v;
                pos = p;
              }
            }
          }
          if (pos >= 0) dx[pos] = (dx[pos] as number) + (dy[dyOff + c] as number);
        }
      }
    }
  }
}

function maxPoolGradKernel(backend: WasmHeapBackend, inputs: NamedTensorInfoMap, attrs: MaxPoolGradAttrs): TensorInfo {
  const { dy, input, output } = inputs;
  if (dy === undefined || input === undefined) throw new Error(`${MaxPoolGrad}: inputs dy and input are required`);
  if (input.dtype !== 'float32' || dy.dtype !== 'float32' || input.shape.length !== 4) {
    throw new UnsupportedKernelShapeError(MaxPoolGrad, `expected rank-4 float32 (got ${input.dtype}/${dy.dtype})`, {
      input: input.shape,
      dy: dy.shape,
    });
  }
  const info = poolInfo(MaxPoolGrad, input.shape, attrs, dy.shape);
  const native = spnKernelsFor(backend);
  if (native !== undefined && output !== undefined && output.dtype === 'float32') {
    return maxPoolGradNative(native, input, output, dy, info);
  }
  const out = backend.makeOutput(input.shape, 'float32');
  // Views are taken after makeOutput: allocating may grow (and detach) the wasm memory.
  const dx = backend.typedArrayFromHeap(out) as Float32Array;
  dx.fill(0);
  const x = backend.typedArrayFromHeap(input) as Float32Array;
  const y =
    output !== undefined && output.dtype === 'float32'
      ? (backend.typedArrayFromHeap(output) as Float32Array)
      : undefined;
  maxPoolBackprop(x, backend.typedArrayFromHeap(dy) as Float32Array, dx, info, y);
  return out;
}

/** Kernel config of the corrected, fast MaxPoolGrad for the wasm backend. */
export function maxPoolGradConfig(backendName: string): KernelConfig {
  return {
    kernelName: MaxPoolGrad,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) =>
      maxPoolGradKernel(backend as WasmHeapBackend, inputs, attrs as unknown as MaxPoolGradAttrs),
  };
}
