/**
 * Fine-tuning on a line too big to hold (a big file shown as a decimated preview and classified in bands): only the
 * traces the marks' patches need are read. The presentation is planned over the whole file in streaming passes,
 * exactly as banded classification plans it, so every trace read is presented as the map presented it. Each mark
 * needs its own traces and a patch width either side (its patches, and the not-BSR patches above and below a BSR
 * mark, are centred on its traces); overlapping needs merge into windows, and the windows are laid side by side as
 * one narrower line with the marks moved onto it. A marked patch never reaches past its window, so the patches cut
 * from the stitched line are those the whole line gives; only the not-BSR patches under the seabed, which the whole
 * line takes from all its traces, come from the windows' traces alone (with a few stretches read along the line for
 * them, seabedSpans), and never across a seam between two windows.
 */
import { cancellableSource, type Section, type TraceSource } from '../classify/section';
import { defaultPatchTraces } from '../classify/grid';
import { checkLineSize } from '../classify/line-pipeline';
import { planPresentation, presentChunk, type LinePresentation, type PresentationOptions } from '../line/presentation';
import type { PresentedLine } from './mark-patches';
import { MarksError, validateMarks, type Mark } from './marks';

/** Samples the stitched windows may hold by default (32 Mi float32 = 128 MiB). */
export const DEFAULT_MARK_WINDOW_SAMPLES = 2 ** 25;

/** Traces read per chunk from the source. */
const READ_CHUNK_TRACES = 256;

/** A run of whole traces [first, first + count) of the line, read for the marks. */
export interface TraceWindow {
  first: number;
  count: number;
}

/** Merges spans [from, to) of traces that overlap or touch into windows, left to right. */
function mergeSpans(spans: ReadonlyArray<readonly [number, number]>): TraceWindow[] {
  const out: TraceWindow[] = [];
  for (const [from, to] of [...spans].sort((a, b) => a[0] - b[0])) {
    const last = out[out.length - 1];
    if (last && from <= last.first + last.count) last.count = Math.max(last.count, to - last.first);
    else out.push({ first: from, count: to - from });
  }
  return out;
}

/**
 * The windows the marks need: each mark's traces and `margin` traces either side (clipped to the line), with any
 * `extra` spans, merged where they overlap or touch, left to right.
 */
export function markTraceWindows(
  marks: readonly Mark[],
  traces: number,
  margin: number,
  extra: ReadonlyArray<readonly [number, number]> = [],
): TraceWindow[] {
  return mergeSpans([
    ...marks.map((m) => [Math.max(0, m.traceFrom - margin), Math.min(traces, m.traceTo + margin + 1)] as const),
    ...extra,
  ]);
}

/** Stretches read along a big line for its seabed alone, by default. */
export const SEABED_WINDOWS = 8;

/**
 * `count` stretches spread evenly along the line, each a patch wide and 56 traces more (eight patch positions at the
 * 8-trace spacing fine-tuning takes them at): the whole line gives not-BSR patches just under its seabed from all its
 * traces, and these give some from along the line, not only from around the marks.
 */
export function seabedSpans(traces: number, patchTraces: number, count = SEABED_WINDOWS): Array<[number, number]> {
  const width = patchTraces + 56;
  return Array.from({ length: count }, (_, i) => {
    const centre = Math.round(((i + 0.5) * traces) / count);
    const from = Math.max(0, Math.min(traces - width, centre - Math.floor(width / 2)));
    return [from, Math.min(traces, from + width)];
  });
}

/** Where trace `t` of the line lands on the stitched line (windows must hold it). */
function stitchedTrace(windows: readonly TraceWindow[], t: number): number {
  let offset = 0;
  for (const w of windows) {
    if (t >= w.first && t < w.first + w.count) return offset + t - w.first;
    offset += w.count;
  }
  throw new RangeError(`trace ${t} lies in no window`);
}

/** The marks moved onto the stitched line (same order, same times). */
export function marksOnWindows(marks: readonly Mark[], windows: readonly TraceWindow[]): Mark[] {
  return marks.map((m) => {
    const from = stitchedTrace(windows, m.traceFrom);
    return { ...m, traceFrom: from, traceTo: from + m.traceTo - m.traceFrom };
  });
}

/** A per-trace array of the whole line cut to the windows, side by side. */
function cutPerTrace(a: Float32Array, windows: readonly TraceWindow[]): Float32Array {
  const out = new Float32Array(windows.reduce((s, w) => s + w.count, 0));
  let at = 0;
  for (const w of windows) {
    out.set(a.subarray(w.first, w.first + w.count), at);
    at += w.count;
  }
  return out;
}

/** The presentation of the whole line with every per-trace array (seabed, multiples, live ranges) cut to the windows. */
export function presentationOnWindows(p: LinePresentation, windows: readonly TraceWindow[]): LinePresentation {
  return {
    ...p,
    seabed: p.seabed && { ...p.seabed, samples: cutPerTrace(p.seabed.samples, windows) },
    multiples: p.multiples.map((m) => ({ ...m, samples: cutPerTrace(m.samples, windows) })),
    liveFrom: cutPerTrace(p.liveFrom, windows),
    liveTo: cutPerTrace(p.liveTo, windows),
  };
}

/** The marked traces of a big line, presented as the whole line is, and the marks on them. */
export interface MarkedWindows {
  line: PresentedLine;
  /** The marks in the stitched line's traces (same order as given). */
  marks: Mark[];
  windows: TraceWindow[];
  /** The whole line's size. */
  extent: { traces: number; samples: number; dtUs: number };
}

/** Progress and cancel of reading the windows. */
export interface MarkWindowHooks {
  /** Traces read of those the windows hold. */
  onRead?(done: number, total: number): void;
  isCancelled?(): boolean;
}

/**
 * Plans the presentation over all of `src` (as banded classification does), reads the traces the marks need (and
 * `seabedWindows` stretches along the line for not-BSR patches under its seabed) and presents them with that plan.
 * Marks are checked against the whole line first; windows holding more than `maxSamples` samples are refused with a
 * message saying how many traces they would need and how many fit. A cancel before any read throws a
 * ReadCancelledError.
 */
export async function presentMarkedWindows(
  src: TraceSource,
  marks: readonly Mark[],
  presentation: PresentationOptions = {},
  patchTraces = defaultPatchTraces(src.traceCount),
  maxSamples = DEFAULT_MARK_WINDOW_SAMPLES,
  hooks: MarkWindowHooks = {},
  seabedWindows = SEABED_WINDOWS,
): Promise<MarkedWindows> {
  const extent = { traces: src.traceCount, samples: src.samplesPerTrace, dtUs: src.sampleIntervalUs };
  checkLineSize(extent.traces, extent.samples, patchTraces);
  validateMarks(marks, extent);
  const held = (w: TraceWindow[]): number => w.reduce((s, x) => s + x.count, 0);
  // The seabed stretches are a help, not a need: left out when they would not fit beside the marks' windows.
  let windows = markTraceWindows(
    marks,
    extent.traces,
    patchTraces,
    seabedSpans(extent.traces, patchTraces, seabedWindows),
  );
  if (held(windows) * extent.samples > maxSamples) windows = markTraceWindows(marks, extent.traces, patchTraces);
  const traces = held(windows);
  if (traces * extent.samples > maxSamples) {
    const fit = Math.floor(maxSamples / extent.samples);
    throw new MarksError(
      `the marks need ${traces} traces of this line read at once (each mark's traces and ${patchTraces} either side), ` +
        `and at most ${fit} fit in memory here: mark fewer or closer places, or fine-tune on them in parts`,
    );
  }
  // Every read checks the cancel, the planning passes over the whole file included (they take longest).
  const reads = cancellableSource(src, () => hooks.isCancelled?.() === true, 'reading the marked traces');
  const plan = await planPresentation(reads, presentation);
  const data = new Float32Array(traces * extent.samples);
  let at = 0;
  for (const w of windows) {
    for (let first = w.first; first < w.first + w.count; first += READ_CHUNK_TRACES) {
      const count = Math.min(READ_CHUNK_TRACES, w.first + w.count - first);
      data.set(presentChunk(await reads.readChunk(first, count), count, extent.samples, plan), at * extent.samples);
      at += count;
      hooks.onRead?.(at, traces);
    }
  }
  const section: Section = { traces, samples: extent.samples, dtUs: extent.dtUs, data };
  const seams: number[] = [];
  let start = 0;
  for (const w of windows) {
    if (start > 0) seams.push(start);
    start += w.count;
  }
  return {
    line: {
      section,
      presentation: presentationOnWindows(plan.presentation, windows),
      patchTraces,
      patchSamples: Math.min(plan.presentation.patchSamples, extent.samples),
      seams,
    },
    marks: marksOnWindows(marks, windows),
    windows,
    extent,
  };
}
