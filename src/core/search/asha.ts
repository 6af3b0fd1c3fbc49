/**
 * Asynchronous successive halving (ASHA, Li et al. 2020) as a stopping rule: step budgets ("rungs") grow
 * geometrically (r0, r0·η, r0·η², …). When a candidate's validation reaches a rung, its accuracy there is compared
 * with every accuracy recorded at that rung so far (from any tab or machine of the run); if it falls in the bottom
 * `1 - 1/η` part it is stopped. Asynchronous: no candidate waits for others, early candidates are never stopped
 * for lack of company (at least `minPeers` earlier results are needed).
 */
export interface AshaConfig {
  /** First rung in training steps. */
  minSteps: number;
  /** Reduction factor η: only the top 1/η of candidates at a rung continue. */
  eta: number;
  /** Results needed at a rung before anyone is stopped there. */
  minPeers: number;
}

export const DEFAULT_ASHA: AshaConfig = { minSteps: 30, eta: 3, minPeers: 2 };

/** Rung step budgets up to `maxSteps`. */
export function rungs(config: AshaConfig, maxSteps: number): number[] {
  const out: number[] = [];
  for (let r = config.minSteps; r < maxSteps; r *= config.eta) out.push(Math.round(r));
  return out;
}

/** The rung reached at `step` given the previous validation step, or null (validations may skip exact rung steps). */
export function rungCrossed(config: AshaConfig, maxSteps: number, prevStep: number, step: number): number | null {
  for (const r of rungs(config, maxSteps)) if (prevStep < r && step >= r) return r;
  return null;
}

/**
 * True when `acc` at a rung falls in the bottom part of the results there (`peers` = accuracies recorded at the
 * same rung by other candidates): of the n results, itself included, only the top max(1, floor(n/η)) continue.
 */
export function ashaShouldStop(config: AshaConfig, acc: number, peers: readonly number[]): boolean {
  if (peers.length < config.minPeers) return false;
  const all = [...peers, acc].sort((a, b) => b - a);
  const keep = Math.max(1, Math.floor(all.length / config.eta));
  const threshold = all[keep - 1] as number;
  return acc < threshold;
}

/**
 * GPU-minutes that stopping saved, estimated as the steps each pruned candidate did not train (up to the median
 * length of the candidates that ran to their own end) times the run's mean seconds per step.
 */
export function prunedSavings(finished: readonly { steps: number; trainSeconds: number; pruned: boolean }[]): {
  savedMinutes: number;
  prunedCount: number;
} {
  const full = finished
    .filter((c) => !c.pruned)
    .map((c) => c.steps)
    .sort((a, b) => a - b);
  const pruned = finished.filter((c) => c.pruned);
  const steps = finished.reduce((s, c) => s + c.steps, 0);
  const secs = finished.reduce((s, c) => s + c.trainSeconds, 0);
  if (!pruned.length || !full.length || !steps) return { savedMinutes: 0, prunedCount: pruned.length };
  const median = full[Math.floor(full.length / 2)] as number;
  const perStep = secs / steps;
  const savedSteps = pruned.reduce((s, c) => s + Math.max(0, median - c.steps), 0);
  return { savedMinutes: (savedSteps * perStep) / 60, prunedCount: pruned.length };
}
