/**
 * The meta store's records, read and written by key. Each key has one value type (MetaValues in schema.ts);
 * a read narrows the stored record by its key, so no value is cast back.
 */
import type { ProbeTiming } from '../runtime/backends';
import type { SpnDatabase } from './schema';

/** This device's last backend probe and when it was measured (ms since the epoch); null before the first. */
export async function loadBackendProbe(
  db: SpnDatabase,
): Promise<{ timings: ProbeTiming[]; measuredAt: number } | null> {
  const rec = await db.get('meta', 'backend-probe');
  return rec?.key === 'backend-probe' ? { timings: rec.value, measuredAt: rec.updatedAt } : null;
}

export async function saveBackendProbe(db: SpnDatabase, timings: ProbeTiming[]): Promise<void> {
  await db.put('meta', { key: 'backend-probe', value: timings, updatedAt: Date.now() });
}

/** Whether persistent storage was already asked for on this profile (it is asked once). */
export async function persistenceAsked(db: SpnDatabase): Promise<boolean> {
  return (await db.get('meta', 'storage-persist-asked')) !== undefined;
}

export async function recordPersistenceAnswer(db: SpnDatabase, persisted: boolean): Promise<void> {
  await db.put('meta', { key: 'storage-persist-asked', value: persisted, updatedAt: Date.now() });
}
