/**
 * Loads the SIMD kernel module (spn_kernels.c) against a given WasmMemory: tfjs-wasm's own heap, so the
 * kernels read and write tensors in place. The fused-multiply-add build is used where the runtime has relaxed
 * SIMD and it passes a numeric self-test; otherwise the mul+add build (node 20, older browsers).
 */
import { SPN_KERNELS_WASM } from './spn-kernels-wasm';

/** The slice of the WebAssembly API used here, typed locally: the core compiles without the DOM/node libs. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}
interface WasmApi {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: unknown } }>;
}
const runtime = globalThis as unknown as { WebAssembly: WasmApi; atob(text: string): string };

/** The C exports (plain functions, callable detached); every pointer is a byte offset into the imported memory. */
export interface SpnKernelExports {
  spn_gemm_acc: (
    M: number,
    N: number,
    K: number,
    A: number,
    sam: number,
    sak: number,
    B: number,
    ldb: number,
    C: number,
    ldc: number,
  ) => void;
  spn_conv_chunk_pixels: (geometry: number) => number;
  spn_conv_scratch_floats: (geometry: number) => number;
  spn_pack_panels: (B: number, K: number, N: number, sk: number, sn: number, Bp: number) => void;
  spn_panel_floats: (K: number, N: number) => number;
  /** w: the filter packed by spn_pack_panels. */
  spn_conv2d: (
    x: number,
    w: number,
    bias: number,
    y: number,
    geometry: number,
    scratch: number,
    p0: number,
    p1: number,
  ) => void;
  spn_conv2d_direct: (
    x: number,
    w: number,
    bias: number,
    y: number,
    geometry: number,
    row0: number,
    row1: number,
  ) => void;
  spn_conv2d_filter_grad: (
    x: number,
    dy: number,
    dw: number,
    geometry: number,
    scratch: number,
    p0: number,
    p1: number,
  ) => void;
  /** wt: W^T packed by spn_pack_panels. */
  spn_conv2d_input_grad: (
    dy: number,
    dx: number,
    wt: number,
    geometry: number,
    scratch: number,
    p0: number,
    p1: number,
  ) => void;
  spn_add: (dst: number, src: number, n: number) => void;
  spn_transpose: (src: number, dst: number, rows: number, cols: number) => void;
  spn_fill: (p: number, n: number, v: number) => void;
  spn_max_pool_grad: (x: number, y: number, dy: number, dx: number, pool: number, b0: number, b1: number) => void;
  spn_sum_rows: (x: number, channels: number, r0: number, r1: number, out: number) => void;
  spn_avg_pool_grad: (dy: number, dx: number, pool: number, b0: number, b1: number) => void;
  spn_winograd_scratch_floats: (geometry: number) => number;
  spn_winograd_filter_floats: (C: number, K: number) => number;
  spn_winograd_filter: (w: number, U: number, C: number, K: number, flip: number) => void;
  spn_conv3x3_winograd: (
    x: number,
    U: number,
    bias: number,
    y: number,
    geometry: number,
    scratch: number,
    t0: number,
    t1: number,
  ) => void;
  spn_conv3x3_winograd_filter_grad: (
    x: number,
    dy: number,
    acc: number,
    geometry: number,
    scratch: number,
    t0: number,
    t1: number,
  ) => void;
  spn_winograd_filter_grad_out: (acc: number, dw: number, C: number, K: number) => void;
  spn_elu: (x: number, y: number, consts: number, i0: number, i1: number) => void;
  spn_elu_grad: (dy: number, y: number, dx: number, i0: number, i1: number) => void;
  spn_max_first: (ys: number, n: number, out: number, which: number, i0: number, i1: number) => void;
  spn_max_first_grad: (dy: number, which: number, gs: number, n: number, i0: number, i1: number) => void;
  spn_neg: (x: number, y: number, i0: number, i1: number) => void;
  spn_stem_filter_grad: (
    xp: number,
    which: number,
    dy: number,
    dwT: number,
    geometry: number,
    scratch: number,
    b0: number,
    b1: number,
  ) => void;
  spn_stem_filter_grad_out: (dwT: number, dw: number, C: number, T: number) => void;
  spn_stem_conv_max: (
    x: number,
    w: number,
    out: number,
    which: number,
    geometries: number,
    ntaps: number,
    scratch: number,
    row0: number,
    row1: number,
  ) => void;
  spn_max_pool: (x: number, y: number, pool: number, scratch: number, b0: number, b1: number) => void;
  spn_copy_rows: (
    src: number,
    srcStride: number,
    dst: number,
    dstStride: number,
    width: number,
    r0: number,
    r1: number,
  ) => void;
}

/** Heap allocation of the memory's owner (emscripten's malloc/free for tfjs-wasm). */
export interface HeapAllocator {
  malloc(bytes: number): number;
  free(ptr: number): void;
}

export interface SpnKernels {
  readonly exports: SpnKernelExports;
  /** True when the fused multiply-add (relaxed SIMD) build runs. */
  readonly fma: boolean;
  /** Why the fused build is not used, when it is not. */
  readonly fmaUnavailableReason?: string;
  readonly memory: WasmMemory;
}

/** The kernel module cannot run here (no WebAssembly SIMD, or a memory it cannot import). */
export class SpnKernelsUnavailableError extends Error {
  override name = 'SpnKernelsUnavailableError';
}

function decodeBase64(text: string): Uint8Array {
  const bin = runtime.atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function isShared(memory: WasmMemory): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
}

async function instantiate(base64: string, memory: WasmMemory): Promise<SpnKernelExports> {
  const bytes = decodeBase64(base64);
  const { instance } = await runtime.WebAssembly.instantiate(bytes, { env: { memory } });
  return instance.exports as SpnKernelExports;
}

/** One more instance of an already chosen build on `memory` (for helper threads of a kernel pool). */
export async function instantiateSpnKernels(memory: WasmMemory, fma: boolean): Promise<SpnKernelExports> {
  const shared = isShared(memory);
  const variant = fma
    ? shared
      ? SPN_KERNELS_WASM.relaxedShared
      : SPN_KERNELS_WASM.relaxed
    : shared
      ? SPN_KERNELS_WASM.simdShared
      : SPN_KERNELS_WASM.simd;
  return instantiate(variant, memory);
}

/**
 * One small matrix product through `k`, compared with float64 arithmetic in JS. It guards the fused build
 * (whose opcode the build renumbers) against an operand-order or opcode mistake: a wrong kernel is never used.
 */
export function selfTest(k: SpnKernelExports, memory: WasmMemory, heap: HeapAllocator): string | undefined {
  const M = 5;
  const N = 13;
  const K = 7;
  const bytes = 4 * (M * K + K * N + M * N);
  const base = heap.malloc(bytes);
  try {
    const f = new Float32Array(memory.buffer, base, M * K + K * N + M * N);
    for (let i = 0; i < M * K + K * N; i++) f[i] = ((i * 7919) % 23) / 4 - 2.5;
    for (let i = 0; i < M * N; i++) f[M * K + K * N + i] = i % 3;
    const c0 = Array.from(f.subarray(M * K + K * N));
    k.spn_gemm_acc(M, N, K, base, K, 1, base + 4 * M * K, N, base + 4 * (M * K + K * N), N);
    const g = new Float32Array(memory.buffer, base, M * K + K * N + M * N);
    for (let m = 0; m < M; m++) {
      for (let n = 0; n < N; n++) {
        let s = c0[m * N + n] as number;
        for (let kk = 0; kk < K; kk++) s += (g[m * K + kk] as number) * (g[M * K + kk * N + n] as number);
        const got = g[M * K + K * N + m * N + n] as number;
        if (Math.abs(got - s) > 1e-4 * (1 + Math.abs(s))) return `self-test: C[${m},${n}] = ${got}, expected ${s}`;
      }
    }
    return undefined;
  } finally {
    heap.free(base);
  }
}

/** Instantiates the kernels on `memory`; `allowFma: false` forces the mul+add build. */
export async function loadSpnKernels(
  memory: WasmMemory,
  heap: HeapAllocator,
  options: { allowFma?: boolean } = {},
): Promise<SpnKernels> {
  const shared = isShared(memory);
  let fmaUnavailableReason: string | undefined = 'disabled';
  if (options.allowFma ?? true) {
    try {
      const k = await instantiate(shared ? SPN_KERNELS_WASM.relaxedShared : SPN_KERNELS_WASM.relaxed, memory);
      fmaUnavailableReason = selfTest(k, memory, heap);
      if (fmaUnavailableReason === undefined) return { exports: k, fma: true, memory };
    } catch (e) {
      fmaUnavailableReason = `no relaxed SIMD here (${(e as Error).message})`;
    }
  }
  let k: SpnKernelExports;
  try {
    k = await instantiate(shared ? SPN_KERNELS_WASM.simdShared : SPN_KERNELS_WASM.simd, memory);
  } catch (e) {
    throw new SpnKernelsUnavailableError(`SIMD kernels cannot load: ${(e as Error).message}`);
  }
  const failed = selfTest(k, memory, heap);
  if (failed !== undefined) throw new SpnKernelsUnavailableError(`SIMD kernels failed their ${failed}`);
  return { exports: k, fma: false, fmaUnavailableReason, memory };
}
