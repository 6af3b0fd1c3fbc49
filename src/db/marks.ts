/** The marks store: a line's BSR / not-BSR marks under its fingerprint, with the display settings they were drawn with. */
import type { Mark } from '../core/finetune/marks';
import { mergeMarks } from '../core/finetune/marks-merge';
import { StorageFullError, isQuotaError, type MarksDisplay, type MarksRecord, type SpnDatabase } from './schema';

export async function loadMarks(db: SpnDatabase, fingerprint: string): Promise<MarksRecord | null> {
  return (await db.get('marks', fingerprint)) ?? null;
}

/** The revision a stored record counts as (records from before revisions were kept: 1). */
export function revisionOf(rec: MarksRecord | null | undefined): number {
  return rec ? (rec.revision ?? 1) : 0;
}

/** What {@link saveMarksMerged} stored: the marks (ours, or ours merged with another tab's) and their revision. */
export interface SavedMarks {
  marks: Mark[];
  revision: number;
  /** True when another tab had saved since `revision` and its changes were merged in. */
  merged: boolean;
}

/**
 * Saves a tab's marks without losing another tab's: when the stored record is still the revision the tab started
 * from, `ours` is stored as it is; when another tab saved meanwhile, the stored marks and ours are merged three-way
 * (`base`: the marks at that revision). `check` vets the result (a merged list may hold two tabs' contradictory
 * boxes): when it throws, nothing is stored and the error comes back with what is stored now.
 */
export async function saveMarksMerged(
  db: SpnDatabase,
  line: { fingerprint: string; lineName: string; display: MarksDisplay },
  mine: { base: readonly Mark[]; ours: readonly Mark[]; revision: number },
  check: (marks: readonly Mark[]) => void,
): Promise<SavedMarks | { refused: unknown; stored: Mark[]; revision: number }> {
  const tx = db.transaction('marks', 'readwrite');
  const stored = await tx.store.get(line.fingerprint);
  const now = revisionOf(stored);
  const merged = now !== mine.revision;
  const marks = merged ? mergeMarks(mine.base, mine.ours, stored?.marks ?? []) : mine.ours.map((m) => ({ ...m }));
  try {
    check(marks);
  } catch (refused) {
    await tx.done;
    return { refused, stored: stored?.marks ?? [], revision: now };
  }
  const rec: MarksRecord = {
    fingerprint: line.fingerprint,
    lineName: line.lineName,
    marks,
    display: line.display,
    updatedAt: Date.now(),
    revision: now + 1,
  };
  try {
    await tx.store.put(rec);
    await tx.done;
  } catch (e) {
    if (isQuotaError(e)) throw new StorageFullError(`the marks of ${line.lineName}`);
    throw e;
  }
  return { marks, revision: now + 1, merged };
}
