/** Pure helpers of the run's plots (history, overlaid curves, Pareto): running best, smoothing, axis ticks. */

/** Best score so far at each position (NaN until the first score; NaN scores keep the previous best). */
export function bestSoFar(scores: readonly number[]): number[] {
  let best = NaN;
  return scores.map((s) => {
    if (!Number.isNaN(s) && (Number.isNaN(best) || s > best)) best = s;
    return best;
  });
}

/**
 * Exponential moving average with TensorBoard's debiasing (so the first points are not pulled towards 0):
 * weight 0 returns the values, weight → 1 flattens them. NaN values are passed through and skipped.
 */
export function emaSmooth(values: readonly number[], weight: number): number[] {
  if (!(weight >= 0 && weight < 1)) throw new RangeError(`smoothing weight must be in [0, 1), got ${weight}`);
  let last = 0,
    n = 0;
  return values.map((v) => {
    if (Number.isNaN(v)) return v;
    last = last * weight + (1 - weight) * v;
    n++;
    return last / (1 - weight ** n);
  });
}

/** About `count` round ticks (1, 2, 5 × 10^k steps) covering [lo, hi]. */
export function linearTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** Ticks of a log axis at 1, 2, 5 × 10^k within [lo, hi] (lo > 0). */
export function logTicks(lo: number, hi: number): number[] {
  const out: number[] = [];
  if (!(lo > 0) || !(hi >= lo)) return out;
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const v = Number((m * 10 ** e).toPrecision(12));
      if (v >= lo && v <= hi) out.push(v);
    }
  }
  return out;
}
