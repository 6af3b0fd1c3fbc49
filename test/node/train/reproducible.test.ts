/**
 * A training is reproducible from TrainSettings.seed: the initial weights and the dropout masks are seeded (not
 * drawn from Math.random), so two tiny trainings of the same spec on the same data give byte-identical weights,
 * and another seed gives other weights. This is what makes `scripts/train-demo-model.ts` reproduce the shipped
 * model (it calls trainCandidate with the same settings; a full run takes minutes, so the tiny budget is here).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initNodeWasm } from '../../../scripts/wasm-node';
import { makeSmallSpec } from '../../../src/core/model';
import { buildModel, seedDropout } from '../../../src/core/model/build';
import { DEFAULT_TRAIN_SETTINGS, trainCandidate, type TrainSettings } from '../../../src/core/train/trainer';
import type { PatchSet } from '../../../src/core/train/patch-set';
import { Rng } from '../../../src/core/prng';

function noisySet(n: number, seed: number): PatchSet {
  const side = 48,
    rng = new Rng(seed);
  const x = new Float32Array(n * side * side);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  return { x, labels: Uint8Array.from({ length: n }, () => (rng.chance(0.5) ? 1 : 0)), side, count: n };
}

// dropout 0.5: a dropout layer that matters, so unseeded masks would make the two runs differ.
const SPEC = makeSmallSpec({ stemWidth: 4, perceptionWidth: 10, dropout: 0.5 });
const DATA = { train: noisySet(48, 1), val: noisySet(16, 2) };
const SETTINGS: TrainSettings = {
  ...DEFAULT_TRAIN_SETTINGS,
  batchSize: 16,
  learningRate: 3e-3,
  maxEpochs: 2,
  validateEvery: 3,
  earlyStop: 'none',
  seed: 11,
};

async function trainedBytes(settings: TrainSettings): Promise<Uint8Array> {
  const { model } = await trainCandidate(
    SPEC,
    DATA,
    settings,
    {},
    { keepModel: true, candidateKey: 3, inferenceBatches: 1 },
  );
  if (!model) throw new Error('keepModel returned no model');
  const parts = await Promise.all(model.getWeights().map((w) => w.data() as Promise<Float32Array>));
  model.dispose();
  const out = new Uint8Array(parts.reduce((a, p) => a + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), at);
    at += p.byteLength;
  }
  return out;
}

describe('reproducible training (wasm in node, one thread)', () => {
  beforeAll(async () => {
    await initNodeWasm();
  });

  it('two trainings with the same seed give byte-identical weights; another seed other weights', async () => {
    const a = await trainedBytes(SETTINGS);
    const b = await trainedBytes(SETTINGS);
    const c = await trainedBytes({ ...SETTINGS, seed: 12 });
    expect(a.length).toBeGreaterThan(1000);
    expect(Buffer.from(b).equals(Buffer.from(a))).toBe(true);
    expect(Buffer.from(c).equals(Buffer.from(a))).toBe(false);
  });

  it('a seeded build gives the same initial weights, another seed others; no seed leaves no trace in the config', () => {
    const weights = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));
    const [m1, m2, m3] = [buildModel(SPEC, { seed: 5 }), buildModel(SPEC, { seed: 5 }), buildModel(SPEC, { seed: 6 })];
    expect(weights(m2)).toEqual(weights(m1));
    expect(weights(m3)).not.toEqual(weights(m1));
    // Glorot-uniform: a dense kernel [in, out] within sqrt(6 / (in + out)) and spread over it; biases zero.
    for (const w of m1.weights) {
      const v = w.read().dataSync();
      if (w.originalName.endsWith('/bias'))
        expect(
          v.every((x) => x === 0),
          w.originalName,
        ).toBe(true);
      if (w.originalName.endsWith('/kernel') && w.shape.length === 2) {
        const limit = Math.sqrt(6 / ((w.shape[0] as number) + (w.shape[1] as number)));
        let max = 0;
        for (const x of v) max = Math.max(max, Math.abs(x));
        expect(max, w.originalName).toBeLessThanOrEqual(limit);
        expect(max, w.originalName).toBeGreaterThan(0.9 * limit);
      }
    }
    expect(JSON.stringify(m1.toJSON(null, false))).not.toMatch(/"seed":\s*\d/);
    for (const m of [m1, m2, m3]) m.dispose();
  });

  it('a dropout seed fixes the mask of the next call; another seed gives another mask; null unseeds', () => {
    const model = buildModel(SPEC, { seed: 1 });
    const x = tf.randomNormal([4, 112, 112, 1], 0, 1, 'float32', 9);
    const run = (seed: number | null) => {
      seedDropout(model, seed);
      return Array.from((model.apply(x, { training: true }) as tf.Tensor).dataSync());
    };
    expect(run(100)).toEqual(run(100));
    expect(run(101)).not.toEqual(run(100));
    seedDropout(model, null);
    expect(JSON.stringify(model.toJSON(null, false))).not.toMatch(/"seed":\s*\d/);
    x.dispose();
    model.dispose();
  });
});
