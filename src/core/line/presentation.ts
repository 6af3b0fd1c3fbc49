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
import { applyKeepPolarity, keepPolarityScale } from '../synthetic/standardise';
import { PATCH_SIDE } from '../synthetic/types';
import { removeLocalMean } from './detrend';
import { GENERATOR_PERIOD_SAMPLES, linePeriod } from './period';
import { readPolarity, type PolarityReading } from './polarity';
import { pickSeabed, type SeabedPick } from './seabed';

/** Smallest and largest time scale factor applied automatically (beyond them the period estimate is not trusted). */
export const SCALE_LIMITS: readonly [number, number] = [0.5, 4];

/** How to present a line; every field has a default a user would expect. */
export interface PresentationOptions {
  /** 'auto' (default) = match the line's dominant period to the generator's; a number = that factor (1 = as recorded). */
  scale?: 'auto' | number;
  /** Multiply the line by -1 first (reverse-polarity data). Default false. */
  flipPolarity?: boolean;
  /** 'auto' (default) = pick the seabed and mask above it; 'off' = no mask; or a corrected pick per trace, samples. */
  seabed?: 'auto' | 'off' | Float32Array;
  /** Remove slowly varying trends along traces first (default true). */
  detrend?: boolean;
}

/** What {@link presentLine} decided, in the line's own samples. */
export interface LinePresentation {
  /** Dominant period of the raw line (all windows), samples. */
  rawPeriodSamples: number;
  /** Dominant period below the seabed (or of the whole line without one), samples. */
  periodSamples: number;
  /** Time scale factor: line samples per generator sample (1 = as recorded). */
  scaleFactor: number;
  /** Whether the factor was measured ('auto') or given. */
  scaleSource: 'auto' | 'given' | 'default';
  /** Patch height cut from the line, samples (48 x factor, rounded). */
  patchSamples: number;
  /** Whether the line was multiplied by -1. */
  flipped: boolean;
  /** Polarity read at the seabed after any flip. */
  polarity: PolarityReading;
  /** Seabed pick, or null when masking is off. */
  seabed: SeabedPick | null;
  /** Patch centres closer than this below the seabed (or above it) get P = 0, samples. */
  maskMarginSamples: number;
  /** Running-mean window of the trend removal, samples (0 = off). */
  detrendWindow: number;
  /** Keep-polarity divisor of the line (data units after flip/detrend). */
  symmetricBound: number;
}

/** A raw line, trace-major: sample s of trace t at data[t * samples + s]. */
export interface RawLine {
  traces: number;
  samples: number;
  data: Float32Array;
}

function clampScale(f: number): number {
  return Math.min(SCALE_LIMITS[1], Math.max(SCALE_LIMITS[0], f));
}

/** Patch height for a scale factor: 48 x f, rounded; within 8 % of 1 stays 48 (cut without resizing). */
export function patchSamplesFor(scaleFactor: number): number {
  return Math.abs(scaleFactor - 1) < 0.08 ? PATCH_SIDE : Math.max(8, Math.round(PATCH_SIDE * scaleFactor));
}

/**
 * Presents a raw line: returns the standardised data the network and the viewer see (a new array;
 * `raw.data` is not changed) and what was decided.
 */
export function presentLine(raw: RawLine, opts: PresentationOptions = {}): { data: Float32Array; presentation: LinePresentation } {
  const { traces, samples } = raw;
  const flipped = opts.flipPolarity === true;
  const data = new Float32Array(raw.data);
  if (flipped) for (let i = 0; i < data.length; i++) data[i] = -data[i]!;
  const rawPeriod = linePeriod(data, traces, samples);
  const detrendWindow = opts.detrend === false || !Number.isFinite(rawPeriod) ? 0 : Math.max(9, Math.round(4 * rawPeriod) | 1);
  if (detrendWindow > 0) removeLocalMean(data, traces, samples, detrendWindow, data);
  const bounds = keepPolarityScale(data);
  applyKeepPolarity(data, bounds);

  let seabed: SeabedPick | null = null;
  const pickPeriod = Number.isFinite(rawPeriod) ? rawPeriod : 8;
  if (opts.seabed instanceof Float32Array) {
    if (opts.seabed.length !== traces) throw new RangeError(`the seabed correction has ${opts.seabed.length} picks for a line of ${traces} traces`);
    seabed = { found: true, reason: '', samples: opts.seabed, confidence: 1, source: 'user' };
  } else if (opts.seabed !== 'off') {
    seabed = pickSeabed(data, traces, samples, { periodSamples: pickPeriod });
  }
  const below = seabed?.found ? seabed.samples : undefined;
  const period = below ? linePeriod(data, traces, samples, below) : rawPeriod;
  const polarity = readPolarity(data, traces, samples, below ?? new Float32Array(traces).fill(NaN));

  let scaleFactor = 1;
  let scaleSource: LinePresentation['scaleSource'] = 'default';
  if (typeof opts.scale === 'number') {
    if (!(opts.scale > 0 && Number.isFinite(opts.scale))) throw new RangeError(`scale factor must be a positive number, got ${opts.scale}`);
    scaleFactor = opts.scale;
    scaleSource = 'given';
  } else if (Number.isFinite(period)) {
    scaleFactor = clampScale(period / GENERATOR_PERIOD_SAMPLES);
    scaleSource = 'auto';
  }
  const maskPeriod = Number.isFinite(period) ? period : pickPeriod;
  return {
    data,
    presentation: {
      rawPeriodSamples: rawPeriod,
      periodSamples: period,
      scaleFactor,
      scaleSource,
      patchSamples: patchSamplesFor(scaleFactor),
      flipped,
      polarity,
      seabed,
      // The seabed's own wavelet spans about a period below the pick: not a place a BSR can be.
      maskMarginSamples: Math.max(4, Math.round(maskPeriod)),
      detrendWindow,
      symmetricBound: bounds.symmetricBound,
    },
  };
}
