/** The overlaid validation curves of a run: stored curves of done candidates, streamed ones of candidates in training. */
import type { CandidateRecord } from '../db/schema';
import type { CurvePoint } from '../core/train/trainer';
import type { SearchSettings } from '../core/search/settings';
import { DEFAULT_ASHA, rungs } from '../core/search/asha';
import { trainCount } from '../core/dataset-settings';

export interface CurveSeries {
  index: number;
  status: CandidateRecord['status'];
  /** Validation points (every 10 steps). */
  points: CurvePoint[];
  /** Still training: the points arrive live. */
  live: boolean;
}

export function curveSeries(
  cands: readonly CandidateRecord[],
  live: Readonly<Record<number, CurvePoint[]>>,
): CurveSeries[] {
  const out: CurveSeries[] = [];
  for (const c of cands) {
    const stored = c.result?.curves.val;
    const streaming = c.status === 'running' ? live[c.index] : undefined;
    const points = stored?.length ? stored : (streaming ?? []);
    if (points.length) out.push({ index: c.index, status: c.status, points, live: !stored?.length && !!streaming });
  }
  return out;
}

/** Step budgets where ASHA compares candidates in this run (none when pruning is off). */
export function runRungs(s: SearchSettings): number[] {
  if (!s.pruning) return [];
  const n = trainCount(s.dataset);
  return rungs(DEFAULT_ASHA, Math.floor(n / Math.min(s.batchSize, n)) * s.maxEpochs);
}
