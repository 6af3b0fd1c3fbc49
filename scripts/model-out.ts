/** Writing a trained model's file from the training scripts. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringifyModelFile, type ModelFile, type ModelMetrics } from '../src/core/model-file';
import { DEFAULT_TRAIN_SETTINGS, type CandidateResult, type TrainSettings } from '../src/core/train/trainer';

/** Writes `file` to `out` (creating its folder) and logs the metrics and the size written. */
export function writeModelFile(out: string, file: ModelFile, metrics: object, log: (line: string) => void): void {
  mkdirSync(path.dirname(out), { recursive: true });
  const text = stringifyModelFile(file);
  writeFileSync(out, text);
  log(`metrics ${JSON.stringify(metrics)}`);
  log(`wrote ${out} (${text.length} bytes)`);
}

/**
 * The metrics a training script records in the model file; `extra` (the script's own) goes after the test
 * confusion, where the scripts have always put it, so a retrained file differs only in its numbers.
 */
export function trainingMetrics(result: CandidateResult, extra: Record<string, unknown>): ModelMetrics {
  return {
    meanTop5: result.meanTop5,
    top3: result.meanTop3,
    max: result.max,
    testAccuracy: result.test?.accuracy ?? null,
    testConfusion: result.test?.confusion ?? null,
    ...extra,
    steps: result.steps,
    epochs: result.epochs,
    stoppedBy: result.stoppedBy,
    params: result.params,
    macs: result.macs,
    trainSamplesPerS: result.trainSamplesPerS,
    inferPatchesPerS: result.inferPatchesPerS,
  };
}

/**
 * The training scripts' recipe, for `maxEpochs` epochs validated every `validateEvery` steps: a fixed budget (the
 * smoothed early-stop rule stopped earlier runs on a noisy validation loss while the test accuracy was still
 * rising), learning rate 1.5e-3 (the paper's 1e-4 is tuned for 20,000+ patches and many epochs; these nets get a
 * few) and training seed 1.
 */
export function fixedBudgetSettings(maxEpochs: number, validateEvery: number): TrainSettings {
  return { ...DEFAULT_TRAIN_SETTINGS, learningRate: 1.5e-3, maxEpochs, validateEvery, earlyStop: 'none', seed: 1 };
}

/**
 * The shipped model's recipe (scripts/train-shipped-model.ts defaults): the ablation trains its variants with the
 * same seeds, sizes and settings, so its "+ all" row is the shipped model itself.
 */
export const SHIPPED_RECIPE = {
  generatorSeed: 20261204,
  trainSeed: 1,
  trainSize: 6000,
  valSize: 1000,
  testSize: 1000,
  /**
   * 3 epochs, not the 6 shipped until session 13: over three draws the dev real lines ranked better the shorter it
   * trained (AUC / AP 0.964 / 0.522 at 6 epochs, 0.974 / 0.553 at 3) and the evaluation suite too (README model card).
   */
  epochs: 3,
  validateEvery: 80,
  /** The mean of the weights after the last 3 epochs (stochastic weight averaging). */
  averageEpochs: 3,
  /**
   * A temperature fitted on the validation patches, folded into the logits (core train/calibration.ts): the shorter
   * training leaves the network under-confident, which hid the P = 0.5 contour on the demo line.
   */
  calibrate: true,
} as const;
