/**
 * Starts tfjs' wasm backend with the training kernels installed. DOM-free: the caller
 * says where the .wasm binaries are (a URL prefix in the page or a worker, a directory
 * path ending in '/' in node), because resolving that is environment-specific.
 */
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { env, findBackend, setBackend } from '@tensorflow/tfjs';
import { registerWasmTrainingKernels } from './wasm-training-kernels';

/** The three binaries tfjs-backend-wasm picks from (plain, SIMD, threaded SIMD). */
export type WasmBinaryName = 'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm';

/** How to start the wasm backend. */
export interface WasmBackendOptions {
  /** Prefix (ending in '/') or per-file map for the tfjs-backend-wasm*.wasm binaries. */
  wasmPaths?: string | Record<WasmBinaryName, string>;
  /** Allow the multi-threaded binary where the platform supports it (default false: one thread). */
  multithread?: boolean;
}

/** The wasm backend could not be started (binaries not found, no WebAssembly...). */
export class WasmBackendInitError extends Error {
  override name = 'WasmBackendInitError';
}

/** Sets 'wasm' as the active tfjs backend and registers the training kernels. */
export async function initWasmBackend(options: WasmBackendOptions = {}): Promise<void> {
  // Once the backend exists its binary is loaded; setWasmPaths would throw, so a repeat call skips it.
  const started = findBackend('wasm') !== null;
  if (options.wasmPaths !== undefined && !started) setWasmPaths(options.wasmPaths);
  if (!(options.multithread ?? false)) env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  registerWasmTrainingKernels();
  let ok = false;
  try {
    ok = await setBackend('wasm');
  } catch (e) {
    throw new WasmBackendInitError(`wasm backend failed to start: ${(e as Error).message}`);
  }
  if (!ok) throw new WasmBackendInitError('wasm backend failed to start (setBackend returned false)');
}
