/**
 * Tells the app's other tabs that something they may show changed in the shared store: a line's marks (they merge
 * them in), the stored models or runs (their model lists list again). Without it a second tab shows what it read
 * when it opened and its next save or choice works on a stale picture.
 */

export const STORE_CHANNEL = 'spn-store';

export type StoreMessage =
  { kind: 'marks'; fingerprint: string; revision: number } | { kind: 'models' } | { kind: 'runs' };

/** Says `message` to every other listener (other tabs, and other listeners of this tab). */
export function announce(message: StoreMessage): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(STORE_CHANNEL);
  channel.postMessage(message);
  channel.close();
}

/** Calls `handler` with every message announced elsewhere; returns the way to stop listening. */
export function listenToStore(handler: (message: StoreMessage) => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => undefined;
  const channel = new BroadcastChannel(STORE_CHANNEL);
  channel.onmessage = (e: MessageEvent<StoreMessage>) => handler(e.data);
  return () => channel.close();
}
