/**
 * How long a search will take on this device, before it starts: the candidates the seeded sampler will draw (their
 * multiply-adds from the spec, count.ts), the steps each is expected to train (epochs, ASHA pruning, early stop),
 * the validations, test and inference passes around them, and the data set build — priced with the device's timed
 * backend probe (a few training steps of a small conv net, cached per device).
 *
 * The probe net is far smaller than a candidate, so its raw rate is not a candidate's: the per-step time of a
 * candidate is modelled as `overhead + 3 · batch · MACs / rate` (forward + two backward passes), with
 * rate = RATE_FACTOR × the probe's multiply-adds per second and overhead = STEP_OVERHEAD_S + OVERHEAD_FACTOR × the
 * probe's step time. The overhead is mostly not compute (a candidate dispatches ~8x more kernels per step than the
 * probe, from one JavaScript thread), so only part of it scales with the probe. The constants were fitted (least
 * squares, relative error) to 36 timed training steps of sampled candidates at widths 0.03–0.5, batches 16–64, on
 * wasm with 1 and 2 threads on the project's shared 2-core machine; the fit's typical error there was ×/÷ 1.5, the
 * range shown (RATE_SPREAD). The estimate is compared with the real duration afterwards, in the run's summary.
 */
import { countMacs, sampleCandidate, type CandidateSpec } from '../model';
import { scaleSpecWidths } from '../model/scale';
import { trainCount } from '../dataset-settings';
import { DEFAULT_ASHA, rungs, type AshaConfig } from './asha';
import type { SearchSettings } from './settings';

/** Multiply-adds of one probe sample (backends.ts probeActiveBackend: 7x7/2 conv to 8, 3x3/2 max-pool, 3x3 conv to 16, dense 2, on 112x112). */
export const PROBE_MACS_PER_SAMPLE = 56 * 56 * 8 * 49 + 28 * 28 * 16 * 8 * 9 + 16 * 2;
/** Batch of a probe step. */
export const PROBE_BATCH = 8;
/** Candidate multiply-add rate / probe multiply-add rate (fitted; see the file header). */
export const RATE_FACTOR = 5;
/** Per-step overhead of a candidate: seconds, plus this many probe steps (fitted). */
export const STEP_OVERHEAD_S = 0.08;
export const OVERHEAD_FACTOR = 1.5;
/** Per-candidate fixed cost (model build, weight save) in probe steps (fitted). */
export const FIXED_FACTOR = 10;
/** The rate's spread seen between candidates and runs: the range is centre ÷/× this. */
export const RATE_SPREAD = 1.5;
/** Generated patches per second per generator worker (bench:generator, including standardise and resize). */
export const GENERATOR_PATCHES_PER_S = 1500;
/** Starting a training worker and its backend (module load, wasm compile, thread pool). */
export const WORKER_START_SECONDS = 1;
/** Validate every this many steps (trainer.ts DEFAULT_TRAIN_SETTINGS.validateEvery). */
const VALIDATE_EVERY = 10;
/** Inference timing after training: one warm-up batch and two timed batches of up to 64 patches (trainer.ts). */
const INFERENCE_PATCHES = 3 * 64;
/** Candidates sampled to price a run; longer runs are extrapolated from their mean. */
const MAX_PRICED = 200;

/** The device's speed: the timed probe of the backend the run will use. */
export interface DeviceSpeed {
  backend: string;
  /** Ms of one probe training step (batch 8; backends.ts probeActiveBackend). */
  msPerProbeStep: number;
  /** Short description for people, e.g. "wasm, 2 threads". */
  label: string;
  /** Generator workers that build the data set. */
  generatorWorkers: number;
}

export interface CandidateCost {
  index: number;
  macs: number;
  /** Expected training steps (pruning and early stop accounted for) and the most it can train. */
  steps: number;
  maxSteps: number;
  /** Seconds at the centre rate: expected, and if it trains every step. */
  seconds: number;
  maxSeconds: number;
}

export interface CostEstimate {
  /** Seconds for the whole run: centre, and the range. */
  seconds: number;
  low: number;
  high: number;
  /** Seconds before the first candidate trains: the data set build and the worker start. */
  datasetSeconds: number;
  /** Candidates priced (count mode: all; time mode: those expected to fit the budget). */
  candidates: number;
  /** Shortest and longest expected candidate (seconds, centre rate). */
  perCandidate: { min: number; max: number };
  device: string;
  /** One line on what the estimate assumes. */
  basis: string;
}

/** Device speed from a cached probe (ProbeTiming[]): the forced backend's timing, or the fastest for 'auto'; null if unmeasured. */
export function deviceSpeedFromProbe(
  probe: readonly { name: string; msPerStep: number | null; note: string }[] | null,
  backend: string,
  generatorWorkers: number,
): DeviceSpeed | null {
  const timed = (probe ?? [])
    .filter((p) => p.msPerStep !== null && p.msPerStep > 0)
    .sort((a, b) => (a.msPerStep as number) - (b.msPerStep as number));
  const pick = backend === 'auto' ? timed[0] : timed.find((p) => p.name === backend);
  if (!pick) return null;
  return {
    backend: pick.name,
    msPerProbeStep: pick.msPerStep as number,
    label: probeLabel(pick.name, pick.note),
    generatorWorkers: Math.max(1, generatorWorkers),
  };
}

/** "wasm, 2 threads" from the probe's note ("…threaded SIMD build, 2 threads…" / "single-thread…"). */
export function probeLabel(name: string, note: string): string {
  if (name !== 'wasm') return name;
  const m = /(\d+) threads?/.exec(note);
  return m ? `wasm, ${m[1]} thread${m[1] === '1' ? '' : 's'}` : /single-thread/.test(note) ? 'wasm, 1 thread' : 'wasm';
}

/**
 * Expected fraction of candidates still training at each rung under asynchronous successive halving, in claim
 * order: candidate i meets the expected number of earlier results at a rung, and survives it with the share
 * ashaShouldStop keeps (max(1, floor(n/η)) of n), or surely when it has fewer than minPeers peers.
 * Returns, per candidate, the probability of reaching each rung (index 0 = start).
 */
export function ashaReach(count: number, rungCount: number, config: AshaConfig = DEFAULT_ASHA): number[][] {
  const arrived = new Array<number>(rungCount).fill(0); // expected results recorded at each rung so far
  const out: number[][] = [];
  for (let i = 0; i < count; i++) {
    const reach = [1];
    for (let k = 0; k < rungCount; k++) {
      const here = reach[k] as number;
      const peers = arrived[k] as number;
      const n = peers + 1;
      const survive = peers < config.minPeers ? 1 : Math.max(1, Math.floor(n / config.eta)) / n;
      arrived[k] = peers + here;
      reach.push(here * survive);
    }
    out.push(reach);
  }
  return out;
}

/** The specs a run with these settings trains (the sampler is a pure function of seed and index). */
export function runSpecs(settings: Pick<SearchSettings, 'seed' | 'widthFactor'>, count: number): CandidateSpec[] {
  return Array.from({ length: count }, (_, i) =>
    scaleSpecWidths(sampleCandidate(settings.seed, i), settings.widthFactor),
  );
}

/** Multiply-adds of candidate (seed, index, width), memoised: the form re-prices on every change and fitting tries many settings. */
const macsMemo = new Map<string, number>();
function candidateMacs(seed: number, widthFactor: number, index: number): number {
  const key = `${seed}:${widthFactor}:${index}`;
  let m = macsMemo.get(key);
  if (m === undefined) {
    if (macsMemo.size > 20_000) macsMemo.clear();
    m = countMacs(scaleSpecWidths(sampleCandidate(seed, index), widthFactor));
    macsMemo.set(key, m);
  }
  return m;
}

/** Seconds of one candidate at the centre rate, for `steps` training steps. */
function candidateSeconds(
  macs: number,
  steps: number,
  s: SearchSettings,
  speed: DeviceSpeed,
  nTrain: number,
  nVal: number,
): number {
  const probeS = speed.msPerProbeStep / 1000;
  const rate = (RATE_FACTOR * 3 * PROBE_BATCH * PROBE_MACS_PER_SAMPLE) / probeS; // training-equivalent multiply-adds/s
  const overhead = STEP_OVERHEAD_S + OVERHEAD_FACTOR * probeS;
  const bs = Math.min(s.batchSize, nTrain);
  const forward = (patches: number) => Math.ceil(patches / bs) * (overhead / 3) + (patches * macs) / rate;
  const step = overhead + (3 * bs * macs) / rate;
  const validations = Math.max(1, Math.ceil(steps / VALIDATE_EVERY));
  return (
    FIXED_FACTOR * probeS +
    steps * step +
    validations * forward(nVal) +
    forward(INFERENCE_PATCHES) +
    forward(s.dataset.testSize)
  );
}

/** Prices every candidate of a run (count mode), or enough to fill a time budget. */
export function candidateCosts(
  s: SearchSettings,
  speed: DeviceSpeed,
  count: number,
  asha: AshaConfig = DEFAULT_ASHA,
): CandidateCost[] {
  const nTrain = trainCount(s.dataset);
  const nVal = s.dataset.size - nTrain;
  const bpe = Math.floor(nTrain / Math.min(s.batchSize, nTrain));
  const maxSteps = bpe * s.maxEpochs;
  const rs = rungs(asha, maxSteps);
  const bounds = [0, ...rs, maxSteps];
  const reach = s.pruning ? ashaReach(count, rs.length, asha) : null;
  return Array.from({ length: count }, (_, i) => {
    const macs = candidateMacs(s.seed, s.widthFactor, i);
    const r = reach?.[i];
    let steps = maxSteps;
    if (r) {
      steps = 0;
      for (let k = 0; k + 1 < bounds.length; k++)
        steps += (r[k] as number) * ((bounds[k + 1] as number) - (bounds[k] as number));
    }
    return {
      index: i,
      macs,
      steps,
      maxSteps,
      seconds: candidateSeconds(macs, steps, s, speed, nTrain, nVal),
      maxSeconds: candidateSeconds(macs, maxSteps, s, speed, nTrain, nVal),
    };
  });
}

/** Seconds to build the data set with the generator pool (plus starting it). */
export function datasetSeconds(s: SearchSettings, speed: DeviceSpeed): number {
  return 1 + (s.dataset.size + s.dataset.testSize) / (GENERATOR_PATCHES_PER_S * speed.generatorWorkers);
}

/**
 * The run's duration on this device. Count mode: every candidate, priced one by one (runs over MAX_PRICED
 * candidates extrapolate from the mean). Time mode: the budget, plus up to the longest candidate in flight when it
 * ends (the runner stops claiming, it does not cut candidates short). Training lanes share the device (the wasm
 * threads already use every core), so more workers are not counted as faster.
 */
export function estimateRunCost(s: SearchSettings, speed: DeviceSpeed): CostEstimate {
  const ds = datasetSeconds(s, speed) + WORKER_START_SECONDS;
  const early = s.earlyStop !== 'none';
  // Early stop cannot be foreseen: the centre and top assume every surviving candidate trains all epochs; the
  // bottom of the range assumes early stop halves that (the rules' patience is ~3 epochs, so not less).
  const lowShare = early ? 0.5 : 1;
  const device = `${speed.label}`;
  if (s.limit.kind === 'time') {
    const budget = s.limit.minutes * 60;
    const costs = candidateCosts(s, speed, MAX_PRICED);
    let used = 0,
      fit = 0;
    for (const c of costs) {
      if (used >= budget) break;
      used += c.seconds;
      fit++;
    }
    if (used < budget && fit === costs.length) {
      // Every priced candidate fits: the rest are like them on average (stopping at 200 priced a 5-min budget of
      // tiny candidates at 2-5 min, and its run of 824 candidates came out "off by more than a factor of 2").
      const more = Math.ceil((budget - used) / (used / fit));
      used += more * (used / fit);
      fit += more;
    }
    const longest = Math.max(...costs.slice(0, Math.max(1, fit)).map((c) => c.maxSeconds));
    const secs = costs.slice(0, Math.max(1, fit)).map((c) => c.seconds);
    return {
      seconds: ds + Math.min(used, budget + longest / 2),
      low: ds + Math.min(used, budget),
      high: ds + budget + longest * RATE_SPREAD,
      datasetSeconds: ds,
      candidates: fit,
      perCandidate: { min: Math.min(...secs), max: Math.max(...secs) },
      device,
      basis: `time budget of ${s.limit.minutes} min: about ${fit.toLocaleString('en')} candidate${fit === 1 ? '' : 's'} fit; the one in flight at the end finishes`,
    };
  }
  const n = s.limit.candidates;
  const priced = candidateCosts(s, speed, Math.min(n, MAX_PRICED));
  const scale = n / priced.length;
  const sum = priced.reduce((t, c) => t + c.seconds, 0) * scale;
  const secs = priced.map((c) => c.seconds);
  return {
    seconds: ds + sum,
    low: ds + (sum * lowShare) / RATE_SPREAD,
    high: ds + sum * RATE_SPREAD,
    datasetSeconds: ds,
    candidates: n,
    perCandidate: { min: Math.min(...secs), max: Math.max(...secs) },
    device,
    basis: `${n} candidate${n === 1 ? '' : 's'}${s.pruning ? ', ASHA pruning as expected' : ''}${early ? '; early stop may cut it to the low end' : ''}`,
  };
}

/** "45 s", "12 min", "3.5 h", "2.1 days": the scale a person plans with. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 36 * 3600) return `${(seconds / 3600).toFixed(seconds < 10 * 3600 ? 1 : 0)} h`;
  return `${(seconds / 86400).toFixed(1)} days`;
}

/**
 * A candidate's train time as the leaderboard shows it: tenths of a second under a minute, else minutes and whole
 * seconds, rounded once (119.7 s read "1 min 60 s", 59.97 s "60.0 s").
 */
export function formatTrainTime(seconds: number): string {
  if (Number.isNaN(seconds)) return '—';
  if (seconds < 59.95) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${whole % 60} s`;
}

/** "9–14 h", "40 s–2 min": a range in the units of each end (one unit when both share it). */
export function formatRange(low: number, high: number): string {
  const a = formatDuration(low),
    b = formatDuration(high);
  if (a === b) return a; // "1 s", not "1–1 s"
  const unit = (t: string) => t.replace(/^[\d.]+ /, '');
  return unit(a) === unit(b) ? `${a.replace(/ \S+$/, '')}–${b}` : `${a}–${b}`;
}
