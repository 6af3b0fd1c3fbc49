/**
 * Inference speed of the paper network in headless Chromium (production build, cross-origin isolated, module
 * workers as in the app) on every backend, next to PyTorch's CPU reference at the same thread count and batch.
 * Lines above the last: one JSON object per backend (wasm 1 thread, wasm N threads, webgl, webgpu; a backend over
 * its time limit is skipped with a note). Last line: the best backend vs PyTorch.
 * With --profile, the wasm runs also print the slowest kernels of one profiled batch ("# profile" lines).
 * Usage: npm run bench:infer [-- --seconds 6 --limit 45 --profile]
 */
import { loadavg } from 'node:os';
import { presetSpec } from '../src/core/model';
import type { BackendName, WasmThreadsSetting } from '../src/runtime/backends';
import { emit, openBenchSession, round, runTorch } from './browser/harness';

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const BATCH = 64;
const seconds = arg('seconds', 6);
const limit = arg('limit', 45);
const profile = process.argv.includes('--profile');
const log = (line: string): void => console.log(line);
const spec = presetSpec('paper');

log(`# load average before: ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
const session = await openBenchSession(log);
const rows: Array<Record<string, unknown> & { patches_per_s?: number; threads: number | null; backend: string }> = [];
try {
  log(`# crossOriginIsolated=${session.crossOriginIsolated}, logical cores=${session.cores}`);
  const configs: Array<{ backend: BackendName; wasmThreads?: WasmThreadsSetting }> = [
    { backend: 'wasm', wasmThreads: 1 },
    { backend: 'wasm', wasmThreads: 'auto' },
    { backend: 'webgl' },
    { backend: 'webgpu' },
  ];
  for (const c of configs) {
    const out = await session.run({ kind: 'infer', ...c, spec, batch: BATCH, seconds, minIters: 2, profile: profile && c.backend === 'wasm' }, limit);
    if (!out.ok) {
      emit({ bench: 'infer', model: 'paper', backend: c.backend, ...(c.wasmThreads !== undefined ? { threads_asked: c.wasmThreads } : {}), skipped: out.error });
      continue;
    }
    const t = out.timing;
    for (const line of t.profile ?? []) log(`# profile (${t.threads ?? '-'} threads): ${line}`);
    const row = {
      bench: 'infer', model: 'paper', params: t.params, macs: t.macs, backend: t.backend, threads: t.threads, batch: BATCH,
      patches_per_s: round((BATCH * 1000) / t.msPerIter), ms_per_batch: round(t.msPerIter), batches: t.iters, note: t.note,
    };
    rows.push(row);
    emit(row);
  }
} finally {
  await session.close();
}

const best = rows.filter((r) => r.patches_per_s !== undefined).sort((a, b) => (b.patches_per_s as number) - (a.patches_per_s as number))[0];
if (!best) throw new Error('no backend could run the paper network');
const threads = best.threads ?? 1;
log(`# load average after the browser runs: ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
const torch = runTorch({ threads, batch: BATCH, seconds, train: false }, log);
if (torch) log(`# PyTorch ${torch.torch}: ${torch.patches_per_s} patches/s at ${torch.threads} thread(s); its params ${torch.params}, MACs ${torch.macs}`);
emit({
  bench: 'infer', model: 'paper', params: best.params, macs: best.macs, backend: best.backend, threads, batch: BATCH,
  patches_per_s: best.patches_per_s,
  torch_patches_per_s: torch?.patches_per_s ?? null,
  ratio: torch ? round((best.patches_per_s as number) / torch.patches_per_s, 2) : null,
});
