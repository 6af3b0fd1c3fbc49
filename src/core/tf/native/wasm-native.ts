/**
 * Binds the SIMD kernel module to a running tfjs-wasm backend: same memory, same malloc, tensors by heap offset.
 * The kernel configs (conv gradients, MaxPoolGrad, bias sums, forward convs) use it when it is attached and fall
 * back to their tfjs-composed paths otherwise.
 */
import type { KernelBackend, TensorInfo } from '@tensorflow/tfjs';
import type { ConvGeometry } from '../conv-geometry';
import { startKernelPool, type KernelHelperOptions } from './kernel-helpers';
import type { KernelPool } from './kernel-pool';
import {
  loadSpnKernels,
  type HeapAllocator,
  type SpnKernelExports,
  type SpnKernels,
  type WasmMemory,
} from './spn-kernels';

/** The parts of tfjs' BackendWasm (and its emscripten module) this file uses; not exported as types by tfjs. */
interface EmscriptenModule {
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  /** Threaded builds keep their shared memory here... */
  wasmMemory?: WasmMemory;
  /** ...single-threaded ones export it from the instance. */
  asm?: { memory?: WasmMemory };
}
export interface NativeWasmBackend extends KernelBackend {
  wasm: EmscriptenModule;
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
}

export interface AttachedKernels extends SpnKernels {
  readonly heap: HeapAllocator;
  /** Threads tfjs-wasm itself runs XNNPACK on. */
  readonly backendThreads: number;
  /** Helper threads for the kernels (threaded build, in a worker); absent: the calling thread only. */
  readonly pool?: KernelPool;
  /** Why there is no pool, when threads were asked for. */
  readonly poolReason?: string;
}

const attached = new WeakMap<object, AttachedKernels>();
let enabled = true;

function backendMemory(b: NativeWasmBackend): WasmMemory | undefined {
  return b.wasm.wasmMemory ?? b.wasm.asm?.memory;
}

function isNativeWasmBackend(b: KernelBackend): b is NativeWasmBackend {
  const w = (b as Partial<NativeWasmBackend>).wasm;
  return (
    w !== undefined && typeof w._malloc === 'function' && (b as Partial<NativeWasmBackend>).dataIdMap !== undefined
  );
}

export interface AttachResult {
  kernels?: AttachedKernels;
  /** Why the backend keeps its tfjs-composed kernels. */
  reason?: string;
}

/** Loads the kernels into `backend`'s memory (once per backend). */
export async function attachSpnKernels(
  backend: KernelBackend,
  options: { allowFma?: boolean; backendThreads?: number; helpers?: KernelHelperOptions } = {},
): Promise<AttachResult> {
  if (!isNativeWasmBackend(backend)) return { reason: 'not a tfjs-wasm backend' };
  const existing = attached.get(backend);
  if (existing !== undefined) return { kernels: existing };
  const memory = backendMemory(backend);
  if (memory === undefined) return { reason: 'the wasm backend does not expose its memory' };
  const heap: HeapAllocator = { malloc: (n) => backend.wasm._malloc(n) >>> 0, free: (p) => backend.wasm._free(p) };
  try {
    const loaded = await loadSpnKernels(memory, heap, options);
    let pool: KernelPool | undefined;
    let poolReason: string | undefined;
    if (options.helpers !== undefined && options.helpers.count > 0) {
      try {
        pool = (await startKernelPool(loaded.exports, memory, heap, loaded.fma, options.helpers)).pool;
      } catch (e) {
        poolReason = (e as Error).message;
      }
    }
    const kernels: AttachedKernels = {
      ...loaded,
      heap,
      backendThreads: options.backendThreads ?? 1,
      ...(pool ? { pool } : {}),
      ...(poolReason ? { poolReason } : {}),
    };
    attached.set(backend, kernels);
    return { kernels };
  } catch (e) {
    return { reason: (e as Error).message };
  }
}

/** The kernels attached to `backend`, if any and if not switched off. */
export function spnKernelsFor(backend: KernelBackend): (AttachedKernels & { backend: NativeWasmBackend }) | undefined {
  if (!enabled) return undefined;
  const k = attached.get(backend);
  return k === undefined ? undefined : { ...k, backend: backend as NativeWasmBackend };
}

/** Switches the SIMD kernels off (true) or on again; for comparisons in tests and benchmarks. */
export function setSpnKernelsEnabled(on: boolean): void {
  enabled = on;
}

/** Heap byte offset of a tensor's data. */
export function heapOffset(backend: NativeWasmBackend, t: TensorInfo): number {
  const d = backend.dataIdMap.get(t.dataId);
  if (d === undefined) throw new Error('tensor data is not on the wasm heap');
  return d.memoryOffset >>> 0;
}

/** Temporary heap blocks freed together (scratch buffers, geometry records). */
export class HeapScratch {
  private readonly blocks: number[] = [];
  constructor(private readonly k: AttachedKernels) {}

  /** `count` int32s written to the heap; returns the offset. */
  ints(values: readonly number[]): number {
    const p = this.alloc(4 * values.length);
    new Int32Array(this.k.memory.buffer, p, values.length).set(values);
    return p;
  }

  /** Room for `count` float32s (or bytes / 4 of anything), 16-byte aligned by malloc. */
  floats(count: number): number {
    return this.alloc(4 * Math.max(1, count));
  }

  alloc(bytes: number): number {
    const p = this.k.heap.malloc(bytes);
    if (p === 0) throw new RangeError(`wasm heap: cannot allocate ${bytes} bytes`);
    this.blocks.push(p);
    return p;
  }

  dispose(): void {
    for (const p of this.blocks) this.k.heap.free(p);
    this.blocks.length = 0;
  }
}

/** Activation a forward conv of the kernel module applies to its output (Geom.act in spn_kernels.c). */
export enum FusedActivation {
  None = 0,
  Elu = 1,
  Relu = 2,
}

/**
 * Constants of the kernels' vector e^x (spn_kernels.c: ActConsts, same order). They are passed in memory because
 * V8 rebuilds every SIMD constant at each use inside a loop: magic 1.5*2^23, lower clamp, log2(e), ln2 high and
 * low parts, the six Cephes expf coefficients, 1, 2^23 + 127, 0.
 */
const ACTIVATION_CONSTANTS = Float32Array.of(
  12582912,
  -87,
  1.4426950408889634,
  0.693359375,
  2.1219444e-4,
  1.98756915e-4,
  1.3981999507e-3,
  8.3334519073e-3,
  4.1665795894e-2,
  1.6666665459e-1,
  5.0000001201e-1,
  1,
  8388735,
  0,
);

/** The constants table as int32 bit patterns, to append to an int block. */
export function activationConstantInts(): number[] {
  return Array.from(new Int32Array(ACTIVATION_CONSTANTS.buffer));
}

/** The 14 ints of spn_kernels.c's Geom, in its order, followed by the activation constants table. */
export function geometryInts(g: ConvGeometry, act: FusedActivation = FusedActivation.None): number[] {
  return [
    g.batch,
    g.inH,
    g.inW,
    g.inC,
    g.outH,
    g.outW,
    g.outC,
    g.kH,
    g.kW,
    g.strideH,
    g.strideW,
    g.padTop,
    g.padLeft,
    act,
    ...activationConstantInts(),
  ];
}

export type { SpnKernelExports };
