/** Truth files: picks CSV and truth JSON parsing, messages naming file and line, round trips. */
import { describe, expect, it } from 'vitest';
import {
  checkTruthShape,
  checkTruthLine,
  picksLine,
  parseMapCsv,
  parsePicksCsv,
  parseTruthJson,
  picksToTruth,
  scoreHorizon,
  truthToJson,
  truthToPicksCsv,
  type LineTruth,
} from '../../../src/core/evaluate';

const shape = { traces: 5, samples: 100, dtUs: 4000 };

describe('parsePicksCsv', () => {
  it('reads trace,time_ms with or without a header, trace,sample, comments and blank lines', () => {
    const withHeader = parsePicksCsv('# BSR picks\ntrace,time_ms\n0,40\n\n3,100.5\n', 4000, 'p.csv');
    expect(withHeader.map((p) => [p.trace, p.sample])).toEqual([
      [0, 10],
      [3, 25.125],
    ]);
    expect(parsePicksCsv('0,40\n3,100.5', 4000).map((p) => p.sample)).toEqual([10, 25.125]);
    expect(parsePicksCsv('Trace, Sample\r\n1, 7.5\r\n', 0).map((p) => [p.trace, p.sample])).toEqual([[1, 7.5]]);
    const t = picksToTruth(withHeader, shape);
    expect(t.bsrSample).toEqual([10, null, null, 25.125, null]);
  });

  it('names file and line for a bad header, a bad number, a non-integer trace, a second pick, a pick outside the line', () => {
    expect(() => parsePicksCsv('trace,depth\n1,2', 4000, 'p.csv')).toThrow(
      /^p\.csv:1: header must be "trace,time_ms" or "trace,sample"/,
    );
    expect(() => parsePicksCsv('trace,time_ms\n1,abc', 4000, 'p.csv')).toThrow(
      /^p\.csv:2: time_ms must be a number, got "abc"/,
    );
    expect(() => parsePicksCsv('1.5,20', 4000, 'p.csv')).toThrow(/^p\.csv:1: trace must be an integer >= 0/);
    expect(() => parsePicksCsv('1,20\n# x\n1,24', 4000, 'p.csv')).toThrow(
      /^p\.csv:3: second pick for trace 1 \(first on line 1\)/,
    );
    expect(() => parsePicksCsv('7', 4000, 'p.csv')).toThrow(/^p\.csv:1: expected "trace,time_ms"/);
    // A long bad row is quoted in part; a binary file (a line given as --truth) is named as such, not quoted.
    expect(() => parsePicksCsv(`trace,${'x'.repeat(500)}`, 4000, 'p.csv')).toThrow(
      `p.csv:1: header must be "trace,time_ms" or "trace,sample", got "trace,${'x'.repeat(54)}…"`,
    );
    expect(() => parsePicksCsv('C 1 CLIENT\u0000\u0001\u00ff,\n3,4', 4000, 'line.sgy')).toThrow(
      'line.sgy is binary data (a SEG-Y or SU file?), not a CSV',
    );
    expect(() => parsePicksCsv('1,20', 0, 'p.csv')).toThrow(
      /^p\.csv:1: picks in time_ms need the line's sample interval/,
    );
    expect(() => picksToTruth(parsePicksCsv('0,4\n5,4', 4000, 'p.csv'), shape, 'p.csv')).toThrow(
      /^p\.csv:2: trace 5 is past the line's last trace 4/,
    );
    expect(() => picksToTruth(parsePicksCsv('2,400', 4000, 'p.csv'), shape, 'p.csv')).toThrow(
      /^p\.csv:1: pick at sample 100 lies outside the trace \(0\.\.99\)/,
    );
  });
});

describe('truth JSON', () => {
  it('round-trips through truthToJson and truthToPicksCsv', () => {
    const t: LineTruth = {
      traces: 4,
      samples: 100,
      dtUs: 2000,
      bsrSample: [10.25, null, 12, null],
      seabedSample: [3, 3, 4, 4],
    };
    expect(parseTruthJson(truthToJson(t))).toEqual(t);
    expect(truthToPicksCsv(t)).toBe('trace,time_ms\n0,20.5\n2,24\n');
    expect(picksToTruth(parsePicksCsv(truthToPicksCsv(t), 2000), t).bsrSample).toEqual(t.bsrSample);
  });

  it('names the file and the field that is wrong', () => {
    expect(() => parseTruthJson('{', 't.json')).toThrow(/^t\.json: not valid JSON/);
    expect(() => parseTruthJson('[]', 't.json')).toThrow(/^t\.json: expected an object/);
    expect(() => parseTruthJson('{"traces":2,"samples":10,"dt_us":4000,"bsr_sample":[1]}', 't.json')).toThrow(
      /"bsr_sample" has 1 entries for 2 traces/,
    );
    expect(() => parseTruthJson('{"traces":2,"samples":10,"dt_us":4000,"bsr_sample":[1,"x"]}', 't.json')).toThrow(
      /bsr_sample\[1\] must be a number or null/,
    );
    expect(() => parseTruthJson('{"traces":0,"samples":10,"dt_us":4000,"bsr_sample":[]}', 't.json')).toThrow(
      /"traces" must be a positive integer/,
    );
    const t = parseTruthJson('{"traces":2,"samples":10,"dt_us":4000,"bsr_sample":[1,null]}');
    expect(() => checkTruthShape(t, { traces: 3, samples: 10, dtUs: 4000 }, 't.json')).toThrow(
      /^t\.json: it is for 2 traces, the line has 3/,
    );
    expect(() => checkTruthShape(t, { traces: 2, samples: 10, dtUs: 2000 }, 't.json')).toThrow(
      /sample interval is 4000 µs, the line's is 2000 µs/,
    );
    // Picks outside the trace (written in ms, or negated) are refused, as a picks CSV's are.
    for (const [bad, at] of [
      ['[36,null]', '36'],
      ['[null,-2.5]', '-2.5'],
    ])
      expect(() =>
        checkTruthShape(
          parseTruthJson(`{"traces":2,"samples":10,"dt_us":4000,"bsr_sample":${bad}}`),
          { traces: 2, samples: 10, dtUs: 4000 },
          't.json',
        ),
      ).toThrow(`= ${at} lies outside the trace (samples 0..9; samples, not ms)`);
    expect(() =>
      parseTruthJson('{"traces":2,"samples":10,"dt_us":4000,"bsr_sample":[1,null],"line":"GB.sgy"}', 't.json'),
    ).toThrow(/^t\.json: "line" must be a line fingerprint such as "2417036-3f9a0c1d2e4b5a69", got "GB\.sgy"/);
  });

  it('a truth that names its line is refused for another; one that names none is checked by its size only', () => {
    const line = '2417036-3f9a0c1d2e4b5a69';
    const t: LineTruth = { traces: 2, samples: 10, dtUs: 4000, bsrSample: [1, null], line };
    expect(parseTruthJson(truthToJson(t))).toEqual(t);
    expect(picksLine(truthToPicksCsv(t))).toBe(line);
    expect(picksLine('trace,time_ms\n0,4\n')).toBeUndefined();
    expect(picksLine('# line: GoM GB-123 (hand picked)\ntrace,time_ms\n0,4\n')).toBeUndefined();
    expect(() => checkTruthLine(line, line)).not.toThrow();
    expect(() => checkTruthLine(undefined, line)).not.toThrow();
    expect(() => checkTruthLine(line, '2417036-0000000000000000', 't.json', 'B.sgy')).toThrow(
      'written for another line (line: 2417036-3f9a0c1d2e4b5a69); B.sgy is 2417036-0000000000000000. Nothing was scored.',
    );
  });
});

describe('parseMapCsv', () => {
  it('reads the classify CSV in time or samples and refuses bad rows, naming the line', () => {
    expect(parseMapCsv('trace,time_ms,probability\n23.5,94,0.12345\n')).toEqual([
      { trace: 23.5, timeMs: 94, probability: 0.12345 },
    ]);
    expect(parseMapCsv('trace,sample,probability\n1,2,1\n')).toEqual([{ trace: 1, sample: 2, probability: 1 }]);
    expect(() => parseMapCsv('1,2,1.5', 'm.csv')).toThrow(/^m\.csv:1: probability 1\.5 is outside 0\.\.1/);
    expect(() => parseMapCsv('trace,time_ms,probability\n1,,0.5', 'm.csv')).toThrow(
      /^m\.csv:2: expected three numbers/,
    );
    expect(() => parseMapCsv('x,y,z', 'm.csv')).toThrow(/^m\.csv:1: header must be/);
  });
  it('reads picks and maps from spreadsheets: ";" with decimal commas, tabs, quoted cells', () => {
    expect(parsePicksCsv('trace;time_ms\n0;40\n3;100,5\n', 4000).map((p) => p.sample)).toEqual([10, 25.125]);
    expect(parsePicksCsv('"trace"\t"time_ms"\n0\t40\n', 4000).map((p) => p.sample)).toEqual([10]);
    expect(parseMapCsv('trace;time_ms;probability\n23,5;94;0,125\n')).toEqual([
      { trace: 23.5, timeMs: 94, probability: 0.125 },
    ]);
    // In a comma file a decimal comma stays a separator: the row has four cells and is refused, not misread.
    expect(() => parseMapCsv('trace,time_ms,probability\n23,94,0,125\n', 'm.csv')).toThrow(/^m\.csv:2: expected three/);
  });
});

describe('scoreHorizon', () => {
  const truth: LineTruth = { traces: 4, samples: 100, dtUs: 4000, bsrSample: [10, 20, null, 30] };

  it('counts confident picks within the tolerance: precision, recall, F1 by hand', () => {
    const picks = [
      { sample: 10, confidence: 0.9 },
      { sample: 29, confidence: 0.9 },
      { sample: 5, confidence: 0.9 },
      { sample: null, confidence: 0 },
    ];
    // 3 picks counted; only trace 0 is right (trace 1 is 9 away, trace 2 has no BSR); 3 BSR traces.
    expect(scoreHorizon(picks, truth)).toEqual({
      precision: 1 / 3,
      recall: 1 / 3,
      f1: 1 / 3,
      picked: 3,
      correct: 1,
      bsr_traces: 3,
      picked_share: 3 / 4,
    });
    const h = scoreHorizon(picks, truth, { tolerance: 9, minConfidence: 0.95 });
    // No counted pick on a line with a BSR: it found none of it (F1 0), which a mean over lines must count.
    expect(h).toMatchObject({ precision: null, recall: 0, f1: 0, picked: 0 });
    const bsrFree: LineTruth = { ...truth, bsrSample: [null, null, null, null] };
    expect(scoreHorizon(picks, bsrFree)).toMatchObject({ precision: 0, recall: null, f1: null, picked: 3 });
    const wide = scoreHorizon(picks, truth, { tolerance: 9 });
    expect(wide).toMatchObject({ precision: 2 / 3, recall: 2 / 3, correct: 2 });
    expect(wide.f1).toBeCloseTo(2 / 3, 12);
  });

  it('leaves out picks below the confidence threshold and refuses a horizon of the wrong length', () => {
    const picks = [
      { sample: 10, confidence: 0.9 },
      { sample: 29, confidence: 0.4 },
      { sample: null, confidence: 1 },
      { sample: 31, confidence: 0.5 },
    ];
    expect(scoreHorizon(picks, truth)).toMatchObject({ precision: 1, recall: 2 / 3, picked: 2, correct: 2 });
    expect(() => scoreHorizon(picks.slice(1), truth)).toThrow(/horizon: 3 picks for a line of 4 traces/);
  });
});
