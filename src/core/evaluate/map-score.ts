/**
 * Scoring a BSR probability map against truth, the way shipped models are scored (the reference
 * scorer score_map.py): each map row is a patch centre; it is a positive when the BSR of its
 * trace (nearest trace index, Python's round: halves to even) lies within 16 samples of it, a
 * negative when the BSR is more than 32 samples away or the trace has none, and left out in
 * between. ROC AUC (ties get their average rank; score_map.py breaks ties by sort order, which
 * only matters for exactly equal probabilities) and average precision (mean precision at each
 * positive, rows in descending probability, ties kept in row order like numpy's stable sort).
 * On BSR-free lines the figure is the false-alarm share: patches with P(BSR) > 0.5.
 */
import { EvaluateError, type LineTruth } from './truth';

/** One patch centre of a map: `trace` 0-based (fractional for even patch widths), depth as time or sample. */
export interface MapRow {
  trace: number;
  timeMs?: number;
  sample?: number;
  probability: number;
}

/** Distances that label a patch centre, samples (score_map.py: 16 and 32). */
export interface LabelOptions {
  positiveWithin?: number;
  negativeBeyond?: number;
}

/** Scores of one map. auc/ap are null when the map has no positives or no negatives. */
export interface MapScore {
  auc: number | null;
  ap: number | null;
  positives: number;
  negatives: number;
  /** Rows between the two distances, or on traces outside the truth. */
  ignored: number;
  rows: number;
  /** Share of all rows with probability > 0.5 (the false-alarm share on BSR-free lines). */
  false_alarm_share: number | null;
}

/** Python 3's round() to an integer: halves go to the even neighbour. */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x),
    d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** score_map.py takes trace numbers as 1-based when they run from >= 1 up to >= the trace count. */
function traceBase(rows: readonly MapRow[], truth: LineTruth): number {
  let lo = Infinity,
    hi = -Infinity;
  for (const r of rows) {
    lo = Math.min(lo, r.trace);
    hi = Math.max(hi, r.trace);
  }
  return rows.length > 0 && lo >= 1 && hi >= truth.traces ? 1 : 0;
}

/** A row's depth in samples (its time over the line's interval). */
function rowSample(r: MapRow, k: number, truth: LineTruth): number {
  const dtMs = truth.dtUs / 1000;
  if (r.sample !== undefined) return r.sample;
  if (r.timeMs !== undefined && dtMs > 0) return r.timeMs / dtMs;
  throw new EvaluateError(`map row ${k + 1}: has a time but the line's sample interval is unknown`);
}

/**
 * Rows whose patch centre lies off the line (past its traces or below its last sample): scored as the reference
 * scorer does (left out), but a map with many is likely a map of another line, which the summary says.
 */
export function rowsOffTheLine(rows: readonly MapRow[], truth: LineTruth): number {
  const base = traceBase(rows, truth);
  let n = 0;
  rows.forEach((r, k) => {
    const i = roundHalfEven(r.trace) - base;
    const s = rowSample(r, k, truth);
    if (i < 0 || i >= truth.traces || s < 0 || s > truth.samples - 1) n++;
  });
  return n;
}

/** Label per row: 1 positive, 0 negative, -1 left out. */
export function labelRows(rows: readonly MapRow[], truth: LineTruth, o: LabelOptions = {}): Int8Array {
  const within = o.positiveWithin ?? 16,
    beyond = o.negativeBeyond ?? 32;
  const base = traceBase(rows, truth);
  const labels = new Int8Array(rows.length);
  rows.forEach((r, k) => {
    const i = roundHalfEven(r.trace) - base;
    const s = rowSample(r, k, truth);
    const b = i >= 0 && i < truth.traces ? truth.bsrSample[i] : undefined;
    if (b === undefined) labels[k] = -1;
    else if (b !== null && Math.abs(b - s) <= within) labels[k] = 1;
    else if (b === null || Math.abs(b - s) > beyond) labels[k] = 0;
    else labels[k] = -1;
  });
  return labels;
}

/** Indices 0..n-1 sorted by score (descending when `desc`), ties in index order. */
function order(scores: ArrayLike<number>, idx: number[], desc: boolean): number[] {
  return idx.sort((a, b) => (desc ? scores[b]! - scores[a]! : scores[a]! - scores[b]!) || a - b);
}

/** Rows with label 0 or 1. */
function scored(labels: ArrayLike<number>): number[] {
  const idx: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] === 0 || labels[i] === 1) idx.push(i);
  return idx;
}

/**
 * ROC AUC by the rank-sum (Mann-Whitney) formula with average ranks for ties, over rows labelled
 * 0 or 1 (others ignored); null without positives or negatives.
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  const idx = order(scores, scored(labels), false);
  let pos = 0,
    rankSum = 0;
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    const rank = (i + j) / 2 + 1; // average of ranks i+1 .. j+1
    for (let k = i; k <= j; k++)
      if (labels[idx[k]!] === 1) {
        pos++;
        rankSum += rank;
      }
    i = j + 1;
  }
  const neg = idx.length - pos;
  if (pos === 0 || neg === 0) return null;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Average precision: mean precision at each positive, descending score, ties in row order; null without positives. */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  const idx = order(scores, scored(labels), true);
  let hits = 0,
    sum = 0;
  idx.forEach((r, k) => {
    if (labels[r] === 1) {
      hits++;
      sum += hits / (k + 1);
    }
  });
  return hits === 0 ? null : sum / hits;
}

/**
 * Average precision of a probability map over its classified patches against 0/1 labels per patch (NaN = not
 * classified, left out): the threshold-free score of a map against a synthetic line's truth.
 */
export function mapAveragePrecision(values: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  const scores: number[] = [],
    kept: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const p = values[i]!;
    if (Number.isNaN(p)) continue;
    scores.push(p);
    kept.push(labels[i]!);
  }
  return averagePrecision(scores, kept);
}

/** Share of probabilities > threshold (default 0.5); null for an empty map. */
export function falseAlarmShare(probabilities: ArrayLike<number>, threshold = 0.5): number | null {
  if (probabilities.length === 0) return null;
  let n = 0;
  for (let i = 0; i < probabilities.length; i++) if (probabilities[i]! > threshold) n++;
  return n / probabilities.length;
}

/** Every map figure of `rows` against `truth`. */
export function scoreMap(rows: readonly MapRow[], truth: LineTruth, o: LabelOptions = {}): MapScore {
  const labels = labelRows(rows, truth, o);
  const p = Float64Array.from(rows, (r) => r.probability);
  let positives = 0,
    negatives = 0;
  for (const l of labels) {
    if (l === 1) positives++;
    else if (l === 0) negatives++;
  }
  const both = positives > 0 && negatives > 0;
  return {
    auc: both ? rocAuc(p, labels) : null,
    ap: both ? averagePrecision(p, labels) : null,
    positives,
    negatives,
    ignored: rows.length - positives - negatives,
    rows: rows.length,
    false_alarm_share: falseAlarmShare(p),
  };
}

/** True when the truth marks no BSR on any trace. */
export function isBsrFree(truth: LineTruth): boolean {
  return truth.bsrSample.every((s) => s === null);
}
