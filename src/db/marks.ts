/** The marks store: a line's BSR / not-BSR marks under its fingerprint, with the display settings they were drawn with. */
import type { Mark } from '../core/finetune/marks';
import { StorageFullError, isQuotaError, type MarksDisplay, type MarksRecord, type SpnDatabase } from './schema';

export async function loadMarks(db: SpnDatabase, fingerprint: string): Promise<MarksRecord | null> {
  return (await db.get('marks', fingerprint)) ?? null;
}

export async function saveMarks(
  db: SpnDatabase,
  fingerprint: string,
  lineName: string,
  marks: readonly Mark[],
  display: MarksDisplay,
): Promise<void> {
  const rec: MarksRecord = {
    fingerprint,
    lineName,
    marks: marks.map((m) => ({ ...m })),
    display,
    updatedAt: Date.now(),
  };
  try {
    await db.put('marks', rec);
  } catch (e) {
    if (isQuotaError(e)) throw new StorageFullError(`the marks of ${lineName}`);
    throw e;
  }
}
