import { describe, expect, it } from 'vitest';
import { halfLineMarks, markedHalf, scoredHalfRows, type LineTruth } from '../../../src/core/evaluate';
import { validateMarks } from '../../../src/core/finetune';

/** A line of 200 traces x 300 samples at 4 ms whose BSR runs from trace 30 to 169 at sample 150 + t/10, with gaps. */
function truth(): LineTruth {
  const bsrSample = Array.from({ length: 200 }, (_, t) =>
    t < 30 || t >= 170 || (t >= 60 && t < 64) ? null : 150 + t / 10,
  );
  return { traces: 200, samples: 300, dtUs: 4000, bsrSample };
}

describe('half-line marks (the fine-tune check of issue 18)', () => {
  it('boxes the pick and places not-BSR boxes 40+ samples from it, all in the first half, classes alternating', () => {
    const t = truth();
    const marks = halfLineMarks(t);
    const half = markedHalf(t.traces);
    expect(half).toBe(100);
    validateMarks(marks, t); // inside the line, no BSR box overlapping a not-BSR box
    const bsr = marks.filter((m) => m.label === 1),
      not = marks.filter((m) => m.label === 0);
    // Windows start every 8 traces; those with fewer than 6 picked traces of 16 are skipped (a = 16 has 2).
    expect(bsr.map((m) => m.traceFrom)).toEqual([24, 32, 40, 48, 56, 64, 72, 80]);
    expect(not).toHaveLength(16); // twice the BSR boxes (at least 12)
    for (const m of marks) {
      expect(m.traceFrom).toBeGreaterThanOrEqual(0);
      expect(m.traceTo).toBe(m.traceFrom + 15);
      expect(m.traceTo).toBeLessThan(half);
    }
    for (const m of bsr) {
      const picks = t.bsrSample.slice(m.traceFrom, m.traceTo + 1).filter((p): p is number => p !== null);
      expect(m.timeFromMs).toBeCloseTo((Math.min(...picks) - 10) * 4, 6);
      expect(m.timeToMs).toBeCloseTo((Math.max(...picks) + 10) * 4, 6);
    }
    for (const m of not) {
      expect(m.timeToMs - m.timeFromMs).toBe(23 * 4);
      for (let tr = m.traceFrom; tr <= m.traceTo; tr++) {
        const p = t.bsrSample[tr];
        if (p === null || p === undefined) continue;
        const away = Math.min(Math.abs(m.timeFromMs / 4 - p), Math.abs(m.timeToMs / 4 - p));
        expect(m.timeFromMs / 4 > p || m.timeToMs / 4 < p).toBe(true);
        expect(away).toBeGreaterThan(40);
      }
    }
    expect(marks.slice(0, 4).map((m) => m.label)).toEqual([1, 0, 1, 0]);
  });

  it('is deterministic by seed', () => {
    expect(halfLineMarks(truth(), 3)).toEqual(halfLineMarks(truth(), 3));
    expect(halfLineMarks(truth(), 3)).not.toEqual(halfLineMarks(truth(), 4));
  });

  it('scores only the patch centres of the second half', () => {
    const rows = [10, 99.5, 100, 150.5].map((trace) => ({ trace, timeMs: 400, probability: 0.1 }));
    expect(scoredHalfRows(rows, 200).map((r) => r.trace)).toEqual([100, 150.5]);
  });
});
