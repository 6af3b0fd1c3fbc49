/**
 * One line, one path: raw traces -> presentation (line/presentation.ts: polarity, trend removal,
 * standardisation, seabed, scale) -> patch grid -> network -> seabed mask -> BSR horizon. The CLI
 * (`classify`, `evaluate`), the classify worker and the tests all call {@link classifyLine}, so
 * what is scored is what a user sees.
 */
import type * as tf from '@tensorflow/tfjs';
import {
  planPresentation,
  presentChunk,
  presentLine,
  rawLineChunks,
  type LinePresentation,
  type PresentationOptions,
} from '../line/presentation';
import { classifyInBands, type BandedHooks } from './bands';
import { classifySection, type ClassifyHooks } from './classify';
import { ClassifyError, defaultPatchTraces, makePatchGrid, type ProbabilityMap } from './grid';
import { averageAlongSeabed, DEFAULT_SEABED_CONTEXT_TRACES } from './seabed-context';
import {
  applyBaseRate,
  DEFAULT_BSR_BASE_RATE,
  maskAboveSeabed,
  maskAroundCurve,
  maskDeadZones,
  pickHorizon,
  type BsrHorizon,
} from './horizon';
import { checkHeldWhole, eachChunk, type Section, type TraceSource } from './section';
import { SCALE_SELECTION_FACTORS, mapResponse, strongestResponse, type ScaleSelection } from './scale-selection';

/** Options of {@link classifyLine}. */
export interface LineClassifyOptions {
  /** Step between patches in traces and in the line's own samples (default 8 and 8). */
  strideTraces?: number;
  strideSamples?: number;
  /** Patch width in traces (default 48). The height follows the scale factor. */
  patchTraces?: number;
  /** Patches per model.predict call (default 64). */
  batchSize?: number;
  /** How the line is shown to the network (defaults: auto scale, auto seabed mask, as recorded). */
  presentation?: PresentationOptions;
  /** BSR share of patches the probabilities are reported at (default DEFAULT_BSR_BASE_RATE; 0.5 = the network's own output). */
  bsrBaseRate?: number;
  /**
   * Half-width in traces of the averaging along the seabed (seabed-context.ts; default DEFAULT_SEABED_CONTEXT_TRACES,
   * 0 = off): each patch centre's P becomes the mean P at its depth below the seabed over its neighbours.
   */
  seabedContextTraces?: number;
  /**
   * Choose the time scale by the network's response (scale-selection.ts): with an automatic scale, probe the line at
   * SCALE_SELECTION_FACTORS times the period-matched factor, every other patch centre each way, and make the map at
   * the strongest. About twice the work of one map. Default false; a given scale is kept as given, and a line
   * classified in bands (too big to hold) keeps the matched scale.
   */
  selectScale?: boolean;
}

/** Everything a classified line comes back with. */
export interface LineClassification {
  /** The standardised line as the network saw it (before resizing patches), trace-major. */
  section: Section;
  presentation: LinePresentation;
  /** Patch-centre probabilities, masked above the seabed. */
  map: ProbabilityMap;
  /** Patch centres set to 0 by the seabed mask and the dead-zone mask. */
  masked: number;
  /** The BSR base rate the probabilities are reported at. */
  bsrBaseRate: number;
  /** Half-width of the averaging along the seabed that was applied, traces (0 = none: off, or no seabed pick). */
  seabedContextTraces: number;
  horizon: BsrHorizon;
  /** What the time-scale selection probed and chose; null when it did not run. */
  scaleSelection: ScaleSelection | null;
}

/** Reads every trace of `src` into one trace-major array (one pass, chunks of `chunkTraces`). */
export async function readRawLine(
  src: TraceSource,
  chunkTraces = 256,
  onProgress?: (done: number, total: number) => void,
): Promise<Section> {
  const { traceCount: traces, samplesPerTrace: samples } = src;
  checkHeldWhole(traces, samples);
  const data = new Float32Array(traces * samples);
  await eachChunk(src, chunkTraces, (chunk, first) => {
    data.set(chunk, first * samples);
    onProgress?.(first + chunk.length / samples, traces);
  });
  return { traces, samples, dtUs: src.sampleIntervalUs, data };
}

/** Throws unless a line of `traces` traces is wide enough for one patch. */
function checkTraceCount(traces: number, patchTraces: number): void {
  if (traces < patchTraces)
    throw new ClassifyError(`the line has ${traces} trace${traces === 1 ? '' : 's'}; a patch needs ${patchTraces}`);
}

/** Checks a raw line can be classified at all; throws a ClassifyError that says what is wrong. */
export function checkLine(raw: Section, patchTraces: number): void {
  checkTraceCount(raw.traces, patchTraces);
  if (raw.samples < 16) throw new ClassifyError(`the line has ${raw.samples} samples per trace; too short for a patch`);
  let lo = Infinity,
    hi = -Infinity;
  for (let i = 0; i < raw.data.length; i++) {
    const v = raw.data[i]!;
    if (!Number.isFinite(v))
      throw new ClassifyError(
        `trace ${Math.floor(i / raw.samples)} sample ${i % raw.samples} is ${v}; the line must hold finite amplitudes`,
      );
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi > lo))
    throw new ClassifyError(`every sample of the line is ${lo}: a dead (flat) section has nothing to classify`);
}

/** The options' patch width in traces (by default defaultPatchTraces of the line's trace count). */
function patchTracesOf(opts: LineClassifyOptions, traces: number): number {
  return opts.patchTraces ?? defaultPatchTraces(traces);
}

/**
 * The patch grid over a presented line: the options' patch width and strides (8 by default), patches as many line
 * samples tall as the presentation's time scale asks, at most the line's length.
 */
function lineGrid(
  opts: LineClassifyOptions,
  presentation: LinePresentation,
  lineTraces: number,
  lineSamples: number,
): { patchTraces: number; patchSamples: number; strideTraces: number; strideSamples: number } {
  return {
    patchTraces: patchTracesOf(opts, lineTraces),
    patchSamples: Math.min(presentation.patchSamples, lineSamples),
    strideTraces: opts.strideTraces ?? 8,
    strideSamples: opts.strideSamples ?? 8,
  };
}

/** The options' half-width of the averaging along the seabed (the default when unset); throws on a bad one. */
function seabedContextOf(opts: LineClassifyOptions): number {
  const traces = opts.seabedContextTraces ?? DEFAULT_SEABED_CONTEXT_TRACES;
  if (!(Number.isFinite(traces) && traces >= 0))
    throw new ClassifyError(`seabedContextTraces must be a number of traces >= 0, got ${traces}`);
  return traces;
}

/**
 * The options' base rate (the pipeline's default when unset), the masks (seabed, seabed multiples, dead zones) and the
 * averaging along the seabed (seabed-context.ts), applied to a finished map in place, and the BSR horizon picked from
 * the patches' own P.
 */
function finishMap(
  map: ProbabilityMap,
  presentation: LinePresentation,
  opts: LineClassifyOptions,
): { masked: number; horizon: BsrHorizon; bsrBaseRate: number; seabedContextTraces: number } {
  const bsrBaseRate = opts.bsrBaseRate ?? DEFAULT_BSR_BASE_RATE;
  applyBaseRate(map, bsrBaseRate);
  const seabed = presentation.seabed?.found ? presentation.seabed.samples : null;
  let masked = seabed ? maskAboveSeabed(map, seabed, presentation.maskMarginSamples) : 0;
  const maskRest = (): number => {
    let n = 0;
    for (const m of presentation.multiples) n += maskAroundCurve(map, m.samples, presentation.multipleMarginSamples);
    return n + maskDeadZones(map, presentation.liveFrom, presentation.liveTo);
  };
  masked += maskRest();
  // No seabed, nothing to average along; a half-width under the stride reaches no other patch column.
  const asked = seabed ? seabedContextOf(opts) : 0;
  const context = asked >= map.grid.strideTraces ? asked : 0;
  // The horizon is tracked on the patches' own P (where the network itself says P >= 0.5): averaging ranks the map's
  // patches better but lowers the peaks of a BSR that wanders in depth below the seabed.
  const own = context > 0 ? { ...map, values: map.values.slice() } : map;
  if (seabed && context > 0) {
    // Masked centres take part as P = 0 (nothing there is a BSR); the masks hold again afterwards.
    averageAlongSeabed(map, seabed, context);
    maskAboveSeabed(map, seabed, presentation.maskMarginSamples);
    maskRest();
  }
  return {
    masked,
    horizon: pickHorizon(own, seabed, presentation.maskMarginSamples),
    bsrBaseRate,
    seabedContextTraces: context,
  };
}

/** The presented line and its grid at one presentation; throws a ClassifyError when no patch fits. */
async function presentedGrid(
  raw: Section,
  opts: LineClassifyOptions,
  presentationOptions: PresentationOptions | undefined,
): Promise<{ section: Section; presentation: LinePresentation; grid: ReturnType<typeof lineGrid> }> {
  const { data, presentation } = await presentLine(raw, presentationOptions);
  const section: Section = { traces: raw.traces, samples: raw.samples, dtUs: raw.dtUs, data };
  const grid = lineGrid(opts, presentation, raw.traces, raw.samples);
  makePatchGrid(section.traces, section.samples, grid); // fails fast, naming the sizes
  return { section, presentation, grid };
}

/**
 * The time-scale selection of {@link LineClassifyOptions.selectScale}: each probe is a finished map (base rate, masks,
 * averaging along the seabed) at twice the strides; null when the scale is not automatic or no period was measured.
 * A probe whose patch does not fit the line is skipped; a cancel stops the probing. Fine-tuning calls it to cut its
 * patches at the factor the base model's map was made at.
 */
export async function selectTimeScale(
  model: tf.LayersModel,
  raw: Section,
  opts: LineClassifyOptions,
  hooks?: ClassifyHooks,
): Promise<ScaleSelection | null> {
  if ((opts.presentation?.scale ?? 'auto') !== 'auto') return null;
  const matched = (await planPresentation(rawLineChunks(raw), opts.presentation)).presentation;
  if (matched.scaleSource !== 'auto') return null;
  const probe: LineClassifyOptions = {
    ...opts,
    strideTraces: 2 * (opts.strideTraces ?? 8),
    strideSamples: 2 * (opts.strideSamples ?? 8),
  };
  const factors = SCALE_SELECTION_FACTORS.map((m) => matched.scaleFactor * m);
  const responses: number[] = [];
  for (const factor of factors) {
    if (hooks?.isCancelled?.()) break;
    let probed;
    try {
      probed = await presentedGrid(raw, probe, { ...opts.presentation, scale: factor });
    } catch (e) {
      if (!(e instanceof ClassifyError)) throw e;
      responses.push(NaN);
      continue;
    }
    const { section, presentation, grid } = probed;
    const map = await classifySection(
      model,
      section,
      { ...grid, batchSize: opts.batchSize },
      // Cancel reaches the probes; their progress does not (it would run backwards when the map starts).
      { isCancelled: () => hooks?.isCancelled?.() ?? false },
    );
    finishMap(map, presentation, probe);
    responses.push(mapResponse(map.values));
  }
  const best = strongestResponse(responses);
  return { autoFactor: matched.scaleFactor, factors, responses, factor: factors[Math.max(0, best)]! };
}

/** Presents and classifies a raw line in memory. */
export async function classifyRawLine(
  model: tf.LayersModel,
  raw: Section,
  opts: LineClassifyOptions = {},
  hooks?: ClassifyHooks,
): Promise<LineClassification> {
  checkLine(raw, patchTracesOf(opts, raw.traces));
  seabedContextOf(opts); // fails fast, before the network runs
  const scaleSelection = opts.selectScale ? await selectTimeScale(model, raw, opts, hooks) : null;
  const { section, presentation, grid } = await presentedGrid(
    raw,
    opts,
    scaleSelection ? { ...opts.presentation, scale: scaleSelection.factor } : opts.presentation,
  );
  if (scaleSelection) presentation.scaleSource = 'selected';
  const map = await classifySection(model, section, { ...grid, batchSize: opts.batchSize }, hooks);
  return { section, presentation, map, ...finishMap(map, presentation, opts), scaleSelection };
}

/** Options of {@link classifyLineInBands}. */
export interface BandedLineOptions extends LineClassifyOptions {
  /** Largest band held at once, samples (default DEFAULT_BAND_SAMPLES). */
  maxBandSamples?: number;
}

/** A line classified in bands: as {@link LineClassification} but without the section (it is never held whole). */
export type BandedLineClassification = Omit<LineClassification, 'section'> & { bands: number };

/**
 * A line too big to hold whole: the presentation is planned in streaming passes over `src`, then bands of patch
 * columns are read, presented trace by trace with that plan and classified; mask and horizon as for a whole line.
 * The map equals {@link classifyLine}'s on the same traces.
 */
export async function classifyLineInBands(
  model: tf.LayersModel,
  src: TraceSource,
  opts: BandedLineOptions = {},
  hooks?: BandedHooks,
): Promise<BandedLineClassification> {
  checkTraceCount(src.traceCount, patchTracesOf(opts, src.traceCount));
  seabedContextOf(opts); // fails fast, before the network runs
  const plan = await planPresentation(src, opts.presentation);
  const { presentation } = plan;
  const gridOptions = lineGrid(opts, presentation, src.traceCount, src.samplesPerTrace);
  const { map, bands } = await classifyInBands(
    model,
    src,
    {
      ...gridOptions,
      batchSize: opts.batchSize,
      maxBandSamples: opts.maxBandSamples,
      bounds: plan.bounds,
      present: (raw, traces, samples) => presentChunk(raw, traces, samples, plan),
    },
    hooks,
  );
  // No time-scale selection here: each probe would stream the whole file again.
  return { presentation, map, bands, ...finishMap(map, presentation, opts), scaleSelection: null };
}

/** Reads a line from `src`, then {@link classifyRawLine}. */
export async function classifyLine(
  model: tf.LayersModel,
  src: TraceSource,
  opts?: LineClassifyOptions,
  hooks?: ClassifyHooks,
): Promise<LineClassification> {
  return classifyRawLine(model, await readRawLine(src), opts, hooks);
}

/** A JSON-friendly summary of the presentation (for CLI output and stored results). */
export function presentationSummary(p: LinePresentation): Record<string, unknown> {
  const r = (v: number, d = 3): number | null => (Number.isFinite(v) ? +v.toFixed(d) : null);
  return {
    scale_factor: r(p.scaleFactor),
    scale_source: p.scaleSource,
    period_samples: r(p.periodSamples, 2),
    patch_samples: p.patchSamples,
    polarity: p.polarity.polarity,
    polarity_score: r(p.polarity.score),
    flipped: p.flipped,
    flip_source: p.flipSource,
    seabed: p.seabed === null ? 'off' : p.seabed.found ? p.seabed.source : 'not found',
    seabed_note: p.seabed && !p.seabed.found ? p.seabed.reason : undefined,
    seabed_confidence: p.seabed?.found ? r(p.seabed.confidence) : undefined,
    mask_margin_samples: p.maskMarginSamples,
    seabed_multiples: p.multiples.map((m) => ({ order: m.order, energy_ratio: r(m.energyRatio) })),
    detrend_window: p.detrendWindow,
    bound_gain: r(p.boundGain),
  };
}
