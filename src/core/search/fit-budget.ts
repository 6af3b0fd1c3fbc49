/**
 * "Fit in 1 h": settings changes that bring a run's estimated duration under a budget, each with what it costs
 * the search. Each single option changes one thing (candidates, width, epochs, data set size, or the time-budget
 * mode) as little as possible: the largest value whose centre estimate fits. When no single change is enough (the
 * defaults on a CPU: one full-width candidate on 20,000 patches takes longer than an hour), a combined option
 * lowers them in turn, each to a floor that still makes a meaningful search, until the run fits.
 */
import { estimateRunCost, formatDuration, type CostEstimate, type DeviceSpeed } from './cost';
import type { SearchSettings } from './settings';

export type FitKind = 'candidates' | 'width' | 'epochs' | 'data' | 'time' | 'combined';

export interface FitOption {
  kind: FitKind;
  settings: SearchSettings;
  estimate: CostEstimate;
  /** What changes, e.g. "20 → 6 candidates". */
  change: string;
  /** What the search gives up for it. */
  trade: string;
}

/** Width factors offered (the form accepts 0.01–1). */
const WIDTHS = [0.75, 0.5, 0.35, 0.25, 0.15, 0.1, 0.06, 0.03];

/** Largest value in [lo, hi] (integers) for which `fits` holds, assuming cost grows with the value; null if none. */
function largestFitting(lo: number, hi: number, fits: (v: number) => boolean): number | null {
  if (!fits(lo)) return null;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Options that fit `budgetSeconds` (empty when the run already fits). */
export function fitOptions(s: SearchSettings, speed: DeviceSpeed, budgetSeconds: number): FitOption[] {
  const now = estimateRunCost(s, speed);
  if (now.seconds <= budgetSeconds) return [];
  const out: FitOption[] = [];
  const fits = (t: SearchSettings) => estimateRunCost(t, speed).seconds <= budgetSeconds;
  const add = (kind: FitKind, t: SearchSettings, change: string, trade: string) =>
    out.push({ kind, settings: t, estimate: estimateRunCost(t, speed), change, trade });

  if (s.limit.kind === 'count') {
    const withN = (n: number): SearchSettings => ({ ...s, limit: { kind: 'count', candidates: n } });
    const n = largestFitting(1, s.limit.candidates - 1, (v) => fits(withN(v)));
    if (n !== null)
      add(
        'candidates',
        withN(n),
        `${s.limit.candidates} → ${n} candidates`,
        `explores ${n} of the ${s.limit.candidates} topologies: fewer chances to find a good one.`,
      );
  }
  const w = WIDTHS.find((f) => f < s.widthFactor && fits({ ...s, widthFactor: f }));
  if (w !== undefined)
    add(
      'width',
      { ...s, widthFactor: w },
      `width ${s.widthFactor} → ${w}`,
      `same topologies with ${Math.round(100 * w)} % of the filters: much cheaper, but accuracies are not those of full-width networks.`,
    );
  const withE = (e: number): SearchSettings => ({ ...s, maxEpochs: e });
  const e = largestFitting(1, s.maxEpochs - 1, (v) => fits(withE(v)));
  if (e !== null)
    add(
      'epochs',
      withE(e),
      `${s.maxEpochs} → ${e} max epochs`,
      'candidates train less: scores are lower and their ranking noisier.',
    );
  const withD = (n: number): SearchSettings => ({
    ...s,
    dataset: { ...s.dataset, size: n, testSize: Math.min(s.dataset.testSize, Math.max(100, Math.round(n / 5))) },
  });
  const d =
    s.dataset.size > MIN_PATCHES
      ? largestFitting(MIN_PATCHES / 100, Math.floor(s.dataset.size / 100) - 1, (v) => fits(withD(100 * v)))
      : null;
  if (d !== null)
    add(
      'data',
      withD(100 * d),
      `${s.dataset.size.toLocaleString('en')} → ${(100 * d).toLocaleString('en')} patches`,
      'fewer training and validation patches: quicker epochs and validations, noisier scores, more overfitting.',
    );
  const timed = timeOption(s, speed, budgetSeconds);
  if (timed)
    add(
      'time',
      timed,
      `stop after ${formatDuration((timed.limit as { minutes: number }).minutes * 60)} instead of a count`,
      'trains as many candidates as the time allows (the one in flight finishes), keeping every other setting.',
    );
  if (!out.length) {
    const c = combined(s, fits);
    if (c)
      add(
        'combined',
        c.settings,
        c.changes.join(', '),
        "several cuts together: a small, quick search (the Quick preset is of this kind); a first look rather than the paper's search.",
      );
  }
  return out;
}

/** Floors of the combined option. */
const MIN_PATCHES = 1000;
const FLOOR = { widthFactor: 0.1, maxEpochs: 5, candidates: 5, size: 2000 } as const;

/** The time-budget mode that fits, or null (when one candidate alone is longer than the budget). */
function timeOption(s: SearchSettings, speed: DeviceSpeed, budgetSeconds: number): SearchSettings | null {
  const ds = estimateRunCost(s, speed).datasetSeconds;
  for (const share of [0.8, 0.6, 0.4]) {
    const minutes = Math.floor(((budgetSeconds - ds) * share) / 60);
    if (minutes < 1) return null;
    const t: SearchSettings = { ...s, limit: { kind: 'time', minutes } };
    if (estimateRunCost(t, speed).seconds <= budgetSeconds) return t;
  }
  return null;
}

/** Lowers width, data set, epochs and candidates in turn (each to its floor at most) until the run fits. */
function combined(
  s: SearchSettings,
  fits: (t: SearchSettings) => boolean,
): { settings: SearchSettings; changes: string[] } | null {
  let t = s;
  const changes: string[] = [];
  const steps: [string, (v: SearchSettings) => SearchSettings | null][] = [
    ['width', (v) => (v.widthFactor > FLOOR.widthFactor ? { ...v, widthFactor: Math.min(v.widthFactor, 0.25) } : null)],
    [
      'data',
      (v) =>
        v.dataset.size > FLOOR.size
          ? { ...v, dataset: { ...v.dataset, size: FLOOR.size, testSize: Math.min(v.dataset.testSize, 400) } }
          : null,
    ],
    [
      'epochs',
      (v) =>
        v.maxEpochs > FLOOR.maxEpochs
          ? { ...v, maxEpochs: Math.max(FLOOR.maxEpochs, Math.min(v.maxEpochs, 10)) }
          : null,
    ],
    [
      'candidates',
      (v) =>
        v.limit.kind === 'count' && v.limit.candidates > FLOOR.candidates
          ? { ...v, limit: { kind: 'count', candidates: FLOOR.candidates } }
          : null,
    ],
    ['width', (v) => (v.widthFactor > FLOOR.widthFactor ? { ...v, widthFactor: FLOOR.widthFactor } : null)],
    ['epochs', (v) => (v.maxEpochs > FLOOR.maxEpochs ? { ...v, maxEpochs: FLOOR.maxEpochs } : null)],
  ];
  for (const [, step] of steps) {
    const next = step(t);
    if (!next) continue;
    t = next;
    if (fits(t)) break;
  }
  if (!fits(t)) return null;
  if (t.widthFactor !== s.widthFactor) changes.push(`width ${s.widthFactor} → ${t.widthFactor}`);
  if (t.dataset.size !== s.dataset.size)
    changes.push(`${s.dataset.size.toLocaleString('en')} → ${t.dataset.size.toLocaleString('en')} patches`);
  if (t.maxEpochs !== s.maxEpochs) changes.push(`${s.maxEpochs} → ${t.maxEpochs} max epochs`);
  if (t.limit.kind === 'count' && s.limit.kind === 'count' && t.limit.candidates !== s.limit.candidates)
    changes.push(`${s.limit.candidates} → ${t.limit.candidates} candidates`);
  return { settings: t, changes };
}
