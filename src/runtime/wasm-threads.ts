/**
 * Browser side of starting tfjs-wasm's threaded build (see scripts/vite-wasm-threads.ts for the bundler side).
 * Kept free of tfjs and DOM types at module level so the Vite config can import the global's name.
 */

/** Global holding the same-origin URL of tfjs-backend-wasm-threaded-simd.js, read by the patched tfjs source. */
export const THREADED_FACTORY_URL_GLOBAL = '__spnWasmThreadedFactoryUrl';

/** Global read (when set) by the patched emscripten_num_logical_cores of tfjs' threaded build. */
export const REPORTED_CORES_GLOBAL = '__spnWasmReportedCores';

/**
 * Lets tfjs' threaded build use `threads` threads: its C++ caps the pool at (reported logical cores) / 2, so the
 * patched build is told twice the wanted count (see scripts/vite-wasm-threads.ts).
 */
export function allowWasmThreads(threads: number): void {
  (globalThis as Record<string, unknown>)[REPORTED_CORES_GLOBAL] = 2 * threads;
}

/** Tells the patched tfjs where pthread workers load their Emscripten factory from (made absolute: they are blob: workers). */
export function publishThreadedFactoryUrl(url: string, base: string): void {
  (globalThis as Record<string, unknown>)[THREADED_FACTORY_URL_GLOBAL] = new URL(url, base).href;
}

/** Catches pthread worker failures while the threaded build starts. */
export interface PthreadErrorGuard {
  /** Settles with the first pthread error's text. */
  failed: Promise<string>;
  /** Ends the guard; after a failure, errors of the dead pthread workers that come late stay cancelled. */
  dispose(): void;
}

/** An error event that comes from a pthread worker: Emscripten's rethrown ErrorEvent, or one propagated from a blob: worker. */
function fromPthreadWorker(e: ErrorEvent): boolean {
  return (typeof ErrorEvent !== 'undefined' && e.error instanceof ErrorEvent) || (e.filename ?? '').startsWith('blob:');
}

/**
 * A pthread worker that dies while loading (blocked importScripts, a script error) surfaces in OUR worker twice:
 * as the nested worker's error propagated to this scope, and as Emscripten rethrowing it from `worker.onerror`.
 * Uncaught, either reaches the page as a crash of our worker. While the guard is up (only around the threaded
 * start, when nothing else runs here) every error event is cancelled and the first one reported through `failed`,
 * so the caller falls back to one thread instead.
 */
export function guardPthreadErrors(): PthreadErrorGuard {
  let report: (reason: string) => void = () => undefined;
  let failedOnce = false;
  const failed = new Promise<string>((resolve) => (report = resolve));
  const target = globalThis as unknown as {
    addEventListener?(type: 'error', f: (e: ErrorEvent) => void): void;
    removeEventListener?(type: 'error', f: (e: ErrorEvent) => void): void;
  };
  const onError = (e: ErrorEvent): void => {
    e.preventDefault();
    failedOnce = true;
    const inner: unknown = e.error;
    const message = typeof ErrorEvent !== 'undefined' && inner instanceof ErrorEvent ? inner.message : e.message;
    report(`pthread worker error: ${message || 'unknown error'}`);
  };
  const lateError = (e: ErrorEvent): void => {
    if (fromPthreadWorker(e)) e.preventDefault();
  };
  target.addEventListener?.('error', onError);
  return {
    failed,
    dispose: () => {
      target.removeEventListener?.('error', onError);
      if (failedOnce) target.addEventListener?.('error', lateError);
    },
  };
}
