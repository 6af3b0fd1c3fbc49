/** Ranking and the accuracy-vs-size Pareto front of a run's candidates (pure, shared by the table and the scatter). */

export interface RankedFields {
  id: string;
  meanTop5: number;
  params: number;
}

/** Sorts by mean top-5 validation accuracy (desc), then fewer parameters; NaN (unfinished) last. */
export function rankCandidates<T extends RankedFields>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => {
    const an = Number.isNaN(a.meanTop5),
      bn = Number.isNaN(b.meanTop5);
    if (an !== bn) return an ? 1 : -1;
    return b.meanTop5 - a.meanTop5 || a.params - b.params || a.id.localeCompare(b.id);
  });
}

/** Ids on the Pareto front: no other candidate is at least as accurate with fewer or equal parameters (strictly better in one). */
export function paretoFront(items: readonly RankedFields[]): Set<string> {
  const valid = items.filter((c) => !Number.isNaN(c.meanTop5));
  const front = new Set<string>();
  for (const c of valid) {
    const dominated = valid.some(
      (o) =>
        o !== c && o.meanTop5 >= c.meanTop5 && o.params <= c.params && (o.meanTop5 > c.meanTop5 || o.params < c.params),
    );
    if (!dominated) front.add(c.id);
  }
  return front;
}

/**
 * Ids on the Pareto front of accuracy against another measure `x` of each candidate (parameters, MACs, training time:
 * lower is better; patches/s: higher is better). Candidates without a score or an x are left out.
 */
export function paretoFrontBy<T extends { id: string; meanTop5: number }>(
  items: readonly T[],
  x: (item: T) => number,
  better: 'lower' | 'higher',
): Set<string> {
  const sign = better === 'lower' ? 1 : -1;
  const valid = items.filter((c) => !Number.isNaN(c.meanTop5) && Number.isFinite(x(c)));
  const front = new Set<string>();
  for (const c of valid) {
    const cx = sign * x(c);
    const dominated = valid.some((o) => {
      const ox = sign * x(o);
      return o !== c && o.meanTop5 >= c.meanTop5 && ox <= cx && (o.meanTop5 > c.meanTop5 || ox < cx);
    });
    if (!dominated) front.add(c.id);
  }
  return front;
}

/** Keeps the best `k` of `ranked` ids: which stored weights to add and which to delete. */
export function topKChanges(
  rankedIds: readonly string[],
  storedIds: ReadonlySet<string>,
  k: number,
): { keep: string[]; drop: string[] } {
  const keep = rankedIds.slice(0, k);
  const keepSet = new Set(keep);
  return { keep, drop: [...storedIds].filter((id) => !keepSet.has(id)) };
}
