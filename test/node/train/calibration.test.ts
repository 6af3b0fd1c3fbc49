/** Temperature scaling: the fit recovers a known temperature, and folding it into the logits layer changes P, not the argmax. */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initNodeWasm } from '../../../scripts/wasm-node';
import {
  MAX_TEMPERATURE,
  MIN_TEMPERATURE,
  fitTemperature,
  logitMargins,
  meanLogLoss,
} from '../../../src/core/train/calibration';
import {
  calibrateModel,
  canFoldTemperature,
  MIN_CALIBRATION_PATCHES,
  foldTemperature,
  patchProbabilities,
} from '../../../src/core/train/calibrate-model';
import { Rng } from '../../../src/core/prng';
import { buildModel } from '../../../src/core/model/build';
import { sampleCandidate } from '../../../src/core/model/sampler';
import { scaleSpecWidths } from '../../../src/core/model/scale';

/** Margins whose labels are drawn from sigmoid(trueA * z): a network over-confident by 1 / trueA. */
function drawn(trueA: number, n: number, seed: number): { z: Float64Array; labels: Uint8Array } {
  const rng = new Rng(seed);
  const z = new Float64Array(n);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    z[i] = (rng.next() - 0.5) * 12;
    labels[i] = rng.next() < 1 / (1 + Math.exp(-trueA * z[i]!)) ? 1 : 0;
  }
  return { z, labels };
}

describe('fitTemperature', () => {
  it.each([0.5, 1, 2.5])('recovers T = %s from labels drawn at that temperature', (t) => {
    const { z, labels } = drawn(1 / t, 20000, 7);
    const fit = fitTemperature(z, labels);
    expect(fit.temperature).toBeGreaterThan(t * 0.9);
    expect(fit.temperature).toBeLessThan(t * 1.1);
    expect(fit.nllAfter).toBeLessThanOrEqual(fit.nllBefore + 1e-12);
    expect(fit.patches).toBe(20000);
  });

  it('finds the minimum of the log-loss (no nearby temperature does better)', () => {
    const { z, labels } = drawn(1.7, 3000, 3);
    const fit = fitTemperature(z, labels);
    for (const f of [0.97, 1.03]) expect(meanLogLoss(z, labels, f / fit.temperature)).toBeGreaterThan(fit.nllAfter);
  });

  it('stays within its bounds when every patch is right (or wrong), and refuses mismatched input', () => {
    const right = fitTemperature(Float64Array.of(3, -2, 5), Uint8Array.of(1, 0, 1));
    expect(right.temperature).toBeCloseTo(MIN_TEMPERATURE, 5);
    const wrong = fitTemperature(Float64Array.of(3, -2, 5), Uint8Array.of(0, 1, 0));
    expect(wrong.temperature).toBeCloseTo(MAX_TEMPERATURE, 5);
    expect(() => fitTemperature(Float64Array.of(1, 2), Uint8Array.of(1))).toThrow(/one non-zero length/);
    expect(() => fitTemperature([], [])).toThrow(/one non-zero length/);
  });
});

it('logitMargins: log(p1) - log(p0), finite for saturated probabilities', () => {
  const z = logitMargins(Float32Array.of(0.5, 0.5, 0.2, 0.8, 0, 1, 1, 0));
  expect(z[0]).toBeCloseTo(0, 12);
  expect(z[1]).toBeCloseTo(Math.log(4), 6);
  expect(z[2]).toBe(30);
  expect(z[3]).toBe(-30);
});

describe('folding a temperature into a network', () => {
  beforeAll(async () => {
    await initNodeWasm();
  });

  const side = 48;
  function patches(n: number, seed: number): { x: Float32Array; labels: Uint8Array; side: number; count: number } {
    const rng = new Rng(seed);
    const x = new Float32Array(n * side * side);
    for (let i = 0; i < x.length; i++) x[i] = rng.next() * 2 - 1;
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) labels[i] = rng.next() < 0.5 ? 1 : 0;
    return { x, labels, side, count: n };
  }

  it('divides the margins by T exactly and keeps every argmax; calibrateModel lowers the log-loss', async () => {
    const model = buildModel(scaleSpecWidths(sampleCandidate(7, 3), 0.1), { seed: 5 });
    expect(canFoldTemperature(model)).toBe(true);
    const set = patches(MIN_CALIBRATION_PATCHES, 11);
    expect(await calibrateModel(model, patches(MIN_CALIBRATION_PATCHES - 1, 12))).toBeNull(); // too few: untouched
    const before = logitMargins(await patchProbabilities(model, set, 16));
    const tensors = tf.memory().numTensors;
    foldTemperature(model, 0.5);
    expect(tf.memory().numTensors).toBe(tensors);
    const after = logitMargins(await patchProbabilities(model, set, 16));
    for (let i = 0; i < 40; i++) {
      expect(after[i]).toBeCloseTo(before[i]! * 2, 3);
      expect(Math.sign(after[i]!)).toBe(Math.sign(before[i]!));
    }
    const nll = meanLogLoss(after, set.labels);
    const fit = await calibrateModel(model, set, 16);
    expect(fit).not.toBeNull();
    expect(fit!.nllBefore).toBeCloseTo(nll, 4);
    expect(fit!.nllAfter).toBeLessThanOrEqual(fit!.nllBefore);
    const refit = logitMargins(await patchProbabilities(model, set, 16));
    expect(meanLogLoss(refit, set.labels)).toBeCloseTo(fit!.nllAfter, 4);
    expect(() => foldTemperature(model, 0)).toThrow(/positive/);
    model.dispose();
  });

  it('a model without a linear logits layer takes no temperature', async () => {
    const input = tf.input({ shape: [112, 112, 1] });
    const pooled = tf.layers.globalAveragePooling2d({}).apply(input) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 2, name: 'logits', activation: 'elu' }).apply(pooled) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    expect(canFoldTemperature(model)).toBe(false);
    expect(await calibrateModel(model, patches(MIN_CALIBRATION_PATCHES, 1))).toBeNull();
    expect(() => foldTemperature(model, 2)).toThrow(/no linear 'logits' layer/);
    model.dispose();
  });
});
