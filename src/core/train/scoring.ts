/** Ranking of candidates (spn-reference §3): "mean top-5" = mean of the five highest validation accuracies. */

/** Mean of the k largest values (of all values when fewer than k); NaN for none. */
export function meanTopK(values: readonly number[], k: number): number {
  if (values.length === 0) return NaN;
  const top = [...values].sort((a, b) => b - a).slice(0, k);
  return top.reduce((s, v) => s + v, 0) / top.length;
}

export interface AccuracySummary {
  meanTop5: number;
  meanTop3: number;
  max: number;
}

export function summariseAccuracies(valAccs: readonly number[]): AccuracySummary {
  return {
    meanTop5: meanTopK(valAccs, 5),
    meanTop3: meanTopK(valAccs, 3),
    max: valAccs.length ? Math.max(...valAccs) : NaN,
  };
}

/** 2x2 confusion matrix, rows = true class, columns = predicted class (0 = not BSR, 1 = BSR). */
export type Confusion = [[number, number], [number, number]];

export function confusionMatrix(labels: ArrayLike<number>, predicted: ArrayLike<number>): Confusion {
  const m: Confusion = [
    [0, 0],
    [0, 0],
  ];
  for (let i = 0; i < labels.length; i++) {
    const t = labels[i] === 1 ? 1 : 0;
    const p = predicted[i] === 1 ? 1 : 0;
    m[t][p]++;
  }
  return m;
}

export function accuracyOf(m: Confusion): number {
  const n = m[0][0] + m[0][1] + m[1][0] + m[1][1];
  return n ? (m[0][0] + m[1][1]) / n : NaN;
}

/** Test patches and correct predictions of one generator kind (kind = the generator's kind id, see KIND_NAMES). */
export interface KindAccuracy {
  kind: number;
  count: number;
  correct: number;
}

/**
 * Accuracy per generator kind, indexed by kind id: one entry for every id from 0 to the largest present (kinds that
 * did not occur have count 0), so new generator kinds need no change here.
 */
export function perKindAccuracy(
  labels: ArrayLike<number>,
  predicted: ArrayLike<number>,
  kinds: ArrayLike<number>,
): KindAccuracy[] {
  if (kinds.length !== labels.length || predicted.length !== labels.length) {
    throw new RangeError(
      `perKindAccuracy: ${labels.length} labels, ${predicted.length} predictions and ${kinds.length} kinds must match`,
    );
  }
  const out: KindAccuracy[] = [];
  for (let i = 0; i < labels.length; i++) {
    const k = kinds[i] as number;
    for (let j = out.length; j <= k; j++) out.push({ kind: j, count: 0, correct: 0 });
    const e = out[k] as KindAccuracy;
    e.count++;
    if ((predicted[i] === 1 ? 1 : 0) === (labels[i] === 1 ? 1 : 0)) e.correct++;
  }
  return out;
}

/**
 * Indices of the misclassified patches by true class (binary, so the class fixes the confusion cell: [0] = not BSR
 * called BSR, [1] = BSR missed), at most `cap` each, lowest first: what the confusion matrix's cells open.
 */
export function misclassified(
  labels: ArrayLike<number>,
  predicted: ArrayLike<number>,
  cap = 500,
): [number[], number[]] {
  const out: [number[], number[]] = [[], []];
  for (let i = 0; i < labels.length; i++) {
    const t = labels[i] === 1 ? 1 : 0;
    if ((predicted[i] === 1 ? 1 : 0) !== t && out[t].length < cap) out[t].push(i);
  }
  return out;
}
