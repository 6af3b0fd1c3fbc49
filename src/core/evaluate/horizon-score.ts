/**
 * Scoring a picked BSR horizon (one depth per trace, or none, with a confidence) against truth:
 * a pick counts when its confidence is >= the threshold (default 0.5) and is correct when the
 * trace has a BSR within the tolerance (default 8 samples) of it. Precision = correct / counted
 * picks, recall = correct / traces with a BSR, F1 their harmonic mean.
 */
import { EvaluateError, type LineTruth } from './truth';

/** The horizon's answer on one trace. */
export interface HorizonPick {
  /** Depth in samples, or null when the trace has no pick. */
  sample: number | null;
  /** 0..1. */
  confidence: number;
}

/** Options of {@link scoreHorizon}. */
export interface HorizonScoreOptions {
  /** Samples between pick and truth for a correct pick (default 8). */
  tolerance?: number;
  /** Picks below this confidence are not counted (default 0.5). */
  minConfidence?: number;
}

/** Horizon figures; precision null without counted picks, recall and F1 null without BSR traces (F1 0 without picks). */
export interface HorizonScore {
  precision: number | null;
  recall: number | null;
  f1: number | null;
  /** Picks counted (confidence >= threshold). */
  picked: number;
  correct: number;
  /** Traces with a BSR in the truth. */
  bsr_traces: number;
  /** picked / traces: on a BSR-free line, the share of traces with a false horizon. */
  picked_share: number;
}

/** Precision, recall and F1 of `picks` (one per trace) against `truth`. */
export function scoreHorizon(
  picks: readonly HorizonPick[],
  truth: LineTruth,
  o: HorizonScoreOptions = {},
): HorizonScore {
  const tol = o.tolerance ?? 8,
    min = o.minConfidence ?? 0.5;
  if (picks.length !== truth.traces)
    throw new EvaluateError(`horizon: ${picks.length} picks for a line of ${truth.traces} traces`);
  let picked = 0,
    correct = 0,
    bsrTraces = 0;
  picks.forEach((p, t) => {
    const b = truth.bsrSample[t] ?? null;
    if (b !== null) bsrTraces++;
    if (p.sample === null || !(p.confidence >= min)) return;
    picked++;
    if (b !== null && Math.abs(p.sample - b) <= tol) correct++;
  });
  const precision = picked > 0 ? correct / picked : null;
  const recall = bsrTraces > 0 ? correct / bsrTraces : null;
  // A BSR line without a single counted pick found none of its BSR: F1 0 (recall 0), not "no score", so a mean over
  // lines does not reward a model for staying silent on the lines it misses.
  const f1 =
    recall === null
      ? null
      : precision === null || precision + recall === 0
        ? 0
        : (2 * precision * recall) / (precision + recall);
  return {
    precision,
    recall,
    f1,
    picked,
    correct,
    bsr_traces: bsrTraces,
    picked_share: picks.length > 0 ? picked / picks.length : 0,
  };
}
