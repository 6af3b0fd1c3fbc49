/** Milliseconds from a monotonic clock: `performance.now()` in browsers, workers and node (not in the ES lib typings). */
export function nowMs(): number {
  const perf = (globalThis as { performance?: { now(): number } }).performance;
  return perf ? perf.now() : Date.now();
}

/**
 * Lets queued events run (e.g. a worker's incoming cancel message). Promise-only loops (wasm `data()` resolves as
 * a microtask) would otherwise never see them.
 */
export function yieldToEventLoop(): Promise<void> {
  const st = (globalThis as { setTimeout?: (fn: () => void, ms: number) => unknown }).setTimeout;
  return new Promise((resolve) => (st ? st(resolve, 0) : resolve()));
}

/** Yields to the event loop ({@link yieldToEventLoop}), then tells whether `hooks` asks the loop to stop. */
export async function cancelledAfterYield(hooks: { isCancelled?: () => boolean }): Promise<boolean> {
  await yieldToEventLoop();
  return hooks.isCancelled?.() ?? false;
}
