/**
 * Banded classification (lines larger than memory) and the decimated preview: on the real line 31_81_PR with the
 * demo model, the map read band by band from the file equals the whole-section map; bands cover the grid exactly;
 * the preview keeps every k-th trace and sample within its budget.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type * as tf from '@tensorflow/tfjs';
import { initNodeWasm } from '../../../scripts/wasm-node';
import { ReadCancelledError, SegyReader, bytesByteSource } from '../../../src/core/segy';
import { classifyLineInBands, classifyRawLine, readRawLine } from '../../../src/core/classify/line-pipeline';
import { presentChunk } from '../../../src/core/line/presentation';
import { loadModelFile, parseModelFile } from '../../../src/core/model-file';
import {
  bandColumns,
  classifyInBands,
  classifySection,
  cutBatch,
  decimationStep,
  loadStandardisedSection,
  makePatchGrid,
  nearestPatch,
  planBands,
  readGridPatch,
  readDecimated,
  sectionTraceSource,
  segyTraceSource,
  type Section,
  type TraceSource,
} from '../../../src/core/classify';

const root = new URL('../../../', import.meta.url);
let model: tf.LayersModel;
let src: TraceSource;

beforeAll(async () => {
  await initNodeWasm();
  model = await loadModelFile(parseModelFile(readFileSync(new URL('public/models/demo.json', root), 'utf8')));
  const reader = await SegyReader.open(
    bytesByteSource(new Uint8Array(readFileSync(new URL('public/data/31_81_PR.sgy', root))), '31_81_PR.sgy'),
  );
  src = segyTraceSource(reader);
});
afterAll(() => model?.dispose());

describe('band plan', () => {
  it('bands cover every patch column once, each reading exactly the traces its patches need, within the budget', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 48, max: 3000 }),
        fc.integer({ min: 48, max: 400 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 2_000_000 }),
        (traces, samples, stride, budget) => {
          const grid = makePatchGrid(traces, samples, { strideTraces: stride });
          const cols = bandColumns(grid, budget);
          const bands = planBands(grid, cols);
          expect(bands.reduce((n, b) => n + b.cols, 0)).toBe(grid.cols);
          bands.forEach((b, i) => {
            expect(b.firstCol).toBe(i * cols);
            expect(b.firstTrace).toBe(b.firstCol * stride);
            expect(b.firstTrace + b.traces).toBeLessThanOrEqual(traces);
            expect(makePatchGrid(b.traces, samples, { strideTraces: stride }).cols).toBe(b.cols);
            if (cols > 1) expect(b.traces * samples).toBeLessThanOrEqual(budget);
          });
        },
      ),
    );
  });
});

describe('classifyInBands on 31_81_PR', () => {
  it('gives the whole-section map, band by band, with progress over the whole grid', async () => {
    const options = { strideTraces: 16, strideSamples: 16 };
    const { section, bounds } = await loadStandardisedSection(src);
    const whole = await classifySection(model, section, options);
    const progress: number[] = [];
    const seen: number[] = [];
    // ~100 traces per band: 534 traces in 6 bands of 4 patch columns.
    const banded = await classifyInBands(
      model,
      src,
      { ...options, maxBandSamples: 100 * 1501 },
      {
        onProgress: (done, total) => {
          progress.push(done);
          expect(total).toBe(whole.grid.count);
        },
        onBand: (b) => seen.push(b.firstCol),
      },
    );
    expect(banded.bands).toBeGreaterThanOrEqual(5);
    expect(seen.length).toBe(banded.bands);
    expect(banded.bounds).toEqual(bounds);
    expect(banded.map.grid).toEqual(whole.grid);
    expect(banded.map.done).toBe(whole.grid.count);
    expect(progress.at(-1)).toBe(whole.grid.count);
    let maxDiff = 0;
    for (let i = 0; i < whole.values.length; i++)
      maxDiff = Math.max(maxDiff, Math.abs(banded.map.values[i]! - whole.values[i]!));
    expect(Number.isNaN(maxDiff)).toBe(false);
    expect(maxDiff).toBeLessThan(1e-5);
  });

  it('reads one patch of a line classified in bands from the file alone: the patch the line held whole gives', async () => {
    const options = { strideTraces: 32, strideSamples: 32, selectScale: false };
    const held = await classifyRawLine(model, await readRawLine(src), options);
    const banded = await classifyLineInBands(model, src, { ...options, maxBandSamples: 100 * 1501 });
    const grid = banded.map.grid;
    expect(grid).toEqual(held.map.grid);
    // 72 traces resized to the network's 48 columns, and a time scale: the patch is resampled, not copied.
    expect(grid.patchTraces).toBeGreaterThan(48);
    const plan = { presentation: banded.presentation, bounds: banded.bounds };
    let reads = 0;
    const counting: TraceSource = { ...src, readChunk: (f, c) => (reads++, src.readChunk(f, c)) };
    for (const [col, row] of [
      [0, 0],
      [grid.cols - 1, grid.rows - 1],
      [7, 20],
      [nearestPatch(grid, 300, 900).col, nearestPatch(grid, 300, 900).row],
    ] as const) {
      const fromFile = await readGridPatch(counting, grid, col, row, (raw, traces, samples) =>
        presentChunk(raw, traces, samples, plan),
      );
      const whole = cutBatch(held.section, grid, col * grid.rows + row, 1, new Float32Array(48 * 48));
      let maxDiff = 0;
      fromFile.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - whole[i]!))));
      expect(maxDiff, `patch (${col}, ${row})`).toBeLessThan(1e-5);
    }
    expect(reads).toBe(4); // one read of the patch's own traces each
    await expect(readGridPatch(src, grid, grid.cols, 0, (raw) => raw)).rejects.toThrow(/outside the .* patch grid/);
    // The patch nearest a point: clamped to the grid at its edges.
    expect(nearestPatch(grid, -50, -50)).toEqual({ col: 0, row: 0 });
    expect(nearestPatch(grid, 1e6, 1e6)).toEqual({ col: grid.cols - 1, row: grid.rows - 1 });
  });

  it('stops at the next batch when cancelled and leaves the rest unclassified', async () => {
    let batches = 0;
    const { map } = await classifyInBands(
      model,
      src,
      { strideTraces: 32, strideSamples: 32, maxBandSamples: 100 * 1501, batchSize: 16 },
      {
        isCancelled: () => batches >= 3,
        onProgress: () => batches++,
      },
    );
    expect(map.cancelled).toBe(true);
    expect(map.done).toBe(48);
    expect(map.values.filter((v) => Number.isNaN(v)).length).toBe(map.grid.count - 48);
  });

  it("a line's classification in bands stops in its planning passes when cancelled: no read after the cancel", async () => {
    for (const after of [0, 3]) {
      let reads = 0,
        polls = 0;
      const counting: TraceSource = { ...src, readChunk: (f, c) => (reads++, src.readChunk(f, c)) };
      const run = classifyLineInBands(
        model,
        counting,
        { strideTraces: 32, strideSamples: 32 },
        {
          isCancelled: () => ++polls > after,
        },
      );
      await expect(run).rejects.toBeInstanceOf(ReadCancelledError);
      expect(reads).toBe(after);
    }
  });
});

describe('decimated preview', () => {
  it('picks the smallest step within the budget', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        (t, s, max) => {
          const k = decimationStep(t, s, max);
          expect(Math.ceil(t / k) * Math.ceil(s / k)).toBeLessThanOrEqual(max);
          if (k > 1) expect(Math.ceil(t / (k - 1)) * Math.ceil(s / (k - 1))).toBeGreaterThan(max);
        },
      ),
    );
  });

  it('keeps every k-th trace and sample of 31_81_PR, read in chunks that are not multiples of k', async () => {
    const full = await src.readChunk(0, src.traceCount);
    const k = decimationStep(src.traceCount, src.samplesPerTrace, 100_000);
    expect(k).toBe(3);
    const d: Section = await readDecimated(src, k, 100);
    expect([d.traces, d.samples, d.dtUs]).toEqual([178, 501, src.sampleIntervalUs * 3]);
    for (const [t, s] of [
      [0, 0],
      [177, 500],
      [60, 250],
      [99, 13],
    ] as const)
      expect(d.data[t * d.samples + s]).toBe(full[t * 3 * 1501 + s * 3]);
    const same = await readDecimated(
      sectionTraceSource({ traces: src.traceCount, samples: 1501, dtUs: 4000, data: full }),
      k,
      7,
    );
    expect(same.data).toEqual(d.data);
  });
});
