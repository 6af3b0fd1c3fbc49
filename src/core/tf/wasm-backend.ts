/**
 * Starts tfjs' wasm backend with the training kernels installed. DOM-free: the caller
 * says where the .wasm binaries are (a URL prefix in the page or a worker, a directory
 * path ending in '/' in node), because resolving that is environment-specific.
 *
 * Threads: the threaded SIMD build is tried first when asked for and the runtime has
 * wasm threads (SharedArrayBuffer); if it fails or never reports ready (its pthread
 * workers can die silently) the single-thread SIMD build is started instead and the
 * result says why.
 */
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { backend as activeBackend, engine, env, setBackend } from '@tensorflow/tfjs';
import type { HelperWorker } from './native/kernel-helpers';
import { attachSpnKernels } from './native/wasm-native';
import { registerWasmTrainingKernels } from './wasm-training-kernels';

/** The three binaries tfjs-backend-wasm picks from (plain, SIMD, threaded SIMD). */
export type WasmBinaryName =
  'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm';

/** How to start the wasm backend. */
export interface WasmBackendOptions {
  /** Prefix (ending in '/') or per-file map for the tfjs-backend-wasm*.wasm binaries. */
  wasmPaths?: string | Record<WasmBinaryName, string>;
  /** Try the multi-threaded binary where the platform supports it (default false: one thread). */
  multithread?: boolean;
  /** XNNPACK pool size for the threaded build, the calling thread included (default: tfjs' choice). */
  threads?: number;
  /** ms to wait for the threaded build before falling back to one thread (default 20000). */
  threadedStartTimeoutMs?: number;
  /** Settles with a reason when the caller sees the threaded start fail (e.g. a pthread worker error). */
  threadedStartFailed?: Promise<string>;
  /** Attach the SIMD kernel module (default true); false keeps the tfjs-composed kernels only. */
  simdKernels?: boolean;
  /** Starts a helper worker for the kernel module's thread pool (threaded build only; threads - 1 are started). */
  spawnKernelHelper?: () => HelperWorker;
}

/** What was started. */
export interface WasmStart {
  /** Threads XNNPACK runs on (1 = single-threaded build). */
  threads: number;
  multithreaded: boolean;
  /** Why threads are not used (absent when they are, or when they were not asked for). */
  singleThreadReason?: string;
  /** The SIMD training/inference kernels (native/spn_kernels.c): 'fma', 'simd', or absent with a reason. */
  simdKernels?: 'fma' | 'simd';
  simdKernelsReason?: string;
  /** Threads the kernel module runs on (the calling thread plus its helpers). */
  simdKernelThreads?: number;
  /** Why the kernel module runs on fewer threads than XNNPACK. */
  simdKernelThreadsReason?: string;
}

/** The wasm backend could not be started (binaries not found, no WebAssembly...). */
export class WasmBackendInitError extends Error {
  override name = 'WasmBackendInitError';
}

interface EngineInternals {
  registry: Record<string, unknown>;
}

const MULTITHREAD_FLAG = 'WASM_HAS_MULTITHREAD_SUPPORT';
let pathsSet = false;
let started: WasmStart | null = null;

/** Sets 'wasm' as the active tfjs backend and registers the training kernels. */
export async function initWasmBackend(options: WasmBackendOptions = {}): Promise<WasmStart> {
  registerWasmTrainingKernels();
  // The binary is loaded once per realm; a repeat call only re-activates it. (engine().findBackend would
  // START an initialisation as a side effect, before the flags below are set, so the registry is read.)
  if ((engine() as unknown as EngineInternals).registry['wasm'] !== undefined) {
    await activate();
    return withKernels(started ?? { threads: safeThreadsCount(), multithreaded: safeThreadsCount() > 1 }, options);
  }
  if (options.wasmPaths !== undefined && !pathsSet) {
    setWasmPaths(options.wasmPaths);
    pathsSet = true;
  }
  let reason: string | undefined;
  if (options.multithread ?? false) {
    if (!(await env().getAsync(MULTITHREAD_FLAG))) {
      reason = 'this runtime has no WebAssembly threads (SharedArrayBuffer unavailable)';
    } else {
      if (options.threads !== undefined) setThreadsCount(Math.max(1, Math.floor(options.threads)));
      reason = await startThreaded(options.threadedStartTimeoutMs ?? 20_000, options.threadedStartFailed);
      if (reason === undefined) {
        const threads = safeThreadsCount();
        started = await withKernels({ threads, multithreaded: true }, options);
        return started;
      }
    }
  }
  env().set(MULTITHREAD_FLAG, false);
  setThreadsCount(-1);
  await activate();
  started = { threads: 1, multithreaded: false };
  if (reason !== undefined) started.singleThreadReason = reason;
  started = await withKernels(started, options);
  return started;
}

/** Attaches the SIMD kernels to the active wasm backend and records the outcome. */
async function withKernels(start: WasmStart, options: WasmBackendOptions): Promise<WasmStart> {
  const out: WasmStart = { ...start };
  delete out.simdKernels;
  delete out.simdKernelsReason;
  if (options.simdKernels === false) {
    out.simdKernelsReason = 'switched off';
    return out;
  }
  const spawn = options.spawnKernelHelper;
  const r = await attachSpnKernels(activeBackend(), {
    backendThreads: start.threads,
    ...(start.multithreaded && start.threads > 1 && spawn ? { helpers: { count: start.threads - 1, spawn } } : {}),
  });
  if (r.kernels !== undefined) {
    out.simdKernels = r.kernels.fma ? 'fma' : 'simd';
    out.simdKernelThreads = r.kernels.pool?.parts ?? 1;
    if (out.simdKernelThreads < start.threads)
      out.simdKernelThreadsReason = r.kernels.poolReason ?? 'no helper workers given';
  } else out.simdKernelsReason = r.reason ?? 'unavailable';
  return out;
}

/** Tries the threaded build; undefined on success, else why it was given up. */
// Timers exist in every runtime this runs in, but not in the ES2022 lib the core is typechecked with.
const timers = globalThis as unknown as {
  setTimeout(f: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
};

async function startThreaded(timeoutMs: number, failed?: Promise<string>): Promise<string | undefined> {
  let timer: unknown;
  const timeout = new Promise<string>((resolve) => {
    timer = timers.setTimeout(() => resolve(`the threaded build did not start within ${timeoutMs} ms`), timeoutMs);
  });
  const attempt = setBackend('wasm').then(
    (ok) => (ok ? undefined : 'the threaded build failed to initialise'),
    (e: unknown) => `the threaded build failed: ${(e as Error).message ?? String(e)}`,
  );
  try {
    return await Promise.race([
      attempt,
      timeout,
      ...(failed ? [failed.then((r) => `the threaded build failed: ${r}`)] : []),
    ]);
  } finally {
    timers.clearTimeout(timer);
  }
}

async function activate(): Promise<void> {
  let ok: boolean;
  try {
    ok = await setBackend('wasm');
  } catch (e) {
    throw new WasmBackendInitError(`wasm backend failed to start: ${(e as Error).message}`);
  }
  if (!ok) throw new WasmBackendInitError('wasm backend failed to start (setBackend returned false)');
}

function safeThreadsCount(): number {
  try {
    return getThreadsCount();
  } catch {
    return 1;
  }
}
