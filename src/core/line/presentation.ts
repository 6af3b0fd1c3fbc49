/**
 * Shows a real line to the network the way its training patches were drawn (issue: "show a line
 * the way the network learned it"). In order, on the raw trace-major section:
 *  1. polarity flip when asked (reverse-polarity data: the seabed must read positive first);
 *  2. local-mean removal (line/detrend.ts): no steps between water and sediment levels;
 *  3. keep-polarity standardisation with the line's own percentiles, as the generator does;
 *  4. seabed pick (line/seabed.ts) and polarity reading at it (line/polarity.ts);
 *  5. the dominant period below the seabed (line/period.ts) and from it the time scale factor:
 *     a patch is cut `round(48 x factor)` samples tall and resized to the generator's 48 rows,
 *     so a reflector lobe spans what the generator draws. Traces are never resampled.
 * Everything decided here is returned (and recorded with a result), so a map can be explained.
 */
import {
  applyKeepPolarity,
  boundsFromAccumulator,
  keepPolarityAccumulator,
  type KeepPolarityBounds,
} from '../synthetic/standardise';
import { PATCH_SIDE, type SyntheticGenerator } from '../synthetic/types';
import { removeLocalMean } from './detrend';
import { MultipleAccumulator, type SeabedMultiple } from './multiple';
import { addTraceWindows, GENERATOR_PERIOD_SAMPLES, linePeriodPlan, PeriodAccumulator } from './period';
import { polarityFromSums, type PolarityReading } from './polarity';
import {
  continuousPicks,
  quietAbove,
  rawSeabedPick,
  robustPeakOf,
  robustPeakStep,
  seabedSteps,
  seabedVerdict,
  type SeabedPick,
  type SeabedSteps,
} from './seabed';

/** Least |polarity score| of an automatic seabed pick: below it the picked event has no consistent sign. */
export const MIN_SEABED_POLARITY_SCORE = 0.4;

/**
 * A seabed whose first strong lobe changes sign along the line is still one reflector when the wavelet is rotated
 * near 90° (its two lobes about equal, the picker takes either): then the picks agree with the continuous pick on
 * nearly every trace (this share of them) and live water lies above them, at least a period of live samples on
 * {@link ROTATED_SEABED_LIVE_WATER} of the picked traces. The edge of a mute fails the second test, since its data
 * start at the pick (the test fixture: 6 % of traces); land data whose quiet zone is live fail the first, since the
 * first strong event under it wanders between strata (31_81_PR: 86 % agree). Session 25: the offshore UK dev line
 * rotated 90° had its seabed refused (polarity score -0.14; 98 % agree, live water above all picks), and without a
 * seabed mask it scored AUC 0.86 / AP 0.43; with its seabed 0.98 / 0.81 (as recorded 0.99 / 0.86).
 */
export const ROTATED_SEABED_AGREEMENT = 0.95;
export const ROTATED_SEABED_LIVE_WATER = 0.6;

function phaseRotatedSeabed(agree: number, liveWater: number, picked: number, traces: number): boolean {
  return (
    traces > 0 &&
    picked > 0 &&
    agree / traces >= ROTATED_SEABED_AGREEMENT &&
    liveWater / picked >= ROTATED_SEABED_LIVE_WATER
  );
}

/**
 * The automatic time scale resamples a line so its dominant period becomes GENERATOR_PERIOD_SAMPLES / this: lobes a
 * fifth thinner than the generator's median (it draws 0.7-1.4 x that period), so a patch also spans a quarter more
 * time. Measured with three draws of the shipped recipe (session 7): the evaluation suite's eight BSR lines scored mean
 * AUC / AP 0.798 / 0.172 with the periods matched exactly and 0.822 / 0.216 at x 1.25 (x 1.5: higher still on the
 * suite, lower on the real dev lines); the three real dev lines 0.928 / 0.321 and 0.929 / 0.322; 31_81_PR's false
 * alarms unchanged (0.0-0.13 %).
 */
export const AUTO_SCALE_GAIN = 1.25;

/**
 * The line is standardised with its keep-polarity bound (the 99.5th percentile of |amplitude|) widened by this factor:
 * the level it reaches maps to 1 / 1.5 and nothing under 1.5 x that level is clipped. A line's brightest half percent
 * is its seabed and its brightest strata, clipped flat at +-1 with the plain bound, while the generator's patches seldom
 * reach +-1 (the median patch peak: 0.78 for seabed patches, 0.84 for BSR patches); shown as bright as that, the
 * network took bright strata for BSRs. Measured with three draws of the shipped recipe (session 8): the real dev lines'
 * mean AUC / AP 0.930 / 0.345 at x 1 and 0.950 / 0.433 at x 1.5 (every draw and every line but the UK one, which
 * stayed level, rose); the evaluation suite's BSR lines unchanged (0.827 / 0.230 and 0.823 / 0.240) with fewer false
 * alarms. At x 2 the suite's horizon (P > 0.5) vanished: the network's P falls with the level, so the gain stops here.
 */
export const LINE_BOUND_GAIN = 1.5;

/** Smallest and largest time scale factor applied automatically (beyond them the period estimate is not trusted). */
export const SCALE_LIMITS: readonly [number, number] = [0.5, 4];

/** Polarity of the line shown to the network: true = flipped, false = as recorded, 'auto' = flipped when the seabed reads negative first. */
export type PolarityChoice = boolean | 'auto';

/** How to present a line; every field has a default a user would expect. */
export interface PresentationOptions {
  /** 'auto' (default) = match the line's dominant period to the generator's; a number = that factor (1 = as recorded). */
  scale?: 'auto' | number;
  /**
   * Multiply the line by -1 first: true = flip, false = as recorded, 'auto' (default) = flip when the line's seabed
   * reads negative first (reverse-polarity recording, or a wavelet rotated past -30°): the network learned a seabed
   * positive first and a BSR the reverse, so on such a line a BSR looks like an ordinary reflector.
   */
  flipPolarity?: PolarityChoice;
  /** 'auto' (default) = pick the seabed and mask above it; 'off' = no mask; or a corrected pick per trace, samples. */
  seabed?: 'auto' | 'off' | Float32Array;
  /** Remove slowly varying trends along traces first (default true). */
  detrend?: boolean;
  /** Recording delay, samples: time of sample 0 after the shot (default 0), for the seabed multiple's time. */
  delaySamples?: number;
  /** Look for the seabed multiple and mask it (default true; needs a seabed). */
  multiples?: boolean;
  /** Factor on the line's keep-polarity bound before standardisation (default {@link LINE_BOUND_GAIN}; 1 = the seed's). */
  boundGain?: number;
  /**
   * How far below the seabed the mask reaches (default 'wavelet'): follow the model's training data with
   * {@link seabedMarginFor}, since only a model that saw the seabed anywhere in its patches may look that close.
   */
  seabedMargin?: SeabedMargin;
}

/**
 * The seabed mask's reach below the pick: 'wavelet' = one dominant period, the seabed's own reflection; 'half-patch'
 * = half a patch (at least a period), so no patch centred in it holds the seabed at all ({@link seabedMarginSamples}).
 */
export type SeabedMargin = 'wavelet' | 'half-patch';

/**
 * The mask a model needs, from the generator profile it was trained on: the realistic profile draws the seabed and
 * the water above it anywhere in a patch as not-BSR (its `seabed-water` kind) and BSRs 8-16 rows under a seabed, so
 * such a model may look just under the seabed; the paper profile shows a seabed only at a patch's centre, and a
 * model trained on it flags the seabed's trailing lobes (on the dev real lines its false alarms rose from 5-12 % to
 * 9-25 % of not-BSR patches with the wavelet margin), so it keeps half a patch.
 */
export function seabedMarginFor(profile: SyntheticGenerator | undefined): SeabedMargin {
  return profile === 'realistic' ? 'wavelet' : 'half-patch';
}

/** What {@link presentLine} decided, in the line's own samples. */
export interface LinePresentation {
  /** Dominant period of the raw line (all windows), samples. */
  rawPeriodSamples: number;
  /** Dominant period below the seabed (or of the whole line without one), samples. */
  periodSamples: number;
  /** Time scale factor: line samples per generator sample (1 = as recorded). */
  scaleFactor: number;
  /**
   * Whether the factor was measured ('auto'), given, the default (no period measured), or 'selected' by the network's
   * response among multiples of the measured one (classify/scale-selection.ts).
   */
  scaleSource: 'auto' | 'given' | 'default' | 'selected';
  /** Patch height cut from the line, samples (48 x factor, rounded). */
  patchSamples: number;
  /** Whether the line was multiplied by -1. */
  flipped: boolean;
  /** Who decided the flip: 'auto' = the seabed's polarity reading (flipPolarity 'auto'), 'given' = the caller. */
  flipSource: 'auto' | 'given';
  /** Polarity read at the seabed after any flip. */
  polarity: PolarityReading;
  /** Seabed pick, or null when masking is off. */
  seabed: SeabedPick | null;
  /** Patch centres closer than this below the seabed (or above it) get P = 0, samples. */
  maskMarginSamples: number;
  /** The rule that set {@link maskMarginSamples} (it follows the time scale under 'half-patch'). */
  seabedMargin: SeabedMargin;
  /** Seabed multiples the line shows (line/multiple.ts); patch centres within `multipleMarginSamples` of one get P = 0. */
  multiples: SeabedMultiple[];
  /** Half-width of the band around a multiple where P = 0, samples (one period). */
  multipleMarginSamples: number;
  /** Running-mean window of the trend removal, samples (0 = off). */
  detrendWindow: number;
  /** Factor applied to the line's keep-polarity bound (see {@link LINE_BOUND_GAIN}). */
  boundGain: number;
  /** Keep-polarity divisor of the line (data units after flip/detrend), the bound gain included: what maps to +-1. */
  symmetricBound: number;
  /**
   * Per trace, the live samples [liveFrom, liveTo): outside them the raw trace holds one repeated value (a mute,
   * padding, a dead trace). Nothing can be found there, so the map is 0 there.
   */
  liveFrom: Float32Array;
  liveTo: Float32Array;
}

/** A raw line, trace-major: sample s of trace t at data[t * samples + s]. */
export interface RawLine {
  traces: number;
  samples: number;
  data: Float32Array;
}

/** Blocks of whole raw traces: a file read in chunks, or a line in memory (structurally a classify TraceSource). */
export interface TraceChunks {
  readonly traceCount: number;
  readonly samplesPerTrace: number;
  /** Traces [first, first+count), trace-major. */
  readChunk(first: number, count: number): Promise<Float32Array>;
}

/** What {@link presentChunk} needs: the presentation and the line's keep-polarity bounds. */
export interface PresentationPlan {
  presentation: LinePresentation;
  bounds: KeepPolarityBounds;
}

function clampScale(f: number): number {
  return Math.min(SCALE_LIMITS[1], Math.max(SCALE_LIMITS[0], f));
}

/** The period the seabed mask's margins follow: below the seabed, else the raw line's, else 8 samples. */
function maskPeriodOf(periodSamples: number, rawPeriodSamples: number): number {
  return Number.isFinite(periodSamples) ? periodSamples : Number.isFinite(rawPeriodSamples) ? rawPeriodSamples : 8;
}

/** The fields of a presentation that follow from its time scale. */
function scaled(
  scaleFactor: number,
  scaleSource: LinePresentation['scaleSource'],
  maskPeriod: number,
  seabedMargin: SeabedMargin,
): Pick<LinePresentation, 'scaleFactor' | 'scaleSource' | 'patchSamples' | 'maskMarginSamples' | 'seabedMargin'> {
  const patchSamples = patchSamplesFor(scaleFactor);
  return {
    scaleFactor,
    scaleSource,
    patchSamples,
    maskMarginSamples: seabedMarginSamples(maskPeriod, patchSamples, seabedMargin),
    seabedMargin,
  };
}

/** The seabed pick's samples per trace when one was found (what the masks and the horizon follow), else null. */
export function foundSeabed(p: Pick<LinePresentation, 'seabed'>): Float32Array | null {
  return p.seabed?.found ? p.seabed.samples : null;
}

/**
 * The presentation at another time scale. Nothing the line's samples go through depends on the scale (it only sets
 * the patch height and the seabed margin that follows it), so the presented line and the plan's bounds hold as they
 * are: the time-scale selection probes several scales with one presentation.
 */
export function atScale(
  p: LinePresentation,
  scaleFactor: number,
  scaleSource: LinePresentation['scaleSource'],
): LinePresentation {
  if (!(scaleFactor > 0 && Number.isFinite(scaleFactor)))
    throw new RangeError(`scale factor must be a positive number, got ${scaleFactor}`);
  return {
    ...p,
    ...scaled(scaleFactor, scaleSource, maskPeriodOf(p.periodSamples, p.rawPeriodSamples), p.seabedMargin),
  };
}

/** Patch height for a scale factor: 48 x f, rounded; within 8 % of 1 stays 48 (cut without resizing). */
export function patchSamplesFor(scaleFactor: number): number {
  return Math.abs(scaleFactor - 1) < 0.08 ? PATCH_SIDE : Math.max(8, Math.round(PATCH_SIDE * scaleFactor));
}

/** Live range [from, to) of one trace: the runs of one repeated value at its top and bottom left out (an all-constant trace: [0, 0)). */
export function liveRange(data: Float32Array, base: number, samples: number): [number, number] {
  let from = 0;
  while (from + 1 < samples && data[base + from + 1] === data[base]) from++;
  if (from + 1 >= samples) return [0, 0];
  if (from > 0) from++; // the first sample that differs from the repeated top value
  let to = samples;
  while (to - 2 >= from && data[base + to - 2] === data[base + samples - 1]) to--;
  if (to < samples) to--;
  return [from, to];
}

/** Flip and trend removal of raw traces (a new array): what standardisation then scales. */
function prepare(
  raw: Float32Array,
  traces: number,
  samples: number,
  flipped: boolean,
  detrendWindow: number,
): Float32Array {
  const out = new Float32Array(raw);
  if (flipped) for (let i = 0; i < out.length; i++) out[i] = -out[i]!;
  if (detrendWindow > 0) removeLocalMean(out, traces, samples, detrendWindow, out);
  return out;
}

/**
 * Presents raw traces (a whole line or a band of it) with a plan: flip, trend removal, keep-polarity
 * standardisation with the line's bounds. Every step works trace by trace, so a band presented alone
 * equals the same traces of the whole line presented at once. Returns a new array.
 */
export function presentChunk(raw: Float32Array, traces: number, samples: number, plan: PresentationPlan): Float32Array {
  const out = prepare(raw, traces, samples, plan.presentation.flipped, plan.presentation.detrendWindow);
  return applyKeepPolarity(out, plan.bounds);
}

/**
 * Decides how to present a line read in chunks: {@link planPresentationAs} with the flip given, or with
 * flipPolarity 'auto' (the default) as recorded, then once more flipped when the seabed read negative first.
 */
export async function planPresentation(
  src: TraceChunks,
  opts: PresentationOptions = {},
  chunkTraces = 256,
): Promise<PresentationPlan> {
  const given = opts.flipPolarity ?? 'auto';
  if (given !== 'auto') return planPresentationAs(src, opts, given, 'given', chunkTraces);
  const recorded = await planPresentationAs(src, opts, false, 'auto', chunkTraces);
  if (recorded.presentation.polarity.polarity !== 'reversed') return recorded;
  return planPresentationAs(src, opts, true, 'auto', chunkTraces);
}

/**
 * Plans the presentation with the flip decided (five passes over the traces, none holding more than a chunk):
 * 1. dominant period of the raw line; 2-3. exact keep-polarity percentiles of the flipped, detrended line
 * (and a strided sample for the seabed's strength level); 4. a raw seabed pick per trace, made continuous;
 * 5. the water-column test, the period below the seabed and the polarity at the seabed.
 */
async function planPresentationAs(
  src: TraceChunks,
  opts: PresentationOptions,
  flipped: boolean,
  flipSource: LinePresentation['flipSource'],
  chunkTraces: number,
): Promise<PresentationPlan> {
  const { traceCount: traces, samplesPerTrace: samples } = src;
  if (typeof opts.scale === 'number' && Number.isFinite(opts.scale) && patchSamplesFor(opts.scale) > samples) {
    // Every patch centre would lie off the line: an all-zero map, not an answer (the CLI took --scale 1e6).
    const most = Math.floor(((samples + 0.5) / PATCH_SIDE) * 100) / 100;
    throw new RangeError(
      `a time scale of ×${opts.scale} makes each patch ${patchSamplesFor(opts.scale)} samples tall, taller than the line (${samples} samples per trace); at most ×${most} fits`,
    );
  }
  const boundGain = opts.boundGain ?? LINE_BOUND_GAIN;
  if (!(boundGain > 0 && Number.isFinite(boundGain)))
    throw new RangeError(`bound gain must be a positive number, got ${boundGain}`);
  const each = async (visit: (chunk: Float32Array, first: number, count: number) => void): Promise<void> => {
    for (let first = 0; first < traces; first += chunkTraces) {
      const count = Math.min(chunkTraces, traces - first);
      const chunk = await src.readChunk(first, count);
      if (chunk.length !== count * samples)
        throw new RangeError(
          `trace read ${first}+${count} returned ${chunk.length} samples, expected ${count * samples}`,
        );
      visit(chunk, first, count);
    }
  };
  // 1. The raw period (the power spectrum does not care about the sign: no flip needed).
  const pp = linePeriodPlan(traces, samples);
  const rawAcc = new PeriodAccumulator({ window: pp.window, fftSize: pp.fftSize });
  const liveFrom = new Float32Array(traces),
    liveTo = new Float32Array(traces);
  await each((c, first, count) => {
    for (let i = 0; i < count; i++) {
      if ((first + i) % pp.traceStep === 0) addTraceWindows(rawAcc, c, i * samples, samples);
      const [a, b] = liveRange(c, i * samples, samples);
      liveFrom[first + i] = a;
      liveTo[first + i] = b;
    }
  });
  const rawPeriod = rawAcc.period();
  const detrendWindow =
    opts.detrend === false || !Number.isFinite(rawPeriod) ? 0 : Math.max(9, Math.round(4 * rawPeriod) | 1);
  // 2-3. Keep-polarity bounds (two exact passes) and a strided sample of the prepared values.
  const acc = keepPolarityAccumulator();
  const step = robustPeakStep(traces * samples);
  const strong: number[] = [];
  await each((c, first, count) => {
    const prep = prepare(c, count, samples, flipped, detrendWindow);
    acc.add(prep);
    for (let i = (step - ((first * samples) % step)) % step; i < prep.length; i += step) strong.push(prep[i]!);
  });
  acc.endPass();
  await each((c, _first, count) => acc.add(prepare(c, count, samples, flipped, detrendWindow)));
  acc.endPass();
  const bounds = boundsFromAccumulator(acc);
  // The seabed is read on the prepared line scaled like the standardised one but NOT clipped: clipping flattens the
  // seabed's (usually strongest) lobe and makes a zero-phase wavelet's side lobes look as large as its centre.
  const inv = bounds.symmetricBound > 0 ? 1 / bounds.symmetricBound : 0;
  const scaledUnclipped = (c: Float32Array, count: number): Float32Array => {
    const d = prepare(c, count, samples, flipped, detrendWindow);
    for (let i = 0; i < d.length; i++) d[i] = d[i]! * inv;
    return d;
  };

  // 4. Seabed: raw picks per trace on the scaled (unclipped) line, then continuity across traces.
  const pickPeriod = Number.isFinite(rawPeriod) ? rawPeriod : 8;
  let seabed: SeabedPick | null = null;
  let picks: Float32Array | null = null;
  let steps: SeabedSteps | null = null;
  let agree = 0;
  if (opts.seabed instanceof Float32Array) {
    if (opts.seabed.length !== traces)
      throw new RangeError(`the seabed correction has ${opts.seabed.length} picks for a line of ${traces} traces`);
    seabed = { found: true, reason: '', samples: opts.seabed, confidence: 1, source: 'user' };
    picks = opts.seabed;
  } else if (opts.seabed !== 'off') {
    const sampleStd = Float32Array.from(strong, (v) => v * inv);
    const st = seabedSteps({ periodSamples: pickPeriod }, robustPeakOf(sampleStd));
    steps = st;
    const raw = new Float32Array(traces).fill(NaN);
    if (st.level > 0) {
      await each((c, first, count) => {
        const d = scaledUnclipped(c, count);
        for (let i = 0; i < count; i++) raw[first + i] = rawSeabedPick(d, i * samples, samples, st);
      });
    }
    ({ picks, agree } = continuousPicks(raw, st));
  }
  // 5. Water column, period below the seabed, polarity at the seabed.
  const belowAcc = new PeriodAccumulator({ window: pp.window, fftSize: pp.fftSize });
  const multipleAcc = new MultipleAccumulator(traces, pickPeriod, opts.delaySamples ?? 0);
  let quiet = 0,
    signed = 0,
    total = 0,
    read = 0,
    liveWater = 0;
  if (picks) {
    const pk = picks;
    await each((c, first, count) => {
      const d = scaledUnclipped(c, count);
      for (let i = 0; i < count; i++) {
        const t = first + i,
          p = pk[t]!;
        if (steps && quietAbove(d, i * samples, samples, p, steps)) quiet++;
        if (t % pp.traceStep === 0) addTraceWindows(belowAcc, d, i * samples, samples, p);
        multipleAcc.add(d, i * samples, samples, t, p);
        if (!Number.isNaN(p)) {
          if (p - liveFrom[t]! >= pickPeriod) liveWater++; // a period of live samples above: water, not a mute
          const a = d[i * samples + Math.min(samples - 1, Math.max(0, Math.round(p)))]!;
          signed += a;
          total += Math.abs(a);
          read++;
        }
      }
    });
    if (steps) seabed = seabedVerdict(picks, agree, quiet, steps);
    // A seabed is one reflector: its first strong lobe has one sign along the line. The top of the live data under
    // a mute (land data, a muted marine line) is quiet above too, but starts on whatever stratum is there.
    if (
      seabed?.found &&
      seabed.source === 'auto' &&
      Math.abs(polarityFromSums(signed, total, read).score) < MIN_SEABED_POLARITY_SCORE &&
      !phaseRotatedSeabed(agree, liveWater, read, traces)
    ) {
      seabed = {
        found: false,
        samples: new Float32Array(traces).fill(NaN),
        confidence: 0,
        source: 'auto',
        reason:
          'the first strong event under the quiet zone changes sign along the line, so it is not one reflector (the edge of a mute on land data?)',
      };
    }
  }
  const found = seabed?.found === true;
  const period = found ? belowAcc.period() : rawPeriod;
  const polarity = polarityFromSums(found ? signed : 0, found ? total : 0, found ? read : 0);

  let scaleFactor = 1;
  let scaleSource: LinePresentation['scaleSource'] = 'default';
  if (typeof opts.scale === 'number') {
    if (!(opts.scale > 0 && Number.isFinite(opts.scale)))
      throw new RangeError(`scale factor must be a positive number, got ${opts.scale}`);
    scaleFactor = opts.scale;
    scaleSource = 'given';
  } else if (Number.isFinite(period)) {
    scaleFactor = clampScale((period / GENERATOR_PERIOD_SAMPLES) * AUTO_SCALE_GAIN);
    scaleSource = 'auto';
  }
  // The seabed was read above on the plain bound; only what the network sees is widened.
  const shown = widenBounds(bounds, boundGain);
  const maskPeriod = maskPeriodOf(period, rawPeriod);
  const presentation: LinePresentation = {
    rawPeriodSamples: rawPeriod,
    periodSamples: period,
    ...scaled(scaleFactor, scaleSource, maskPeriod, opts.seabedMargin ?? 'wavelet'),
    flipped,
    flipSource,
    polarity,
    seabed,
    multiples: found && opts.multiples !== false ? multipleAcc.result() : [],
    multipleMarginSamples: Math.max(4, Math.round(maskPeriod)),
    detrendWindow,
    boundGain,
    symmetricBound: shown.symmetricBound,
    liveFrom,
    liveTo,
  };
  return { presentation, bounds: shown };
}

/** `bounds` widened by `gain` (clip limits and divisor alike): the line shown at 1 / gain of its level. */
function widenBounds(bounds: KeepPolarityBounds, gain: number): KeepPolarityBounds {
  return { ...bounds, min: bounds.min * gain, max: bounds.max * gain, symmetricBound: bounds.symmetricBound * gain };
}

/**
 * How far below the seabed pick patch centres get P = 0, samples. 'wavelet' (the default since session 27): one
 * dominant period (at least 4), the span of the seabed's own reflection below its pick, at every time scale.
 * 'half-patch': half a patch and at least a period, so no patch centred in it holds the seabed (2.7 periods at the
 * matched scale, more at a larger selected one). Half a patch hid every BSR less than 2.7 periods under the seabed
 * (where the hydrate zone thins upslope, or in high heat flow): the dev real lines with 40-160 samples of sediment cut
 * out under their seabed (the BSR then 26-68 samples under it) scored AUC 0.72 / 0.07 / 0.11 with it and 0.87 / 0.94
 * / 0.88 with the wavelet margin, while the shipped model's P in the band between stays under 0.05 on the dev lines as
 * they are (README, "Real lines as they come"). A model that never saw a seabed off its patch's centre keeps half a
 * patch ({@link seabedMarginFor}).
 */
export function seabedMarginSamples(periodSamples: number, patchSamples: number, rule: SeabedMargin): number {
  const wavelet = Math.max(4, Math.round(periodSamples));
  return rule === 'wavelet' ? wavelet : Math.max(wavelet, Math.round(patchSamples / 2));
}

/** In-memory chunks of a raw line (views, no copies). */
export function rawLineChunks(raw: RawLine): TraceChunks {
  return {
    traceCount: raw.traces,
    samplesPerTrace: raw.samples,
    readChunk: (first, count) => Promise.resolve(raw.data.subarray(first * raw.samples, (first + count) * raw.samples)),
  };
}

/**
 * Presents a raw line held whole: returns the standardised data the network and the viewer see (a new
 * array; `raw.data` is not changed) and what was decided.
 */
export async function presentLine(
  raw: RawLine,
  opts: PresentationOptions = {},
): Promise<{ data: Float32Array; presentation: LinePresentation; plan: PresentationPlan }> {
  const plan = await planPresentation(rawLineChunks(raw), opts);
  return { data: presentChunk(raw.data, raw.traces, raw.samples, plan), presentation: plan.presentation, plan };
}
