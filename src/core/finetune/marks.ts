/**
 * Marks: boxes an interpreter draws on a line to say "BSR here" or "no BSR here". A mark is kept in
 * the line's own coordinates (trace indices, 0-based, and two-way time in ms), so it survives a change
 * of display settings and matches the `trace,time_ms` of the map CSV. Marks are checked against the
 * line's extent and against each other (a BSR box overlapping a not-BSR box is contradictory: a patch
 * in both would be taught both answers).
 */

/** 1 = BSR, 0 = not BSR (the network's class labels). */
export type MarkLabel = 0 | 1;

export interface Mark {
  /** First and last trace of the box (0-based, inclusive; from <= to). */
  traceFrom: number;
  traceTo: number;
  /** Top and bottom of the box, two-way time in ms from the first sample (from <= to). */
  timeFromMs: number;
  timeToMs: number;
  label: MarkLabel;
  /** Held out of training to score the result (the user's "check" flag). */
  check?: boolean;
}

/** The extent marks must lie in. */
export interface LineExtent {
  traces: number;
  samples: number;
  /** Sample interval, µs. */
  dtUs: number;
}

/** A mark or marks file that cannot be used; the message says which mark and why. */
export class MarksError extends Error {
  override name = 'MarksError';
  constructor(detail: string) {
    super(`marks: ${detail}`);
  }
}

/** "BSR" / "not BSR" as people read it. */
export function labelName(label: MarkLabel): string {
  return label === 1 ? 'BSR' : 'not BSR';
}

/** The ms per sample marks count where the file gives no sample interval (a convention, said to the user). */
const UNKNOWN_INTERVAL_MS = 4;

/** Sample interval in ms ({@link UNKNOWN_INTERVAL_MS} when the file does not say). */
export function sampleMs(extent: Pick<LineExtent, 'dtUs'>): number {
  return extent.dtUs > 0 ? extent.dtUs / 1000 : UNKNOWN_INTERVAL_MS;
}

/** The mark's box in samples (inclusive, clipped to the line). */
export function markSamples(mark: Mark, extent: LineExtent): { from: number; to: number } {
  const dt = sampleMs(extent);
  const from = Math.max(0, Math.ceil(mark.timeFromMs / dt - 1e-6));
  const to = Math.min(extent.samples - 1, Math.floor(mark.timeToMs / dt + 1e-6));
  return { from, to };
}

/** Puts corners in order and rounds traces; the box a user dragged in any direction. */
export function normaliseMark(m: Mark): Mark {
  const out: Mark = {
    traceFrom: Math.round(Math.min(m.traceFrom, m.traceTo)),
    traceTo: Math.round(Math.max(m.traceFrom, m.traceTo)),
    timeFromMs: Math.min(m.timeFromMs, m.timeToMs),
    timeToMs: Math.max(m.timeFromMs, m.timeToMs),
    label: m.label,
  };
  if (m.check) out.check = true;
  return out;
}

/** A mark as messages name it: its number in the list, label, traces and times. */
export function describeMark(i: number, m: Mark): string {
  return `mark ${i + 1} (${labelName(m.label)}, traces ${m.traceFrom}–${m.traceTo}, ${m.timeFromMs}–${m.timeToMs} ms)`;
}

function overlaps(a: Mark, b: Mark): boolean {
  return a.traceFrom <= b.traceTo && b.traceFrom <= a.traceTo && a.timeFromMs < b.timeToMs && b.timeFromMs < a.timeToMs;
}

/**
 * Checks every mark lies inside the line and no BSR mark overlaps a not-BSR mark; throws a
 * {@link MarksError} naming the first bad mark (and the one it contradicts).
 */
export function validateMarks(marks: readonly Mark[], extent: LineExtent): void {
  const lastMs = (extent.samples - 1) * sampleMs(extent);
  marks.forEach((m, i) => {
    for (const [k, v] of [
      ['trace_from', m.traceFrom],
      ['trace_to', m.traceTo],
      ['time_from_ms', m.timeFromMs],
      ['time_to_ms', m.timeToMs],
    ] as const) {
      if (!Number.isFinite(v)) throw new MarksError(`${describeMark(i, m)}: ${k} is not a number`);
    }
    if (m.traceFrom > m.traceTo || m.timeFromMs > m.timeToMs)
      throw new MarksError(`${describeMark(i, m)}: from is after to`);
    if (m.traceFrom < 0 || m.traceTo > extent.traces - 1) {
      throw new MarksError(`${describeMark(i, m)} lies outside the line: it has traces 0–${extent.traces - 1}`);
    }
    if (m.timeFromMs < 0 || m.timeToMs > lastMs + 1e-6) {
      throw new MarksError(`${describeMark(i, m)} lies outside the line: it runs from 0 to ${+lastMs.toFixed(3)} ms`);
    }
  });
  for (let i = 0; i < marks.length; i++) {
    for (let j = i + 1; j < marks.length; j++) {
      const a = marks[i]!,
        b = marks[j]!;
      if (a.label !== b.label && overlaps(a, b)) {
        throw new MarksError(
          `${describeMark(j, b)} overlaps ${describeMark(i, a)}: a place cannot be both BSR and not BSR; remove or move one of them`,
        );
      }
    }
  }
}

/** Marks held out of training to score the result: those flagged "check", or else every `every`-th mark (5th, 10th...). */
export function heldOutMarks(marks: readonly Mark[], every = 5): boolean[] {
  if (marks.some((m) => m.check)) return marks.map((m) => m.check === true);
  if (!(every >= 2)) return marks.map(() => false);
  return marks.map((_, i) => (i + 1) % every === 0);
}

/** Marks of each class training needs (held-out marks do not count). */
export const MIN_TRAIN_MARKS_PER_CLASS = 2;

/**
 * What is missing to train on ('' = enough): every class short of MIN_TRAIN_MARKS_PER_CLASS marks outside the
 * held-out ones, all in one message, with how many more marks of which class and which marks are held out.
 */
export function marksShortfall(marks: readonly Mark[], held: readonly boolean[]): string {
  const short = ([1, 0] as const).flatMap((label) => {
    const n = marks.filter((m, i) => m.label === label && !held[i]).length;
    return n < MIN_TRAIN_MARKS_PER_CLASS ? [{ label, n, more: MIN_TRAIN_MARKS_PER_CLASS - n }] : [];
  });
  const [a, b] = short;
  if (!a) return '';
  // Which marks are held out, by their numbers in the list: a new mark may itself fall to the hold-out rule.
  const out = marks.flatMap((m, i) => (held[i] && short.some((c) => c.label === m.label) ? [i + 1] : []));
  const heldNote =
    out.length === 0
      ? 'held-out marks do not count'
      : `held-out marks do not count: mark${out.length === 1 ? '' : 's'} ${out.join(', ')} ${out.length === 1 ? 'is' : 'are'} held out to check the result`;
  const places = (c: (typeof short)[number]) => `${c.more} more ${labelName(c.label)} place${c.more === 1 ? '' : 's'}`;
  if (!b) return `too few ${labelName(a.label)} marks to train on: ${a.n} (${heldNote}); mark ${places(a)}`;
  return `too few marks to train on: ${a.n} BSR and ${b.n} not BSR (${heldNote}); mark ${places(a)} and ${places(b)}`;
}
