/**
 * The map as SEG-Y: P(BSR) at every sample (bilinear between patch centres, held beyond the outermost ones,
 * unclassified cells left out), written with the line's trace headers; read back by our own reader.
 */
import { describe, expect, it } from 'vitest';
import {
  makePatchGrid,
  mapSamples,
  mapSegyParts,
  mapSegyText,
  modelWords,
  mapSegyTraces,
  MapSegyCancelledError,
  type ProbabilityMap,
} from '../../../src/core/classify';
import { bytesByteSource, SegyReader } from '../../../src/core/segy';
import type { TraceHeaderArrays } from '../../../src/core/segy/write';

/** A map whose patch centres fall on whole traces and samples (odd patch sizes): col c at trace 4 + 6c, row r at sample 2 + 4r. */
function map(traces = 30, samples = 20): ProbabilityMap {
  const grid = makePatchGrid(traces, samples, { patchTraces: 9, patchSamples: 5, strideTraces: 6, strideSamples: 4 });
  const values = new Float32Array(grid.count).map((_, i) => (i % 7) / 10);
  return { grid, values, done: grid.count, cancelled: false };
}
const at = (m: ProbabilityMap, col: number, row: number): number => m.values[row * m.grid.cols + col]!;

describe('the map at every sample', () => {
  it('equals each patch at its centre, interpolates between centres and holds the outermost beyond them', () => {
    const m = map();
    expect(m.grid.cols).toBe(4);
    expect(m.grid.rows).toBe(4);
    const all = mapSamples(m, 0, 30, 20);
    const p = (t: number, s: number): number => all[t * 20 + s]!;
    expect(p(4, 2)).toBeCloseTo(at(m, 0, 0), 6);
    expect(p(10, 6)).toBeCloseTo(at(m, 1, 1), 6);
    expect(p(7, 2)).toBeCloseTo((at(m, 0, 0) + at(m, 1, 0)) / 2, 6);
    expect(p(10, 4)).toBeCloseTo((at(m, 1, 0) + at(m, 1, 1)) / 2, 6);
    expect(p(7, 4)).toBeCloseTo((at(m, 0, 0) + at(m, 1, 0) + at(m, 0, 1) + at(m, 1, 1)) / 4, 6);
    // Beyond the first and last centres (traces 4 and 22, samples 2 and 14): the edge patches' values.
    expect(p(0, 0)).toBeCloseTo(at(m, 0, 0), 6);
    expect(p(29, 19)).toBeCloseTo(at(m, 3, 3), 6);
    expect(p(29, 6)).toBeCloseTo(at(m, 3, 1), 6);
    // A block of traces gives the same values as the whole.
    expect(mapSamples(m, 7, 5, 20)).toEqual(all.subarray(7 * 20, 12 * 20));
  });

  it('leaves unclassified cells out, and gives 0 where none around is classified', () => {
    const m = map();
    m.values[m.grid.cols + 1] = NaN; // col 1, row 1
    const all = mapSamples(m, 0, 30, 20);
    expect(all[7 * 20 + 4]).toBeCloseTo((at(m, 0, 0) + at(m, 1, 0) + at(m, 0, 1)) / 3, 6);
    m.values.fill(NaN);
    expect(mapSamples(m, 0, 30, 20).every((v) => v === 0)).toBe(true);
  });
});

describe('the map as SEG-Y', () => {
  const line = { traces: 1100, samples: 20, dtUs: 2000, delayMs: 100 };
  /** Header arrays of traces [first, first + count): an inline of a 3D survey with UTM coordinates. */
  const headersOf = (first: number, count: number) => {
    const idx = Array.from({ length: count }, (_, k) => first + k);
    return {
      fileIndex: idx,
      traceSequence: idx.map((t) => t + 1),
      cdp: idx.map((t) => 5000 + t),
      inline: idx.map(() => 1234),
      crossline: idx.map((t) => 100 + t),
      offset: idx.map(() => 0),
      sourceX: idx.map((t) => 512345.67 + 12.5 * t),
      sourceY: idx.map(() => 6789012.34),
      receiverX: idx.map((t) => 512345.67 + 12.5 * t),
      receiverY: idx.map(() => 6789012.34),
      cdpX: idx.map((t) => 512345.67 + 12.5 * t),
      cdpY: idx.map(() => 6789012.34),
    };
  };

  it("writes P at every sample with the line's headers, in blocks, readable as SEG-Y", async () => {
    const m = map(line.traces, line.samples);
    const progress: number[] = [];
    const parts = await mapSegyParts(
      m,
      line,
      headersOf,
      mapSegyText({ line: 'survey.sgy - inline 1234', model: 'demo', appVersion: '9.9', map: m, dtUs: line.dtUs }),
      { onProgress: (done) => progress.push(done) },
    );
    expect(progress).toEqual([512, 1024, 1100]);
    const bytes = new Uint8Array(await new Blob(parts).arrayBuffer());
    expect(bytes.length).toBe(3600 + line.traces * (240 + 4 * line.samples));
    const reader = await SegyReader.open(bytesByteSource(bytes, 'map.sgy'));
    expect(reader.traceCount).toBe(line.traces);
    expect(reader.samplesPerTrace).toBe(line.samples);
    expect(reader.sampleIntervalUs).toBe(2000);
    expect(reader.textHeader).toContain('BSR PROBABILITY MAP');
    expect(reader.textHeader).toContain('LINE: survey.sgy - inline 1234');
    const block = await reader.readTraces(1000, 100);
    expect(block.samples).toEqual(mapSamples(m, 1000, 100, line.samples));
    const h = block.headers[50]!;
    expect(h).toMatchObject({ cdp: 6050, inline: 1234, crossline: 1150, delayMs: 100 });
    expect(h.cdpX).toBeCloseTo(512345.67 + 12.5 * 1050, 2);
    expect(h.cdpY).toBeCloseTo(6789012.34, 2);
    expect(h.sourceX).toBeCloseTo(h.cdpX, 2);
  });

  it("carries a shot gather's field record and trace numbers; rev 0 bytes 181-188 that do not move with the CDP are not written as coordinates", async () => {
    const small = { traces: 40, samples: 20, dtUs: 4000, delayMs: 0 };
    const m = map(small.traces, small.samples);
    // 31_81_PR's headers: field records 111…, traces 1… within each, and 6000 / 65536 in bytes 181-188 on every trace.
    const rev0 = (first: number, count: number) => ({
      ...headersOf(first, count),
      fieldRecord: Array.from({ length: count }, (_, k) => 111 + Math.floor((first + k) / 20)),
      traceNumber: Array.from({ length: count }, (_, k) => 1 + ((first + k) % 20)),
      cdpX: Array<number>(count).fill(6000),
      cdpY: Array<number>(count).fill(65536),
    });
    const read = async (headers: (first: number, count: number) => TraceHeaderArrays) => {
      const bytes = new Uint8Array(await new Blob(await mapSegyParts(m, small, headers, [])).arrayBuffer());
      return (await (await SegyReader.open(bytesByteSource(bytes, 'map.sgy'))).readTraces(0, small.traces)).headers;
    };
    const written = await read(rev0);
    expect(written.map((h) => [h.fieldRecord, h.traceNumber]).slice(18, 22)).toEqual([
      [111, 19],
      [111, 20],
      [112, 1],
      [112, 2],
    ]);
    expect(written.every((h) => h.cdpX === 0 && h.cdpY === 0)).toBe(true);
    expect(written[3]!.sourceX).toBeCloseTo(512345.67 + 12.5 * 3, 2);
    // A CDP gather (one CDP number) keeps its one location; headers without record numbers are numbered 1, 1…N.
    const gather = await read((first, count) => ({ ...rev0(first, count), cdp: Array<number>(count).fill(7) }));
    expect(gather[5]!.cdpX).toBeCloseTo(6000, 2);
    const plain = await read(headersOf);
    expect(plain.map((h) => [h.fieldRecord, h.traceNumber]).slice(0, 2)).toEqual([
      [1, 1],
      [1, 2],
    ]);
  });

  it('hands each block to `keep` as it is written instead of returning them, the same bytes', async () => {
    const m = map(line.traces, line.samples);
    const kept: Uint8Array[] = [];
    const returned = await mapSegyTraces(m, line, headersOf, 0, { keep: (b) => kept.push(b) });
    expect(returned).toEqual([]);
    expect(kept).toHaveLength(3);
    expect(kept).toEqual(await mapSegyTraces(m, line, headersOf));
  });

  it('refuses a map of another line and stops between blocks when cancelled', async () => {
    await expect(mapSegyParts(map(40, 20), line, headersOf, [])).rejects.toThrow(
      /the map covers 40 traces x 20 samples, the line 1100 x 20/,
    );
    let polls = 0;
    await expect(
      mapSegyParts(map(line.traces, line.samples), line, headersOf, [], { isCancelled: () => ++polls > 1 }),
    ).rejects.toBeInstanceOf(MapSegyCancelledError);
  });
  it('says a cancelled map is partial and writes -1 where nothing was classified; an unknown interval stays 0', async () => {
    const small = { traces: 30, samples: 20, dtUs: 0, delayMs: 0 };
    const m = map(small.traces, small.samples);
    // Cancelled after the first two columns: traces from 16 on have no classified centre within reach.
    for (let r = 0; r < m.grid.rows; r++) for (let c = 2; c < m.grid.cols; c++) m.values[r * m.grid.cols + c] = NaN;
    m.done = 2 * m.grid.rows;
    m.cancelled = true;
    const longModel = `${'a model with a long name '.repeat(4)}(id c-5397981301977f1b)`;
    const text = mapSegyText({
      line: 'su-no-dt.su - all traces',
      model: longModel,
      appVersion: '9.9',
      map: m,
      dtUs: 0,
    });
    expect(text).toHaveLength(40);
    const bytes = new Uint8Array(await new Blob(await mapSegyParts(m, small, headersOf, text)).arrayBuffer());
    const reader = await SegyReader.open(bytesByteSource(bytes, 'map.sgy'));
    expect(reader.sampleIntervalUs).toBe(0);
    expect(reader.textHeader).toContain(`PARTIAL MAP: CANCELLED AFTER 8 OF ${m.grid.count} PATCHES; -1 WHERE`);
    expect(reader.textHeader).toContain('SAMPLE INTERVAL UNKNOWN IN THE SOURCE FILE');
    // The model's name goes on over a second card rather than being cut at the card's end.
    expect(reader.textHeader.replace(/\s*C\s?\d+ /g, '')).toContain('(id c-5397981301977f1b)');
    const samples = (await reader.readTraces(0, small.traces)).samples;
    expect(samples[4 * 20 + 2]).toBeCloseTo(at(m, 0, 0), 6);
    expect(Array.from(samples.subarray(29 * 20, 30 * 20)).every((v) => v === -1)).toBe(true);
    // A whole map says neither.
    const whole = mapSegyText({ line: 'x', model: 'demo', appVersion: '9.9', map: map(), dtUs: 4000 }).join('\n');
    expect(whole).not.toMatch(/PARTIAL|UNKNOWN/);
  });
});

describe('modelWords', () => {
  it("writes a model's name with its id beside it, once", () => {
    expect(modelWords('BSR classifier', 'c-12ab')).toBe('BSR classifier (id c-12ab)');
    expect(modelWords('c-12ab', 'c-12ab')).toBe('c-12ab');
    expect(modelWords('tiny (id c-12ab)', 'c-12ab')).toBe('tiny (id c-12ab)');
    expect(modelWords('BSR classifier', undefined)).toBe('BSR classifier');
  });

  it("breaks a long model line between words, so the model's id stays on one card where it can be searched for", () => {
    const map: ProbabilityMap = {
      grid: makePatchGrid(60, 60, { patchTraces: 48, patchSamples: 48, strideTraces: 8, strideSamples: 8 }),
      values: new Float32Array(4).fill(0.5),
      done: 4,
      cancelled: false,
    };
    const name = 'Demo model (bundled): BSR classifier (realistic profile, searched)'; // as the app lists it
    const text = mapSegyText({
      line: 'demo',
      model: modelWords(name, 'c-5397981301977f1b'),
      appVersion: '0.1.0',
      map,
      dtUs: 4000,
    });
    expect(text.some((card) => card.includes('(id c-5397981301977f1b)'))).toBe(true);
    expect(text.every((card) => card.length <= 76)).toBe(true);
    // Every word of the name is on some card whole.
    for (const word of name.split(' ')) expect(text.some((card) => card.split(' ').includes(word))).toBe(true);
  });
});
