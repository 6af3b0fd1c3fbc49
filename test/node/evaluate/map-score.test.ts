/**
 * Map scoring: hand-computable AUC / AP / labels, and the reference scorer's numbers on a small
 * committed fixture (test/fixtures/evaluate: a 40-trace truth with a gap and a 225-row map with
 * distinct probabilities; expected values computed once with score_map.py, full precision).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  averagePrecision,
  mapAveragePrecision,
  falseAlarmShare,
  labelRows,
  parseMapCsv,
  parseTruthJson,
  rocAuc,
  roundHalfEven,
  scoreMap,
  type LineTruth,
} from '../../../src/core/evaluate';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/evaluate/${name}`, import.meta.url), 'utf8');

describe('rocAuc and averagePrecision', () => {
  it('mapAveragePrecision scores the classified patches of a map and leaves NaN (not classified) out', () => {
    const values = [0.1, NaN, 0.4, 0.35, NaN, 0.8],
      labels = [0, 1, 0, 1, 1, 1];
    expect(mapAveragePrecision(values, labels)).toBeCloseTo((1 + 2 / 3) / 2, 12);
    expect(mapAveragePrecision([NaN, NaN], [1, 0])).toBeNull();
  });

  it('gives the textbook values: AUC 0.75, AP (1 + 2/3) / 2', () => {
    const p = [0.1, 0.4, 0.35, 0.8],
      y = [0, 0, 1, 1];
    expect(rocAuc(p, y)).toBeCloseTo(0.75, 12);
    expect(averagePrecision(p, y)).toBeCloseTo((1 + 2 / 3) / 2, 12);
  });

  it('ranks ties by their average: four equal scores give AUC 0.5; AP keeps ties in row order', () => {
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [1, 0, 1, 0])).toBe(0.5);
    // Rows in order: hit, miss, hit, miss -> precisions 1 and 2/3.
    expect(averagePrecision([0.5, 0.5, 0.5, 0.5], [1, 0, 1, 0])).toBeCloseTo((1 + 2 / 3) / 2, 12);
    expect(averagePrecision([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBeCloseTo((1 / 2 + 2 / 4) / 2, 12);
    // One positive tied with one of two negatives: 0.5 for the tie + 1 for the lower one, over 2 pairs.
    expect(rocAuc([0.7, 0.7, 0.2], [1, 0, 0])).toBeCloseTo(0.75, 12);
  });

  it('perfect and reversed orderings give 1 and 0; rows labelled -1 are left out; no positives -> null', () => {
    expect(rocAuc([0.9, 0.8, 0.1, 0.2], [1, 1, 0, 0])).toBe(1);
    expect(rocAuc([0.1, 0.2, 0.9, 0.8], [1, 1, 0, 0])).toBe(0);
    expect(averagePrecision([0.9, 0.99, 0.1], [1, -1, 0])).toBe(1);
    expect(rocAuc([0.9, 0.99, 0.1], [1, -1, 0])).toBe(1);
    expect(rocAuc([0.3, 0.4], [0, 0])).toBeNull();
    expect(averagePrecision([0.3, 0.4], [0, 0])).toBeNull();
  });

  it('false-alarm share counts probabilities strictly above 0.5', () => {
    expect(falseAlarmShare([0.5, 0.51, 0.2, 0.9])).toBe(0.5);
    expect(falseAlarmShare([])).toBeNull();
  });
});

describe('labelRows', () => {
  const truth: LineTruth = { traces: 3, samples: 200, dtUs: 4000, bsrSample: [100, null, 50] };

  it('rounds halves to even like Python and uses 16 (inclusive) and 32 (exclusive) samples', () => {
    expect([0.5, 1.5, 2.5, 23.5, 24.5, -0.5].map(roundHalfEven)).toEqual([0, 2, 2, 24, 24, 0]);
    const rows = [
      { trace: 0, sample: 116, probability: 0.1 }, // 16 away: positive
      { trace: 0.5, sample: 84, probability: 0.1 }, // round(0.5) = 0, 16 away: positive
      { trace: 0, sample: 132, probability: 0.1 }, // 32 away: left out
      { trace: 0, timeMs: 4 * 132.25, probability: 0.1 }, // 32.25 away: negative
      { trace: 1.5, sample: 50, probability: 0.1 }, // round(1.5) = 2: BSR at 50, positive
      { trace: 1.4, sample: 50, probability: 0.1 }, // trace 1 has no BSR: negative
      { trace: 3.2, sample: 50, probability: 0.1 }, // past the last trace: left out
    ];
    expect(Array.from(labelRows(rows, truth))).toEqual([1, 1, -1, 0, 1, 0, -1]);
  });

  it('takes traces as 1-based when they run from >= 1 to >= the trace count, like score_map.py', () => {
    const rows = [
      { trace: 1, sample: 100, probability: 0.5 },
      { trace: 3, sample: 50, probability: 0.5 },
    ];
    expect(Array.from(labelRows(rows, truth))).toEqual([1, 1]);
  });

  it('refuses a time column when the sample interval is unknown', () => {
    expect(() => labelRows([{ trace: 0, timeMs: 4, probability: 0.5 }], { ...truth, dtUs: 0 })).toThrow(
      /map row 1: .*sample interval is unknown/,
    );
  });
});

describe('scoreMap on the committed fixture', () => {
  it('matches score_map.py: AUC 0.95962..., AP 0.84157..., 32 positives, 161 negatives of 225 rows', () => {
    const s = scoreMap(
      parseMapCsv(fixture('small.map.csv'), 'small.map.csv'),
      parseTruthJson(fixture('small.truth.json')),
    );
    expect(s.auc).toBeCloseTo(0.9596273291925466, 12);
    expect(s.ap).toBeCloseTo(0.841574303248863, 12);
    expect(s).toMatchObject({ positives: 32, negatives: 161, ignored: 32, rows: 225 });
    expect(s.false_alarm_share).toBeCloseTo(49 / 225, 12);
  });

  it('gives null AUC/AP on a BSR-free line but still the false-alarm share', () => {
    const free: LineTruth = { traces: 40, samples: 200, dtUs: 2000, bsrSample: new Array<null>(40).fill(null) };
    const s = scoreMap(parseMapCsv(fixture('small.map.csv')), free);
    expect(s).toMatchObject({ auc: null, ap: null, positives: 0, negatives: 225, ignored: 0 });
    expect(s.false_alarm_share).toBeCloseTo(49 / 225, 12);
  });
});
