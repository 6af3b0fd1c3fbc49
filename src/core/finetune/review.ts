/**
 * Places to review: where the map on screen is surest of a BSR that the interpreter has not marked yet. Teaching a
 * model goes fastest where it is wrong, and an interpreter finds that by looking at what it calls BSR: a true BSR
 * there is confirmed with one BSR mark, a bright stratum or the seabed's multiple is refused with one not-BSR mark.
 * The places are the map's strongest patch centres, one per neighbourhood (a BSR is a long horizon: without the
 * spacing the list would be one reflector's neighbouring centres), away from every mark.
 */
import { patchCentre, type PatchGrid } from '../classify/grid';
import { sampleMs, type LineExtent, type Mark, type MarkLabel } from './marks';

/** One place the map calls BSR most surely outside the marks, with the marks that would answer it. */
export interface ReviewPlace {
  /** The patch centre, fractional trace and sample of the line. */
  trace: number;
  sample: number;
  /** Two-way time of the centre from the first sample, ms (as marks count it). */
  timeMs: number;
  /** The map's P(BSR) there. */
  probability: number;
  /** The mark that says "yes, a BSR here" and the one that says "no BSR here" (boxes as the half-line check's). */
  marks: Readonly<Record<MarkLabel, Mark>>;
}

export interface ReviewOptions {
  /** Places at most (default 8). */
  count?: number;
  /** Weaker centres are no detection worth a look (default 0.05). */
  minProbability?: number;
  /** Two places are at least this far apart along the line, traces (default 32: most of a patch's width). */
  spacingTraces?: number;
  /** ...or this far apart in time, samples (default 40: the half-line check's distance from a BSR). */
  spacingSamples?: number;
}

/** The boxes a place's answer marks: 16 traces wide, ±10 samples for a BSR, ±12 for not BSR (the half-line check's). */
const BOX_HALF_TRACES = 8;
const BSR_HALF_SAMPLES = 10;
const NOT_BSR_HALF_SAMPLES = 12;

function box(trace: number, sample: number, halfSamples: number, extent: LineExtent, label: MarkLabel): Mark {
  const dt = sampleMs(extent);
  // 16 traces centred on the place, shifted inside the line at its ends (a line narrower than that: all of it).
  const traceFrom = Math.max(0, Math.min(Math.round(trace) - BOX_HALF_TRACES, extent.traces - 2 * BOX_HALF_TRACES));
  const traceTo = Math.min(extent.traces - 1, traceFrom + 2 * BOX_HALF_TRACES - 1);
  const from = Math.max(0, Math.round(sample) - halfSamples),
    to = Math.min(extent.samples - 1, Math.round(sample) + halfSamples);
  return { traceFrom, traceTo, timeFromMs: from * dt, timeToMs: to * dt, label };
}

/** Whether two boxes share a trace and a moment (touching counts): a place next to a mark is answered already. */
function touches(a: Mark, b: Mark): boolean {
  return (
    a.traceFrom <= b.traceTo && b.traceFrom <= a.traceTo && a.timeFromMs <= b.timeToMs && b.timeFromMs <= a.timeToMs
  );
}

/** Whether (trace, sample) lies within `traces` along the line and `samples` in time of the mark's box. */
function nearBox(m: Mark, trace: number, sample: number, dt: number, traces: number, samples: number): boolean {
  const along = Math.max(0, m.traceFrom - trace, trace - m.traceTo);
  const down = Math.max(0, m.timeFromMs / dt - sample, sample - m.timeToMs / dt);
  return along < traces && down < samples;
}

/**
 * The map's strongest patch centres outside the marks, strongest first, each at least `spacingTraces` along the line
 * or `spacingSamples` in time from a stronger one and from every mark's box; NaN (unclassified) and masked (P = 0)
 * centres never count. Neither answer's box of a place touches a mark, so either can be added without contradicting
 * one (whatever the spacing asked for).
 */
export function placesToReview(
  grid: PatchGrid,
  values: Float32Array,
  marks: readonly Mark[],
  extent: LineExtent,
  options: ReviewOptions = {},
): ReviewPlace[] {
  const count = options.count ?? 8,
    minP = options.minProbability ?? 0.05,
    spacingTraces = options.spacingTraces ?? 32,
    spacingSamples = options.spacingSamples ?? 40;
  const dt = sampleMs(extent);
  const order: number[] = [];
  for (let k = 0; k < values.length; k++) if (values[k]! >= minP) order.push(k); // NaN fails the test
  order.sort((a, b) => values[b]! - values[a]! || a - b);
  const out: ReviewPlace[] = [];
  for (const k of order) {
    if (out.length >= count) break;
    const row = Math.floor(k / grid.cols),
      col = k - row * grid.cols;
    const { trace, sample } = patchCentre(grid, col, row);
    if (out.some((p) => Math.abs(p.trace - trace) < spacingTraces && Math.abs(p.sample - sample) < spacingSamples))
      continue;
    // The not-BSR box holds the BSR one: where it touches no mark, neither answer contradicts one. A mark also
    // answers its neighbourhood, as a place does: without that, answering a place on a long bright reflector listed
    // its neighbour just past the new mark, one box further along, again and again.
    const no = box(trace, sample, NOT_BSR_HALF_SAMPLES, extent, 0);
    if (marks.some((m) => touches(m, no) || nearBox(m, trace, sample, dt, spacingTraces, spacingSamples))) continue;
    out.push({
      trace,
      sample,
      timeMs: sample * dt,
      probability: values[k]!,
      marks: { 1: box(trace, sample, BSR_HALF_SAMPLES, extent, 1), 0: no },
    });
  }
  return out;
}
