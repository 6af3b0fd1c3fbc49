/**
 * Inference speed of the paper network in headless Chromium (production build, cross-origin isolated, module
 * workers as in the app) next to the PyTorch peer on equal terms: for wasm at 1 thread and at the threaded build's
 * thread count, ours and PyTorch (same thread count, batch 64) alternate for --rounds rounds, each side doing
 * --warmup untimed then --iters timed batches; the statistic is the median over all timed batches, printed with
 * its spread (quartiles, extremes, per-round medians) for both. webgl and webgpu are timed once for the record
 * (a backend over its time limit is skipped with a note). Exits non-zero, with the reason, when the peer cannot run.
 * With --profile, the wasm runs also print the slowest kernels of one profiled batch ("# profile" lines).
 * Usage: npm run bench:infer [-- --rounds 3 --warmup 2 --iters 10 --limit 120 --profile]
 * Last line: the threaded wasm build vs PyTorch at the same thread count.
 */
import { presetSpec } from '../src/core/model';
import type { BackendName } from '../src/runtime/backends';
import {
  emit,
  logLoadAverage,
  paperWasmAgainstPeer,
  startPeerBench,
  round,
  spread,
  roundOptions,
} from './browser/harness';

const BATCH = 64;
const { limit, ...terms } = roundOptions({ iters: 10, limit: 120 });
const log = (line: string): void => console.log(line);
const spec = presetSpec('paper');

const session = await startPeerBench(log);
let last: Record<string, unknown> | null = null;
try {
  const paper = paperWasmAgainstPeer(session, 'infer', { batch: BATCH, ...terms }, limit, 'failed', log);
  for await (const { head, tail, ours: a, peer: b } of paper) {
    const row = {
      ...head,
      patches_per_s: round((BATCH * 1000) / a.median),
      torch_patches_per_s: round((BATCH * 1000) / b.median),
      ratio: round(b.median / a.median, 2),
      ms_per_batch: a,
      torch_ms_per_batch: b,
      ...tail,
    };
    emit(row);
    last = row;
  }
  for (const backend of ['webgl', 'webgpu'] as BackendName[]) {
    const out = await session.run({ kind: 'infer', backend, spec, batch: BATCH, warmup: 1, iters: 2 }, limit);
    if (!out.ok) {
      emit({ bench: 'infer', model: 'paper', backend, skipped: out.error });
      continue;
    }
    const t = out.timing;
    emit({
      bench: 'infer',
      model: 'paper',
      backend: t.backend,
      batch: BATCH,
      patches_per_s: round((BATCH * 1000) / t.msPerIter),
      ms_per_batch: spread(t.times),
      note: t.note,
    });
  }
} finally {
  await session.close();
}
logLoadAverage(log, 'after');
if (!last) throw new Error('no wasm configuration could run the paper network');
emit(last);
