/**
 * Time-scale selection by the network's response (core classify/scale-selection.ts): the response statistic and
 * the choice (pure), then the line pipeline with the shipped model on the evaluation suite's deep zero-phase line,
 * whose period match shows it too stretched (README, session 14).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initNodeWasm } from '../../../scripts/wasm-node';
import { loadModelFile, parseModelFile } from '../../../src/core/model-file';
import { mapToCsv } from '../../../src/core/classify';
import { classifyLineInBands, classifyRawLine } from '../../../src/core/classify/line-pipeline';
import { sectionTraceSource } from '../../../src/core/classify/section';
import {
  MIN_RESPONSE_PATCHES,
  SCALE_SELECTION_FACTORS,
  SCALE_SELECTION_MARGIN,
  chosenProbe,
  mapResponse,
  selectsScaleFor,
  strongestResponse,
} from '../../../src/core/classify/scale-selection';
import { buildTestLine, evaluationLine, parseMapCsv, scoreMap } from '../../../src/core/evaluate';
import { fixtureLine } from '../line/line-fixture';

describe('response and choice (pure)', () => {
  it('a model fine-tuned at the matched scale keeps it; every other model selects (selectsScaleFor)', () => {
    const tuned = (presentation: unknown) => ({ kind: 'fine-tuned', baseModel: { id: 'c-1' }, presentation });
    expect(selectsScaleFor(undefined)).toBe(true); // a searched or shipped model
    expect(selectsScaleFor(tuned({ scale_source: 'auto', scale_factor: 3.35 }))).toBe(false);
    // Tuned with --select-scale (marks cut at the base model's choice), or at a fixed scale: as asked.
    expect(selectsScaleFor(tuned({ scale_source: 'selected', scale_factor: 1.76 }))).toBe(true);
    expect(selectsScaleFor(tuned({ scale_source: 'given', scale_factor: 2 }))).toBe(true);
    // A provenance of another kind, or a tuned one that recorded no presentation: as asked.
    expect(selectsScaleFor({ kind: 'merged', baseModel: { id: 'c-1' }, presentation: { scale_source: 'auto' } })).toBe(
      true,
    );
    expect(selectsScaleFor(tuned(undefined))).toBe(true);
    expect(selectsScaleFor(tuned(null))).toBe(true);
  });

  it('the response is the mean of the top share of the classified centres, at least MIN_RESPONSE_PATCHES of them', () => {
    const values = new Float32Array(1000).fill(0.1);
    for (let i = 0; i < 5; i++) values[i * 100] = 0.9; // the top 0.5 %: five centres
    values[7] = NaN;
    expect(mapResponse(values)).toBeCloseTo(0.9, 6);
    expect(mapResponse(values, 0.01)).toBeCloseTo((5 * 0.9 + 5 * 0.1) / 10, 6);
    // A short probe: MIN_RESPONSE_PATCHES centres count, however small the share.
    expect(mapResponse(new Float32Array([0.8, 0.2, 0.5, 0.1]))).toBeCloseTo(
      (0.8 + 0.5 + 0.2) / MIN_RESPONSE_PATCHES,
      6,
    );
    expect(mapResponse(new Float32Array([NaN, NaN]))).toBeNaN();
  });

  it('the strongest response wins, the first of equals, never NaN', () => {
    expect(strongestResponse([0.2, 0.3, 0.25])).toBe(1);
    expect(strongestResponse([0.3, 0.3])).toBe(0);
    expect(strongestResponse([NaN, 0.1, NaN])).toBe(1);
    expect(strongestResponse([NaN])).toBe(-1);
    expect(strongestResponse([])).toBe(-1);
  });

  it('a larger scale is chosen only when it beats the matched scale by the margin (a clipped real line: x1 0.291, x1.8 0.295)', () => {
    expect(SCALE_SELECTION_MARGIN).toBeGreaterThan(0);
    expect(chosenProbe([0.291, 0.2288, 0.2802, 0.2949])).toBe(0);
    expect(strongestResponse([0.291, 0.2288, 0.2802, 0.2949])).toBe(3);
    // The suite's deep zero-phase line: x1.8 wins by 12 %.
    expect(chosenProbe([0.2162, 0.1646, 0.1857, 0.2413])).toBe(3);
    const first = 0.4;
    expect(chosenProbe([first, first * (1 + SCALE_SELECTION_MARGIN) * 0.999])).toBe(0);
    expect(chosenProbe([first, first * (1 + SCALE_SELECTION_MARGIN) * 1.001])).toBe(1);
    expect(chosenProbe([0.3, 0.3, 0.1], 0)).toBe(0);
    // The matched scale without an answer gives way to any probe with one; none with one: -1.
    expect(chosenProbe([NaN, 0.1, 0.2])).toBe(2);
    expect(chosenProbe([0, 0.01])).toBe(1);
    expect(chosenProbe([NaN, NaN])).toBe(-1);
  });
});

describe('line pipeline with the shipped model', () => {
  let model: tf.LayersModel;
  beforeAll(async () => {
    await initNodeWasm();
    model = await loadModelFile(
      parseModelFile(readFileSync(new URL('../../../public/models/demo.json', import.meta.url), 'utf8')),
    );
  });

  it('probes the deep zero-phase line at multiples of the matched scale, makes the map at the strongest, and ranks its BSR better there', async () => {
    const { section, truth } = buildTestLine(evaluationLine('bsr-r20-4ms-deep').options);
    const auc = (r: Awaited<ReturnType<typeof classifyRawLine>>) =>
      scoreMap(parseMapCsv(mapToCsv(r.map, section.dtUs)), truth).auc!;
    const matched = await classifyRawLine(model, section, { selectScale: false });
    expect(matched.scaleSelection).toBeNull();
    expect(matched.presentation.scaleSource).toBe('auto');

    // The selection is the default; the probes and the map report progress as one job that never runs backwards.
    const reports: [number, number][] = [];
    const stages: unknown[] = [];
    const selected = await classifyRawLine(
      model,
      section,
      {},
      { onProgress: (d, t) => reports.push([d, t]), onScaleProbe: (p) => stages.push(p) },
    );
    const s = selected.scaleSelection!;
    expect(s.autoFactor).toBeCloseTo(matched.presentation.scaleFactor, 9);
    expect(s.factors).toEqual(SCALE_SELECTION_FACTORS.map((m) => s.autoFactor * m));
    expect(s.responses).toHaveLength(SCALE_SELECTION_FACTORS.length);
    expect(s.factor).toBe(s.factors[chosenProbe(s.responses)]);
    expect(selected.presentation.scaleSource).toBe('selected');
    expect(selected.presentation.scaleFactor).toBeCloseTo(s.factor, 9);
    // The line's thin layers make the period match show it too stretched: a larger factor answers more strongly,
    // and ranks the BSR better (README: AUC 0.75 matched, 0.99 at 1.8 times).
    expect(s.factor).toBeGreaterThan(s.autoFactor);
    expect(auc(selected)).toBeGreaterThan(auc(matched) + 0.1);
    // Each probe is announced before it runs, then null when the map starts.
    expect(stages).toEqual([...s.factors.map((factor, i) => ({ probe: i + 1, of: 4, factor })), null]);
    for (let i = 1; i < reports.length; i++) expect(reports[i]![0]).toBeGreaterThanOrEqual(reports[i - 1]![0]);
    const [done, total] = reports.at(-1)!;
    expect(done).toBe(total);
    // Four probes at twice the strides each way cost about one map more.
    expect(total).toBeGreaterThan(selected.map.grid.count * 1.5);
    expect(total).toBeLessThan(selected.map.grid.count * 3);

    // A given scale is kept as given; a cancelled run stops probing and returns a cancelled map.
    const given = await classifyRawLine(model, section, { presentation: { scale: 1.2 } });
    expect(given.scaleSelection).toBeNull();
    expect(given.presentation).toMatchObject({ scaleSource: 'given', scaleFactor: 1.2 });
    const cancelled = await classifyRawLine(model, section, {}, { isCancelled: () => true });
    expect(cancelled.scaleSelection!.responses).toEqual([]);
    expect(cancelled.map.cancelled).toBe(true);
  }, 120_000);

  it('a model that keeps the matched scale: no probes, the map at the matched factor, said in the result, held or banded', async () => {
    const { section } = buildTestLine(evaluationLine('bsr-r20-4ms-deep').options);
    const selected = await classifyRawLine(model, section);
    expect(selected.matchedScaleKept).toBe(false);
    const kept = await classifyRawLine(model, section, { modelKeepsMatchedScale: true });
    expect(kept.scaleSelection).toBeNull();
    expect(kept.matchedScaleKept).toBe(true);
    expect(kept.presentation.scaleSource).toBe('auto');
    expect(kept.presentation.scaleFactor).toBe(selected.scaleSelection!.autoFactor);
    // The same as the matched scale asked for outright, which keeps nothing back.
    const matched = await classifyRawLine(model, section, { selectScale: false, modelKeepsMatchedScale: true });
    expect(matched.matchedScaleKept).toBe(false);
    expect(Array.from(kept.map.values)).toEqual(Array.from(matched.map.values));
    const banded = await classifyLineInBands(model, sectionTraceSource(section), {
      maxBandSamples: 120 * section.samples,
      modelKeepsMatchedScale: true,
    });
    expect(banded.matchedScaleKept).toBe(true);
    expect(banded.scaleSelection).toBeNull();
  }, 120_000);

  it('a line read in bands makes the same choice and the same map as the line held whole', async () => {
    const { section } = buildTestLine(evaluationLine('bsr-r20-4ms-deep').options);
    const whole = await classifyRawLine(model, section);
    const bands: number[] = [];
    // Bands of a few patch columns: each probe and the map read the line again, band by band.
    const banded = await classifyLineInBands(
      model,
      sectionTraceSource(section),
      { maxBandSamples: 120 * section.samples },
      { onBand: (_b, i) => bands.push(i) },
    );
    expect(banded.scaleSelection).toEqual(whole.scaleSelection);
    expect(banded.presentation).toEqual(whole.presentation);
    expect(banded.bands).toBeGreaterThan(1);
    // Only the map's bands are announced, not the probes'.
    expect(bands).toEqual([...Array(banded.bands).keys()]);
    expect(Array.from(banded.map.values)).toEqual(Array.from(whole.map.values));
  }, 120_000);
});

describe("the probes' seabed mask", () => {
  /** P(BSR) = sigmoid(2k * mean |x|) over the 112 x 112 input: a model that answers most where the seabed is in the patch. */
  function amplitudeModel(k = 8): tf.LayersModel {
    const input = tf.input({ shape: [112, 112, 1] });
    const rectified = tf.layers
      .conv2d({ filters: 2, kernelSize: 1, useBias: false, activation: 'relu', weights: [tf.tensor4d([[[[1, -1]]]])] })
      .apply(input) as tf.SymbolicTensor;
    const pooled = tf.layers.globalAveragePooling2d({}).apply(rectified) as tf.SymbolicTensor;
    const dense = tf.layers.dense({
      units: 2,
      useBias: false,
      weights: [
        tf.tensor2d([
          [-k, k],
          [-k, k],
        ]),
      ],
    });
    const out = tf.layers.activation({ activation: 'softmax' }).apply(dense.apply(pooled)) as tf.SymbolicTensor;
    return tf.model({ inputs: input, outputs: out });
  }

  it("reads each probe's response with the seabed masked by half its patch; the map keeps its one-period mask", async () => {
    await initNodeWasm();
    const model = amplitudeModel();
    // A hard seabed (reflection coefficient 1) over strata of at most 0.25: the brightest patches hold the seabed.
    const line = fixtureLine({ traces: 160, samples: 400, period: 12, slope: 0.4 });
    const section = { traces: line.traces, samples: line.samples, dtUs: 4000, data: line.data };
    const r = await classifyRawLine(model, section);
    const s = r.scaleSelection!;
    expect(r.presentation.seabedMargin).toBe('wavelet');
    expect(r.presentation.maskMarginSamples).toBeLessThan(r.presentation.patchSamples / 2);
    const probeAt = async (factor: number, seabedMargin: 'half-patch' | 'wavelet') =>
      mapResponse(
        (
          await classifyRawLine(model, section, {
            selectScale: false,
            strideTraces: 16,
            strideSamples: 16,
            presentation: { scale: factor, seabedMargin },
          })
        ).map.values,
      );
    let seabedRead = 0;
    for (const [i, factor] of s.factors.entries()) {
      expect(s.responses[i]).toBe(await probeAt(factor, 'half-patch'));
      // Read with the map's mask, the probes would answer to the patches that hold the seabed.
      if ((await probeAt(factor, 'wavelet')) > s.responses[i]!) seabedRead++;
    }
    expect(seabedRead).toBe(s.factors.length);
    model.dispose();
  }, 120_000);
});
