/** The segy-info CLI as a subprocess: one JSON object on stdout, exit code 0 or 1. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { CORPUS, close, oracleFor } from './corpus';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const segyInfo = (file: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/segy-info.ts'), join(CORPUS, file)], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });

it('prints the oracle-compatible summary of a good file', () => {
  const run = segyInfo('segyio/f3-lsb.sgy');
  expect(run.status).toBe(0);
  const out = JSON.parse(run.stdout) as Record<string, unknown> & {
    traces: Record<string, { min: number; max: number; mean: number; sum_abs: number }>;
  };
  const o = oracleFor('segyio/f3-lsb.sgy');
  expect([out.tracecount, out.samples, out.dt_us, out.format, out.endian]).toEqual([
    o.tracecount,
    o.samples,
    o.dt_us,
    o.format,
    o.endian,
  ]);
  expect(Object.keys(out.traces)).toEqual(Object.keys(o.traces));
  for (const [k, t] of Object.entries(o.traces)) {
    for (const key of ['min', 'max', 'mean', 'sum_abs'] as const)
      expect(close(out.traces[k]![key], t[key], 1e-9)).toBe(true);
  }
  // The pipeline contract's names: first / middle / last with abs_sum.
  const keys = Object.keys(o.traces)
    .map(Number)
    .sort((a, b) => a - b);
  const named = out as unknown as Record<'first' | 'middle' | 'last', { index: number; abs_sum: number; mean: number }>;
  expect([named.first.index, named.middle.index, named.last.index]).toEqual([keys[0], keys[1], keys[2]]);
  expect(close(named.last.abs_sum, o.traces[String(keys[2])]!.sum_abs, 1e-9)).toBe(true);
  expect(close(named.middle.mean, o.traces[String(keys[1])]!.mean, 1e-9)).toBe(true);
});

it('prints {"error"} and exits 1 on a bad file', () => {
  const run = segyInfo('corrupt/format-99.sgy');
  expect(run.status).toBe(1);
  const out = JSON.parse(run.stdout) as { error: string };
  expect(Object.keys(out)).toEqual(['error']);
  expect(out.error).toMatch(/format-99\.sgy: sample format code .*byte offset 3224: 99 is not/);
});
