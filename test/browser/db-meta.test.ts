/**
 * The typed meta store and the key-only weight listings against a real IndexedDB in Chromium. Meta records written
 * by earlier releases ({key, value, updatedAt} under the same keys, in a version-1 or version-2 database) read back
 * through the typed functions unchanged.
 */
import { describe, expect, it } from 'vitest';
import { openDB, type IDBPDatabase } from 'idb';
import { DB_VERSION, openSpnDb, type SpnDatabase } from '../../src/db/schema';
import { loadBackendProbe, persistenceAsked, recordPersistenceAnswer, saveBackendProbe } from '../../src/db/meta';
import {
  candidateWithResult,
  createRun,
  listCandidates,
  saveCandidateResult,
  storedWeightIds,
  weightIdsByRun,
} from '../../src/db/runs';
import { QUICK_SEARCH_SETTINGS } from '../../src/core/search/settings';
import { candidateResult } from './candidate-result';
import type { ProbeTiming } from '../../src/runtime/backends';
import { deleteDatabase } from './waiting';

const PROBE: ProbeTiming[] = [
  { name: 'wasm', msPerStep: 41.5, note: '2 threads' },
  { name: 'webgpu', msPerStep: null, note: 'software adapter (SwiftShader): not probed' },
];

const freshName = (what: string): string => `spn-${what}-${Date.now()}-${Math.random().toString(36).slice(2)}`;

/** The stores of a version-1 database, as the first release created them. */
function createV1Stores(db: IDBPDatabase): void {
  db.createObjectStore('runs', { keyPath: 'id' }).createIndex('byCreated', 'createdAt');
  const c = db.createObjectStore('candidates', { keyPath: ['runId', 'index'] });
  c.createIndex('byRun', 'runId');
  c.createIndex('bySpec', ['runId', 'id']);
  db.createObjectStore('weights', { keyPath: ['runId', 'candidateId'] }).createIndex('byRun', 'runId');
  db.createObjectStore('models', { keyPath: 'id' });
  db.createObjectStore('meta', { keyPath: 'key' });
}

describe('meta store', () => {
  for (const version of [1, 2]) {
    it(`reads the meta records an earlier release wrote in a version-${version} database`, async () => {
      const name = freshName(`meta-v${version}`);
      // Written with the untyped API, exactly as the earlier code did: { key, value: unknown, updatedAt }.
      const old = await openDB(name, version, {
        upgrade(db) {
          createV1Stores(db);
          if (version >= 2) db.createObjectStore('marks', { keyPath: 'fingerprint' });
        },
      });
      await old.put('meta', { key: 'backend-probe', value: PROBE, updatedAt: 1_700_000_000_000 });
      await old.put('meta', { key: 'storage-persist-asked', value: false, updatedAt: 1_700_000_000_001 });
      old.close();
      const db = await openSpnDb(name);
      try {
        expect(db.version).toBe(DB_VERSION);
        expect(await loadBackendProbe(db)).toEqual({ timings: PROBE, measuredAt: 1_700_000_000_000 });
        expect(await persistenceAsked(db)).toBe(true);
      } finally {
        db.close();
        await deleteDatabase(name);
      }
    });
  }

  it('a fresh database has no probe and has not asked; what is saved reads back', async () => {
    const name = freshName('meta-fresh');
    const db = await openSpnDb(name);
    try {
      expect(await loadBackendProbe(db)).toBeNull();
      expect(await persistenceAsked(db)).toBe(false);
      const before = Date.now();
      await saveBackendProbe(db, PROBE);
      await recordPersistenceAnswer(db, true);
      const probe = await loadBackendProbe(db);
      expect(probe?.timings).toEqual(PROBE);
      expect(probe?.measuredAt).toBeGreaterThanOrEqual(before);
      expect(await persistenceAsked(db)).toBe(true);
      expect(await db.get('meta', 'storage-persist-asked')).toMatchObject({ value: true });
    } finally {
      db.close();
      await deleteDatabase(name);
    }
  });
});

describe('weights listed by key', () => {
  const weights = { modelTopology: {}, weightSpecs: [], weightData: new ArrayBuffer(8) };

  async function finish(db: SpnDatabase, runId: string, index: number, acc: number): Promise<string> {
    const c = (await listCandidates(db, runId))[index]!;
    await saveCandidateResult(db, {
      record: c,
      result: candidateResult(acc),
      status: 'finished',
      backend: 'cpu',
      backendReason: 'test',
      weights,
    });
    return c.id;
  }

  it('storedWeightIds and weightIdsByRun name the candidates whose weights are stored; candidateWithResult finds them', async () => {
    const name = freshName('weights-keys');
    const db = await openSpnDb(name);
    try {
      const a = await createRun(db, { ...QUICK_SEARCH_SETTINGS, seed: 3, limit: { kind: 'count', candidates: 3 } });
      const b = await createRun(db, { ...QUICK_SEARCH_SETTINGS, seed: 4, limit: { kind: 'count', candidates: 2 } });
      const a0 = await finish(db, a.id, 0, 0.6);
      const a2 = await finish(db, a.id, 2, 0.7);
      const b1 = await finish(db, b.id, 1, 0.8);
      expect(await storedWeightIds(db, a.id)).toEqual(new Set([a0, a2]));
      expect(await storedWeightIds(db, 'no-such-run')).toEqual(new Set());
      const byRun = await weightIdsByRun(db);
      expect(new Set(byRun.get(a.id))).toEqual(new Set([a0, a2]));
      expect(byRun.get(b.id)).toEqual([b1]);
      expect(byRun.size).toBe(2);
      expect((await candidateWithResult(db, b.id, b1))?.result?.meanTop5).toBe(0.8);
      const queued = (await listCandidates(db, b.id))[0]!;
      expect(await candidateWithResult(db, b.id, queued.id)).toBeUndefined();
    } finally {
      db.close();
      await deleteDatabase(name);
    }
  });
});
