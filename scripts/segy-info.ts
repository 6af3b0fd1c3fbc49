/**
 * segy-info FILE [--su|--segy]: prints one JSON object describing a SEG-Y / SU file, in the key
 * semantics of the segyio oracle (test/fixtures/segy/oracle/*.json): sizes, format, byte order and
 * min/max/mean/sum_abs of the first, middle (floor(n/2)) and last trace (`traces`, keyed by index), and the
 * same as `first` / `middle` / `last` with `abs_sum`, the pipeline contract's name. On failure prints
 * {"error": "..."} and exits with status 1.
 */
import { SegyReader, traceStats, type SegyKind, type TraceStats } from '../src/core/segy';
import { openFileByteSource } from '../src/node/file-byte-source';
import { nonFiniteNote } from '../src/core/line/segy-line';

async function info(path: string, kind: SegyKind): Promise<Record<string, unknown>> {
  const source = await openFileByteSource(path);
  try {
    const r = await SegyReader.open(source, kind);
    const n = r.traceCount;
    const picks = n === 0 ? [] : [...new Set([0, Math.floor(n / 2), n - 1])];
    const traces: Record<string, TraceStats & { index: number }> = {};
    let nonFinite = 0;
    for (const i of picks) {
      const block = await r.readTraces(i, 1);
      traces[String(i)] = { index: i, ...traceStats(block.samples, 0, block.samplesPerTrace) };
      nonFinite += block.nonFinite;
    }
    // The statistics read NaN/Inf as 0 (as the pipeline does): said, so an all-NaN trace does not pass for a dead one.
    const readNote = nonFinite > 0 ? `${nonFiniteNote(nonFinite)} (in the ${picks.length} traces read here)` : '';
    const named = (i: number): Record<string, number> | null => {
      const t = traces[String(i)];
      return t ? { index: i, min: t.min, max: t.max, mean: t.mean, abs_sum: t.sum_abs } : null;
    };
    const rev = r.revision;
    return {
      file: path,
      size_bytes: source.size,
      kind: r.kind,
      endian: r.endian,
      tracecount: n,
      samples: r.samplesPerTrace,
      format: r.format.code,
      format_name: r.format.name,
      dt_us: r.sampleIntervalUs,
      revision: rev && (rev.minor < 10 ? rev.major + rev.minor / 10 : rev.major),
      ext_headers: r.kind === 'su' ? null : r.extendedTextHeaders.length,
      warnings: [...r.warnings, readNote].filter(Boolean),
      traces,
      first: named(0),
      middle: named(Math.floor(n / 2)),
      last: named(n - 1),
    };
  } finally {
    await source.close();
  }
}

const USAGE = 'usage: segy-info FILE [--su|--segy]';
const args = process.argv.slice(2);
try {
  // An unknown flag or a second file was ignored without a word.
  let path: string | null = null;
  for (const a of args) {
    if (a === '--su' || a === '--segy') continue;
    if (a.startsWith('-')) throw new Error(`unknown option ${a}; ${USAGE}`);
    if (path !== null) throw new Error(`one file at a time; got a second one, ${a} (after ${path})`);
    path = a;
  }
  const kind: SegyKind = args.includes('--su') ? 'su' : args.includes('--segy') ? 'segy' : 'auto';
  if (!path) throw new Error(USAGE);
  console.log(JSON.stringify(await info(path, kind)));
} catch (e) {
  const message = e instanceof Error ? e.message : String(e);
  console.log(JSON.stringify({ error: message }));
  process.exitCode = 1;
}
