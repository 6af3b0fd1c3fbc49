/**
 * The store and other tabs, in real Chromium IndexedDB: an older version held open elsewhere is said while this open
 * waits; a newer version wanted elsewhere closes this connection (both would wait for ever) and says so; a store made
 * by a newer app is refused in words that say what to do.
 */
import { expect, it } from 'vitest';
import { DB_VERSION, openSpnDb } from '../../src/db/schema';
import { storeOpenError } from '../../src/db/store-errors';

const fresh = () => `spn-versions-${Math.random().toString(36).slice(2)}`;
/** Opens `name` at `version` natively, as another tab of another app version would. */
function nativeOpen(name: string, version: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name, version);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('open failed'));
  });
}

it('says when an older version held open in another tab keeps the store waiting, and opens once that tab lets go', async () => {
  const name = fresh();
  const old = await nativeOpen(name, 1); // no versionchange handler: an old tab that does not let go
  let blocked = 0;
  const opening = openSpnDb(name, { blocked: () => blocked++ });
  await new Promise((r) => setTimeout(r, 200));
  expect(blocked).toBe(1);
  old.close();
  const db = await opening;
  expect(db.version).toBe(DB_VERSION);
  db.close();
});

it('closes its connection when another tab wants a newer version, and says this tab must reload', async () => {
  const name = fresh();
  let closed = 0;
  const db = await openSpnDb(name, { closedForUpgrade: () => closed++ });
  const newer = await nativeOpen(name, DB_VERSION + 1); // resolves only once this tab's connection is closed
  expect(closed).toBe(1);
  newer.close();
  db.close();
  // A store made by that newer app: refused in words that say what to do.
  const refused = await openSpnDb(name).catch((e: unknown) => e);
  expect(storeOpenError(refused)).toMatch(/^This browser’s store was made by a newer version of the app \(/);
});
