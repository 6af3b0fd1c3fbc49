import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initNodeWasm } from '../../../scripts/wasm-node';
import {
  classifySection,
  mapToCsv,
  mapToLineRgba,
  resizeForNetwork,
  saliencyMap,
  type Section,
} from '../../../src/core/classify';
import { toNetworkInput } from '../../../src/core/train/network-input';
import { mapSamples } from '../../../src/core/classify/map-samples';
import { infernoLut } from '../../../src/core/display/colormaps';
import { patchCentre } from '../../../src/core/classify/grid';
import { Rng } from '../../../src/core/prng';

/**
 * A model with a known answer: global average of the 112x112 input -> dense [-k, k] -> softmax,
 * so P(BSR) = sigmoid(2k * mean) rises with the patch mean.
 */
function meanModel(k = 4): tf.LayersModel {
  const input = tf.input({ shape: [112, 112, 1] });
  const pooled = tf.layers.globalAveragePooling2d({}).apply(input) as tf.SymbolicTensor;
  const dense = tf.layers.dense({ units: 2, useBias: false, weights: [tf.tensor2d([[-k, k]])] });
  const out = tf.layers.activation({ activation: 'softmax' }).apply(dense.apply(pooled)) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

/** Values rise along the line (trace t -> t / traces - 0.5), constant in time. */
function traceRamp(traces: number, samples: number): Section {
  const data = new Float32Array(traces * samples);
  for (let t = 0; t < traces; t++) data.fill(t / traces - 0.5, t * samples, (t + 1) * samples);
  return { traces, samples, dtUs: 2000, data };
}

describe('classifySection on wasm', () => {
  let model: tf.LayersModel;
  beforeAll(async () => {
    await initNodeWasm();
    model = meanModel();
  });

  it('writes each patch probability at its grid cell, reports progress and frees every tensor', async () => {
    const before = tf.memory().numTensors;
    const sec = traceRamp(150, 100);
    const progress: number[] = [];
    const map = await classifySection(
      model,
      sec,
      { strideTraces: 17, strideSamples: 13, batchSize: 5 },
      {
        onProgress: (d, total, rate) => {
          progress.push(d);
          expect(total).toBe(map0count);
          expect(rate).toBeGreaterThan(0);
        },
      },
    );
    const { cols, rows } = map.grid;
    expect([cols, rows]).toEqual([7, 5]);
    expect(progress).toEqual([5, 10, 15, 20, 25, 30, 35]);
    for (let col = 0; col < cols; col++) {
      const mean = (col * 17 + 23.5) / 150 - 0.5;
      for (let row = 0; row < rows; row++)
        expect(map.values[row * cols + col]!).toBeCloseTo(1 / (1 + Math.exp(-8 * mean)), 4);
    }
    expect(map.done).toBe(35);
    expect(map.cancelled).toBe(false);
    expect(tf.memory().numTensors).toBe(before);
    const csv = mapToCsv(map, sec.dtUs).trim().split('\n');
    expect(csv[0]).toBe('trace,time_ms,probability');
    expect(csv).toHaveLength(36);
    expect(csv[2]).toMatch(/^23\.5,73,(0|0\.\d{1,7}|1)$/); // patch (col 0, row 1): centre sample 13 + 23.5 = 36.5 x 2 ms
    // Over the line: one pixel per trace and sample, the SEG-Y map's values (mapSamples); every k-th past maxSide.
    const line = mapToLineRgba(map);
    expect([line.width, line.height]).toEqual([map.grid.traces, map.grid.samples]);
    const lut = infernoLut();
    const at = (x: number, y: number) => [
      ...line.data.subarray((y * line.width + x) * 4, (y * line.width + x) * 4 + 4),
    ];
    for (const [t, s] of [
      [0, 0],
      [40, 20],
      [map.grid.traces - 1, map.grid.samples - 1],
    ] as const) {
      const k = Math.round(mapSamples(map, t, 1, map.grid.samples)[s]! * 255) * 4;
      expect(at(t, s)).toEqual([lut[k], lut[k + 1], lut[k + 2], 255]);
    }
    // Higher probability to the right: brighter (inferno's red rises), at the centres of patch columns 0 and 6.
    const [left, right] = [patchCentre(map.grid, 0, 0), patchCentre(map.grid, 6, 0)];
    expect(at(Math.round(right.trace), Math.round(right.sample))[0]!).toBeGreaterThan(
      at(Math.round(left.trace), Math.round(left.sample))[0]!,
    );
    const small = mapToLineRgba(map, 50);
    expect([small.width, small.height]).toEqual([50, Math.min(50, map.grid.samples)]);
  });
  const map0count = 35;

  it('stops early when cancelled and leaves the rest NaN', async () => {
    const before = tf.memory().numTensors;
    let batches = 0;
    const map = await classifySection(
      model,
      traceRamp(150, 100),
      { strideTraces: 17, strideSamples: 13, batchSize: 5 },
      { onProgress: () => batches++, isCancelled: () => batches >= 2 },
    );
    expect(map.cancelled).toBe(true);
    expect(map.done).toBe(10);
    expect(map.values.filter((v) => !Number.isNaN(v))).toHaveLength(10);
    expect(mapToCsv(map, 2000).trim().split('\n')).toHaveLength(11);
    // Cell (row 0, col 3) was not classified: see-through at its centre in the picture; a classified one opaque.
    const picture = mapToLineRgba(map);
    const alphaAt = (col: number, row: number) => {
      const c = patchCentre(map.grid, col, row);
      return picture.data[(Math.round(c.sample) * picture.width + Math.round(c.trace)) * 4 + 3];
    };
    expect(Number.isNaN(map.values[3])).toBe(true);
    expect(alphaAt(3, 0)).toBe(0);
    const done = map.values.findIndex((v) => !Number.isNaN(v));
    expect(alphaAt(done % map.grid.cols, Math.floor(done / map.grid.cols))).toBe(255);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives a 48x48 saliency that is non-zero and, for the mean model, positive everywhere', async () => {
    const before = tf.memory().numTensors;
    const rng = new Rng(2);
    const patch = Float32Array.from({ length: 2304 }, () => rng.normal(0, 0.3));
    const { saliency, probability, maxAbsGradient } = await saliencyMap(model, patch);
    expect(saliency).toHaveLength(2304);
    expect(maxAbsGradient).toBeGreaterThan(0);
    expect(Math.max(...saliency)).toBeCloseTo(1, 6);
    expect(Math.min(...saliency)).toBeGreaterThan(0);
    expect(probability).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
    await expect(saliencyMap(model, new Float32Array(10))).rejects.toThrow(/48 x 48 patch/);
  });

  it('differentiates through the same resize that toNetworkInput applies', async () => {
    const rng = new Rng(4);
    const x = Float32Array.from({ length: 2 * 2304 }, () => rng.normal());
    const a = toNetworkInput(x, 2, 48);
    const b = tf.tidy(() => resizeForNetwork(tf.tensor4d(x, [2, 48, 48, 1])));
    expect(await a.data()).toEqual(await b.data());
    tf.dispose([a, b]);
  });
});
