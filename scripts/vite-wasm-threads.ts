/**
 * Vite plugin: makes tfjs-backend-wasm's threaded SIMD build start in a bundled app.
 *
 * Why: tfjs hands each pthread worker its Emscripten factory as `new Blob(['var WasmBackendModuleThreadedSimd = ' +
 * factory.toString()])`. After bundling and minification that function text refers to names of the enclosing chunk
 * that the pthread worker does not have (the minified `_scriptDir` and friends: "ReferenceError: e is not defined"),
 * and under our CSP (script-src 'self', inherited by blob: workers) importScripts(blob:) is refused anyway.
 * The fix: the pthread workers load the package's ORIGINAL factory file, served same-origin (`?url` import in
 * src/runtime/backends.ts), whose URL the app puts on `globalThis.__spnWasmThreadedFactoryUrl` before starting
 * the backend; without it tfjs behaves as before. The same source patch is applied to the production bundle
 * (Rollup transform) and to the dev server's pre-bundled dependency (esbuild plugin of optimizeDeps).
 */
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'vite';
import { THREADED_FACTORY_URL_GLOBAL } from '../src/runtime/wasm-threads';

const TARGET = /@tensorflow[\\/]tfjs-backend-wasm[\\/]dist[\\/]backend_wasm\.js$/;
// tfjs 4.22: `factoryConfig.mainScriptUrlOrBlob = new Blob([`var WasmBackendModuleThreadedSimd = ` + wasmFactoryThreadedSimd.toString()], {...});`
const BLOB_ASSIGNMENT = /factoryConfig\.mainScriptUrlOrBlob\s*=\s*(new Blob\(\s*\[\s*`var WasmBackendModuleThreadedSimd = `\s*\+\s*wasmFactoryThreadedSimd\.toString\(\)\s*\]\s*,\s*\{\s*type:\s*'text\/javascript'\s*\}\s*\))/;

/** The tfjs source no longer has the expected statement (tfjs was upgraded): the patch must be revisited. */
export class WasmThreadsPatchError extends Error {
  override name = 'WasmThreadsPatchError';
}

/** Rewrites backend_wasm.js so the pthread script URL comes from the global when it is set. */
export function patchBackendWasmSource(code: string, file: string): string {
  if (!BLOB_ASSIGNMENT.test(code)) {
    throw new WasmThreadsPatchError(`${file}: 'factoryConfig.mainScriptUrlOrBlob = new Blob(...)' not found; scripts/vite-wasm-threads.ts must be updated for this tfjs-backend-wasm version`);
  }
  return code.replace(
    BLOB_ASSIGNMENT,
    (_m, blob: string) => `factoryConfig.mainScriptUrlOrBlob = (globalThis.${THREADED_FACTORY_URL_GLOBAL} || ${blob})`,
  );
}

export function wasmThreads(): Plugin {
  return {
    name: 'spn-wasm-threads',
    enforce: 'pre',
    config: () => ({
      optimizeDeps: {
        esbuildOptions: {
          plugins: [
            {
              name: 'spn-wasm-threads',
              setup(build) {
                build.onLoad({ filter: TARGET }, async (args) => ({
                  contents: patchBackendWasmSource(await readFile(args.path, 'utf8'), args.path),
                  loader: 'js',
                }));
              },
            },
          ],
        },
      },
    }),
    transform(code, id) {
      const file = id.split('?')[0] ?? id;
      if (!TARGET.test(file)) return null;
      return { code: patchBackendWasmSource(code, file), map: null };
    },
  };
}
