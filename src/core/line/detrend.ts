/**
 * Removes the slowly varying part of each trace: x - (running mean of x over `window` samples).
 * Field seismic is band-limited and has no such part, but lines rebuilt from colour displays or
 * processed with a bias do: a water column at one grey level and sediments at another. The
 * network never saw a step like that (its patches have zero-mean wavelets on a near-zero
 * background), and it hides the seabed's quiet water column from the picker. A running mean
 * longer than a few wavelet periods leaves the reflections themselves unchanged.
 */

/** Centred running mean of x[0..n) over 2h+1 samples (shorter at the ends) into y. */
function boxMean(x: Float64Array, n: number, h: number, prefix: Float64Array, y: Float64Array): void {
  for (let s = 0; s < n; s++) prefix[s + 1] = prefix[s]! + x[s]!;
  for (let s = 0; s < n; s++) {
    const a = Math.max(0, s - h),
      b = Math.min(n, s + h + 1);
    y[s] = (prefix[b]! - prefix[a]!) / (b - a);
  }
}

/**
 * Subtracts each trace's local mean: a running mean over ~`window` samples applied twice (a
 * triangle), so the high-pass x - mean never amplifies a frequency (a single box's sinc side
 * lobes would boost periods near window / 1.4). Returns `out`.
 */
export function removeLocalMean(
  data: Float32Array,
  traces: number,
  samples: number,
  window: number,
  out = new Float32Array(data.length),
): Float32Array {
  const h = Math.max(1, Math.floor(window / 4));
  const prefix = new Float64Array(samples + 1);
  const x = new Float64Array(samples),
    m1 = new Float64Array(samples),
    m2 = new Float64Array(samples);
  for (let t = 0; t < traces; t++) {
    const base = t * samples;
    for (let s = 0; s < samples; s++) x[s] = data[base + s]!;
    boxMean(x, samples, h, prefix, m1);
    boxMean(m1, samples, h, prefix, m2);
    for (let s = 0; s < samples; s++) out[base + s] = x[s]! - m2[s]!;
  }
  return out;
}
