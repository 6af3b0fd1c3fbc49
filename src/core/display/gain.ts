/**
 * Display gain: a constant gain in dB and automatic gain control (AGC) over a sliding time window. Display only:
 * these functions never write to the samples they are given (the classify pipeline gets the raw line), and AGC
 * returns a new array that the viewer caches until the window changes.
 */

/** Amplitude factor of a gain in dB (20·log10). */
export function dbToFactor(db: number): number {
  return 10 ** (db / 20);
}

/** AGC window in samples for a window of `windowMs`: odd, at least 3 (sample interval 0 = unknown: ms read as samples). */
export function agcWindowSamples(windowMs: number, sampleIntervalUs: number): number {
  const n = sampleIntervalUs > 0 ? (windowMs * 1000) / sampleIntervalUs : windowMs;
  return Math.max(3, 2 * Math.floor(Math.round(n) / 2) + 1);
}

/**
 * AGC, trace by trace: each sample divided by the mean |amplitude| in a window of `window` samples centred on it
 * (shortened at the trace ends), so weak and strong parts of a trace show alike. Dead stretches stay dead: the
 * divisor is at least a millionth of the line's mean |amplitude|. `samples` is trace-major (traces × ns).
 */
export function agc(samples: Float32Array, traces: number, ns: number, window: number): Float32Array {
  if (samples.length !== traces * ns)
    throw new Error(`agc: ${samples.length} samples are not ${traces} traces × ${ns}`);
  if (!(window >= 1)) throw new Error(`agc: window must be at least 1 sample, got ${window}`);
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const v = Math.abs(samples[i] as number);
    if (Number.isFinite(v)) sum += v;
  }
  const floor = Math.max(Number.MIN_VALUE, (sum / Math.max(1, samples.length)) * 1e-6);
  const out = new Float32Array(samples.length);
  const half = Math.floor(window / 2);
  for (let t = 0; t < traces; t++) {
    const base = t * ns;
    // Running sum of |x| over [s - half, s + half] ∩ [0, ns).
    let acc = 0,
      lo = 0,
      hi = -1;
    for (let s = 0; s < ns; s++) {
      const a = Math.max(0, s - half),
        b = Math.min(ns - 1, s + half);
      while (hi < b) {
        hi++;
        acc += Math.abs(samples[base + hi] as number) || 0;
      }
      while (lo < a) {
        acc -= Math.abs(samples[base + lo] as number) || 0;
        lo++;
      }
      const mean = Math.max(acc, 0) / (b - a + 1);
      out[base + s] = (samples[base + s] as number) / Math.max(mean, floor);
    }
  }
  return out;
}
