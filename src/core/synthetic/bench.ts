/**
 * Generator throughput, callable from node (bench/generator-node.ts) and from a page or worker:
 * the same work the Python reference times (generate + augment + standardise + resize to 112).
 */
import { buildDataset } from './dataset';
import { generateRawPatches } from './generator';
import type { AugmentationProfile } from './types';

export interface GeneratorBenchResult {
  patches: number;
  /** Wall time of each phase and in total, seconds. */
  seconds: { generate: number; standardiseAndResize: number; total: number };
  /** CPU seconds of the timed part, when a CPU clock was given (e.g. node's process.cpuUsage). */
  cpuSeconds: number | null;
  patchesPerSecond: number;
  labelFraction: number;
  valueRange: [number, number];
}

function defaultClock(): () => number {
  const perf = (globalThis as { performance?: { now(): number } }).performance;
  return perf ? () => perf.now() : () => Date.now();
}

/**
 * Times generating n patches of data set `seed` and building the 112x112 inputs, single thread.
 * `now` is a wall clock in ms; `cpuNow`, if given, a CPU clock in seconds (read around the timed part only).
 */
export function benchmarkGenerator(
  n = 2000,
  seed = 1,
  profile: AugmentationProfile = 'train',
  now: () => number = defaultClock(),
  cpuNow?: () => number,
): GeneratorBenchResult {
  const c0 = cpuNow?.();
  const t0 = now();
  const raw = generateRawPatches({ seed, count: n, profile });
  const t1 = now();
  const data = buildDataset(raw, { outputSide: 112 });
  const t2 = now();
  const cpuSeconds = cpuNow && c0 !== undefined ? cpuNow() - c0 : null;
  let lo = Infinity,
    hi = -Infinity,
    pos = 0;
  const x = data.inputs;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  for (const l of data.labels) pos += l;
  const total = (t2 - t0) / 1000;
  return {
    patches: n,
    seconds: { generate: (t1 - t0) / 1000, standardiseAndResize: (t2 - t1) / 1000, total },
    cpuSeconds,
    patchesPerSecond: n / total,
    labelFraction: pos / n,
    valueRange: [lo, hi],
  };
}
