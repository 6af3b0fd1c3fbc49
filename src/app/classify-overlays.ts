/**
 * What the Classify view draws over the section, derived from the controller's state: the seabed pick, the user's
 * seabed while correcting it, the BSR horizon and the marks, all in the section's own cells (a big file's preview
 * keeps 1 in `step` traces and samples), the map on screen, the patch count of each mark and why fine-tuning is
 * blocked. Pure functions of the state: the view calls them while rendering.
 */
import { correctSeabed } from '../core/line/seabed';
import { countMarkPatches } from '../core/finetune/mark-patches';
import { defaultPatchTraces } from '../core/classify/grid';
import { DEFAULT_FINETUNE_SETTINGS } from '../core/finetune/finetune';
import {
  heldOutMarks,
  marksShortfall,
  sampleMs,
  type LineExtent,
  type Mark,
  type MarkLabel,
} from '../core/finetune/marks';
import { strongestPatch, type StrongestPatch } from '../core/classify/strongest';
import { placesToReview, type ReviewPlace } from '../core/finetune/review';
import { horizonAtThreshold } from '../core/classify/horizon-threshold';
import type { BsrHorizon } from '../core/classify/horizon';
import type { MapResult, ProbabilityGrid } from '../core/classify/results';
import type { Section } from '../core/line/segy-types';
import type { ClassifyState, SectionBox } from './classify-controller';

/** A mark as drawn on the section. */
export interface MarkOnView extends SectionBox {
  readonly label: MarkLabel;
  readonly check: boolean;
}

/** Milliseconds per sample of a line. */
export function lineSampleMs(s: Section): number {
  return sampleMs({ dtUs: s.sampleIntervalUs });
}

/**
 * The whole line's size, in which marks are kept: the section's, or for a big file shown as a decimated preview the
 * file's (marks are drawn on the preview and fine-tuning reads the marked traces at full resolution).
 */
export function wholeLineExtent(st: Pick<ClassifyState, 'section' | 'big' | 'summary'>): LineExtent | null {
  const s = st.section;
  if (!s) return null;
  if (st.big && st.summary)
    return { traces: st.summary.traceCount, samples: st.summary.samplesPerTrace, dtUs: st.big.dtUs };
  return { traces: s.traceCount, samples: s.samplesPerTrace, dtUs: s.sampleIntervalUs };
}

/** The line's name for files and marks: a big file's preview stands for all its traces. */
export function lineLabel(st: Pick<ClassifyState, 'section' | 'big'>): string {
  return st.big ? 'all traces' : (st.section?.label ?? '');
}

/**
 * What the marks' numbers mean where that is not plain: a big file's preview (the file's traces and times) and a file
 * without a sample interval; '' otherwise.
 */
export function marksNote(st: ClassifyState): string {
  const e = wholeLineExtent(st);
  if (!e) return '';
  const notes: string[] = [];
  if (st.big) {
    const lastMs = +((e.samples - 1) * sampleMs(e)).toFixed(1);
    notes.push(
      `Marks are in the file's own traces (0–${e.traces - 1}) and times (0–${lastMs} ms); the section shows 1 in ${st.big.step} of them, and fine-tuning reads the marked traces at full resolution.`,
    );
  }
  // The marks CSV is in ms: without an interval its times are a convention, said so a mark is not read as real time.
  if (!(e.dtUs > 0))
    notes.push(
      `The file gives no sample interval: mark times count ${sampleMs(e)} ms per sample (sample n at n × ${sampleMs(e)} ms).`,
    );
  return notes.join(' ');
}

/** ms per sample of the marks on the whole line (the marks' convention where the file gives no interval). */
export function marksSampleMs(st: Pick<ClassifyState, 'section' | 'big' | 'summary'>): number {
  return sampleMs(wholeLineExtent(st) ?? { dtUs: 0 });
}

/** Sample interval of the whole line in ms, 0 when the file does not give it (times are then samples). */
export function knownSampleMs(st: Pick<ClassifyState, 'section' | 'big' | 'summary'>): number {
  const e = wholeLineExtent(st);
  return e && e.dtUs > 0 ? e.dtUs / 1000 : 0;
}

/** A per-trace pick of the whole line in the section's cells (every step-th trace, samples / step). */
function onView(st: ClassifyState, a: Float32Array): Float32Array {
  const step = st.big?.step ?? 1;
  if (step === 1) return a;
  const v = new Float32Array(Math.ceil(a.length / step));
  for (let i = 0; i < v.length; i++) v[i] = a[i * step]! / step;
  return v;
}

/** The seabed pick of the last map; null when there is none. */
export function seabedOnView(st: ClassifyState): { samples: Float32Array; corrected: boolean } | null {
  const sb = st.map?.presentation.seabed;
  return sb?.found ? { samples: onView(st, sb.samples), corrected: sb.source === 'user' } : null;
}

/** The seabed multiples the last map masked (order and curve); empty when the line shows none. */
export function multiplesOnView(st: ClassifyState): { order: number; samples: Float32Array }[] {
  return (st.map?.presentation.multiples ?? []).map((m) => ({ order: m.order, samples: onView(st, m.samples) }));
}

/** The seabed the user's points make so far (drawn while correcting it). */
export function userSeabed(st: ClassifyState): Float32Array | null {
  const s = st.section;
  if (!st.editingSeabed || st.seabedPoints.length === 0) return null;
  return correctSeabed(null, [...st.seabedPoints], s?.traceCount ?? 1, s?.samplesPerTrace ?? 1).samples;
}

/**
 * The horizons picked per map, by threshold: a big file's map holds millions of patch centres, and the slider (19
 * steps) is dragged back and forth, firing at every step; each threshold is tracked once per map.
 */
const picked = new WeakMap<MapResult, Map<number, BsrHorizon>>();

/**
 * The BSR horizon of the map on screen at the contour's threshold (the pipeline picks it at 0.5; the user's slider
 * moves it, core horizon-threshold.ts); null without a map.
 */
export function shownHorizon(st: ClassifyState): BsrHorizon | null {
  const m = shownMap(st);
  if (!m) return null;
  let byThreshold = picked.get(m);
  if (!byThreshold) picked.set(m, (byThreshold = new Map<number, BsrHorizon>()));
  let horizon = byThreshold.get(st.contourThreshold);
  if (!horizon) byThreshold.set(st.contourThreshold, (horizon = horizonAtThreshold(m, st.contourThreshold)));
  return horizon;
}

/** The BSR horizon of the map on screen (the base model's when the toggle says "before"); null when no trace has one. */
export function horizonOnView(st: ClassifyState): Float32Array | null {
  const h = shownHorizon(st);
  return h && h.samples.some((v) => !Number.isNaN(v)) ? onView(st, h.samples) : null;
}

/**
 * Why the horizon download is there or not, for its button's title: a horizon needs P ≥ the threshold somewhere
 * below the seabed, and enough such traces together to outweigh the tracker's cost of starting a piece.
 */
export function horizonTitle(st: ClassifyState): string {
  const h = shownHorizon(st);
  const at = `P ≥ ${formatThreshold(h?.minProbability ?? st.contourThreshold)}`;
  if (horizonOnView(st)) return `one pick per trace where ${at}`;
  const n = h?.tracesReaching ?? 0;
  if (n === 0) return `no trace reaches ${at} below the seabed: no horizon`;
  return `${at} on ${n} trace${n === 1 ? '' : 's'} only, too few or too scattered to follow as one surface: no horizon`;
}

/** A threshold as the contour slider shows it (two decimals). */
export function formatThreshold(p: number): string {
  return p.toFixed(2);
}

/** True when the toggle shows the base model's map from before fine-tuning. */
export function showingBefore(st: ClassifyState): boolean {
  return st.showing === 'before' && st.before !== null;
}

/** The map on screen: the tuned model's, or the base model's when the toggle says "before". */
export function shownGrid(st: ClassifyState): ProbabilityGrid | null {
  return showingBefore(st) ? st.before!.grid : st.grid;
}

/** The map result on screen (what the downloads save and the horizon is drawn from), as {@link shownGrid}. */
export function shownMap(st: ClassifyState): MapResult | null {
  return showingBefore(st) ? st.before!.map : st.map;
}

/** The model that made the map on screen, as the model list names it (null when it is not known). */
export function shownModelLabel(st: ClassifyState): string | null {
  if (showingBefore(st)) return st.before!.model;
  const id = st.lastRun?.modelId;
  return id === undefined ? null : (st.models.find((m) => m.id === id)?.label ?? null);
}

/** Places per map and marks version: the list renders on every state change, the map holds millions of centres. */
const placesMemo = new WeakMap<Float32Array, { marksVersion: number; places: ReviewPlace[] }>();

/**
 * Where the model loaded now (after a fine-tuning, the tuned one: its false alarms are what the next round should
 * be told about) is surest of a BSR outside the marks, in the whole line's traces; [] without a map or marks.
 */
export function reviewPlaces(st: ClassifyState): ReviewPlace[] {
  const map = st.map,
    extent = wholeLineExtent(st),
    marks = st.marks?.marks;
  if (!map || !extent || !marks) return [];
  const kept = placesMemo.get(map.values);
  if (kept && kept.marksVersion === st.marksVersion) return kept.places;
  const places = placesToReview(map.grid, map.values, marks, extent);
  placesMemo.set(map.values, { marksVersion: st.marksVersion, places });
  return places;
}

/** Why the view offers no places now ('' = it does). */
export function reviewUnavailable(st: ClassifyState): string {
  if (st.jobs.some((j) => j.kind === 'classify')) return 'The map is being made: its places follow when it is done.';
  if (showingBefore(st))
    return 'The map on screen is the one from before fine-tuning: show the map after it to review what the tuned model calls BSR.';
  return '';
}

/** The places to review as outlined on the section (their not-BSR boxes, which hold the BSR ones), in its cells. */
export function reviewOnView(st: ClassifyState): SectionBox[] {
  const s = st.section;
  if (!s || reviewUnavailable(st)) return [];
  const dt = lineSampleMs(s),
    step = st.big?.step ?? 1;
  return reviewPlaces(st).map(({ marks: { 0: m } }) => boxOnView(m, dt, step));
}

/** A box in the whole line's traces and ms in the section's cells (a preview's sample interval is already its own). */
function boxOnView(m: Mark, dt: number, step: number): SectionBox {
  return {
    traceFrom: Math.floor(m.traceFrom / step),
    traceTo: Math.floor(m.traceTo / step),
    sampleFrom: Math.round(m.timeFromMs / dt),
    sampleTo: Math.round(m.timeToMs / dt),
  };
}

/** The marks of the line on screen, in the section's cells (a preview's columns hold every step-th trace). */
export function marksOnView(st: ClassifyState): MarkOnView[] {
  const s = st.section,
    session = st.marks;
  if (!s || !session) return [];
  const dt = lineSampleMs(s),
    step = st.big?.step ?? 1;
  return session.marks.map((m) => ({
    ...boxOnView(m, dt, step),
    label: m.label,
    check: m.check === true,
  }));
}

/**
 * Patches each mark gives at the last map's patch size (the default width and 48 samples before any map), in the
 * whole line (counting needs its size only, so a big file's preview counts as the full-resolution line cuts).
 */
export function markCounts(st: ClassifyState): number[] {
  const e = wholeLineExtent(st),
    marks = st.marks?.marks ?? [];
  if (!e) return [];
  const patchSamples = Math.min(e.samples, st.map?.presentation?.patchSamples ?? 48);
  const patchTraces = st.lastRun?.patchTraces ?? defaultPatchTraces(e.traces);
  if (e.traces < patchTraces || e.samples < patchSamples) return marks.map(() => 0);
  const line = { section: { ...e, data: new Float32Array(0) }, patchTraces, patchSamples };
  return countMarkPatches(line, marks, {
    strideTraces: DEFAULT_FINETUNE_SETTINGS.strideTraces,
    strideSamples: DEFAULT_FINETUNE_SETTINGS.strideSamples,
  });
}

/** Why fine-tuning cannot start now ('' = it can). */
export function fineTuneBlocked(st: ClassifyState): string {
  if (st.tuning) return '';
  // A running classification first: while a map is being made (after fine-tuning, too) there is none yet.
  if (st.jobs.some((j) => j.kind === 'classify')) return 'wait for the classification to finish';
  if (!st.map || !st.lastRun) return 'classify the line first: the model of the map is the one tuned';
  return '';
}

/** What the marks lack to train on with a hold-out of every n-th mark ('' = enough), for the fine-tune panel's setting. */
export function marksShortfallFor(marks: readonly Mark[]): (holdOutEvery: number) => string {
  return (holdOutEvery) => marksShortfall(marks, heldOutMarks(marks, holdOutEvery));
}

/**
 * The marks fine-tuning will hold out without a tick, for the marks list to say so: the fine-tune panel's "hold out
 * every" picks every n-th mark while no mark is ticked "check" (a ticked mark shows its tick).
 */
export function autoHeldOut(marks: readonly Mark[], holdOutEvery: number): boolean[] {
  return heldOutMarks(marks, holdOutEvery).map((held, i) => held && marks[i]?.check !== true);
}

/** The map's strongest patch, found once per map (the view renders on every progress report of a fine-tuning). */
const strongestByMap = new WeakMap<MapResult, StrongestPatch | null>();
export function strongestOf(map: MapResult): StrongestPatch | null {
  if (!strongestByMap.has(map)) strongestByMap.set(map, strongestPatch(map));
  return strongestByMap.get(map) ?? null;
}
