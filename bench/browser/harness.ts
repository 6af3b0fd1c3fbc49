/**
 * Node side of the browser benchmarks: builds bench/browser/bench.html with the app's Vite config (production
 * build, same plugins and worker format), serves it with `vite preview` (COOP/COEP + CSP headers, so the page is
 * cross-origin isolated), opens it in headless Chromium and runs jobs there. Also runs the PyTorch peer
 * (bench/peers/torch_timed.py on ../shared/bench/torch_spn_ref.py) on the same terms: same warm-up, same number of
 * timed iterations, median and spread, alternating with ours in rounds.
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import path from 'node:path';
import { build, preview } from 'vite';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/browser';
import { presetSpec } from '../../src/core/model';
import type { WasmThreadsSetting } from '../../src/runtime/backends';
import type { BenchJob } from './bench.worker';
import type { BenchOutcome, BenchPage } from './bench-page';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** Kept out of dist/ so a benchmark never replaces the app's build. */
const OUT_DIR = path.join(ROOT, 'node_modules/.spn-bench');

export interface BenchSession {
  crossOriginIsolated: boolean;
  cores: number;
  run(job: BenchJob, limitSeconds: number): Promise<BenchOutcome>;
  close(): Promise<void>;
}

/** Logs the machine's load average (1, 5, 15 min): a shared machine slows a benchmark, so each run records it. */
export function logLoadAverage(log: (line: string) => void, when: 'before' | 'after'): void {
  log(
    `# load average ${when}: ${loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')}`,
  );
}

/**
 * Starts a benchmark against the PyTorch peer: checks the peer can run (exits with the reason otherwise), logs the
 * load average, opens the browser session and logs whether it is cross-origin isolated (threaded wasm needs it).
 */
export async function startPeerBench(log: (line: string) => void): Promise<BenchSession> {
  requirePeer();
  logLoadAverage(log, 'before');
  const session = await openBenchSession(log);
  log(`# crossOriginIsolated=${session.crossOriginIsolated}, logical cores=${session.cores}`);
  return session;
}

export async function openBenchSession(log: (line: string) => void): Promise<BenchSession> {
  const t0 = performance.now();
  await build({
    root: ROOT,
    logLevel: 'warn',
    build: {
      outDir: OUT_DIR,
      emptyOutDir: true,
      rollupOptions: { input: { bench: path.join(ROOT, 'bench/browser/bench.html') } },
    },
  });
  const server = await preview({
    root: ROOT,
    build: { outDir: OUT_DIR },
    preview: { port: 0, strictPort: false },
    logLevel: 'warn',
  });
  const base = server.resolvedUrls?.local[0];
  if (!base) throw new Error('vite preview did not report a URL');
  log(`# built and serving in ${((performance.now() - t0) / 1000).toFixed(1)} s at ${base}`);
  let browser: Browser | null = null;
  try {
    browser = await launchChromium();
    const page: Page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') log(`# [page ${m.type()}] ${m.text().slice(0, 300)}`);
    });
    page.on('pageerror', (e) => log(`# [page error] ${e.message.slice(0, 300)}`));
    await page.goto(new URL('bench/browser/bench.html', base).href);
    await page.waitForFunction(() => 'spnBench' in globalThis);
    const info = await page.evaluate(() => {
      const b = (globalThis as unknown as { spnBench: BenchPage }).spnBench;
      return { coi: b.crossOriginIsolated, cores: b.cores };
    });
    const b = browser;
    return {
      crossOriginIsolated: info.coi,
      cores: info.cores,
      run: (job, limitSeconds) =>
        page.evaluate(([j, l]) => (globalThis as unknown as { spnBench: BenchPage }).spnBench.run(j, l), [
          job,
          limitSeconds,
        ] as const),
      close: async () => {
        await b.close();
        await server.close();
      },
    };
  } catch (e) {
    await browser?.close();
    await server.close();
    throw e;
  }
}

/** The peers' folder, next to the repository (never an absolute path). */
export const PEER_DIR = path.resolve(ROOT, '../shared/bench');

/** A peer that cannot run: the bench prints the reason and exits non-zero. */
export class PeerUnavailable extends Error {
  override name = 'PeerUnavailable';
}

/** What bench/peers/torch_timed.py prints. */
export interface TorchTimed {
  mode: string;
  threads: number;
  batch: number;
  warmup: number;
  iters: number;
  ms: number[];
  median_ms: number;
  torch: string;
  patches?: number;
}

/**
 * Times the PyTorch peer network (../shared/bench/torch_spn_ref.py) with bench/peers/torch_timed.py: `warmup`
 * untimed then `iters` timed iterations, as our side does. Throws PeerUnavailable with the reason.
 */
export function runTorchTimed(opts: {
  mode: 'infer' | 'train' | 'classify';
  threads: number;
  batch: number;
  warmup: number;
  iters: number;
  line?: string;
  stride?: number;
}): TorchTimed {
  const peer = path.join(PEER_DIR, 'torch_spn_ref.py');
  const args = [
    path.join(ROOT, 'bench/peers/torch_timed.py'),
    '--peer',
    peer,
    '--mode',
    opts.mode,
    '--threads',
    String(opts.threads),
    '--batch',
    String(opts.batch),
    '--warmup',
    String(opts.warmup),
    '--iters',
    String(opts.iters),
  ];
  if (opts.line) args.push('--line', opts.line);
  if (opts.stride) args.push('--stride', String(opts.stride));
  let out: string;
  try {
    out = execFileSync('/usr/bin/python3', args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (e) {
    const err = e as Error & { stderr?: string };
    throw new PeerUnavailable(
      `PyTorch peer (${path.relative(ROOT, peer)}) cannot run: ${(err.stderr ?? '').trim().split('\n').pop() || err.message.split('\n')[0]}`,
    );
  }
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as TorchTimed;
}

/**
 * Exits at once (code 2, saying why), before any browser work, when the peer cannot run (torch or numpy missing,
 * peer file absent): a bench without its peer proves nothing.
 */
export function requirePeer(): void {
  try {
    runTorchTimed({ mode: 'infer', threads: 1, batch: 1, warmup: 0, iters: 1 });
  } catch (e) {
    exitWithoutPeer(e);
  }
}

/** The options of the benchmarks that alternate rounds with the peer: --rounds, --warmup, --iters, --limit (s), --profile. */
export function roundOptions(defaults: { iters: number; limit: number }): {
  rounds: number;
  warmup: number;
  iters: number;
  limit: number;
  profile: boolean;
} {
  return {
    rounds: numberArg('rounds', 3),
    warmup: numberArg('warmup', 2),
    iters: numberArg('iters', defaults.iters),
    limit: numberArg('limit', defaults.limit),
    profile: process.argv.includes('--profile'),
  };
}

/** The number after `--name` on the command line, or `def` when it is absent. */
export function numberArg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}

/** Median, quartiles and extremes of `values` (ms or patches/s). */
export interface Spread {
  median: number;
  p25: number;
  p75: number;
  min: number;
  max: number;
  n: number;
}

export function spread(values: readonly number[]): Spread {
  const s = [...values].sort((a, b) => a - b);
  const q = (p: number): number => {
    const at = (s.length - 1) * p,
      lo = Math.floor(at),
      hi = Math.ceil(at);
    return round((s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (at - lo), 2);
  };
  return {
    median: q(0.5),
    p25: q(0.25),
    p75: q(0.75),
    min: round(s[0] as number, 2),
    max: round(s[s.length - 1] as number, 2),
    n: s.length,
  };
}

/**
 * Runs ours and the peer alternately for `rounds` rounds (each side: warm-up, then the same number of timed
 * iterations), logging each round; returns every timed iteration of each side and the per-round medians.
 */
export async function alternate(
  rounds: number,
  ours: () => Promise<number[]>,
  peer: () => number[],
  log: (line: string) => void,
): Promise<{ ours: number[]; peer: number[]; oursRounds: number[]; peerRounds: number[] }> {
  const out = { ours: [] as number[], peer: [] as number[], oursRounds: [] as number[], peerRounds: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    const a = await ours();
    const b = peer();
    out.ours.push(...a);
    out.peer.push(...b);
    out.oursRounds.push(spread(a).median);
    out.peerRounds.push(spread(b).median);
    log(
      `# round ${r + 1}/${rounds}: ours median ${spread(a).median} ms, peer median ${spread(b).median} ms (loadavg ${loadavg()[0]?.toFixed(2)})`,
    );
  }
  return out;
}

/** Our run against the peer's: spreads of both, per-round medians, the thread count ours ran on and its note. */
export interface PeerComparison {
  threads: number;
  note: string;
  ours: Spread;
  peer: Spread;
  oursRounds: number[];
  peerRounds: number[];
}

/**
 * A wasm job of ours against the PyTorch peer's same job (`job.kind` is the peer's mode), alternated for `rounds`
 * rounds. The peer runs with the thread count ours reported, known after our first round, which runs first.
 */
export async function wasmAgainstPeer(
  session: BenchSession,
  job: BenchJob,
  limitSeconds: number,
  rounds: number,
  failure: string,
  log: (line: string) => void,
): Promise<PeerComparison> {
  let threads = 1,
    note = '';
  const ours = async (): Promise<number[]> => {
    const out = await session.run(job, limitSeconds);
    if (!out.ok) throw new Error(`${failure}: ${out.error}`);
    for (const line of out.timing.profile ?? []) log(`# profile (${out.timing.threads ?? '-'} threads): ${line}`);
    threads = out.timing.threads ?? 1;
    note = out.timing.note;
    return out.timing.times;
  };
  const peer = (): number[] => {
    try {
      return runTorchTimed({ mode: job.kind, threads, batch: job.batch, warmup: job.warmup, iters: job.iters }).ms;
    } catch (e) {
      return exitWithoutPeer(e);
    }
  };
  const r = await alternate(rounds, ours, peer, log);
  return {
    threads,
    note,
    ours: spread(r.ours),
    peer: spread(r.peer),
    oursRounds: r.oursRounds,
    peerRounds: r.peerRounds,
  };
}

/** One configuration of the paper network on wasm against the peer: the comparison and its row's first and last columns. */
export interface PaperWasmResult extends PeerComparison {
  /** What ran, on what terms. */
  head: Record<string, unknown>;
  /** Per-round medians of both sides and the run's note. */
  tail: Record<string, unknown>;
}

/**
 * The paper network on wasm at 1 thread and at the threaded build's count, each against the peer
 * ({@link wasmAgainstPeer}, failing with "wasm (N threads) <failure>"), yielding each configuration's result.
 */
export async function* paperWasmAgainstPeer(
  session: BenchSession,
  bench: 'infer' | 'train',
  terms: { batch: number; rounds: number; warmup: number; iters: number; profile: boolean },
  limitSeconds: number,
  failure: string,
  log: (line: string) => void,
): AsyncGenerator<PaperWasmResult> {
  const { batch, rounds, warmup, iters, profile } = terms;
  for (const wasmThreads of [1, 'auto'] as WasmThreadsSetting[]) {
    const job: BenchJob = {
      kind: bench,
      backend: 'wasm',
      wasmThreads,
      spec: presetSpec('paper'),
      batch,
      warmup,
      iters,
      profile,
    };
    const r = await wasmAgainstPeer(
      session,
      job,
      limitSeconds,
      rounds,
      `wasm (${wasmThreads} threads) ${failure}`,
      log,
    );
    const head = {
      bench,
      model: 'paper',
      backend: 'wasm',
      threads: r.threads,
      batch,
      rounds,
      warmup,
      iters_per_round: iters,
    };
    yield { ...r, head, tail: { round_medians_ms: r.oursRounds, torch_round_medians_ms: r.peerRounds, note: r.note } };
  }
}

/** Prints a peer's unavailability and exits non-zero (a bench without its peer proves nothing). */
export function exitWithoutPeer(e: unknown): never {
  console.error(`# ${(e as Error).message}`);
  console.log(JSON.stringify({ error: (e as Error).message }));
  process.exit(2);
}

/** Prints one JSON object as a line. */
export function emit(obj: Record<string, unknown>): void {
  console.log(JSON.stringify(obj));
}

export const round = (v: number, digits = 1): number => +v.toFixed(digits);
