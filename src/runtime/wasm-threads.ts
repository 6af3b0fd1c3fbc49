/**
 * Browser side of starting tfjs-wasm's threaded build (see scripts/vite-wasm-threads.ts for the bundler side).
 * Kept free of tfjs and DOM types at module level so the Vite config can import the global's name.
 */

/** Global holding the same-origin URL of tfjs-backend-wasm-threaded-simd.js, read by the patched tfjs source. */
export const THREADED_FACTORY_URL_GLOBAL = '__spnWasmThreadedFactoryUrl';

/** Tells the patched tfjs where pthread workers load their Emscripten factory from (made absolute: they are blob: workers). */
export function publishThreadedFactoryUrl(url: string, base: string): void {
  (globalThis as Record<string, unknown>)[THREADED_FACTORY_URL_GLOBAL] = new URL(url, base).href;
}

/** Catches pthread worker failures while the threaded build starts. */
export interface PthreadErrorGuard {
  /** Settles with the first pthread error's text. */
  failed: Promise<string>;
  dispose(): void;
}

/**
 * Emscripten rethrows a pthread worker's ErrorEvent from its `worker.onerror`; uncaught, that would reach the page
 * as a crash of OUR worker. While the guard is up such errors are cancelled and reported through `failed`, so the
 * caller can fall back to one thread instead.
 */
export function guardPthreadErrors(): PthreadErrorGuard {
  let report: (reason: string) => void = () => undefined;
  const failed = new Promise<string>((resolve) => (report = resolve));
  const target = globalThis as unknown as {
    addEventListener?(type: 'error', f: (e: ErrorEvent) => void): void;
    removeEventListener?(type: 'error', f: (e: ErrorEvent) => void): void;
  };
  const onError = (e: ErrorEvent): void => {
    const inner: unknown = e.error;
    if (typeof ErrorEvent === 'undefined' || !(inner instanceof ErrorEvent)) return;
    e.preventDefault();
    report(`pthread worker error: ${inner.message || 'unknown'}${inner.filename ? ` (${inner.filename.slice(0, 60)}:${inner.lineno})` : ''}`);
  };
  target.addEventListener?.('error', onError);
  return { failed, dispose: () => target.removeEventListener?.('error', onError) };
}
