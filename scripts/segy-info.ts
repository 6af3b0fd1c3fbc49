/**
 * segy-info FILE [--su|--segy]: prints one JSON object describing a SEG-Y / SU file, in the key
 * semantics of the segyio oracle (test/fixtures/segy/oracle/*.json): sizes, format, byte order and
 * min/max/mean/sum_abs of the first, middle (floor(n/2)) and last trace (`traces`, keyed by index), and the
 * same as `first` / `middle` / `last` with `abs_sum`, the pipeline contract's name. On failure prints
 * {"error": "..."} and exits with status 1.
 */
import { SegyReader, traceStats, type SegyKind, type TraceStats } from '../src/core/segy';
import { openFileByteSource } from '../src/node/file-byte-source';

async function info(path: string, kind: SegyKind): Promise<Record<string, unknown>> {
  const source = await openFileByteSource(path);
  try {
    const r = await SegyReader.open(source, kind);
    const n = r.traceCount;
    const picks = n === 0 ? [] : [...new Set([0, Math.floor(n / 2), n - 1])];
    const traces: Record<string, TraceStats & { index: number }> = {};
    for (const i of picks) {
      const block = await r.readTraces(i, 1);
      traces[String(i)] = { index: i, ...traceStats(block.samples, 0, block.samplesPerTrace) };
    }
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
      warnings: r.warnings,
      traces,
      first: named(0),
      middle: named(Math.floor(n / 2)),
      last: named(n - 1),
    };
  } finally {
    await source.close();
  }
}

const args = process.argv.slice(2);
const path = args.find((a) => !a.startsWith('--'));
const kind: SegyKind = args.includes('--su') ? 'su' : args.includes('--segy') ? 'segy' : 'auto';
try {
  if (!path) throw new Error('usage: segy-info FILE [--su|--segy]');
  console.log(JSON.stringify(await info(path, kind)));
} catch (e) {
  const message = e instanceof Error ? e.message : String(e);
  console.log(JSON.stringify({ error: message }));
  process.exitCode = 1;
}
