/** The leaderboard's rows for a run's candidates: ranking and the Pareto front from the core, counts from the spec. */
import { paretoFront, rankCandidates } from '../core/search/leaderboard';
import { countMacs, countParams } from '../core/model';
import type { CandidateRecord } from '../db/schema';
import type { ValidationSet } from '../core/dataset-settings';

/** One leaderboard line; accuracies are fractions (NaN until the candidate has results). */
export interface LeaderboardRow {
  index: number;
  id: string;
  /** 1-based rank by mean top-5 validation accuracy; null while unscored. */
  rank: number | null;
  meanTop5: number;
  meanTop3: number;
  max: number;
  params: number;
  /** Multiply-adds per patch. */
  macs: number;
  /** Seconds of training (NaN until done). */
  trainSeconds: number;
  inferPatchesPerS: number;
  backend: string;
  retried: CandidateRecord['retried'];
  status: CandidateRecord['status'];
  /** On the accuracy-vs-parameters Pareto front. */
  onFront: boolean;
  /** The patches its validation accuracies (mean top-5, top-3, max) were measured on: the run's validation set. */
  valSet: ValidationSet;
}

/**
 * Leaderboard rows in rank order (scored first); counts of unscored candidates come from their spec. `valSet` is
 * the run's validation set (validationSetOf(run.settings.dataset)); a run's candidates all share it.
 */
export function leaderboardRows(cands: readonly CandidateRecord[], valSet: ValidationSet): LeaderboardRow[] {
  const rows: LeaderboardRow[] = cands.map((c) => {
    const r = c.result;
    return {
      index: c.index,
      id: c.id,
      rank: null,
      meanTop5: r?.meanTop5 ?? NaN,
      meanTop3: r?.meanTop3 ?? NaN,
      max: r?.max ?? NaN,
      params: r?.params ?? countParams(c.spec),
      macs: r?.macs ?? countMacs(c.spec),
      trainSeconds: r?.trainSeconds ?? NaN,
      inferPatchesPerS: r?.inferPatchesPerS ?? NaN,
      backend: c.backend ?? '',
      retried: c.retried,
      status: c.status,
      onFront: false,
      valSet,
    };
  });
  const front = paretoFront(rows);
  return rankCandidates(rows).map((row, i) => ({
    ...row,
    rank: Number.isNaN(row.meanTop5) ? null : i + 1,
    onFront: front.has(row.id),
  }));
}
