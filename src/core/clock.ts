/** Milliseconds from a monotonic clock: `performance.now()` in browsers, workers and node (not in the ES lib typings). */
export function nowMs(): number {
  const perf = (globalThis as { performance?: { now(): number } }).performance;
  return perf ? perf.now() : Date.now();
}
