import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initNodeWasm } from '../../../scripts/wasm-node';
import { makeSmallSpec } from '../../../src/core/model';
import { trainCandidate, DEFAULT_TRAIN_SETTINGS } from '../../../src/core/train/trainer';
import type { PatchSet } from '../../../src/core/train/patch-set';
import { Rng } from '../../../src/core/prng';
import { MIN_CALIBRATION_PATCHES } from '../../../src/core/train/calibrate-model';

/** An easy, separable task: a bright horizontal band for label 1, a dark one for label 0, plus noise. */
function bandSet(n: number, seed: number): PatchSet {
  const side = 48;
  const rng = new Rng(seed);
  const x = new Float32Array(n * side * side);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const label = rng.chance(0.5) ? 1 : 0;
    labels[i] = label;
    const row = rng.int(10, 38);
    for (let r = 0; r < side; r++)
      for (let c = 0; c < side; c++) {
        const band = Math.abs(r - row) < 3 ? (label ? 0.8 : -0.8) : 0;
        x[i * side * side + r * side + c] = band + rng.normal(0, 0.1);
      }
  }
  return { x, labels, side, count: n };
}

describe('trainCandidate on wasm in node', () => {
  beforeAll(async () => {
    await initNodeWasm();
  });

  it('learns an easy task, stops by the rule, and frees every tensor', async () => {
    const before = tf.memory().numTensors;
    const spec = makeSmallSpec({ stemWidth: 4, perceptionWidth: 10 });
    const progress: number[] = [];
    // Kind ids 0..4: one more than the generator has today, so per-kind results must not assume a fixed count.
    const testKinds = Uint8Array.from({ length: 64 }, (_, i) => i % 5);
    const { result } = await trainCandidate(
      spec,
      { train: bandSet(256, 1), val: bandSet(64, 2), test: bandSet(64, 3), testKinds },
      {
        ...DEFAULT_TRAIN_SETTINGS,
        batchSize: 32,
        learningRate: 3e-3,
        maxEpochs: 6,
        validateEvery: 4,
        earlyStop: 'none',
      },
      { onProgress: (p) => progress.push(p.step) },
    );
    expect(tf.getBackend()).toBe('wasm');
    expect(result.steps).toBe(48);
    expect(result.stoppedBy).toBe('max-epochs');
    expect(result.curves.train).toHaveLength(48);
    expect(result.curves.val).toHaveLength(12);
    expect(result.max).toBeGreaterThan(0.9);
    expect(result.meanTop5).toBeLessThanOrEqual(result.max);
    expect(result.test?.accuracy).toBeGreaterThan(0.85);
    const perKind = result.test!.perKind!;
    expect(perKind.map((k) => k.kind)).toEqual([0, 1, 2, 3, 4]);
    expect(perKind.map((k) => k.count)).toEqual([13, 13, 13, 13, 12]);
    const correct = perKind.reduce((s, k) => s + k.correct, 0);
    expect(correct / 64).toBeCloseTo(result.test!.accuracy, 12);
    expect(result.test!.wrong!.flat().length).toBe(64 - correct);
    expect(result.test!.wrong![1].length).toBe(result.test!.confusion[1][0]);
    expect(result.inferPatchesPerS).toBeGreaterThan(0);
    expect(progress).toEqual(Array.from({ length: 48 }, (_, i) => i + 1));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('cancels between steps and prunes when asked', async () => {
    const before = tf.memory().numTensors;
    const spec = makeSmallSpec({ stemWidth: 4, perceptionWidth: 10 });
    let steps = 0;
    const cancelled = await trainCandidate(
      spec,
      { train: bandSet(64, 4), val: bandSet(16, 5) },
      { ...DEFAULT_TRAIN_SETTINGS, batchSize: 16 },
      {
        onProgress: () => steps++,
        isCancelled: () => steps >= 3,
      },
    );
    expect(cancelled.result.stoppedBy).toBe('cancelled');
    expect(cancelled.result.steps).toBe(3);
    const pruned = await trainCandidate(
      spec,
      { train: bandSet(64, 4), val: bandSet(16, 5) },
      { ...DEFAULT_TRAIN_SETTINGS, batchSize: 16, validateEvery: 2 },
      {
        shouldPrune: (step) => step >= 4,
      },
    );
    expect(pruned.result.stoppedBy).toBe('pruned');
    expect(pruned.result.steps).toBe(4);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('averages the weights of the last epochs when asked (stochastic weight averaging)', async () => {
    const spec = makeSmallSpec({ stemWidth: 4, perceptionWidth: 10 });
    const data = { train: bandSet(64, 6), val: bandSet(16, 7) };
    const settings = {
      ...DEFAULT_TRAIN_SETTINGS,
      batchSize: 16,
      learningRate: 3e-3,
      validateEvery: 4,
      earlyStop: 'none' as const,
    };
    // The same seed gives the same first epochs, so 2- and 3-epoch runs hold the weights at the end of epochs 2 and 3.
    const weightsAfter = async (maxEpochs: number, averageEpochs = 0): Promise<Float32Array[]> => {
      const { model } = await trainCandidate(
        spec,
        data,
        { ...settings, maxEpochs, averageEpochs },
        {},
        { keepModel: true },
      );
      const w = model!.getWeights().map((t) => Float32Array.from(t.dataSync()));
      model!.dispose();
      return w;
    };
    const [second, third, averaged] = [await weightsAfter(2), await weightsAfter(3), await weightsAfter(3, 2)];
    let changed = 0;
    averaged.forEach((w, i) => {
      for (let k = 0; k < w.length; k++) {
        const a = second[i]![k]!,
          b = third[i]![k]!;
        if (a !== b) changed++;
        expect(w[k]).toBeCloseTo((a + b) / 2, 5);
      }
    });
    expect(changed).toBeGreaterThan(100);
  });
});

describe('calibrate', () => {
  beforeAll(async () => {
    await initNodeWasm();
  });

  it('folds the temperature fitted on the validation patches into the kept model, and only into the logits', async () => {
    const spec = makeSmallSpec({ stemWidth: 4, perceptionWidth: 10 });
    const data = { train: bandSet(64, 6), val: bandSet(MIN_CALIBRATION_PATCHES, 9) };
    const settings = {
      ...DEFAULT_TRAIN_SETTINGS,
      batchSize: 16,
      learningRate: 3e-3,
      maxEpochs: 2,
      validateEvery: 4,
      earlyStop: 'none' as const,
    };
    const run = async (calibrate: boolean, keepModel: boolean) => {
      const { result, model } = await trainCandidate(spec, data, { ...settings, calibrate }, {}, { keepModel });
      const weights = new Map(
        (model?.weights ?? []).map((w) => [w.originalName, Float32Array.from(w.read().dataSync())] as const),
      );
      model?.dispose();
      return { result, weights };
    };
    const plain = await run(false, true);
    const calibrated = await run(true, true);
    expect(plain.result.calibration).toBeUndefined();
    const t = calibrated.result.calibration!.temperature;
    expect(calibrated.result.calibration!.patches).toBe(MIN_CALIBRATION_PATCHES);
    expect(t).toBeGreaterThan(0);
    expect(calibrated.result.meanTop5).toBe(plain.result.meanTop5);
    let logitsWeights = 0;
    for (const [name, w] of plain.weights) {
      const c = calibrated.weights.get(name)!;
      const factor = name.startsWith('logits/') ? 1 / t : 1;
      if (name.startsWith('logits/')) logitsWeights += w.length;
      for (let k = 0; k < w.length; k++) expect(c[k]).toBeCloseTo(w[k]! * factor, 4);
    }
    expect(logitsWeights).toBeGreaterThan(0);
    // Nothing to fold into when the model is not kept (a search candidate whose weights are dropped).
    expect((await run(true, false)).result.calibration).toBeUndefined();
  });
});

describe('evaluateSet', () => {
  beforeAll(async () => {
    await initNodeWasm();
  });
  it('returns the mean cross-entropy and accuracy of the set (checked against a direct computation)', async () => {
    const { evaluateSet } = await import('../../../src/core/train/trainer');
    const { buildModel } = await import('../../../src/core/model/build');
    const { toNetworkInput } = await import('../../../src/core/train/network-input');
    const set = bandSet(40, 9);
    const model = buildModel(makeSmallSpec({ stemWidth: 4, perceptionWidth: 10 }));
    const ev = await evaluateSet(model, set, 16);
    const probs = (await (
      model.predict(toNetworkInput(set.x, set.count, set.side)) as tf.Tensor
    ).array()) as number[][];
    let ce = 0,
      correct = 0;
    probs.forEach((p, i) => {
      const label = set.labels[i] as number;
      ce -= Math.log(Math.max(1e-7, p[label] as number));
      if ((p[1] as number) > (p[0] as number) === (label === 1)) correct++;
    });
    expect(ev.loss).toBeCloseTo(ce / set.count, 4);
    expect(ev.acc).toBeCloseTo(correct / set.count, 10);
    model.dispose();
  });
});
