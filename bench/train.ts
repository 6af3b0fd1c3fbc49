/**
 * Training-step speed in headless Chromium (production build, cross-origin isolated, module workers as in the
 * app): the paper network on wasm at 1 and N threads next to the PyTorch peer on equal terms (same thread count,
 * batch 64; ours and PyTorch alternate for --rounds rounds, each side --warmup untimed then --iters timed steps;
 * median over all timed steps, printed with its spread for both), then a sampled median candidate on our wasm against the best STOCK tfjs backend (stock = no kernel
 * replacement of ours: stock wasm cannot train at all, it lacks Conv2DBackpropFilter; webgl/webgpu/cpu are timed,
 * each skipped with a note when over the limit). Last line: the paper network's best wasm configuration vs PyTorch.
 * The machine may be shared: the load average is logged with every round. Exits non-zero, with the reason, when
 * the peer cannot run. With --profile, the paper-network runs also print the slowest kernels of one profiled step ("# profile" lines).
 * --paper-only skips the candidate and stock-backend runs.
 * Usage: npm run bench:train [-- --rounds 3 --warmup 2 --iters 6 --limit 25 --profile --paper-only]
 */
import { countParams, sampleCandidate } from '../src/core/model';
import type { BackendName } from '../src/runtime/backends';
import type { BenchJob } from './browser/bench.worker';
import { emit, logLoadAverage, paperWasmAgainstPeer, startPeerBench, round, roundOptions } from './browser/harness';

const BATCH = 64;
const { limit, ...terms } = roundOptions({ iters: 6, limit: 25 });
const paperOnly = process.argv.includes('--paper-only');
const log = (line: string): void => console.log(line);

/** The candidate with the median parameter count among the first 21 of the search seeded 1. */
function medianCandidate(): { index: number; spec: ReturnType<typeof sampleCandidate>; params: number } {
  const all = Array.from({ length: 21 }, (_, index) => {
    const spec = sampleCandidate(1, index);
    return { index, spec, params: countParams(spec) };
  }).sort((a, b) => a.params - b.params);
  return all[10] as (typeof all)[number];
}

interface Row {
  backend: string;
  threads: number | null;
  ms: number;
  note: string;
}

const session = await startPeerBench(log);
let paperLast: Record<string, unknown> | null = null;
let paperBest: Row | null = null;
try {
  // Our own wasm runs get a generous limit (a warm-up and two steps of a big candidate take ~30 s on 2 cores);
  // the stock backends get `limit`, being known to be slow.
  const time = async (
    job: Omit<BenchJob, 'kind' | 'batch' | 'warmup' | 'iters'>,
    model: string,
    extra: Record<string, unknown> = {},
  ): Promise<Row | null> => {
    const out = await session.run(
      { kind: 'train', batch: BATCH, warmup: 1, iters: 2, ...job },
      job.backend === 'wasm' ? Math.max(limit, 90) : limit,
    );
    if (!out.ok) {
      emit({ bench: 'train', model, backend: job.backend, ...extra, skipped: out.error });
      return null;
    }
    const t = out.timing;
    for (const line of t.profile ?? []) log(`# profile (${t.threads ?? '-'} threads): ${line}`);
    emit({
      bench: 'train',
      model,
      backend: t.backend,
      threads: t.threads,
      batch: BATCH,
      ms_per_step: round(t.msPerIter),
      steps: t.iters,
      params: t.params,
      ...extra,
      note: t.note,
    });
    return { backend: t.backend, threads: t.threads, ms: t.msPerIter, note: t.note };
  };

  const failure = 'could not train the paper network';
  const paper = paperWasmAgainstPeer(session, 'train', { batch: BATCH, ...terms }, Math.max(limit, 180), failure, log);
  for await (const { head, tail, threads, note, ours: a, peer: b } of paper) {
    paperLast = {
      ...head,
      ms_per_step: a.median,
      torch_ms_per_step: b.median,
      ratio: round(a.median / b.median, 2),
      spread_ms: a,
      torch_spread_ms: b,
      ...tail,
    };
    emit(paperLast);
    if (!paperBest || a.median < paperBest.ms) paperBest = { backend: 'wasm', threads, ms: a.median, note };
  }

  if (!paperOnly) {
    const cand = medianCandidate();
    const model = `candidate(seed 1, #${cand.index})`;
    log(`# median candidate of the first 21 (seed 1): #${cand.index}, ${cand.params} params`);
    const ours = await time({ backend: 'wasm', wasmThreads: paperBest?.threads ?? 'auto', spec: cand.spec }, model, {
      kernels: 'ours',
    });
    log(
      '# stock wasm: not measurable (tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel: conv weight gradients throw)',
    );
    const stock: Row[] = [];
    for (const backend of ['cpu', 'webgl', 'webgpu'] as BackendName[]) {
      const r = await time({ backend, spec: cand.spec }, model, { kernels: 'stock' });
      if (r) stock.push(r);
    }
    const bestStock = stock.sort((a, b) => a.ms - b.ms)[0];
    emit({
      bench: 'train',
      model,
      params: cand.params,
      batch: BATCH,
      ours: ours ? { backend: ours.backend, threads: ours.threads, ms_per_step: round(ours.ms) } : null,
      best_stock: bestStock
        ? { backend: bestStock.backend, ms_per_step: round(bestStock.ms) }
        : `none finished within ${limit} s`,
      speedup_vs_best_stock:
        ours && bestStock
          ? round(bestStock.ms / ours.ms, 1)
          : ours
            ? `> ${round((limit * 1000) / ours.ms, 1)} (every stock backend over ${limit} s)`
            : null,
    });
  }
} finally {
  await session.close();
}

if (!paperLast) throw new Error('wasm could not train the paper network');
logLoadAverage(log, 'after');
emit(paperLast);
