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

it('says when the traces it read held NaN or infinite samples (read as 0), and refuses a second file or an unknown flag', async () => {
  const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { sineLineSegy } = await import('./sine-line');
  const dir = mkdtempSync(join(tmpdir(), 'segy-info-'));
  try {
    const file = join(dir, 'nan.sgy');
    // The first trace all NaN (it read as a dead trace, min = max = mean = 0), one Inf in the last.
    writeFileSync(
      file,
      sineLineSegy((data, samples) => {
        data.fill(NaN, 0, samples);
        data[95 * samples + 3] = Infinity;
      }).bytes,
    );
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/segy-info.ts'), file], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(run.status, run.stdout).toBe(0);
    const out = JSON.parse(run.stdout) as { warnings: string[]; first: { min: number; max: number } };
    expect(out.warnings).toEqual(['201 samples are NaN or infinite; read as 0 (in the 3 traces read here)']);
    expect([out.first.min, out.first.max]).toEqual([0, 0]);
    const twice = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/segy-info.ts'), file, file], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(twice.status).toBe(1);
    expect(JSON.parse(twice.stdout)).toEqual({
      error: `one file at a time; got a second one, ${file} (after ${file})`,
    });
    const flag = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/segy-info.ts'), '--foo', file], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(JSON.parse(flag.stdout)).toEqual({ error: 'unknown option --foo; usage: segy-info FILE [--su|--segy]' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
