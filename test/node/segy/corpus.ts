/** Test helpers over the SEG-Y corpus in test/fixtures/segy (a copy of /work/shared/data/segy). */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SegyReader } from '../../../src/core/segy';
import { openFileByteSource } from '../../../src/node/file-byte-source';

export const CORPUS = fileURLToPath(new URL('../../fixtures/segy/', import.meta.url));

/** One row of the MANIFEST.md "Corpus files" table. */
export interface ManifestRow {
  readonly file: string;
  readonly geometry: string;
  readonly expected: string;
}

/** Parses the corpus table of MANIFEST.md (rows between "## Corpus files" and "## Corrupt variants"). */
export function manifestRows(): ManifestRow[] {
  const text = readFileSync(join(CORPUS, 'MANIFEST.md'), 'utf8');
  const section = text.split('## Corpus files')[1]!.split('## Corrupt variants')[0]!;
  return section
    .split('\n')
    .filter((l) => /^\| \w+\/\S+ \|/.test(l))
    .map((l) => {
      const cells = l.split(' | ').map((c) => c.replace(/^\| ?| ?\|$/g, '').trim());
      return { file: cells[0]!, geometry: cells[cells.length - 2]!, expected: cells[cells.length - 1]! };
    });
}

/** Oracle JSON for a corpus file (segyio 1.8.3 or its numpy fallback). */
export interface TraceOracle {
  index: number;
  min: number;
  max: number;
  mean: number;
  sum_abs: number;
  first5: number[];
}
export interface Oracle {
  error?: string;
  file: string;
  kind: 'segy' | 'su';
  endian: 'big' | 'little';
  tracecount: number;
  samples: number;
  format: number;
  dt_us: number;
  ext_headers: number | null;
  traces: Record<string, TraceOracle>;
  global: { min: number; max: number; mean: number; sum_abs: number };
}

export function oracleFor(file: string): Oracle {
  return JSON.parse(readFileSync(join(CORPUS, 'oracle', file.replace(/\//g, '_') + '.json'), 'utf8')) as Oracle;
}

/** Corrupt-file sidecar. */
export interface Sidecar {
  file: string;
  source: string;
  expect: 'reject' | 'read' | 'read_values_differ';
  also_acceptable?: 'reject';
  expected_tracecount: number | null;
}

export function corruptSidecars(): Sidecar[] {
  return readdirSync(join(CORPUS, 'corrupt'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(CORPUS, 'corrupt', f), 'utf8')) as Sidecar);
}

/** Opens a corpus file (path relative to the corpus root), runs `use`, closes it. */
export async function withReader<T>(file: string, use: (r: SegyReader) => Promise<T>): Promise<T> {
  const src = await openFileByteSource(join(CORPUS, file));
  try {
    return await use(await SegyReader.open(src));
  } finally {
    await src.close();
  }
}

/** Opens and returns the error it throws (or undefined when it opens and reads fine). */
export async function openError(file: string): Promise<unknown> {
  try {
    await withReader(file, async (r) => {
      await r.readTraces(0, r.traceCount);
    });
    return undefined;
  } catch (e) {
    return e;
  }
}

/** All samples of a corpus file, trace after trace. */
export async function allSamples(file: string): Promise<Float32Array> {
  return withReader(file, async (r) => (await r.readTraces(0, r.traceCount)).samples);
}

export const base = (file: string): string => basename(file);

/** |actual - expected| within `rel` of the expected magnitude (floored by `scale` for values near 0). */
export function close(actual: number, expected: number, rel = 1e-6, scale = 0): boolean {
  return Math.abs(actual - expected) <= rel * Math.max(Math.abs(expected), scale, 1e-30);
}
