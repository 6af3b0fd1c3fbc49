/**
 * Amplitude histogram of the displayed section, for the clip control: counts of signed amplitudes in equal bins
 * over [-range, range], from an evenly strided sample so a slider move never walks the whole line.
 */
import { CLIP_SAMPLE_SIZE } from './clip';

export interface Histogram {
  /** Count per bin; bin i spans [lo + i·w, lo + (i+1)·w), the last bin includes hi. */
  readonly counts: Uint32Array;
  readonly lo: number;
  readonly hi: number;
  /** Values looked at (finite ones of the sample). */
  readonly total: number;
}

/**
 * Histogram of `values` over [-range, range] (values outside land in the end bins), `bins` bins, looking at
 * at most `size` evenly strided values. `range` ≤ 0 or not finite gives a [-1, 1] range.
 */
export function amplitudeHistogram(
  values: ArrayLike<number>,
  range: number,
  bins = 64,
  size = CLIP_SAMPLE_SIZE,
): Histogram {
  const r = range > 0 && Number.isFinite(range) ? range : 1;
  const counts = new Uint32Array(Math.max(1, bins));
  const n = values.length,
    m = Math.min(n, size),
    step = n / Math.max(1, m);
  let total = 0;
  for (let i = 0; i < m; i++) {
    const v = values[Math.floor(i * step)] as number;
    if (!Number.isFinite(v)) continue;
    const k = Math.floor(((v + r) / (2 * r)) * counts.length);
    counts[k < 0 ? 0 : k >= counts.length ? counts.length - 1 : k]!++;
    total++;
  }
  return { counts, lo: -r, hi: r, total };
}
