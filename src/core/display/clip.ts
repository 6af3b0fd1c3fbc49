/**
 * Display clipping of seismic amplitudes: the p-th percentile of |amplitude|. Sorting a strided sample once
 * makes every later slider move a lookup instead of a pass over the whole line.
 */

/** Largest number of |amplitude| values kept for percentile lookups. */
export const CLIP_SAMPLE_SIZE = 65_536;

/** Ascending |amplitude| of an evenly strided sample of `values` (all of them when there are few). */
export function amplitudeSample(values: ArrayLike<number>, size = CLIP_SAMPLE_SIZE): Float32Array {
  const n = values.length;
  const m = Math.min(n, size);
  const out = new Float32Array(m);
  const step = n / Math.max(1, m);
  for (let i = 0; i < m; i++) {
    const v = Math.abs(values[Math.floor(i * step)] as number);
    out[i] = Number.isFinite(v) ? v : 0;
  }
  return out.sort();
}

/**
 * Clip amplitude at `percentile` (0-100) of a sorted |amplitude| sample, nearest rank. Never 0 (an all-zero
 * section still needs a scale), so 1 is returned when the percentile value is 0.
 */
export function clipAt(sorted: Float32Array, percentile: number): number {
  if (sorted.length === 0) return 1;
  const p = Math.min(100, Math.max(0, percentile));
  const v = sorted[Math.round((p / 100) * (sorted.length - 1))] as number;
  return v > 0 ? v : (sorted[sorted.length - 1] as number) || 1;
}
