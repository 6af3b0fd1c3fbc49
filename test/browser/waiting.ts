/**
 * Small helpers the browser tests share: polling a condition the page reaches asynchronously (a worker's
 * answer, a Lit render, a job's end) and dropping a test's IndexedDB database whatever state it was left in.
 */

/** A value that counts as "not yet" when polled. */
type NotYet = null | undefined | false;

/**
 * Polls `test` every `everyMs` until it returns something truthy and resolves with that value; rejects after
 * `ms` with `say()` in the message, so a timed-out test tells what it was waiting for.
 */
export async function until<T>(
  test: () => T | NotYet,
  ms = 30_000,
  say: () => string = () => '',
  everyMs = 20,
): Promise<T> {
  const t0 = performance.now();
  for (;;) {
    const value = test();
    if (value) return value;
    if (performance.now() - t0 > ms) throw new Error(`timed out waiting ${say()}`.trim());
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** `until` with another default time limit, for a file whose waits are all of one kind (e.g. training runs). */
export function untilWithin(
  ms: number,
): <T>(test: () => T | NotYet, limitMs?: number, say?: () => string) => Promise<T> {
  return (test, limitMs = ms, say) => until(test, limitMs, say);
}

/** Deletes an IndexedDB database, settling also when it is blocked or fails (a test's clean-up must not hang). */
export async function deleteDatabase(name: string): Promise<void> {
  await new Promise((r) => {
    const q = indexedDB.deleteDatabase(name);
    q.onsuccess = q.onerror = q.onblocked = r;
  });
}
