/**
 * Seabed pick: per trace, the first strong reflector under a quiet water column, made laterally
 * continuous. A BSR lies below the seabed by definition, so everything above the pick (and the
 * seabed reflection itself) is masked out of the BSR map, and the pick's first strong lobe tells
 * the line's polarity (line/polarity.ts).
 *
 * Per trace: the envelope proxy |x| smoothed over half a dominant period; the first sample where
 * it reaches `threshold` x the line's robust peak level starts the search, and the pick is the
 * first extremum within one period whose |x| is at least 60 % of the largest there (so the weak
 * side lobe of a zero-phase wavelet above a hard seabed is not taken). Then across traces: a
 * running median of the picks over `lateralTraces` replaces picks that jump off it by more than
 * a period (noise bursts in the water, a bright spot under a weak seabed), and the line-level
 * verdict asks whether a water column is there at all: enough traces must have a quiet stretch
 * above their pick (RMS there below `quietRatio` of the RMS just below). Land data or a window
 * that starts below the seabed fail that test, and the pick is then reported absent, never guessed.
 */

/** Options of {@link pickSeabed}. */
export interface SeabedOptions {
  /** Dominant period of the line, samples (line/period.ts); sets smoothing and search windows. */
  periodSamples: number;
  /** Fraction of the line's robust peak |amplitude| that starts a seabed (default 0.3). */
  threshold?: number;
  /** Traces of the running median that makes the pick continuous (default 15). */
  lateralTraces?: number;
  /** Largest RMS ratio (above / below the pick) of a quiet water column (default 0.25). */
  quietRatio?: number;
  /** Share of traces that must show a quiet water column for the line to have a seabed (default 0.6). */
  minQuietShare?: number;
}

/** Where the seabed is, or why there is none. */
export interface SeabedPick {
  /** True when a seabed with water above it was found. */
  found: boolean;
  /** Why not, in words (empty when found). */
  reason: string;
  /** Per trace, the sample (fractional allowed) of the seabed's first strong lobe; NaN where unknown. */
  samples: Float32Array;
  /** Share of traces whose own pick agreed with the continuous one (0..1). */
  confidence: number;
  /** Where the pick came from: the automatic picker or a user's correction. */
  source: 'auto' | 'user';
}

/** Samples of a line read for the robust peak level: every `step`-th value by global index. */
export function robustPeakStep(totalSamples: number): number {
  return Math.max(1, Math.floor(totalSamples / 200_000));
}

/** 99th percentile of |x| of a sample of the line: a robust "strong reflector" level. */
export function robustPeakOf(sample: ArrayLike<number>): number {
  const vals = Array.from(sample, Math.abs).sort((a, b) => a - b);
  return vals[Math.min(vals.length - 1, Math.floor(vals.length * 0.99))] ?? 0;
}

function robustPeak(data: Float32Array): number {
  const step = robustPeakStep(data.length);
  const vals: number[] = [];
  for (let i = 0; i < data.length; i += step) vals.push(data[i]!);
  return robustPeakOf(vals);
}

function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = values.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Running median over `width` traces, ignoring NaN. */
export function runningMedian(values: Float32Array, width: number): Float32Array {
  const out = new Float32Array(values.length);
  const h = Math.max(0, Math.floor(width / 2));
  for (let i = 0; i < values.length; i++) {
    const win: number[] = [];
    for (let j = Math.max(0, i - h); j <= Math.min(values.length - 1, i + h); j++)
      if (!Number.isNaN(values[j]!)) win.push(values[j]!);
    out[i] = median(win);
  }
  return out;
}

/**
 * The seabed's first strong lobe at or after `from` on one trace: the lobes (runs of one sign) within
 * 2 periods, weighed by area, and the first whose area is at least 80 % of the largest. Areas, not
 * peaks: standardisation clips the seabed's peak, which makes a zero-phase wavelet's side lobe look
 * nearly as strong as its centre. Returns the lobe's centroid sample (its sign is the data's there).
 */
function strongLobe(data: Float32Array, base: number, samples: number, from: number, period: number): number {
  const end = Math.min(samples, from + Math.ceil(period * 2));
  const lobes: { area: number; centroid: number }[] = [];
  let s = from;
  while (s < end) {
    const sign = Math.sign(data[base + s]!);
    let area = 0,
      moment = 0;
    const start = s;
    while (s < end && Math.sign(data[base + s]!) === sign) {
      const a = Math.abs(data[base + s]!);
      area += a;
      moment += a * s;
      s++;
    }
    if (sign !== 0 && area > 0) lobes.push({ area, centroid: moment / area });
    if (s === start) s++;
  }
  let largest = 0;
  for (const l of lobes) largest = Math.max(largest, l.area);
  if (!(largest > 0)) return NaN;
  for (const l of lobes) if (l.area >= 0.8 * largest) return l.centroid;
  return NaN;
}

function rms(data: Float32Array, from: number, to: number): number {
  let e = 0;
  const n = Math.max(0, to - from);
  for (let i = from; i < to; i++) e += data[i]! * data[i]!;
  return n > 0 ? Math.sqrt(e / n) : 0;
}

/** Settings of the per-trace steps, resolved from {@link SeabedOptions}. */
export interface SeabedSteps {
  period: number;
  /** |amplitude| that starts a seabed (threshold x the line's robust peak). */
  level: number;
  lateral: number;
  quietRatio: number;
  minQuiet: number;
}

/** Resolves options against the line's robust peak |amplitude|. */
export function seabedSteps(opts: SeabedOptions, robustPeakLevel: number): SeabedSteps {
  return {
    period: Math.max(2, opts.periodSamples),
    level: robustPeakLevel * (opts.threshold ?? 0.3),
    lateral: opts.lateralTraces ?? 15,
    quietRatio: opts.quietRatio ?? 0.25,
    minQuiet: opts.minQuietShare ?? 0.6,
  };
}

/**
 * Step 1, one trace at data[base..base+samples): the seabed's onset, as a first-break picker finds it:
 * the energy ratio R(s) = mean x^2 over one period below s / mean x^2 over four periods above s is
 * largest where a strong reflector lies under a quiet stretch. The onset is the first s where R
 * reaches a quarter of the trace's largest R (a later, brighter onset under a quieter zone, e.g.
 * blanking above a BSR, must not win over the seabed) with enough energy below (see minBelow);
 * the pick is then the first strong lobe from there. NaN when the trace has no such onset.
 */
export function rawSeabedPick(data: Float32Array, base: number, samples: number, st: SeabedSteps): number {
  const below = Math.max(2, Math.round(st.period)),
    above = Math.max(4, Math.round(4 * st.period));
  if (samples < 2 * below) return NaN;
  const prefix = new Float64Array(samples + 1);
  for (let s = 0; s < samples; s++) prefix[s + 1] = prefix[s]! + data[base + s]! * data[base + s]!;
  // A reflector, not a rise of noise: energy below of at least (level / 3)^2 and 15 % of the trace's strongest
  // period (noise or speckle that starts under perfectly quiet water has a huge ratio but little energy).
  let maxBelow = 0;
  for (let s = 0; s + below <= samples; s++) maxBelow = Math.max(maxBelow, prefix[s + below]! - prefix[s]!);
  const minBelow = Math.max((st.level / 3) ** 2, (0.15 * maxBelow) / below);
  const eps = 1e-4 * st.level * st.level;
  const ratio = new Float64Array(samples);
  let maxRatio = 0;
  for (let s = below; s + below <= samples; s++) {
    const eb = (prefix[s + below]! - prefix[s]!) / below;
    if (eb < minBelow) continue;
    const a0 = Math.max(0, s - above);
    const ea = (prefix[s]! - prefix[a0]!) / (s - a0);
    ratio[s] = (eb + eps) / (ea + eps);
    if (ratio[s]! > maxRatio) maxRatio = ratio[s]!;
  }
  if (!(maxRatio > 0)) return NaN;
  for (let s = below; s + below <= samples; s++) {
    if (ratio[s]! >= 0.25 * maxRatio)
      return strongLobe(data, base, samples, Math.max(0, s - Math.round(st.period / 4)), st.period);
  }
  return NaN;
}

/** Step 2, across traces: picks that jump off the running median by more than a period take the median. */
export function continuousPicks(raw: Float32Array, st: SeabedSteps): { picks: Float32Array; agree: number } {
  const smooth = runningMedian(raw, st.lateral);
  const picks = new Float32Array(raw.length);
  let agree = 0;
  for (let t = 0; t < raw.length; t++) {
    const r = raw[t]!,
      m = smooth[t]!;
    const ok = !Number.isNaN(r) && Math.abs(r - m) <= st.period;
    if (ok) agree++;
    picks[t] = ok ? r : m;
  }
  return { picks, agree };
}

/** Step 3, one trace: a water column (everything above the pick but the wavelet's lead-in) much quieter than just below it. */
export function quietAbove(data: Float32Array, base: number, samples: number, pick: number, st: SeabedSteps): boolean {
  if (Number.isNaN(pick)) return false;
  // The whole column above, not a few periods: a line that starts below the seabed has quiet gaps between strata too.
  const above0 = 0,
    above1 = Math.floor(pick - st.period);
  if (above1 - above0 < st.period) return false; // the pick sits at the top: no room for water above it
  const below = rms(data, base + Math.floor(pick), base + Math.min(samples, Math.floor(pick + 2 * st.period)));
  return rms(data, base + above0, base + above1) <= st.quietRatio * below;
}

/** Step 4, the verdict: enough traces with a quiet water column, or why not. */
export function seabedVerdict(picks: Float32Array, agree: number, quiet: number, st: SeabedSteps): SeabedPick {
  const traces = picks.length;
  const none = (reason: string): SeabedPick => ({
    found: false,
    reason,
    samples: new Float32Array(traces).fill(NaN),
    confidence: 0,
    source: 'auto',
  });
  if (!(st.level > 0)) return none('the line is flat (no amplitude to find a seabed in)');
  if (picks.every(Number.isNaN)) return none('no trace has a strong reflector');
  if (quiet / traces < st.minQuiet) {
    return none(
      `no quiet water column above a first strong reflector on ${Math.round((100 * (traces - quiet)) / traces)} % of traces (land data, or a window that starts below the seabed?)`,
    );
  }
  return { found: true, reason: '', samples: picks, confidence: agree / traces, source: 'auto' };
}

/** Picks the seabed on a trace-major section held whole (the steps above in order). */
export function pickSeabed(data: Float32Array, traces: number, samples: number, opts: SeabedOptions): SeabedPick {
  const st = seabedSteps(opts, robustPeak(data));
  const raw = new Float32Array(traces).fill(NaN);
  if (st.level > 0) for (let t = 0; t < traces; t++) raw[t] = rawSeabedPick(data, t * samples, samples, st);
  const { picks, agree } = continuousPicks(raw, st);
  let quiet = 0;
  for (let t = 0; t < traces; t++) if (quietAbove(data, t * samples, samples, picks[t]!, st)) quiet++;
  return seabedVerdict(picks, agree, quiet, st);
}

/**
 * A user's correction of a pick: between the first and last control point the seabed follows the
 * points (joined linearly); outside them it keeps the automatic pick where there is one (so a
 * correction of one stretch leaves the rest alone), else it is held flat at the end point.
 */
export function correctSeabed(
  auto: Float32Array | null,
  points: readonly { trace: number; sample: number }[],
  traces: number,
  samples: number,
): SeabedPick {
  const joined = seabedFromPoints(points, traces, samples);
  if (!auto) return joined;
  if (auto.length !== traces) throw new RangeError(`the automatic pick has ${auto.length} traces, the line ${traces}`);
  const first = Math.min(...points.map((p) => p.trace)),
    last = Math.max(...points.map((p) => p.trace));
  const out = joined.samples;
  for (let t = 0; t < traces; t++) if ((t < first || t > last) && !Number.isNaN(auto[t]!)) out[t] = auto[t]!;
  return joined;
}

/**
 * A user's pick: control points (trace, sample) joined linearly, held flat beyond the ends.
 * Returns a pick over all `traces`; throws on points outside the line.
 */
export function seabedFromPoints(
  points: readonly { trace: number; sample: number }[],
  traces: number,
  samples: number,
): SeabedPick {
  if (points.length === 0) throw new RangeError('a seabed correction needs at least one point');
  for (const p of points) {
    if (!(p.trace >= 0 && p.trace <= traces - 1 && p.sample >= 0 && p.sample <= samples - 1)) {
      throw new RangeError(
        `seabed point (trace ${p.trace}, sample ${p.sample}) lies outside the line (${traces} traces x ${samples} samples)`,
      );
    }
  }
  const pts = points.slice().sort((a, b) => a.trace - b.trace);
  const out = new Float32Array(traces);
  let k = 0;
  for (let t = 0; t < traces; t++) {
    while (k + 1 < pts.length && pts[k + 1]!.trace <= t) k++;
    const a = pts[k]!,
      b = pts[k + 1];
    if (t <= pts[0]!.trace) out[t] = pts[0]!.sample;
    else if (!b) out[t] = a.sample;
    else out[t] = a.sample + ((b.sample - a.sample) * (t - a.trace)) / Math.max(1e-9, b.trace - a.trace);
  }
  return { found: true, reason: '', samples: out, confidence: 1, source: 'user' };
}
