/**
 * The half-line check of fine-tuning (issue 18): marks drawn from a line's truth on the FIRST half of its traces,
 * as the protocol draws them — BSR boxes of 16 traces x ±10 samples along the pick, not-BSR boxes of 16
 * traces x 24 samples at least 40 samples from it — so a model tuned on them can be scored on the SECOND half,
 * which it never saw marked. One function for the bench (bench/finetune-halves.ts) and the end-to-end test of the
 * app's teach loop, so both measure the same thing.
 */
import { Rng } from '../prng';
import type { Mark } from '../finetune/marks';
import type { LineTruth } from './truth';
import type { MapRow } from './map-score';

/** Traces [0, half) are marked, [half, traces) scored. */
export function markedHalf(traces: number): number {
  return Math.floor(traces / 2);
}

/**
 * Marks from the truth on traces [0, half): a BSR box on every 16-trace window (every 8 traces) where the pick
 * covers at least 6 of its traces (real picks are patchy), then at least 12 (and twice as many as BSR boxes) not-BSR
 * boxes placed at random (seeded) at least 40 samples from the pick. BSR and not-BSR marks alternate, so holding
 * out every fifth mark samples both classes.
 */
export function halfLineMarks(truth: LineTruth, seed = 1): Mark[] {
  const half = markedHalf(truth.traces),
    dtMs = truth.dtUs / 1000;
  const bsr: Mark[] = [];
  for (let a = 0; a + 16 <= half; a += 8) {
    const ps = truth.bsrSample.slice(a, a + 16).filter((p): p is number => p !== null);
    if (ps.length < 6) continue;
    const lo = Math.max(0, Math.min(...ps) - 10),
      hi = Math.min(truth.samples - 1, Math.max(...ps) + 10);
    bsr.push({ traceFrom: a, traceTo: a + 15, timeFromMs: lo * dtMs, timeToMs: hi * dtMs, label: 1 });
  }
  const rng = new Rng(seed);
  const want = Math.max(12, 2 * bsr.length);
  const not: Mark[] = [];
  for (let tries = 0; not.length < want && tries < 10000; tries++) {
    const a = rng.int(0, half - 16 + 1),
      s = rng.int(0, truth.samples - 24);
    const far = truth.bsrSample.slice(a, a + 16).every((p) => p === null || s > p + 40 || s + 23 < p - 40);
    if (far) not.push({ traceFrom: a, traceTo: a + 15, timeFromMs: s * dtMs, timeToMs: (s + 23) * dtMs, label: 0 });
  }
  const out: Mark[] = [];
  for (let i = 0; i < Math.max(bsr.length, not.length); i++) {
    if (i < bsr.length) out.push(bsr[i]!);
    if (i < not.length) out.push(not[i]!);
  }
  return out;
}

/** The map rows whose patch centre lies in the scored half (trace >= half). */
export function scoredHalfRows<R extends MapRow>(rows: readonly R[], traces: number): R[] {
  const half = traces / 2;
  return rows.filter((r) => r.trace >= half);
}
