/** Scores of a model on labelled patches: accuracy at 0.5 and average precision (BSR = positive, ranked by probability). */
import * as tf from '@tensorflow/tfjs';
import { fastTwin } from '../model/fast-stem';
import { predictPatches } from '../train/network-input';
import type { PatchSet } from '../train/patch-set';
import { averagePrecision as mapAveragePrecision } from '../evaluate/map-score';

export interface PatchScore {
  /** Patches scored. */
  count: number;
  positives: number;
  /** Fraction classified right at P(BSR) >= 0.5. */
  accuracy: number;
  /** Average precision of P(BSR) (mean precision at each positive); null without positives or negatives. */
  ap: number | null;
  /** Mean P(BSR) of the BSR and of the not-BSR patches. */
  meanBsr: number | null;
  meanNotBsr: number | null;
}

/** P(BSR) of every patch of `set` (inference mode, batches of `batchSize`). */
export async function predictBsr(model: tf.LayersModel, set: PatchSet, batchSize = 64): Promise<Float32Array> {
  const net = fastTwin(model);
  const out = new Float32Array(set.count);
  for (let from = 0; from < set.count; from += batchSize) {
    const n = Math.min(batchSize, set.count - from);
    const t = tf.tidy(() => predictPatches(net, set, from, n).slice([0, 1], [n, 1]));
    try {
      out.set(await t.data(), from);
    } finally {
      t.dispose();
    }
  }
  return out;
}

/**
 * Average precision of patch labels (0/1) as the map scorer computes it (score_map.py: stable sort by descending
 * score); null without both classes (the map scorer asks only for positives).
 */
export function averagePrecision(labels: ArrayLike<number>, scores: ArrayLike<number>): number | null {
  let pos = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) pos++;
  return pos === 0 || pos === labels.length ? null : mapAveragePrecision(scores, labels);
}

/** Accuracy, AP and mean probabilities of `probs` against `labels`. */
export function scoreProbabilities(labels: ArrayLike<number>, probs: ArrayLike<number>): PatchScore {
  let right = 0,
    pos = 0,
    sumPos = 0,
    sumNeg = 0;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i] === 1,
      p = probs[i] as number;
    if (p >= 0.5 === y) right++;
    if (y) {
      pos++;
      sumPos += p;
    } else sumNeg += p;
  }
  const n = labels.length,
    neg = n - pos;
  return {
    count: n,
    positives: pos,
    accuracy: n ? right / n : NaN,
    ap: averagePrecision(labels, probs),
    meanBsr: pos ? sumPos / pos : null,
    meanNotBsr: neg ? sumNeg / neg : null,
  };
}

/** Scores `model` on `set`. */
export async function scorePatches(model: tf.LayersModel, set: PatchSet, batchSize = 64): Promise<PatchScore> {
  return scoreProbabilities(set.labels, await predictBsr(model, set, batchSize));
}
