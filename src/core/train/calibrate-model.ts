/** Fits a temperature on held-out patches (calibration.ts) and folds it into the network's 'logits' dense layer. */
import * as tf from '@tensorflow/tfjs';
import { predictPatches } from './network-input';
import type { PatchSet } from './patch-set';
import { fitTemperature, logitMargins, type Calibration } from './calibration';

/** The head's dense layer (model/build.ts names it); its activation must be linear for a temperature to fold into it. */
const LOGITS_LAYER = 'logits';

/** Softmax probabilities [p0, p1, ...] of every patch of `set`, batch by batch; frees every tensor it makes. */
export async function patchProbabilities(model: tf.LayersModel, set: PatchSet, batchSize = 64): Promise<Float32Array> {
  const out = new Float32Array(set.count * 2);
  for (let from = 0; from < set.count; from += batchSize) {
    const n = Math.min(batchSize, set.count - from);
    const pred = tf.tidy(() => predictPatches(model, set, from, n));
    out.set(await pred.data(), from * 2);
    pred.dispose();
  }
  return out;
}

/** Whether `model`'s logits are a linear dense layer, so dividing its kernel and bias by T divides the logits by T. */
export function canFoldTemperature(model: tf.LayersModel): boolean {
  try {
    const config = model.getLayer(LOGITS_LAYER).getConfig();
    return config.activation === 'linear';
  } catch {
    return false;
  }
}

/** Divides the 'logits' layer's kernel and bias by `temperature` in place: the model then outputs softmax(z / T). */
export function foldTemperature(model: tf.LayersModel, temperature: number): void {
  if (!(temperature > 0 && Number.isFinite(temperature)))
    throw new RangeError(`temperature must be a positive number, got ${temperature}`);
  if (!canFoldTemperature(model))
    throw new Error(`the model has no linear '${LOGITS_LAYER}' layer to fold a temperature into`);
  const layer = model.getLayer(LOGITS_LAYER);
  const scaled = tf.tidy(() => layer.getWeights().map((w) => w.div(temperature)));
  layer.setWeights(scaled);
  tf.dispose(scaled);
}

/** Fewest held-out patches a temperature is fitted on: on fewer, one patch more or less moves it by more than it corrects. */
export const MIN_CALIBRATION_PATCHES = 200;

/**
 * Fits the temperature on `set` and folds it into `model` (which then states calibrated probabilities); returns the
 * fit, or null (the model untouched) when the model's head cannot take one (a non-linear logits layer, as in the
 * paper preset) or `set` has fewer than MIN_CALIBRATION_PATCHES patches.
 */
export async function calibrateModel(
  model: tf.LayersModel,
  set: PatchSet,
  batchSize = 64,
): Promise<Calibration | null> {
  if (!canFoldTemperature(model) || set.count < MIN_CALIBRATION_PATCHES) return null;
  const fit = fitTemperature(logitMargins(await patchProbabilities(model, set, batchSize)), set.labels);
  foldTemperature(model, fit.temperature);
  return fit;
}
