/**
 * Node-only helper: starts the wasm backend from node_modules' binaries (path resolution
 * needs node:path/url, so it lives in scripts/, not in src/core).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { initWasmBackend, type WasmStart } from '../src/core/tf/wasm-backend';

/** Directory (with trailing separator) holding tfjs-backend-wasm*.wasm. */
export function wasmBinaryDir(): string {
  const require = createRequire(import.meta.url);
  const main = require.resolve('@tensorflow/tfjs-backend-wasm');
  return path.dirname(main) + path.sep;
}

/** Starts the single-threaded wasm backend with the training kernels registered. */
export async function initNodeWasm(): Promise<WasmStart> {
  return initWasmBackend({ wasmPaths: wasmBinaryDir(), multithread: false });
}
