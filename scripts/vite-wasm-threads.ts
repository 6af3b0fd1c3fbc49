/**
 * Vite plugin: makes tfjs-backend-wasm 4.22's threaded SIMD build start, with the threads we ask for, in a bundled
 * app (production build and dev server, page and module workers). Two source patches, each switched on by a global
 * the app sets (src/runtime/wasm-threads.ts); without the globals tfjs behaves exactly as before.
 *
 * 1. Pthread script. tfjs hands each pthread worker its Emscripten factory as
 *    `new Blob(['var WasmBackendModuleThreadedSimd = ' + factory.toString()])`. After bundling and minification
 *    that function text refers to names of the enclosing chunk which the pthread worker lacks (the minified
 *    `_scriptDir` and friends: "ReferenceError: e is not defined"), and under our CSP (script-src 'self', which
 *    blob: workers inherit) importScripts(blob:) is refused outright. Patched: the workers load the package's
 *    ORIGINAL factory file, served same-origin (a `?url` import in src/runtime/backends.ts).
 * 2. Core count. tfjs' C++ caps its pool at emscripten_num_logical_cores() / 2 (it assumes 2 hyper-threads per
 *    core), so a 2-core machine never gets a second thread whatever setThreadsCount says. Patched: the count it
 *    reads can be set by the app.
 * The same patches are applied to the production bundle (Rollup transform, for the page AND the worker bundles)
 * and to the dev server's pre-bundled dependency (esbuild plugin of optimizeDeps).
 */
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'vite';
import { REPORTED_CORES_GLOBAL, THREADED_FACTORY_URL_GLOBAL } from '../src/runtime/wasm-threads';

interface SourcePatch {
  file: RegExp;
  find: RegExp;
  replace: (match: string, ...groups: string[]) => string;
  what: string;
}

const PATCHES: SourcePatch[] = [
  {
    file: /@tensorflow[\\/]tfjs-backend-wasm[\\/]dist[\\/]backend_wasm\.js$/,
    // `factoryConfig.mainScriptUrlOrBlob = new Blob([`var WasmBackendModuleThreadedSimd = ` + wasmFactoryThreadedSimd.toString()], {...});`
    find: /factoryConfig\.mainScriptUrlOrBlob\s*=\s*(new Blob\(\s*\[\s*`var WasmBackendModuleThreadedSimd = `\s*\+\s*wasmFactoryThreadedSimd\.toString\(\)\s*\]\s*,\s*\{\s*type:\s*'text\/javascript'\s*\}\s*\))/,
    replace: (_m, blob) => `factoryConfig.mainScriptUrlOrBlob = (globalThis.${THREADED_FACTORY_URL_GLOBAL} || ${blob})`,
    what: "'factoryConfig.mainScriptUrlOrBlob = new Blob(...)'",
  },
  {
    file: /@tensorflow[\\/]tfjs-backend-wasm[\\/]wasm-out[\\/]tfjs-backend-wasm-threaded-simd\.js$/,
    find: /return navigator\["hardwareConcurrency"\]/,
    replace: () => `return (globalThis.${REPORTED_CORES_GLOBAL} || navigator["hardwareConcurrency"])`,
    what: '\'return navigator["hardwareConcurrency"]\' in _emscripten_num_logical_cores',
  },
];

/** The tfjs source no longer has an expected statement (tfjs was upgraded): the patch must be revisited. */
export class WasmThreadsPatchError extends Error {
  override name = 'WasmThreadsPatchError';
}

/** Applies the patch for `file`, if any; throws when the file no longer has the patched statement. */
export function patchTfjsWasmSource(code: string, file: string): string | null {
  const patch = PATCHES.find((p) => p.file.test(file));
  if (!patch) return null;
  if (!patch.find.test(code)) {
    throw new WasmThreadsPatchError(
      `${file}: ${patch.what} not found; scripts/vite-wasm-threads.ts must be updated for this tfjs-backend-wasm version`,
    );
  }
  return code.replace(patch.find, patch.replace);
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
                for (const p of PATCHES) {
                  build.onLoad({ filter: p.file }, async (args) => ({
                    contents: patchTfjsWasmSource(await readFile(args.path, 'utf8'), args.path) ?? undefined,
                    loader: 'js',
                  }));
                }
              },
            },
          ],
        },
      },
    }),
    transform(code, id) {
      // Only the module itself: `?url` imports of the same file (the pthread script) must stay the original.
      if (id.includes('?')) return null;
      const patched = patchTfjsWasmSource(code, id);
      return patched === null ? null : { code: patched, map: null };
    },
  };
}
