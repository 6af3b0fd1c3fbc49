/** Marks: validation, CSV round trip and refusals, fingerprint, held-out choice, and patches cut exactly as classification cuts them. */
import { describe, expect, it } from 'vitest';
import { cutBatch, defaultPatchTraces, makePatchGrid, patchAt } from '../../../src/core/classify';
import {
  countMarkPatches,
  cutMarkPatches,
  heldOutMarks,
  lineFingerprint,
  markPatchCorners,
  marksShortfall,
  marksToCsv,
  MarksError,
  normaliseMark,
  parseMarksCsv,
  presentForPatches,
  readMarksForLine,
  seabedPatchCorners,
  offBsrPatchCorners,
  validateMarks,
  type Mark,
  type PresentedLine,
} from '../../../src/core/finetune';
import { PATCH_CELLS } from '../../../src/core/synthetic/types';
import { fixtureLine } from '../line/line-fixture';

const extent = { traces: 200, samples: 300, dtUs: 4000 };
const bsr = (a: number, b: number, t0: number, t1: number): Mark => ({
  traceFrom: a,
  traceTo: b,
  timeFromMs: t0,
  timeToMs: t1,
  label: 1,
});
const not = (a: number, b: number, t0: number, t1: number): Mark => ({
  traceFrom: a,
  traceTo: b,
  timeFromMs: t0,
  timeToMs: t1,
  label: 0,
});

describe('validation', () => {
  it('accepts marks inside the line, same-label overlaps included', () => {
    expect(() =>
      validateMarks([bsr(0, 15, 0, 100), bsr(10, 30, 50, 120), not(100, 199, 1000, 1196)], extent),
    ).not.toThrow();
  });
  it('refuses a mark outside the line, naming the mark and the extent', () => {
    expect(() => validateMarks([bsr(190, 205, 0, 100)], extent)).toThrow(
      /mark 1 \(BSR, traces 190–205.*outside the line: it has traces 0–199/,
    );
    expect(() => validateMarks([not(0, 10, 1100, 1300)], extent)).toThrow(
      /outside the line: it runs from 0 to 1196 ms/,
    );
  });
  it('refuses a BSR mark overlapping a not-BSR mark, naming both', () => {
    expect(() => validateMarks([bsr(0, 20, 100, 200), not(50, 60, 0, 40), not(15, 30, 150, 300)], extent)).toThrow(
      /mark 3 \(not BSR.*overlaps mark 1 \(BSR.*cannot be both/,
    );
  });
  it('normalises a box dragged upwards and leftwards', () => {
    expect(normaliseMark({ traceFrom: 30.4, traceTo: 10.6, timeFromMs: 200, timeToMs: 100, label: 0 })).toEqual(
      not(11, 30, 100, 200),
    );
  });
});

describe('marksShortfall', () => {
  const four = [bsr(0, 15, 0, 100), bsr(20, 35, 0, 100), not(40, 55, 0, 100), not(60, 75, 0, 100)];
  it('is empty when each class has enough marks outside the held-out ones', () => {
    expect(marksShortfall(four, heldOutMarks(four, 0))).toBe('');
  });
  it('names one short class as before, with the marks held out of it', () => {
    const five = [...four, not(80, 95, 0, 100)];
    expect(marksShortfall(four.slice(1), heldOutMarks(four.slice(1), 0))).toBe(
      'too few BSR marks to train on: 1 (held-out marks do not count); mark 1 more BSR place',
    );
    expect(marksShortfall([bsr(0, 1, 0, 9), ...five.slice(1)], heldOutMarks(five, 2))).toMatch(
      /^too few BSR marks to train on: 1 \(held-out marks do not count: mark 2 is held out to check the result\); mark 1 more BSR place$/,
    );
  });
  it('names both classes at once when both are short', () => {
    expect(marksShortfall([], [])).toBe(
      'too few marks to train on: 0 BSR and 0 not BSR (held-out marks do not count); mark 2 more BSR places and 2 more not BSR places',
    );
    expect(marksShortfall(four.slice(0, 3), heldOutMarks(four.slice(0, 3), 0))).toBe(
      'too few not BSR marks to train on: 1 (held-out marks do not count); mark 1 more not BSR place',
    );
  });
});

describe('CSV', () => {
  const marks = [bsr(0, 15, 40, 120), not(100, 115, 400, 492), { ...bsr(50, 65, 60, 140), check: true }];
  it('round-trips marks with the line comment and the check column', () => {
    const text = marksToCsv(marks, '1234-0123456789abcdef');
    expect(text.split('\n').slice(0, 3)).toEqual([
      '# line: 1234-0123456789abcdef',
      'trace_from,trace_to,time_from_ms,time_to_ms,label,check',
      '0,15,40,120,bsr,0',
    ]);
    expect(parseMarksCsv(text)).toEqual({ marks: [marks[0], marks[1], marks[2]], line: '1234-0123456789abcdef' });
  });
  it('writes the five columns of the issue when nothing is flagged, and reads 1/0 labels and no header', () => {
    expect(marksToCsv([marks[0]!], null)).toBe('trace_from,trace_to,time_from_ms,time_to_ms,label\n0,15,40,120,bsr\n');
    expect(parseMarksCsv('3,9,0,40,1\n20,30,80,100,0\n').marks.map((m) => m.label)).toEqual([1, 0]);
  });
  it('refuses a file for another line whole, with a clear message', () => {
    const text = marksToCsv(marks, '999-0000000000000000');
    expect(() => readMarksForLine(text, extent, '1234-0123456789abcdef')).toThrow(
      /written for another line \(line: 999-0000000000000000\); the open line is 1234-0123456789abcdef\. Nothing was applied/,
    );
  });
  it('reads only a fingerprint from a line comment: a note there is not a claim about the file', () => {
    const noted = `# line: GoM GB-123 (hand picked)\n${marksToCsv(marks, null)}`;
    expect(parseMarksCsv(noted).line).toBeNull();
    expect(readMarksForLine(noted, extent, '1234-0123456789abcdef')).toHaveLength(3);
    expect(parseMarksCsv(`#line:999-0000000000000000\r\n0,15,40,120,bsr\r\n`).line).toBe('999-0000000000000000');
  });
  it("reads every fingerprint the app writes: one line of a 3D file's, a line without a file's", () => {
    // One inline of a 3D file: the file's fingerprint and the line's label; another inline of it is another line.
    const inline = marksToCsv(marks, '165060-4534117d62074944/inline 111');
    expect(parseMarksCsv(inline).line).toBe('165060-4534117d62074944/inline 111');
    expect(() => readMarksForLine(inline, extent, '165060-4534117d62074944/inline 114')).toThrow(
      /written for another line \(line: 165060-4534117d62074944\/inline 111\); the open line is .*inline 114\./,
    );
    expect(parseMarksCsv('# line: 165060-4534117d62074944/inline 111  \r\n0,15,40,120,bsr\r\n').line).toBe(
      '165060-4534117d62074944/inline 111',
    );
    // The synthetic demo line (no file): another seed or another line is refused.
    const demo = marksToCsv(marks, 'mem-400x600-fca1d41f470e7f33');
    expect(() => readMarksForLine(demo, extent, 'mem-400x600-0000000000000000')).toThrow(/written for another line/);
    expect(() => readMarksForLine(demo, extent, '2417036-3f9a0c1d2e4b5a69')).toThrow(/written for another line/);
    expect(readMarksForLine(demo, extent, 'mem-400x600-fca1d41f470e7f33')).toHaveLength(3);
  });
  it('refuses a file that marks the same box twice, as adding it by hand is refused', () => {
    const twice = marksToCsv([marks[0]!, marks[1]!, { ...marks[0]!, check: true }], null);
    expect(() => readMarksForLine(twice, extent, null)).toThrow(
      'marks: mark 3 (BSR, traces 0–15, 40–120 ms) repeats mark 1: a box marked twice counts twice in training; remove one. Nothing was applied.',
    );
    // The same box with the other label is a contradiction, said as one.
    expect(() => readMarksForLine(marksToCsv([marks[0]!, { ...marks[0]!, label: 0 }], null), extent, null)).toThrow(
      /a place cannot be both BSR and not BSR/,
    );
  });
  it('checks a file without the comment against the extent only', () => {
    expect(readMarksForLine(marksToCsv(marks, null), extent, '1234-0123456789abcdef')).toHaveLength(3);
    expect(() => readMarksForLine('0,250,0,40,bsr\n', extent, '1234-0123456789abcdef')).toThrow(MarksError);
  });
  it('names the line of a bad row', () => {
    expect(() => parseMarksCsv('trace_from,trace_to,time_from_ms,time_to_ms,label\n1,2,3,4,maybe\n')).toThrow(
      /line 2: label "maybe"/,
    );
    expect(() => parseMarksCsv('1,2,x,4,bsr\n')).toThrow(/line 1: time_from_ms "x" is not a number/);
    expect(() => parseMarksCsv('1,2,3\n')).toThrow(/line 1: expected 5 or 6 fields/);
  });
  it('reads marks as other tools write them: quoted, ";" or tab separated, columns in any order, label words', () => {
    const one = [bsr(1, 16, 100, 200.5)];
    const files = [
      'trace_from,trace_to,time_from_ms,time_to_ms,label\n"1","16","100","200.5","BSR"\n',
      'trace_from;trace_to;time_from_ms;time_to_ms;label\n1;16;100;200,5;bsr\n',
      '1;16;100;200,5;bsr\n',
      'trace_from\ttrace_to\ttime_from_ms\ttime_to_ms\tlabel\n1\t16\t100\t200.5\tbsr\n',
      'Label,Time_From_ms,Time_To_ms,Trace_From,Trace_To,note\nbsr,100,200.5,1,16,picked by hand\n',
      '\uFEFFtrace_from,trace_to,time_from_ms,time_to_ms,label\r\n1,16,100,200.5,yes\r\n',
    ];
    for (const f of files) expect(parseMarksCsv(f).marks, f).toEqual(one);
    const words = ['not BSR', 'Not-BSR', 'non-BSR', 'nonbsr', 'no', 'false', 'negative', '0'];
    for (const w of words) expect(parseMarksCsv(`1,16,100,200,${w}\n`).marks[0]!.label, w).toBe(0);
    // A header's check column is found by its name too.
    const checked = parseMarksCsv(
      'check,label,trace_from,trace_to,time_from_ms,time_to_ms\n1,bsr,1,16,100,200\n0,bsr,20,30,100,200\n',
    );
    expect(checked.marks.map((m) => m.check === true)).toEqual([true, false]);
  });
  it('names the columns a header lacks, and a binary file as such', () => {
    expect(() => parseMarksCsv('trace_from,trace_to,t0,t1,class\n1,16,100,200,bsr\n')).toThrow(
      /line 1: the header names no "time_from_ms", "time_to_ms", "label" column/,
    );
    expect(() => parseMarksCsv('SEG\u0000\u0001\u0002 binary\n')).toThrow(/binary data .* not a CSV/);
    expect(() => parseMarksCsv('1,16,100,200,maybe\n')).toThrow(/label "maybe" is neither/);
  });
});

describe('fingerprint and held-out marks', () => {
  it('depends on the size and the header bytes only', () => {
    const head = new Uint8Array(5000).map((_, i) => i * 7);
    const a = lineFingerprint(100_000, head);
    expect(a).toMatch(/^100000-[0-9a-f]{16}$/);
    expect(lineFingerprint(100_000, head.slice(0, 3840))).toBe(a); // bytes past the first trace header do not count
    expect(lineFingerprint(100_001, head)).not.toBe(a);
    const other = head.slice();
    other[3200] = 1;
    expect(lineFingerprint(100_000, other)).not.toBe(a);
  });
  it('holds out every fifth mark, or exactly the flagged ones', () => {
    const ms = Array.from({ length: 11 }, (_, i) => bsr(i, i, 0, 4));
    expect(
      heldOutMarks(ms)
        .map((h, i) => (h ? i : -1))
        .filter((i) => i >= 0),
    ).toEqual([4, 9]);
    ms[1] = { ...ms[1]!, check: true };
    expect(
      heldOutMarks(ms)
        .map((h, i) => (h ? i : -1))
        .filter((i) => i >= 0),
    ).toEqual([1]);
  });
});

const fx = fixtureLine();
const fxRaw = { traces: fx.traces, samples: fx.samples, dtUs: 4000, data: fx.data };
/** The network's own width, 48 traces (the geometry the tests below count on)... */
const line = await presentForPatches(fxRaw, {}, 48);
/** ...and classification's default width, resized to 48 columns. */
const wide = await presentForPatches(fxRaw);

/** Each mark patch equals the patch classification cuts (cutBatch over the same grid) at the same place. */
function checkCutsLikeClassification(line: PresentedLine): void {
  const grid = makePatchGrid(line.section.traces, line.section.samples, {
    patchTraces: line.patchTraces,
    patchSamples: line.patchSamples,
    strideTraces: 8,
    strideSamples: 8,
  });
  // A box around the centre of grid patch k holds that patch's centre and, at lattice step 8, no other.
  for (const k of [0, 7, Math.floor(grid.count / 2), grid.count - 1]) {
    const { firstTrace, firstSample } = patchAt(grid, k);
    const ct = firstTrace + (line.patchTraces - 1) / 2,
      cs = firstSample + (line.patchSamples - 1) / 2;
    const mark = bsr(Math.ceil(ct), Math.ceil(ct), Math.ceil(cs) * 4, Math.ceil(cs) * 4);
    const corners = markPatchCorners(mark, line, { strideTraces: 8, strideSamples: 8 });
    expect(corners).toHaveLength(1);
    const [ft, fs] = corners[0]!;
    expect(Math.abs(ft - firstTrace)).toBeLessThanOrEqual(1);
    expect(Math.abs(fs - firstSample)).toBeLessThanOrEqual(1);
    const g1 = makePatchGrid(line.section.traces, line.section.samples, {
      patchTraces: line.patchTraces,
      patchSamples: line.patchSamples,
      strideTraces: 1,
      strideSamples: 1,
    });
    const expected = cutBatch(line.section, g1, ft * g1.rows + fs, 1, new Float32Array(PATCH_CELLS));
    const got = cutMarkPatches(line, [mark], { strideTraces: 8, strideSamples: 8 });
    expect(got.count).toBe(1);
    expect(got.labels[0]).toBe(1);
    expect(got.x).toEqual(expected);
  }
}

describe('patches from marks', () => {
  it('are byte for byte the patches classification cuts at the same places, at 48 traces and the default width', () => {
    expect(wide.patchTraces).toBe(defaultPatchTraces(fx.traces));
    expect(wide.patchTraces).toBeGreaterThan(48);
    for (const l of [line, wide]) checkCutsLikeClassification(l);
  });
  it('covers a box on a lattice, clamped inside the line, with counts per mark', () => {
    const marks = [bsr(0, 15, 0, 80), not(40, 55, 400, 500)];
    const counts = countMarkPatches(line, marks, { strideTraces: 4, strideSamples: 4 });
    const cut = cutMarkPatches(line, marks, { strideTraces: 4, strideSamples: 4 });
    expect(cut.perMark).toEqual(counts);
    expect(cut.count).toBe(counts[0]! + counts[1]!);
    expect(Array.from(cut.markOf.slice(0, counts[0])).every((m) => m === 0)).toBe(true);
    expect(Array.from(cut.labels.slice(counts[0])).every((l) => l === 0)).toBe(true);
    for (const m of marks) {
      for (const [ft, fs] of markPatchCorners(m, line, { strideTraces: 4, strideSamples: 4 })) {
        expect(ft).toBeGreaterThanOrEqual(0);
        expect(ft + 48).toBeLessThanOrEqual(line.section.traces);
        expect(fs + line.patchSamples).toBeLessThanOrEqual(line.section.samples);
      }
    }
  });
  it("leaves out the patches a BSR and a not-BSR mark share at the line's end, where patches are moved inside it", () => {
    // Apart as boxes, but both within half a patch (24 traces) of trace 0: their patches there are the first column's.
    const edge = [bsr(0, 5, 800, 840), not(12, 30, 800, 840)];
    validateMarks(edge, extent);
    const opts = { strideTraces: 2, strideSamples: 4 };
    const corners = edge.map((m) => markPatchCorners(m, line, opts));
    const key = ([ft, fs]: [number, number]) => `${ft},${fs}`;
    const bsrKeys = new Set(corners[0]!.map(key));
    const shared = corners[1]!.filter((c) => bsrKeys.has(key(c))).length;
    expect(shared).toBeGreaterThan(0);
    const cut = cutMarkPatches(line, edge, opts);
    // Each shared patch leaves both marks: the BSR mark keeps none (all its patches are shared), the other the rest.
    expect(cut.contradictory).toBe(2 * shared);
    expect(cut.perMark).toEqual([corners[0]!.length - shared, corners[1]!.length - shared]);
    expect(cut.perMark[0]).toBe(0);
    expect(countMarkPatches(line, edge, opts)).toEqual(cut.perMark);
    // Two marks of one label may share patches; marks a patch apart share none.
    expect(cutMarkPatches(line, [bsr(0, 5, 800, 840), bsr(12, 30, 800, 840)], opts).contradictory).toBe(0);
    expect(cutMarkPatches(line, [bsr(0, 5, 800, 840), not(60, 70, 800, 840)], opts).contradictory).toBe(0);
  });
  it('takes off-BSR negatives above and below a BSR mark, beyond its reach and clear of other BSR marks', () => {
    const mark = bsr(30, 60, 800, 880); // samples 200-220
    const centre = ([, fs]: [number, number]): number => fs + (line.patchSamples - 1) / 2;
    const corners = offBsrPatchCorners(line, [mark], [mark], 8);
    // Every 8th marked trace (30, 38, 46, 54), two centres above and two below.
    expect(corners).toHaveLength(16);
    for (const c of corners) {
      expect(c[0] + 23.5).toBeGreaterThanOrEqual(30);
      expect(c[0] + 23.5).toBeLessThanOrEqual(60);
      const d = centre(c);
      expect(d <= 200 - 40 + 0.5 || d >= 220 + 40 - 0.5).toBe(true);
      expect(d).toBeGreaterThan(line.presentation.seabed!.samples[c[0] + 24]! + line.presentation.maskMarginSamples);
    }
    expect(corners.filter((c) => centre(c) < 200)).toHaveLength(8);
    // A second BSR mark under the first (held out, say) is never contradicted: nothing is taken near it.
    const deeper = bsr(30, 60, 1120, 1200); // samples 280-300
    const clear = offBsrPatchCorners(line, [mark], [mark, deeper], 8);
    expect(clear.filter((c) => centre(c) > 220)).toHaveLength(0);
    expect(clear.filter((c) => centre(c) < 200)).toHaveLength(8);
    // Not-BSR marks give none; the cap thins evenly.
    expect(offBsrPatchCorners(line, [not(30, 60, 800, 880)], [], 8)).toHaveLength(0);
    expect(offBsrPatchCorners(line, [mark], [mark], 8, 4)).toHaveLength(4);
  });
  it('takes seabed negatives below the pick and away from BSR marks', () => {
    const sb = line.presentation.seabed;
    expect(sb?.found).toBe(true);
    const { maskMarginSamples: margin } = line.presentation;
    const ps = line.patchSamples;
    /** Each corner's centre depth under the seabed at its centre trace, samples. */
    const depths = (corners: Array<[number, number]>): number[] =>
      corners.map(([ft, fs]) => fs + (ps - 1) / 2 - sb!.samples[Math.round(ft + 23.5)]!);
    const all = seabedPatchCorners(line, [], 8, 10_000);
    expect(all.length).toBeGreaterThan(0);
    // From the mask's margin (the seabed's wavelet) down past half a patch, where the seabed still fills the patch.
    const d = depths(all);
    expect(Math.min(...d)).toBeGreaterThanOrEqual(margin - 1.5);
    expect(Math.min(...d)).toBeLessThan(margin + 1.5);
    expect(Math.max(...d)).toBeGreaterThan(ps / 2);
    expect(Math.max(...d)).toBeLessThanOrEqual(ps / 2 + ps / 4 + 1.5);
    // A deep BSR mark leaves the depths alone and keeps its traces (and half a patch either side) clear.
    const deep = bsr(20, 30, 1200, 1280);
    const away = seabedPatchCorners(line, [deep], 8, 10_000);
    expect(away.length).toBeLessThan(all.length);
    expect(Math.max(...depths(away))).toBe(Math.max(...d));
    for (const [ft] of away) {
      const c = ft + 23.5;
      expect(c < deep.traceFrom - 24 || c > deep.traceTo + 24).toBe(true);
    }
    // A BSR marked close under the seabed (52 samples at its shallowest) says where this line's BSR lies: no seabed
    // negative comes within 40 samples of that depth anywhere on the line.
    const shallow = bsr(40, 60, 600, 640);
    const under = depths(seabedPatchCorners(line, [shallow], 8, 10_000));
    const shallowest = Math.min(...Array.from({ length: 21 }, (_, k) => 150 - sb!.samples[40 + k]!));
    expect(under.length).toBeGreaterThan(0);
    expect(Math.max(...under)).toBeLessThanOrEqual(shallowest - 40 + 1.5);
    // Marked above the seabed (nonsense, but possible): no seabed negatives at all.
    expect(seabedPatchCorners(line, [bsr(40, 80, 0, 40)])).toEqual([]);
  });
});
