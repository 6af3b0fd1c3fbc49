/**
 * One line, one path: raw traces -> presentation (line/presentation.ts: polarity, trend removal,
 * standardisation, seabed, scale) -> patch grid -> network -> seabed mask -> BSR horizon. The CLI
 * (`classify`, `evaluate`), the classify worker and the tests all call {@link classifyLine}, so
 * what is scored is what a user sees.
 */
import type * as tf from '@tensorflow/tfjs';
import {
  atScale,
  foundSeabed,
  planPresentation,
  presentChunk,
  presentLine,
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
  DEFAULT_HORIZON_THRESHOLD,
  maskAboveSeabed,
  maskAroundCurve,
  maskDeadZones,
  pickHorizon,
  type BsrHorizon,
} from './horizon';
import { cancellableSource, checkHeldWhole, eachChunk, type Section, type TraceSource } from './section';
import { PassProgress } from './pass-progress';
import type { KeepPolarityBounds } from '../synthetic/standardise';
import {
  PROBE_STRIDE_MULTIPLE,
  SCALE_SELECTION_FACTORS,
  mapResponse,
  chosenProbe,
  type ScaleProbe,
  type ScaleSelection,
} from './scale-selection';

/** Hooks of a line's classification: the map's (progress over probes and map, cancel), and which probe runs. */
export interface LineHooks extends ClassifyHooks {
  /** Before each time-scale probe, and with null when the map itself starts (only when the selection runs). */
  onScaleProbe?(probe: ScaleProbe | null): void;
}

/** Hooks of a line classified in bands. */
export type BandedLineHooks = BandedHooks & LineHooks;

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
   * the strongest. About twice the work of one map (a line classified in bands is read once per probe). Default true
   * (the CLIs' --no-select-scale and the app's "matched period" scale turn it off); a given scale is kept as given.
   */
  selectScale?: boolean;
  /**
   * The model was fine-tuned on patches cut at the period-matched scale (scale-selection.ts selectsScaleFor): an
   * automatic scale stays matched even when the selection is asked for, and the result says so (matchedScaleKept).
   */
  modelKeepsMatchedScale?: boolean;
  /**
   * P(BSR) a patch must reach for the BSR horizon to pass through it (default DEFAULT_HORIZON_THRESHOLD): a
   * cautious model on a hard line may rank the BSR first and stay under 0.5 everywhere.
   */
  horizonThreshold?: number;
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
  /**
   * Each patch centre's own P (masks applied, before the averaging along the seabed): what the horizon is tracked on,
   * so a viewer can pick it again at another threshold (pickHorizon). Null when no averaging ran: then it is `map`'s.
   */
  ownValues: Float32Array | null;
  /** What the time-scale selection probed and chose; null when it did not run. */
  scaleSelection: ScaleSelection | null;
  /** The selection was asked for but the model keeps the matched scale (LineClassifyOptions.modelKeepsMatchedScale). */
  matchedScaleKept: boolean;
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

/** Checks a line of this size can hold a patch (its samples unread); throws a ClassifyError that says what is wrong. */
export function checkLineSize(traces: number, samples: number, patchTraces: number): void {
  checkTraceCount(traces, patchTraces);
  if (samples < 16) throw new ClassifyError(`the line has ${samples} samples per trace; too short for a patch`);
}

/** Checks a raw line can be classified at all; throws a ClassifyError that says what is wrong. */
export function checkLine(raw: Section, patchTraces: number): void {
  checkLineSize(raw.traces, raw.samples, patchTraces);
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

/** The options' horizon threshold (the default when unset); throws on one outside (0, 1). */
function horizonThresholdOf(opts: LineClassifyOptions): number {
  const p = opts.horizonThreshold ?? DEFAULT_HORIZON_THRESHOLD;
  if (!(p > 0 && p < 1)) throw new ClassifyError(`horizonThreshold must be a P(BSR) between 0 and 1, got ${p}`);
  return p;
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
): {
  masked: number;
  horizon: BsrHorizon;
  ownValues: Float32Array | null;
  bsrBaseRate: number;
  seabedContextTraces: number;
} {
  const bsrBaseRate = opts.bsrBaseRate ?? DEFAULT_BSR_BASE_RATE;
  applyBaseRate(map, bsrBaseRate);
  const seabed = foundSeabed(presentation);
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
  // The horizon is tracked on the patches' own P (where the network itself reaches the threshold): averaging ranks
  // the map's patches better but lowers the peaks of a BSR that wanders in depth below the seabed.
  const own = context > 0 ? { ...map, values: map.values.slice() } : map;
  if (seabed && context > 0) {
    // Masked centres take part as P = 0 (nothing there is a BSR); the masks hold again afterwards.
    averageAlongSeabed(map, seabed, context);
    maskAboveSeabed(map, seabed, presentation.maskMarginSamples);
    maskRest();
  }
  return {
    masked,
    horizon: pickHorizon(own, seabed, presentation.maskMarginSamples, horizonThresholdOf(opts)),
    ownValues: own === map ? null : own.values,
    bsrBaseRate,
    seabedContextTraces: context,
  };
}

/** The raw line presented as the options ask (polarity, trend removal, standardisation, seabed, matched scale). */
async function presentRaw(
  raw: Section,
  presentationOptions: PresentationOptions | undefined,
): Promise<{ section: Section; presentation: LinePresentation }> {
  const { data, presentation } = await presentLine(raw, presentationOptions);
  return { section: { traces: raw.traces, samples: raw.samples, dtUs: raw.dtUs, data }, presentation };
}

/** Classifies the presented line (held whole, or read in bands) at one presentation and grid. */
type ClassifyAt = (presentation: LinePresentation, grid: LineGrid, hooks: BandedHooks) => Promise<ProbabilityMap>;
type LineGrid = ReturnType<typeof lineGrid>;

/** The presentation the map is made at, what the selection tried, and the map's hooks (its progress after the probes'). */
interface ScaleChoice {
  presentation: LinePresentation;
  scaleSelection: ScaleSelection | null;
  matchedScaleKept: boolean;
  hooks: ClassifyHooks | undefined;
}

/**
 * The time-scale selection of {@link LineClassifyOptions.selectScale}, when it applies (not turned off, and the scale was
 * matched to a measured period): each probe is a finished map (base rate, masks, averaging along the seabed) at twice
 * the strides, at a multiple of the matched factor; the map is made at the strongest response. A cancel stops the
 * probing. The probes and the map report progress as one job (PassProgress).
 */
async function chooseScale(
  matched: LinePresentation,
  traces: number,
  samples: number,
  opts: LineClassifyOptions,
  hooks: LineHooks | undefined,
  classifyAt: ClassifyAt,
): Promise<ScaleChoice> {
  const mapGrid = lineGrid(opts, matched, traces, samples);
  const mapPatches = makePatchGrid(traces, samples, mapGrid).count; // fails fast, naming the sizes
  if (opts.selectScale === false || matched.scaleSource !== 'auto')
    return { presentation: matched, scaleSelection: null, matchedScaleKept: false, hooks };
  if (opts.modelKeepsMatchedScale === true)
    return { presentation: matched, scaleSelection: null, matchedScaleKept: true, hooks };
  const probeOpts: LineClassifyOptions = {
    ...opts,
    strideTraces: PROBE_STRIDE_MULTIPLE * (opts.strideTraces ?? 8),
    strideSamples: PROBE_STRIDE_MULTIPLE * (opts.strideSamples ?? 8),
  };
  // A probe's response is read with the seabed masked by half its patch, whatever the map's mask: a taller patch
  // centred just under the seabed holds the seabed, the line's brightest reflector, and its answer there says nothing
  // about the scale that shows the BSR best. With the map's one-period mask (session 27) the probes read it: the UK
  // dev line with its amplitudes decaying as t^-1.5 chose x1.5 (AP 0.89 -> 0.12).
  const probes = SCALE_SELECTION_FACTORS.map((m) => {
    const presentation = atScale(matched, matched.scaleFactor * m, 'selected');
    const grid = lineGrid(probeOpts, presentation, traces, samples);
    const responseMask = atScale({ ...matched, seabedMargin: 'half-patch' }, presentation.scaleFactor, 'selected');
    return { presentation, responseMask, grid, patches: makePatchGrid(traces, samples, grid).count };
  });
  const progress = new PassProgress(hooks, [...probes.map((p) => p.patches), mapPatches]);
  const responses: number[] = [];
  let probePatches = 0;
  for (const [i, probe] of probes.entries()) {
    if (hooks?.isCancelled?.()) break;
    hooks?.onScaleProbe?.({ probe: i + 1, of: probes.length, factor: probe.presentation.scaleFactor });
    const map = await classifyAt(probe.presentation, probe.grid, progress.pass(i));
    probePatches += map.done;
    finishMap(map, probe.responseMask, probeOpts);
    responses.push(mapResponse(map.values));
  }
  const chosen = probes[Math.max(0, chosenProbe(responses))]!.presentation;
  hooks?.onScaleProbe?.(null);
  return {
    presentation: chosen,
    matchedScaleKept: false,
    scaleSelection: {
      autoFactor: matched.scaleFactor,
      factors: probes.map((p) => p.presentation.scaleFactor),
      responses,
      factor: chosen.scaleFactor,
      probePatches,
    },
    hooks: progress.pass(probes.length),
  };
}

/** Classifies a presented line held whole at one presentation and grid. */
function classifyHeld(model: tf.LayersModel, section: Section, batchSize: number | undefined): ClassifyAt {
  return (_presentation, grid, hooks) => classifySection(model, section, { ...grid, batchSize }, hooks);
}

/**
 * The time scale {@link classifyRawLine} with `selectScale` chooses for `raw`; null when the scale is not automatic
 * or no period was measured. `finetune --select-scale` calls it to cut the marked patches at the factor the base
 * model's map was made at.
 */
export async function selectTimeScale(
  model: tf.LayersModel,
  raw: Section,
  opts: LineClassifyOptions,
  hooks?: LineHooks,
): Promise<ScaleSelection | null> {
  const { section, presentation } = await presentRaw(raw, opts.presentation);
  const at = classifyHeld(model, section, opts.batchSize);
  return (await chooseScale(presentation, raw.traces, raw.samples, { ...opts, selectScale: true }, hooks, at))
    .scaleSelection;
}

/** Presents and classifies a raw line in memory. */
export async function classifyRawLine(
  model: tf.LayersModel,
  raw: Section,
  opts: LineClassifyOptions = {},
  hooks?: LineHooks,
): Promise<LineClassification> {
  checkLine(raw, patchTracesOf(opts, raw.traces));
  seabedContextOf(opts); // fail fast, before the network runs
  horizonThresholdOf(opts);
  const { section, presentation: matched } = await presentRaw(raw, opts.presentation);
  const at = classifyHeld(model, section, opts.batchSize);
  const choice = await chooseScale(matched, raw.traces, raw.samples, opts, hooks, at);
  const { presentation, scaleSelection, matchedScaleKept } = choice;
  const map = await at(presentation, lineGrid(opts, presentation, raw.traces, raw.samples), choice.hooks ?? {});
  return { section, presentation, map, ...finishMap(map, presentation, opts), scaleSelection, matchedScaleKept };
}

/** Options of {@link classifyLineInBands}. */
export interface BandedLineOptions extends LineClassifyOptions {
  /** Largest band held at once, samples (default DEFAULT_BAND_SAMPLES). */
  maxBandSamples?: number;
}

/** A line classified in bands: as {@link LineClassification} but without the section (it is never held whole). */
/**
 * A line classified in bands: no section is held; `bounds` (the keep-polarity bounds of the whole line) with
 * `presentation` present any of its traces again as the bands were (presentChunk), e.g. one patch for its saliency.
 */
export type BandedLineClassification = Omit<LineClassification, 'section'> & {
  bands: number;
  bounds: KeepPolarityBounds;
};

/**
 * A line too big to hold whole: the presentation is planned in streaming passes over `src`, then bands of patch
 * columns are read, presented trace by trace with that plan and classified; mask and horizon as for a whole line.
 * The map equals {@link classifyLine}'s on the same traces.
 */
export async function classifyLineInBands(
  model: tf.LayersModel,
  src: TraceSource,
  opts: BandedLineOptions = {},
  hooks?: BandedLineHooks,
): Promise<BandedLineClassification> {
  checkTraceCount(src.traceCount, patchTracesOf(opts, src.traceCount));
  seabedContextOf(opts); // fail fast, before the network runs
  horizonThresholdOf(opts);
  // The planning passes read the whole file (the longest wait before the first band): a cancel stops them too.
  const reads = cancellableSource(src, () => hooks?.isCancelled?.() === true, 'planning the line');
  const plan = await planPresentation(reads, opts.presentation);
  const { bounds } = plan;
  let bands = 0;
  // Each pass (a probe of the time-scale selection, then the map) reads the file again, band by band; the presented
  // traces do not depend on the scale, so one plan serves them all.
  const inBands: ClassifyAt = async (presentation, grid, passHooks) => {
    const r = await classifyInBands(
      model,
      src,
      {
        ...grid,
        batchSize: opts.batchSize,
        maxBandSamples: opts.maxBandSamples,
        bounds,
        present: (raw, traces, samples) => presentChunk(raw, traces, samples, { presentation, bounds }),
      },
      passHooks,
    );
    bands = r.bands;
    return r.map;
  };
  const choice = await chooseScale(plan.presentation, src.traceCount, src.samplesPerTrace, opts, hooks, inBands);
  const { presentation, scaleSelection, matchedScaleKept } = choice;
  const map = await inBands(presentation, lineGrid(opts, presentation, src.traceCount, src.samplesPerTrace), {
    ...choice.hooks,
    onBand: (band, index, total) => hooks?.onBand?.(band, index, total),
  });
  return {
    presentation,
    map,
    bands,
    bounds,
    ...finishMap(map, presentation, opts),
    scaleSelection,
    matchedScaleKept,
  };
}

/** Reads a line from `src`, then {@link classifyRawLine}. */
export async function classifyLine(
  model: tf.LayersModel,
  src: TraceSource,
  opts?: LineClassifyOptions,
  hooks?: LineHooks,
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
    seabed_margin: p.seabedMargin,
    seabed_multiples: p.multiples.map((m) => ({ order: m.order, energy_ratio: r(m.energyRatio) })),
    detrend_window: p.detrendWindow,
    bound_gain: r(p.boundGain),
  };
}
