/**
 * Trains one candidate as spn-reference §3 says: Adam (lr 1e-4), batch 64, gradients clipped to ±10 by value,
 * dropout active in training, at most `maxEpochs` epochs, validation on the whole validation set every 10 batches,
 * a selectable early-stop rule, and an optional pruning hook (successive halving decides from outside).
 * Backend-agnostic: the caller has picked the tfjs backend. Everything it allocates is disposed before it returns.
 */
import * as tf from '@tensorflow/tfjs';
import { WeightAverage } from './weight-average';
import { INPUT_SIZE, countMacs, countParams, type CandidateSpec } from '../model';
import { buildModel, seedDropout } from '../model/build';
import { fastTwin } from '../model/fast-stem';
import { Rng, deriveSeed } from '../prng';
import { makeEarlyStopper, type EarlyStopRule } from './early-stop';
import { gatherPatches, type PatchSet } from './patch-set';
import {
  summariseAccuracies,
  confusionMatrix,
  accuracyOf,
  misclassified,
  perKindAccuracy,
  type Confusion,
  type AccuracySummary,
  type KindAccuracy,
} from './scoring';
import { toNetworkInput } from './network-input';
import { calibrateModel } from './calibrate-model';
import type { Calibration } from './calibration';
import { cancelledAfterYield, nowMs } from '../clock';

export interface TrainSettings {
  batchSize: number;
  learningRate: number;
  clipValue: number;
  maxEpochs: number;
  /** Validate every this many batches. */
  validateEvery: number;
  earlyStop: EarlyStopRule;
  /**
   * Seed of the initial weights, the dropout masks and the batch order (mixed with the candidate id, so
   * candidates differ); the same seed, data and backend give the same trained weights.
   */
  seed: number;
  /**
   * Average the weights at the end of the last this many epochs (stochastic weight averaging; 0 or absent = keep
   * the last weights). Applied only when training runs its full budget; the kept model and the test score use them.
   */
  averageEpochs?: number;
  /**
   * Fit a temperature on the validation patches after training and fold it into the kept model's logits layer
   * (calibration.ts), so the model's P states its confidence; only when the model is kept. Argmax, accuracies and
   * rankings are unchanged.
   */
  calibrate?: boolean;
}

/** Extra seed parts that keep the initial weights' and the dropout masks' streams apart from the batch order's. */
const INIT_STREAM = 1,
  DROPOUT_STREAM = 2;

export const DEFAULT_TRAIN_SETTINGS: TrainSettings = {
  batchSize: 64,
  learningRate: 1e-4,
  clipValue: 10,
  maxEpochs: 60,
  validateEvery: 10,
  earlyStop: 'smoothed',
  seed: 1,
};

export interface CurvePoint {
  step: number;
  loss: number;
  acc: number;
}

export interface TrainProgress {
  epoch: number;
  step: number;
  /** Upper bound of steps (maxEpochs * batchesPerEpoch). */
  maxSteps: number;
  trainLoss: number;
  trainAcc: number;
  valLoss?: number;
  valAcc?: number;
}

export type StopReason = 'max-epochs' | 'early-stop' | 'pruned' | 'cancelled';

export interface TrainHooks {
  onProgress?(p: TrainProgress): void;
  /** Polled between steps; true stops training and marks the result cancelled. */
  isCancelled?(): boolean;
  /** Asked after each validation; true stops the candidate as pruned (e.g. ASHA's bottom fraction). */
  shouldPrune?(step: number, valAcc: number): boolean | Promise<boolean>;
}

export interface CandidateResult extends AccuracySummary {
  curves: { train: CurvePoint[]; val: CurvePoint[] };
  params: number;
  macs: number;
  steps: number;
  epochs: number;
  stoppedBy: StopReason;
  trainSeconds: number;
  trainSamplesPerS: number;
  inferPatchesPerS: number;
  test?: TestResult;
  /** The temperature folded into the kept model (settings.calibrate), with the validation log-loss before and after. */
  calibration?: Calibration;
}

/** Held-out test result. With the patches' kinds: accuracy per generator kind, and which patches were wrong. */
export interface TestResult {
  accuracy: number;
  confusion: Confusion;
  /** Indexed by kind id (see KIND_NAMES); absent when the kinds were not given. */
  perKind?: KindAccuracy[];
  /** Test-set indices of misclassified patches by true class ([0]: false BSR, [1]: missed BSR), the first 500 of each. */
  wrong?: [number[], number[]];
}

export interface TrainOutcome {
  result: CandidateResult;
  /** The trained model when `keepModel` is set; the caller disposes it. */
  model?: tf.LayersModel;
}

/** Mean loss and accuracy of `model` over a whole set, in batches, inference mode. */
export async function evaluateSet(
  model: tf.LayersModel,
  set: PatchSet,
  batchSize: number,
): Promise<{ loss: number; acc: number; predicted: Uint8Array }> {
  let lossSum = 0;
  let correct = 0;
  const predicted = new Uint8Array(set.count);
  for (let from = 0; from < set.count; from += batchSize) {
    const n = Math.min(batchSize, set.count - from);
    const cells = set.side * set.side;
    const xs = set.x.subarray(from * cells, (from + n) * cells);
    const ys = set.labels.subarray(from, from + n);
    const [lossT, predT] = tf.tidy((): [tf.Scalar, tf.Tensor1D] => {
      const probs = model.predict(toNetworkInput(xs, n, set.side), { batchSize: n }) as tf.Tensor2D;
      const y = tf.oneHot(tf.tensor1d(ys, 'int32'), 2);
      const loss = tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(
        y,
        tf.log(tf.clipByValue(probs, 1e-7, 1)),
        undefined,
        0,
        tf.Reduction.SUM,
      );
      return [loss, probs.argMax(1)];
    });
    const [lossV, pred] = await Promise.all([lossT.data(), predT.data()]);
    tf.dispose([lossT, predT]);
    lossSum += lossV[0] as number;
    for (let i = 0; i < n; i++) {
      predicted[from + i] = pred[i] as number;
      if (pred[i] === ys[i]) correct++;
    }
  }
  return { loss: lossSum / set.count, acc: correct / set.count, predicted };
}

/** Confusion matrix and accuracy on a held-out set; per kind and the misclassified indices when `kinds` are given. */
export async function testModel(
  model: tf.LayersModel,
  set: PatchSet,
  batchSize = 64,
  kinds?: Uint8Array,
): Promise<TestResult> {
  const { predicted } = await evaluateSet(model, set, batchSize);
  const confusion = confusionMatrix(set.labels, predicted);
  const out: TestResult = { accuracy: accuracyOf(confusion), confusion, wrong: misclassified(set.labels, predicted) };
  if (kinds && kinds.length === set.count) out.perKind = perKindAccuracy(set.labels, predicted, kinds);
  return out;
}

/** Patches per second of batched inference on the current backend (after one warm-up batch). */
export async function measureInference(model: tf.LayersModel, batchSize = 64, batches = 2): Promise<number> {
  const x = tf.randomNormal([batchSize, INPUT_SIZE, INPUT_SIZE, 1], 0, 0.3);
  try {
    const warm = model.predict(x, { batchSize }) as tf.Tensor;
    await warm.data();
    warm.dispose();
    const t0 = nowMs();
    for (let i = 0; i < batches; i++) {
      const y = model.predict(x, { batchSize }) as tf.Tensor;
      await y.data();
      y.dispose();
    }
    return (batchSize * batches) / ((nowMs() - t0) / 1000);
  } finally {
    x.dispose();
  }
}

/** Trains `spec` on `train`, validating on `val`; see the file header for the rule. */
export async function trainCandidate(
  spec: CandidateSpec,
  data: { train: PatchSet; val: PatchSet; test?: PatchSet; testKinds?: Uint8Array },
  settings: TrainSettings,
  hooks: TrainHooks = {},
  options: { keepModel?: boolean; candidateKey?: number; inferenceBatches?: number } = {},
): Promise<TrainOutcome> {
  const { train, val } = data;
  if (train.count < 1 || val.count < 1)
    throw new RangeError('training needs at least one training and one validation patch');
  // Initial weights and dropout masks come from the settings' seed (per candidate), so a training is reproducible.
  const model = buildModel(spec, { seed: deriveSeed(settings.seed, options.candidateKey ?? 0, INIT_STREAM) });
  // Same function and variables, fewer operations where the stem allows (fast-stem.ts); `model` is what is kept.
  const net = fastTwin(model);
  const optimizer = tf.train.adam(settings.learningRate);
  const bs = Math.min(settings.batchSize, train.count);
  const batchesPerEpoch = Math.floor(train.count / bs);
  const maxSteps = batchesPerEpoch * settings.maxEpochs;
  const stopper = makeEarlyStopper(settings.earlyStop, batchesPerEpoch, settings.validateEvery);
  const rng = new Rng(deriveSeed(settings.seed, options.candidateKey ?? 0));
  const dropoutRng = new Rng(deriveSeed(settings.seed, options.candidateKey ?? 0, DROPOUT_STREAM));
  const trainee = { model, net, optimizer, dropoutRng };
  const order = Array.from({ length: train.count }, (_, i) => i);
  const curves: CandidateResult['curves'] = { train: [], val: [] };
  const batchBuf = new Float32Array(bs * train.side * train.side);
  let step = 0;
  let epoch = 0;
  let stoppedBy: StopReason = 'max-epochs';
  let trainTime = 0;
  const averaged = new WeightAverage(settings.averageEpochs ?? 0);
  try {
    outer: for (; epoch < settings.maxEpochs; epoch++) {
      rng.shuffle(order);
      for (let b = 0; b < batchesPerEpoch; b++) {
        if (await cancelledAfterYield(hooks)) {
          stoppedBy = 'cancelled';
          break outer;
        }
        const t0 = nowMs();
        const batch = gatherPatches(train, order.slice(b * bs, (b + 1) * bs), batchBuf);
        const trained = await trainBatch(trainee, batch.x, batch.labels, train.side, settings.clipValue);
        trainTime += nowMs() - t0;
        step++;
        const point = { step, ...trained };
        curves.train.push(point);
        const progress: TrainProgress = { epoch, step, maxSteps, trainLoss: point.loss, trainAcc: point.acc };
        if (step % settings.validateEvery === 0 || step === maxSteps) {
          const v = await evaluateSet(net, val, bs);
          curves.val.push({ step, loss: v.loss, acc: v.acc });
          progress.valLoss = v.loss;
          progress.valAcc = v.acc;
          hooks.onProgress?.(progress);
          if (stopper.update(v.loss)) {
            stoppedBy = 'early-stop';
            break outer;
          }
          if (await hooks.shouldPrune?.(step, v.acc)) {
            stoppedBy = 'pruned';
            break outer;
          }
        } else {
          hooks.onProgress?.(progress);
        }
      }
      await averaged.epochEnd(model, epoch, settings.maxEpochs);
    }
    if (stoppedBy === 'max-epochs') averaged.applyTo(model);
    seedDropout(model, null); // the kept model leaves no training seed in its dropout configs
    if (curves.val.length === 0 && stoppedBy !== 'cancelled') {
      const v = await evaluateSet(net, val, bs);
      curves.val.push({ step, loss: v.loss, acc: v.acc });
    }
    const calibration =
      settings.calibrate && options.keepModel && stoppedBy !== 'cancelled'
        ? ((await calibrateModel(model, val, bs)) ?? undefined)
        : undefined;
    const summary = summariseAccuracies(curves.val.map((p) => p.acc));
    const inferPatchesPerS =
      stoppedBy === 'cancelled'
        ? NaN
        : await measureInference(net, Math.min(64, settings.batchSize), options.inferenceBatches ?? 2);
    const test =
      data.test && data.test.count > 0 && stoppedBy !== 'cancelled'
        ? await testModel(net, data.test, bs, data.testKinds)
        : undefined;
    const result: CandidateResult = {
      ...summary,
      curves,
      params: countParams(spec),
      macs: countMacs(spec),
      steps: step,
      epochs: Math.min(epoch + (stoppedBy === 'max-epochs' ? 0 : 1), settings.maxEpochs),
      stoppedBy,
      trainSeconds: trainTime / 1000,
      trainSamplesPerS: step ? (step * bs) / (trainTime / 1000) : 0,
      inferPatchesPerS,
      ...(test ? { test } : {}),
      ...(calibration ? { calibration } : {}),
    };
    if (options.keepModel) return { result, model };
    model.dispose();
    return { result };
  } catch (e) {
    model.dispose();
    throw e;
  } finally {
    optimizer.dispose();
  }
}

/** What a training loop steps: `net` (the model itself or its fast twin) and the model whose dropout it seeds. */
export interface Trainee {
  model: tf.LayersModel;
  net: tf.LayersModel;
  optimizer: tf.Optimizer;
  /** Seeds each step's dropout masks. */
  dropoutRng: Rng;
}

/** {@link trainStep} on one batch, the dropout masks seeded first: the batch's loss and accuracy. */
export async function trainBatch(
  t: Trainee,
  x: Float32Array,
  labels: Uint8Array,
  side: number,
  clip: number,
  trainable?: (v: tf.Variable) => boolean,
): Promise<{ loss: number; acc: number }> {
  seedDropout(t.model, t.dropoutRng.nextUint32());
  const [lossT, accT] = trainStep(t.net, t.optimizer, x, labels, side, clip, trainable);
  const [lossV, accV] = await Promise.all([lossT.data(), accT.data()]);
  tf.dispose([lossT, accT]);
  return { loss: lossV[0] as number, acc: accV[0] as number };
}

/**
 * One optimisation step: forward with dropout on, cross-entropy, gradients clipped by value, Adam update.
 * `trainable` (default: all trainable weights) lets fine-tuning leave some variables (a frozen stem) as they are.
 */
export function trainStep(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  x: Float32Array,
  labels: Uint8Array,
  side: number,
  clip: number,
  trainable?: (v: tf.Variable) => boolean,
): [tf.Scalar, tf.Scalar] {
  return tf.tidy(() => {
    const input = toNetworkInput(x, labels.length, side);
    const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 2);
    let accT: tf.Scalar | null = null;
    const { value, grads } = tf.variableGrads(
      () => {
        const probs = model.apply(input, { training: true }) as tf.Tensor2D;
        accT = tf.keep(tf.mean<tf.Scalar>(tf.cast(tf.equal(probs.argMax(1), y.argMax(1)), 'float32')));
        return tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(y, tf.log(tf.clipByValue(probs, 1e-7, 1)));
      },
      model.trainableWeights.map((w) => w.read() as tf.Variable).filter((v) => trainable?.(v) ?? true),
    );
    const clipped: tf.NamedTensorMap = {};
    for (const [name, g] of Object.entries(grads)) clipped[name] = tf.clipByValue(g, -clip, clip);
    optimizer.applyGradients(clipped);
    return [value, accT as unknown as tf.Scalar];
  });
}
