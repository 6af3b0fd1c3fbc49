/**
 * Two tabs' marks of one line merged three-way: both tabs' additions kept, removals and "check" flags applied,
 * nothing duplicated; with no change on one side the merge is the other side.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lostInMerge, markKey, mergeMarks } from '../../../src/core/finetune/marks-merge';
import type { Mark } from '../../../src/core/finetune/marks';

const mark = (traceFrom: number, label: 0 | 1, check = false): Mark => ({
  traceFrom,
  traceTo: traceFrom + 10,
  timeFromMs: 100,
  timeToMs: 200,
  label,
  ...(check ? { check: true } : {}),
});
const keys = (ms: readonly Mark[]) => ms.map(markKey);

describe('mergeMarks', () => {
  const a = mark(0, 1),
    b = mark(20, 0),
    c = mark(40, 1),
    d = mark(60, 0);

  it("keeps both tabs' new marks, theirs first", () => {
    expect(keys(mergeMarks([a], [a, c], [a, b]))).toEqual(keys([a, b, c]));
  });

  it('applies our removals and theirs; a mark removed on both sides stays removed', () => {
    expect(keys(mergeMarks([a, b, c], [a, c], [a, b, c, d]))).toEqual(keys([a, c, d]));
    expect(keys(mergeMarks([a, b, c], [a, b, c], [b, c]))).toEqual(keys([b, c]));
    expect(keys(mergeMarks([a, b], [b], [b]))).toEqual(keys([b]));
  });

  it('a flag we changed wins; a flag they changed stays; a flagged mark we removed is removed', () => {
    const merged = mergeMarks([a, b], [{ ...a, check: true }, b], [a, { ...b, check: true }]);
    expect(merged.map((m) => Boolean(m.check))).toEqual([true, true]);
    expect(keys(mergeMarks([a, b], [b], [{ ...a, check: true }, b]))).toEqual(keys([b]));
    // Our tick on a mark they removed is lost, and counted; unchanged marks they removed are not our loss.
    const ticked = [{ ...a, check: true }, b, c];
    expect(lostInMerge([a, b], ticked, mergeMarks([a, b], ticked, [b]))).toBe(1);
    expect(lostInMerge([a, b], [a, b, c], mergeMarks([a, b], [a, b, c], [b]))).toBe(0);
  });

  it('with one side unchanged the result is the other side (as a set), and nothing is listed twice', () => {
    const arbMark = fc
      .tuple(fc.integer({ min: 0, max: 30 }), fc.constantFrom<0 | 1>(0, 1), fc.boolean())
      .map(([t, l, ch]) => mark(t * 5, l, ch));
    const arbList = fc.uniqueArray(arbMark, { selector: markKey, maxLength: 8 });
    fc.assert(
      fc.property(arbList, arbList, (base, other) => {
        const sorted = (ms: readonly Mark[]) => [...ms].map((m) => `${markKey(m)}/${Boolean(m.check)}`).sort();
        expect(sorted(mergeMarks(base, base, other))).toEqual(sorted(other));
        expect(sorted(mergeMarks(base, other, base))).toEqual(sorted(other));
        const merged = mergeMarks(base, other, [...base].reverse());
        expect(new Set(keys(merged)).size).toBe(merged.length);
      }),
    );
  });
});
