/** classifyLine end to end on wasm: presentation, seabed mask, horizon, CSV, and the clear refusals of bad lines. */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initNodeWasm } from '../../../scripts/wasm-node';
import { centreSpan, patchCentre, sectionTraceSource, type Section } from '../../../src/core/classify';
import { classifyLine, classifyRawLine, presentationSummary } from '../../../src/core/classify/line-pipeline';
import {
  applyBaseRate,
  DEFAULT_BSR_BASE_RATE,
  DEFAULT_HORIZON_TRACKING,
  horizonToCsv,
  DEAD_ZONE_LIVE_SHARE,
  maskAboveSeabed,
  maskDeadZones,
  pickHorizon,
  probabilityAt,
  sampleMap,
  DEFAULT_HORIZON_THRESHOLD,
} from '../../../src/core/classify/horizon';
import { horizonAtThreshold } from '../../../src/core/classify/horizon-threshold';
import { emptyMap, makePatchGrid } from '../../../src/core/classify/grid';
import { LINE_BOUND_GAIN } from '../../../src/core/line/presentation';
import { averageAlongSeabed, DEFAULT_SEABED_CONTEXT_TRACES } from '../../../src/core/classify/seabed-context';
import { fixtureLine } from '../line/line-fixture';

/** P(BSR) = sigmoid(2k * mean of the 112x112 input): a model whose answer is known. */
function meanModel(k = 4): tf.LayersModel {
  const input = tf.input({ shape: [112, 112, 1] });
  const pooled = tf.layers.globalAveragePooling2d({}).apply(input) as tf.SymbolicTensor;
  const dense = tf.layers.dense({ units: 2, useBias: false, weights: [tf.tensor2d([[-k, k]])] });
  const out = tf.layers.activation({ activation: 'softmax' }).apply(dense.apply(pooled)) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

function rawSection(line: ReturnType<typeof fixtureLine>): Section {
  return { traces: line.traces, samples: line.samples, dtUs: 4000, data: line.data };
}

describe('horizon and mask (pure)', () => {
  const grid = makePatchGrid(100, 200, { strideTraces: 10, strideSamples: 10 });
  it('masks centres above the seabed plus the margin, and nothing where the pick is NaN', () => {
    const map = emptyMap(grid);
    map.values.fill(0.9);
    const seabed = new Float32Array(100).fill(60);
    seabed.fill(NaN, 90);
    const masked = maskAboveSeabed(map, seabed, 10);
    let expected = 0;
    for (let col = 0; col < grid.cols; col++) {
      for (let row = 0; row < grid.rows; row++) {
        const c = patchCentre(grid, col, row);
        const inMask = Math.round(c.trace) < 90 && c.sample < 70;
        if (inMask) expected++;
        expect(map.values[row * grid.cols + col]).toBe(inMask ? 0 : Math.fround(0.9));
      }
    }
    expect(masked).toBe(expected);
  });

  it('masks dead zones (a mute, a long run of dead traces) but not a patch centred on a dead trace among live ones', () => {
    const g = makePatchGrid(400, 200, { strideTraces: 8, strideSamples: 10 });
    const map = emptyMap(g);
    map.values.fill(0.9);
    const from = new Float32Array(400).fill(50); // a mute above sample 50
    const to = new Float32Array(400).fill(200);
    const centreTrace = (col: number) => Math.round(patchCentre(g, col, 0).trace);
    for (let col = 0; col < g.cols; col++) if (centreTrace(col) < 150) to[centreTrace(col)] = 0; // killed traces
    to.fill(0, 200, 220); // a short run of dead traces (a missing shot), shorter than half a patch
    to.fill(0, 300); // a run of dead traces to the line's end
    const masked = maskDeadZones(map, from, to);
    const share = (col: number) => {
      let live = 0;
      for (let t = col * g.strideTraces; t < Math.min(400, col * g.strideTraces + g.patchTraces); t++)
        if (to[t]! > 0) live++;
      return live / g.patchTraces;
    };
    let expected = 0;
    const seen = { killed: 0, shortRun: 0, longRun: 0 };
    for (let col = 0; col < g.cols; col++) {
      const t = centreTrace(col);
      for (let row = 0; row < g.rows; row++) {
        const v = map.values[row * g.cols + col]!;
        if (patchCentre(g, col, row).sample < 50)
          expect(v).toBe(0); // the mute: no trace of the patch is live
        else if (to[t]! > 0)
          expect(v).toBe(Math.fround(0.9)); // a live centre
        else if (t < 150 || (t >= 200 && t < 220)) {
          expect(v).toBe(Math.fround(0.9)); // a dead centre among live traces: its neighbours answer
          if (t < 150) seen.killed++;
          else seen.shortRun++;
        } else {
          expect(share(col)).toBeLessThan(DEAD_ZONE_LIVE_SHARE);
          expect(v).toBe(0); // deep in a dead run
          seen.longRun++;
        }
        if (v === 0) expected++;
      }
    }
    expect(masked).toBe(expected);
    expect(seen.killed && seen.shortRun && seen.longRun).toBeGreaterThan(0);
  });

  it('interpolates between centres, holds the edges, and picks the most probable sample below the seabed', () => {
    const map = emptyMap(grid);
    for (let row = 0; row < grid.rows; row++)
      for (let col = 0; col < grid.cols; col++)
        map.values[row * grid.cols + col] = row === 10 ? 0.8 : row === 2 ? 0.95 : 0.1;
    const c10 = patchCentre(grid, 0, 10).sample,
      c9 = patchCentre(grid, 0, 9).sample;
    expect(probabilityAt(map, 30, c10)).toBeCloseTo(0.8, 6);
    expect(probabilityAt(map, 30, (c9 + c10) / 2)).toBeCloseTo(0.45, 6);
    expect(probabilityAt(map, 0, 0)).toBeCloseTo(0.1, 6); // above the first centre: held
    expect(sampleMap(map).length).toBe(100 * 200);
    const seabed = new Float32Array(100).fill(50); // row 2 (centre 43.5) is above it: the shallower, brighter row is not the BSR
    const h = pickHorizon(map, seabed, 5);
    expect(h.samples[40]).toBeCloseTo(c10, 6);
    expect(h.probability[40]).toBeCloseTo(0.8, 6);
    const none = pickHorizon(map, seabed, 5, 0.9);
    expect(Array.from(none.samples).every(Number.isNaN)).toBe(true);
    // The horizon ends where the map's patch centres do (traces 23.5 and 73.5 here): beyond them the map only holds its edge
    // values, and a flat copy of them is no pick.
    const span = centreSpan(grid);
    expect([span.firstTrace, span.lastTrace]).toEqual([23.5, 73.5]);
    for (let t = 0; t < 100; t++) expect(Number.isNaN(h.samples[t]!)).toBe(t < 23 || t > 74);
    expect(horizonToCsv(h, 2000).split('\n')[1]).toBe(`23,${+((c10 * 2000) / 1000).toFixed(3)},0.80000`);
    expect(horizonToCsv(none, 2000)).toBe('trace,time_ms,probability\n');
  });
});

describe('BSR horizon tracking', () => {
  it('stays on a continuous event where a brighter look-alike flickers beside it, and equals the per-trace maximum at zero costs', () => {
    const grid = makePatchGrid(200, 300, { strideTraces: 8, strideSamples: 8 });
    const map = emptyMap(grid);
    // An event at row 20 on every column (P 0.8), and one column at row 8 brighter (0.95): a blip, not the horizon.
    for (let row = 0; row < grid.rows; row++)
      for (let col = 0; col < grid.cols; col++) map.values[row * grid.cols + col] = row === 20 ? 0.8 : 0.05;
    const blipCol = 10;
    map.values[8 * grid.cols + blipCol] = 0.95;
    const c20 = patchCentre(grid, 0, 20).sample,
      blipTrace = Math.round(patchCentre(grid, blipCol, 0).trace);
    const tracked = pickHorizon(map, null, 0);
    expect(tracked.samples[blipTrace]).toBeCloseTo(c20, 6);
    const span = centreSpan(grid);
    tracked.samples.forEach((v, t) =>
      t < Math.floor(span.firstTrace) || t > Math.ceil(span.lastTrace)
        ? expect(v).toBeNaN()
        : expect(v).toBeCloseTo(c20, 6),
    );
    const greedy = pickHorizon(map, null, 0, 0.5, { jumpCostPerSample: 0, startCost: 0, minPieceOfPatch: 0 });
    expect(greedy.samples[blipTrace]).toBeCloseTo(patchCentre(grid, 0, 8).sample, 6);
    // A second piece at another depth after a gap of traces without candidates: both kept, nothing in the gap.
    const two = emptyMap(grid);
    for (let col = 0; col < grid.cols; col++)
      for (let row = 0; row < grid.rows; row++)
        two.values[row * grid.cols + col] = (col < 8 && row === 10) || (col > 14 && row === 25) ? 0.9 : 0.05;
    const h = pickHorizon(two, null, 0);
    const tA = Math.round(patchCentre(grid, 3, 0).trace),
      tB = Math.round(patchCentre(grid, 17, 0).trace),
      tGap = Math.round(patchCentre(grid, 11, 0).trace);
    expect(h.samples[tA]).toBeCloseTo(patchCentre(grid, 0, 10).sample, 6);
    expect(h.samples[tB]).toBeCloseTo(patchCentre(grid, 0, 25).sample, 6);
    expect(h.samples[tGap]).toBeNaN();
    expect(h.probability[tA]).toBeCloseTo(0.9, 6);
    expect(h.tracesReaching).toBeGreaterThan(0);
  });

  it('keeps no piece narrower than a quarter of a patch: one strong patch column is not a surface', () => {
    const grid = makePatchGrid(300, 300, { strideTraces: 8, strideSamples: 8, patchTraces: 72 });
    const map = emptyMap(grid);
    map.values.fill(0.05);
    // One column at P 0.95 (about 9 traces over 0.5), and a long event of 12 columns elsewhere.
    map.values[10 * grid.cols + 5] = 0.95;
    for (let col = 14; col < 26; col++) map.values[20 * grid.cols + col] = 0.8;
    const h = pickHorizon(map, null, 0);
    const picked = (from: number, to: number) =>
      Array.from(h.samples.subarray(from, to)).filter((v) => !Number.isNaN(v)).length;
    const short = [Math.round(patchCentre(grid, 5, 0).trace) - 8, Math.round(patchCentre(grid, 5, 0).trace) + 8];
    expect(picked(short[0]!, short[1]!)).toBe(0);
    expect(picked(0, 300)).toBeGreaterThanOrEqual(18 * 5);
    expect(h.tracesReaching).toBeGreaterThan(picked(0, 300)); // the short piece's traces reached P 0.5
    // Without the rule the short piece is kept (its P outweighs the start cost).
    const all = pickHorizon(map, null, 0, 0.5, { ...DEFAULT_HORIZON_TRACKING, minPieceOfPatch: 0 });
    expect(Array.from(all.samples.subarray(short[0], short[1])).some((v) => !Number.isNaN(v))).toBe(true);
  });

  it('counts the traces that reach the threshold, so a map without a horizon can say whether P ever got there', () => {
    const grid = makePatchGrid(200, 300, { strideTraces: 8, strideSamples: 8 });
    const faint = emptyMap(grid);
    faint.values.fill(0.05);
    // One column just over the threshold: a piece worth less than the start cost, so no pick, but traces reach P 0.5.
    faint.values[12 * grid.cols + 10] = 0.56;
    const h = pickHorizon(faint, null, 0);
    expect(Array.from(h.samples).every(Number.isNaN)).toBe(true);
    expect(h.tracesReaching).toBeGreaterThan(0);
    expect(h.tracesReaching).toBeLessThan(grid.strideTraces * 2);
    // Without the start cost the same column is picked on exactly those traces.
    const free = pickHorizon(faint, null, 0, 0.5, { jumpCostPerSample: 0.0025, startCost: 0, minPieceOfPatch: 0 });
    expect(Array.from(free.samples).filter((v) => !Number.isNaN(v)).length).toBe(h.tracesReaching);
    // Below the seabed margin only: the same column above the seabed reaches nothing.
    const above = pickHorizon(faint, new Float32Array(200).fill(290), 0, 0.5, {
      jumpCostPerSample: 0,
      startCost: 0,
      minPieceOfPatch: 0,
    });
    expect(above.tracesReaching).toBe(0);
  });
});

describe('base rate', () => {
  it('re-weights the odds by the prior ratio, keeps the order and NaN, and is the identity at the trained rate', () => {
    const grid = makePatchGrid(48, 48, {});
    const map = emptyMap(grid);
    map.values.set([0.5]);
    applyBaseRate(map, 0.05);
    expect(map.values[0]).toBeCloseTo(0.05, 6); // even odds at 50 % become the base rate's odds
    const many = { ...emptyMap(makePatchGrid(100, 48, { strideTraces: 13 })) };
    many.values.set([0.1, 0.9, 0.99, NaN, 0.6]);
    applyBaseRate(many, 0.05);
    const v = Array.from(many.values);
    expect(v[0]! < v[4]! && v[4]! < v[1]! && v[1]! < v[2]!).toBe(true);
    expect(v[3]).toBeNaN();
    expect(v[2]).toBeCloseTo((0.99 * (0.05 / 0.95)) / (0.99 * (0.05 / 0.95) + 0.01), 6);
    const same = emptyMap(grid);
    same.values.set([0.7]);
    applyBaseRate(same, 0.5);
    expect(same.values[0]).toBeCloseTo(0.7, 6);
    expect(() => applyBaseRate(same, 1)).toThrow(/between 0 and 1/);
  });
});

describe('classifyLine on wasm', () => {
  let model: tf.LayersModel;
  beforeAll(async () => {
    await initNodeWasm();
    model = meanModel();
  });

  it('leaves a BSR two periods under the seabed unmasked, at every time scale', async () => {
    // Where the hydrate zone thins upslope the BSR comes within a few periods of the seabed. The mask used to reach
    // half a patch (2.7 periods at the matched scale) and hid it; it now covers the seabed's own wavelet only.
    const line = fixtureLine({ traces: 160, samples: 400, period: 12, slope: 0.2, bsrBelow: 26 });
    for (const scale of ['auto', 1.2, 2] as const) {
      const r = await classifyLine(model, sectionTraceSource(rawSection(line)), { presentation: { scale } });
      const p = r.presentation;
      expect(p.maskMarginSamples).toBeLessThan(26);
      let onBsr = 0;
      for (let col = 0; col < r.map.grid.cols; col++) {
        for (let row = 0; row < r.map.grid.rows; row++) {
          const c = patchCentre(r.map.grid, col, row);
          const t = Math.round(c.trace);
          if (Math.abs(c.sample - line.bsr[t]!) > 4) continue;
          expect(r.map.values[row * r.map.grid.cols + col]).toBeGreaterThan(0);
          onBsr++;
        }
      }
      expect(onBsr).toBeGreaterThan(5);
    }
  });

  it('presents, classifies, masks above the seabed and records what it did', async () => {
    const line = fixtureLine({ traces: 160, samples: 400, period: 12, slope: 0.4 });
    const before = tf.memory().numTensors;
    const r = await classifyLine(model, sectionTraceSource(rawSection(line)));
    expect(tf.memory().numTensors).toBe(before);
    const p = r.presentation;
    expect(p.seabed?.found).toBe(true);
    expect(p.polarity.polarity).toBe('normal');
    expect(r.map.grid.patchSamples).toBe(p.patchSamples);
    expect(r.masked).toBeGreaterThan(0);
    const sb = p.seabed!.samples;
    for (let col = 0; col < r.map.grid.cols; col++) {
      for (let row = 0; row < r.map.grid.rows; row++) {
        const c = patchCentre(r.map.grid, col, row),
          v = r.map.values[row * r.map.grid.cols + col]!;
        if (c.sample < sb[Math.round(c.trace)]! + p.maskMarginSamples) expect(v).toBe(0);
        else expect(v).toBeGreaterThan(0); // a sigmoid is never 0: only the mask makes zeros
      }
    }
    for (let t = 0; t < line.traces; t++) {
      const h = r.horizon.samples[t]!;
      if (!Number.isNaN(h)) expect(h).toBeGreaterThanOrEqual(sb[t]! + p.maskMarginSamples);
    }
    expect(presentationSummary(p)).toMatchObject({
      seabed: 'auto',
      polarity: 'normal',
      flipped: false,
      flip_source: 'auto',
      // The time-scale selection is on by default: the map is made at one of the probed factors.
      scale_source: 'selected',
      bound_gain: LINE_BOUND_GAIN,
    });
    expect(r.scaleSelection?.factors).toContain(p.scaleFactor);
    expect(r.bsrBaseRate).toBe(DEFAULT_BSR_BASE_RATE);
    // At the network's own rate the same line gives the raw sigmoid, larger everywhere it is not masked.
    const raw = await classifyLine(model, sectionTraceSource(rawSection(line)), { bsrBaseRate: 0.5 });
    for (let i = 0; i < raw.map.values.length; i++) {
      if (r.map.values[i]! > 0) expect(raw.map.values[i]!).toBeGreaterThan(r.map.values[i]!);
    }
  });

  it("averages P along the seabed by default (0 turns it off), and tracks the horizon on the patches' own P", async () => {
    const line = fixtureLine({ traces: 160, samples: 400, period: 12, slope: 0.4 });
    // At the network's own rate (0.5) the mean model's P >= 0.5 below the seabed, so the horizon has picks.
    const averaged = await classifyRawLine(model, rawSection(line), { bsrBaseRate: 0.5 });
    const plain = await classifyRawLine(model, rawSection(line), { bsrBaseRate: 0.5, seabedContextTraces: 0 });
    expect(averaged.seabedContextTraces).toBe(DEFAULT_SEABED_CONTEXT_TRACES);
    expect(plain.seabedContextTraces).toBe(0);
    const { grid } = plain.map;
    // What averageAlongSeabed makes of the plain map, masks applied again, is the default map.
    const expected = { ...plain.map, values: plain.map.values.slice() };
    averageAlongSeabed(expected, plain.presentation.seabed!.samples, DEFAULT_SEABED_CONTEXT_TRACES);
    maskAboveSeabed(expected, plain.presentation.seabed!.samples, plain.presentation.maskMarginSamples);
    expect(Array.from(averaged.map.values)).toEqual(Array.from(expected.values));
    let changed = 0;
    for (let i = 0; i < grid.count; i++) if (averaged.map.values[i] !== plain.map.values[i]) changed++;
    expect(changed).toBeGreaterThan(grid.count / 4);
    expect(plain.horizon.samples.some((s) => !Number.isNaN(s))).toBe(true);
    expect(Array.from(averaged.horizon.samples)).toEqual(Array.from(plain.horizon.samples));
    // Picked on the averaged map it would differ.
    const onAveraged = pickHorizon(
      averaged.map,
      plain.presentation.seabed!.samples,
      plain.presentation.maskMarginSamples,
    );
    expect(Array.from(onAveraged.samples)).not.toEqual(Array.from(plain.horizon.samples));
    // Without a seabed there is nothing to average along.
    const noSeabed = await classifyRawLine(model, rawSection(line), { presentation: { seabed: 'off' } });
    expect(noSeabed.seabedContextTraces).toBe(0);
    await expect(classifyRawLine(model, rawSection(line), { seabedContextTraces: -8 })).rejects.toThrow(
      /seabedContextTraces must be a number of traces >= 0, got -8/,
    );
  });

  it("keeps the patches' own P, so the horizon can be picked again at the user's threshold as the pipeline picks it", async () => {
    const line = fixtureLine({ traces: 160, samples: 400, period: 12, slope: 0.4 });
    const averaged = await classifyRawLine(model, rawSection(line));
    const plain = await classifyRawLine(model, rawSection(line), { seabedContextTraces: 0 });
    // No averaging: the map's values are the patches' own, and nothing is kept twice.
    expect(plain.ownValues).toBeNull();
    expect(Array.from(averaged.ownValues!)).toEqual(Array.from(plain.map.values));
    expect(averaged.horizon.minProbability).toBe(DEFAULT_HORIZON_THRESHOLD);
    // At the default base rate this model stays under 0.5 everywhere: no horizon at 0.5; half its peak gives one.
    const own = Math.max(...Array.from(averaged.ownValues!).filter((v) => !Number.isNaN(v)));
    expect(own).toBeLessThan(0.5);
    expect(averaged.horizon.samples.every((v) => Number.isNaN(v))).toBe(true);
    const threshold = own / 2;
    const asked = await classifyRawLine(model, rawSection(line), { horizonThreshold: threshold });
    expect(asked.horizon.minProbability).toBe(threshold);
    const picks = Array.from(asked.horizon.samples).filter((v) => !Number.isNaN(v));
    expect(picks.length).toBeGreaterThan(line.traces / 2);
    // Picked again from the finished map (what the Classify view does when the contour's slider moves): the same.
    const source = { ...averaged.map, presentation: averaged.presentation, horizon: averaged.horizon };
    const again = horizonAtThreshold({ ...source, ownValues: averaged.ownValues }, threshold);
    expect(Array.from(again.samples)).toEqual(Array.from(asked.horizon.samples));
    expect(Array.from(again.probability)).toEqual(Array.from(asked.horizon.probability));
    // Picked from the averaged values instead it would differ: the own P is what the viewer must re-pick from.
    const fromAveraged = horizonAtThreshold({ ...source, ownValues: null }, threshold);
    expect(Array.from(fromAveraged.samples)).not.toEqual(Array.from(asked.horizon.samples));
    // At the pipeline's own threshold the pipeline's horizon is returned as it is.
    expect(horizonAtThreshold({ ...source, ownValues: averaged.ownValues }, 0.5)).toBe(averaged.horizon);
    for (const bad of [0, 1, NaN])
      await expect(classifyRawLine(model, rawSection(line), { horizonThreshold: bad })).rejects.toThrow(
        `classify: horizonThreshold must be a P(BSR) between 0 and 1, got ${bad}`,
      );
  });

  it('sets P = 0 within a period of the seabed multiple the line shows, and says so in the summary', async () => {
    const line = fixtureLine({ traces: 160, samples: 500, period: 10, seabedTop: 100, slope: 0.4, multiple: -0.5 });
    const r = await classifyLine(model, sectionTraceSource(rawSection(line)));
    const p = r.presentation;
    expect(p.multiples.map((m) => m.order)).toEqual([2]);
    const curve = p.multiples[0]!.samples;
    let onCurve = 0;
    for (let col = 0; col < r.map.grid.cols; col++) {
      for (let row = 0; row < r.map.grid.rows; row++) {
        const c = patchCentre(r.map.grid, col, row),
          v = r.map.values[row * r.map.grid.cols + col]!;
        if (Math.abs(c.sample - curve[Math.round(c.trace)]!) <= p.multipleMarginSamples) {
          expect(v).toBe(0);
          onCurve++;
        }
      }
    }
    expect(onCurve).toBeGreaterThan(0);
    const summary = presentationSummary(p) as { seabed_multiples: { order: number; energy_ratio: number }[] };
    expect(summary.seabed_multiples.map((m) => m.order)).toEqual([2]);
    expect(summary.seabed_multiples[0]!.energy_ratio).toBeGreaterThan(2);
    // Without the multiple search nothing near the curve is zero (above the seabed margin only).
    const off = await classifyLine(model, sectionTraceSource(rawSection(line)), { presentation: { multiples: false } });
    expect(off.presentation.multiples).toEqual([]);
    expect(off.masked).toBeLessThan(r.masked);
  });

  it('sets P = 0 where the raw line is dead (a mute of zeros), even without a seabed mask', async () => {
    const line = fixtureLine({ traces: 100, samples: 300, period: 10 });
    for (let t = 0; t < 100; t++) line.data.fill(0, t * 300 + 200, (t + 1) * 300); // padding below sample 200
    const r = await classifyRawLine(model, rawSection(line), { presentation: { seabed: 'off', scale: 1 } });
    expect(Array.from(r.presentation.liveTo).every((v) => v <= 200)).toBe(true);
    for (let col = 0; col < r.map.grid.cols; col++) {
      for (let row = 0; row < r.map.grid.rows; row++) {
        const c = patchCentre(r.map.grid, col, row),
          v = r.map.values[row * r.map.grid.cols + col]!;
        if (c.sample >= 200) expect(v).toBe(0);
        else expect(v).toBeGreaterThan(0);
      }
    }
    expect(r.masked).toBeGreaterThan(0);
  });

  it('without a seabed mask nothing is zero; a given scale sets the patch height', async () => {
    const line = fixtureLine({ traces: 100, samples: 300, period: 10 });
    const r = await classifyRawLine(model, rawSection(line), { presentation: { seabed: 'off', scale: 2 } });
    expect(r.masked).toBe(0);
    expect(r.map.grid.patchSamples).toBe(96);
    expect(Array.from(r.map.values).every((v) => v > 0)).toBe(true);
  });

  it('refuses a single trace, a flat section, a NaN sample and a line shorter than a patch, saying what is wrong', async () => {
    const one = { traces: 1, samples: 300, dtUs: 4000, data: new Float32Array(300).fill(1) };
    await expect(classifyRawLine(model, one)).rejects.toThrow(/the line has 1 trace; a patch needs 48/);
    const flat = { traces: 60, samples: 100, dtUs: 4000, data: new Float32Array(6000).fill(3) };
    await expect(classifyRawLine(model, flat)).rejects.toThrow(
      /every sample of the line is 3: a dead \(flat\) section/,
    );
    const nan = { traces: 60, samples: 100, dtUs: 4000, data: new Float32Array(6000).fill(1) };
    nan.data[250] = NaN;
    await expect(classifyRawLine(model, nan)).rejects.toThrow(/trace 2 sample 50 is NaN/);
    const short = { traces: 60, samples: 12, dtUs: 4000, data: Float32Array.from({ length: 720 }, (_, i) => i % 7) };
    await expect(classifyRawLine(model, short)).rejects.toThrow(/12 samples per trace; too short/);
  });
});
