/**
 * Dominant period of seismic traces, in samples: the peak of the trace-averaged power spectrum.
 * Used to show a real line to the network at the scale its training patches were drawn at: a
 * reflector lobe of a 4 ms, 30 Hz line spans ~4 samples, of a 1 ms line ~16, while the generator
 * always draws ~2-3 (GENERATOR_PERIOD_SAMPLES below).
 *
 * Each window of `window` samples (mean removed, Hann-tapered, zero-padded to `fftSize`) adds its
 * power spectrum; the peak bin of the sum is refined by a parabola through its neighbours. A
 * direct DFT over a cached table is plenty: windows are short and lines hold ~10^3-10^4 of them.
 */

/** Options of {@link dominantPeriod}. */
export interface PeriodOptions {
  /** Window length along a trace, samples (default 64; patches use their own height). */
  window?: number;
  /** Zero-padded transform length (default 256): finer bins for the parabolic peak. */
  fftSize?: number;
  /** Periods shorter than this many samples are ignored (default 2.2: just above Nyquist). */
  minPeriod?: number;
  /** Periods longer than this are ignored (default window / 2.5: a window must hold a few cycles). */
  maxPeriod?: number;
}

/** A running sum of window power spectra; add traces or patches, then read the peak. */
export class PeriodAccumulator {
  readonly window: number;
  readonly fftSize: number;
  readonly minPeriod: number;
  readonly maxPeriod: number;
  /** Summed power per frequency bin 0..fftSize/2. */
  readonly power: Float64Array;
  windows = 0;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  private readonly taper: Float64Array;
  private readonly scratch: Float64Array;

  constructor(opts: PeriodOptions = {}) {
    this.window = opts.window ?? 64;
    this.fftSize = Math.max(opts.fftSize ?? 256, this.window);
    this.minPeriod = opts.minPeriod ?? 2.2;
    this.maxPeriod = opts.maxPeriod ?? this.window / 2.5;
    const n = this.fftSize,
      bins = (n >> 1) + 1,
      w = this.window;
    this.power = new Float64Array(bins);
    this.cos = new Float64Array(bins * w);
    this.sin = new Float64Array(bins * w);
    for (let k = 0; k < bins; k++) {
      for (let i = 0; i < w; i++) {
        const a = (2 * Math.PI * ((k * i) % n)) / n;
        this.cos[k * w + i] = Math.cos(a);
        this.sin[k * w + i] = Math.sin(a);
      }
    }
    this.taper = new Float64Array(w);
    for (let i = 0; i < w; i++) this.taper[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / w);
    this.scratch = new Float64Array(w);
  }

  /** Adds the window of `data` at [offset, offset + window) with `step` between samples (1 = contiguous). */
  addWindow(data: ArrayLike<number>, offset: number, step = 1): void {
    const w = this.window,
      x = this.scratch;
    // Least-squares line removed, not just the mean: a step (water to sediment) would otherwise
    // put its energy at the longest periods.
    let sy = 0,
      sxy = 0;
    const c = (w - 1) / 2;
    let sxx = 0;
    for (let i = 0; i < w; i++) {
      const v = (x[i] = data[offset + i * step]!);
      sy += v;
      sxy += (i - c) * v;
      sxx += (i - c) * (i - c);
    }
    const mean = sy / w,
      slope = sxx > 0 ? sxy / sxx : 0;
    let energy = 0;
    for (let i = 0; i < w; i++) {
      x[i] = (x[i]! - mean - slope * (i - c)) * this.taper[i]!;
      energy += x[i]! * x[i]!;
    }
    if (!(energy > 0)) return; // dead or constant windows (water column, muted zones) say nothing about the wavelet
    const bins = this.power.length;
    for (let k = 1; k < bins; k++) {
      let re = 0,
        im = 0;
      const base = k * w;
      for (let i = 0; i < w; i++) {
        re += x[i]! * this.cos[base + i]!;
        im += x[i]! * this.sin[base + i]!;
      }
      this.power[k]! += (re * re + im * im) / energy; // each window weighs the same: loud ones must not dominate
    }
    this.windows++;
  }

  /** Adds every whole window of a trace-major section (non-overlapping windows down each trace). */
  addSection(data: Float32Array, traces: number, samples: number, traceStep = 1): void {
    for (let t = 0; t < traces; t += traceStep) {
      for (let s = 0; s + this.window <= samples; s += this.window) this.addWindow(data, t * samples + s);
    }
  }

  /** Frequency bins [kMin, kMax] of periods in [minPeriod, maxPeriod] (never bin 0, the mean). */
  private band(): [number, number] {
    const n = this.fftSize;
    return [
      Math.max(1, Math.ceil(n / this.maxPeriod)),
      Math.min(this.power.length - 1, Math.floor(n / this.minPeriod)),
    ];
  }

  /**
   * Period of the RMS frequency (Rice: the mean zero-crossing rate of the band), samples, over
   * periods in [minPeriod, maxPeriod]. Less fragile than the peak on flat or red spectra, where
   * the peak bin is little more than noise.
   */
  rmsPeriod(): number {
    if (this.windows === 0) return NaN;
    const p = this.power,
      n = this.fftSize;
    const [kMin, kMax] = this.band();
    let m0 = 0,
      m2 = 0;
    for (let k = kMin; k <= kMax; k++) {
      m0 += p[k]!;
      m2 += k * k * p[k]!;
    }
    return m0 > 0 ? n / Math.sqrt(m2 / m0) : NaN;
  }

  /** Dominant period in samples, or NaN when no window had energy. */
  period(): number {
    if (this.windows === 0) return NaN;
    const p = this.power,
      n = this.fftSize;
    const [kMin, kMax] = this.band();
    // Smoothed over +/-2 bins first: field spectra are ragged, and a single spiky bin must not win.
    const sm = new Float64Array(p.length);
    for (let k = 1; k < p.length; k++) {
      let v = 0,
        wsum = 0;
      for (let j = -2; j <= 2; j++) {
        const q = k + j;
        if (q < 1 || q >= p.length) continue;
        const wj = 3 - Math.abs(j);
        v += wj * p[q]!;
        wsum += wj;
      }
      sm[k] = v / wsum;
    }
    let best = kMin;
    for (let k = kMin + 1; k <= kMax; k++) if (sm[k]! > sm[best]!) best = k;
    if (best === kMin) best = waveletPeakBeyondRedFlank(sm, kMin, kMax) ?? best;
    let kPeak = best;
    if (best > 1 && best < p.length - 1) {
      const a = sm[best - 1]!,
        b = sm[best]!,
        c = sm[best + 1]!;
      const d = a - 2 * b + c;
      // Within half a bin of the best one: a peak at the band's edge, whose spectrum rises on beyond it, has a flat
      // parabola whose vertex lay far outside the band (a 2 ms line read a period of 405 samples, and its seabed
      // mask, one period deep, covered its BSR).
      if (d < 0) kPeak = best + Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / d));
    }
    return n / kPeak;
  }
}

/**
 * How far the spectrum must dip between the band's long-period edge and a peak inside the band, as a share of that
 * peak, for the peak to be the wavelet's: a ripple on a falling flank dips a few % (a 2 ms line whose wavelet peaks
 * past the edge: 0.97), a wavelet's own hump under strong low-frequency noise by a quarter or more (0.57-0.75 on the
 * dev lines with a 120-sample sinusoid at twice their RMS added).
 */
export const RED_FLANK_VALLEY = 0.8;

/**
 * The least power a peak inside the band must hold against the edge's: a faint hump far out (the interpolation
 * ripple near Nyquist of a line resampled to 1 ms, 10^-4 of the edge) is not the wavelet (the wavelets under
 * low-frequency noise: 0.38-0.58 of it).
 */
export const RED_FLANK_PEAK_SHARE = 0.2;

/**
 * When the smoothed spectrum `sm` is largest at the band's long-period edge `kMin`, that is the flank of something
 * longer than a window holds: the wavelet itself on a 1-2 ms line (whose peak lies past the edge: the edge is the
 * best reading), or strong low-frequency noise over a wavelet that peaks well inside the band (a 120-sample
 * sinusoid at twice the line's RMS read a period of 51 samples, the band's edge, and the scale was capped at 4).
 * Returns the highest local maximum inside the band when it holds a fair share of the edge's power and its valley
 * towards the edge is deep enough to be a hump of its own; null when the spectrum just falls (ripples included).
 */
function waveletPeakBeyondRedFlank(sm: Float64Array, kMin: number, kMax: number): number | null {
  let peak: number | null = null;
  let valley = sm[kMin]!;
  let valleyOfPeak = Infinity;
  for (let k = kMin + 1; k < kMax; k++) {
    valley = Math.min(valley, sm[k]!);
    if (sm[k]! > sm[k - 1]! && sm[k]! >= sm[k + 1]! && (peak === null || sm[k]! > sm[peak]!)) {
      peak = k;
      valleyOfPeak = valley;
    }
  }
  if (peak === null || sm[peak]! < RED_FLANK_PEAK_SHARE * sm[kMin]!) return null;
  return valleyOfPeak < RED_FLANK_VALLEY * sm[peak]! ? peak : null;
}

/**
 * Dominant period of the paper generator's BSR patches, samples of the 48-row grid: measured with
 * PeriodAccumulator (window 48, every 4th column) over un-augmented BSR-positive patches (11.0;
 * test/node/line/period.test.ts re-measures it). It matches the doublet's own spectrum: a
 * +/- box pair of total length L peaks at a period of ~1.35 L, and L is 0.06-0.10 of the 68-row
 * reflector grid zoomed by sqrt 2, ~8 rows. A line is resampled in time so its period becomes this.
 */
export const GENERATOR_PERIOD_SAMPLES = 11;

/** Window length, transform size and trace step {@link linePeriod} uses for a line of this size. */
export function linePeriodPlan(
  traces: number,
  samples: number,
  window = 128,
): { window: number; fftSize: number; traceStep: number } {
  const w = Math.max(8, Math.min(window, samples));
  const perTrace = Math.max(1, Math.floor(samples / w));
  // ~1,200 windows: the averaged spectrum's peak is stable to a few % by then, and each window costs a DFT.
  return { window: w, fftSize: Math.max(256, w * 4), traceStep: Math.max(1, Math.floor((traces * perTrace) / 1200)) };
}

/** Adds the windows of one trace (at data[base..base+samples)) from sample `from` on (NaN/undefined = 0). */
export function addTraceWindows(
  acc: PeriodAccumulator,
  data: Float32Array,
  base: number,
  samples: number,
  from?: number,
): void {
  const w = acc.window;
  if (samples < w) return;
  const first = from !== undefined && Number.isFinite(from) ? Math.min(samples - w, Math.max(0, Math.round(from))) : 0;
  for (let s = first; s + w <= samples; s += w) acc.addWindow(data, base + s);
}

/**
 * Dominant period of a trace-major line, samples: windows of `window` samples down every
 * `traceStep`-th trace (chosen so ~1,200 windows are read), starting at `fromSample[t]` when given
 * (below the seabed: the water column holds no wavelet, only noise).
 */
export function linePeriod(
  data: Float32Array,
  traces: number,
  samples: number,
  fromSample?: Float32Array,
  window = 128,
): number {
  const plan = linePeriodPlan(traces, samples, window);
  const acc = new PeriodAccumulator({ window: plan.window, fftSize: plan.fftSize });
  for (let t = 0; t < traces; t += plan.traceStep) addTraceWindows(acc, data, t * samples, samples, fromSample?.[t]);
  return acc.period();
}
