/**
 * Two tabs marking the same line: each saves its whole list, so the second save would drop the first tab's new
 * marks. A three-way merge keeps both: from the list both started from (`base`), what this tab did (`ours`) and what
 * is stored now (`theirs`), the result is theirs with our additions, our removals and our "check" flags applied.
 * Marks have no ids; a mark is its box and label (a flag is not part of it, so flagging is a change, not a new mark).
 */
import { normaliseMark, type Mark } from './marks';

/** A mark's identity: its box and label, as the CSV writes them. */
export function markKey(m: Mark): string {
  return `${m.traceFrom},${m.traceTo},${m.timeFromMs},${m.timeToMs},${m.label}`;
}

/**
 * The first mark that repeats an earlier one's box and label (compared as normalised), and that earlier one's index;
 * null when every box is marked once. The same box twice would count twice in training and shift which marks are
 * held out, so a repeat is refused, added by hand or imported.
 */
export function repeatedMark(marks: readonly Mark[]): { index: number; of: number } | null {
  const first = new Map<string, number>();
  for (const [i, m] of marks.entries()) {
    const key = markKey(normaliseMark(m)),
      seen = first.get(key);
    if (seen !== undefined) return { index: i, of: seen };
    first.set(key, i);
  }
  return null;
}

/**
 * Three-way merge of mark lists. Order: theirs first (as stored), then our additions in our order. A mark both sides
 * removed stays removed; a mark we removed that they flagged is removed (removal wins); a flag we changed wins over
 * theirs. Not validated here: two tabs may each have drawn a box the other's contradicts (the caller checks).
 */
export function mergeMarks(base: readonly Mark[], ours: readonly Mark[], theirs: readonly Mark[]): Mark[] {
  const baseByKey = new Map(base.map((m) => [markKey(m), m]));
  const oursByKey = new Map(ours.map((m) => [markKey(m), m]));
  const out: Mark[] = [];
  const seen = new Set<string>();
  for (const t of theirs) {
    const k = markKey(t);
    if (seen.has(k)) continue;
    seen.add(k);
    const b = baseByKey.get(k),
      o = oursByKey.get(k);
    if (b && !o) continue; // we removed it
    out.push(o && b && Boolean(o.check) !== Boolean(b.check) ? { ...o } : { ...t });
  }
  for (const o of ours) {
    const k = markKey(o);
    if (seen.has(k) || baseByKey.has(k)) continue; // theirs has it, or they removed a mark we kept unchanged
    seen.add(k);
    out.push({ ...o });
  }
  return out;
}

/**
 * Of one side's changes since `base` (new marks, changed "check" flags), how many a merge left out of `merged`: the
 * other side had removed their mark, and removal wins. What a tab tells its user its save could not keep.
 */
export function lostInMerge(base: readonly Mark[], ours: readonly Mark[], merged: readonly Mark[]): number {
  const was = new Map(base.map((m) => [markKey(m), m]));
  const kept = new Set(merged.map(markKey));
  return ours.filter((m) => {
    const k = markKey(m),
      b = was.get(k);
    return (!b || Boolean(b.check) !== Boolean(m.check)) && !kept.has(k);
  }).length;
}
