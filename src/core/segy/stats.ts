/** Summary statistics of one trace, accumulated in float64 (the oracle's semantics). */
export interface TraceStats {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** Sum of absolute sample values. */
  readonly sum_abs: number;
}

/** min, max, mean and sum of |x| of samples [start, start+count) of `samples`. */
export function traceStats(samples: Float32Array, start: number, count: number): TraceStats {
  let min = Infinity,
    max = -Infinity,
    sum = 0,
    sumAbs = 0;
  for (let i = start; i < start + count; i++) {
    const x = samples[i]!;
    if (x < min) min = x;
    if (x > max) max = x;
    sum += x;
    sumAbs += Math.abs(x);
  }
  return count === 0 ? { min: NaN, max: NaN, mean: NaN, sum_abs: 0 } : { min, max, mean: sum / count, sum_abs: sumAbs };
}
