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
  return { meanTop5: meanTopK(valAccs, 5), meanTop3: meanTopK(valAccs, 3), max: valAccs.length ? Math.max(...valAccs) : NaN };
}

/** 2x2 confusion matrix, rows = true class, columns = predicted class (0 = not BSR, 1 = BSR). */
export type Confusion = [[number, number], [number, number]];

export function confusionMatrix(labels: ArrayLike<number>, predicted: ArrayLike<number>): Confusion {
  const m: Confusion = [[0, 0], [0, 0]];
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
