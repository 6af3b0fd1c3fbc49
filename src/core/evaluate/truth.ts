/**
 * Where the BSR really is on a line, and the two files that say so:
 * - a truth JSON in the format of the reference scorer (`score_map.py`):
 *   `{traces, samples, dt_us, bsr_sample: (number|null)[]}` (optional `seabed_sample` alongside, and `line`, the
 *   fingerprint of the line it was written for: then it is refused for any other line, even one of the same size);
 * - a picks CSV `trace,time_ms` or `trace,sample` (header optional; without one the columns are
 *   `trace,time_ms`), one row per picked trace; traces without a pick are simply absent; `#` lines
 *   and blank lines are ignored but for a `# line: FINGERPRINT` comment, which ties the file to its line as `line` does.
 * Trace indices are 0-based. Samples may be fractional (a pick between two samples).
 */
import { csvRows } from './csv-rows';
import { fingerprintComment } from '../finetune/fingerprint';

/** Input that cannot be read as truth or scored; the message names the file and line. */
export class EvaluateError extends Error {
  override name = 'EvaluateError';
}

/** The BSR (and optionally the seabed) of one line, per trace. */
export interface LineTruth {
  traces: number;
  samples: number;
  /** Sample interval in µs (0 = unknown: then time columns cannot be used). */
  dtUs: number;
  /** BSR depth per trace in samples; null where the trace has no BSR. */
  bsrSample: (number | null)[];
  /** Seabed depth per trace in samples, when known. */
  seabedSample?: (number | null)[];
  /** Fingerprint of the line file this truth was written for (lineFingerprint), when the file says. */
  line?: string;
}

/** Line geometry needed to turn picks into truth. */
export interface LineShape {
  traces: number;
  samples: number;
  dtUs: number;
}

/** One picked trace from a picks CSV. */
export interface Pick {
  trace: number;
  sample: number;
  /** 1-based line in the file (for messages). */
  line: number;
}

function posInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}

/** Parses a truth JSON; `name` appears in every message. */
export function parseTruthJson(text: string, name = 'truth JSON'): LineTruth {
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch (e) {
    throw new EvaluateError(`${name}: not valid JSON (${(e as Error).message})`);
  }
  if (typeof j !== 'object' || j === null || Array.isArray(j))
    throw new EvaluateError(`${name}: expected an object {traces, samples, dt_us, bsr_sample}`);
  const o = j as Record<string, unknown>;
  if (!posInt(o['traces']))
    throw new EvaluateError(`${name}: "traces" must be a positive integer, got ${JSON.stringify(o['traces'])}`);
  if (!posInt(o['samples']))
    throw new EvaluateError(`${name}: "samples" must be a positive integer, got ${JSON.stringify(o['samples'])}`);
  const dt = o['dt_us'];
  if (typeof dt !== 'number' || !Number.isFinite(dt) || dt < 0)
    throw new EvaluateError(`${name}: "dt_us" must be a number >= 0, got ${JSON.stringify(dt)}`);
  const traces = o['traces'],
    samples = o['samples'];
  const depths = (key: string): (number | null)[] => {
    const a = o[key];
    if (!Array.isArray(a)) throw new EvaluateError(`${name}: "${key}" must be an array of numbers or null`);
    if (a.length !== traces) throw new EvaluateError(`${name}: "${key}" has ${a.length} entries for ${traces} traces`);
    return a.map((v: unknown, i) => {
      if (v === null) return null;
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new EvaluateError(`${name}: ${key}[${i}] must be a number or null, got ${JSON.stringify(v)}`);
      return v;
    });
  };
  const truth: LineTruth = { traces, samples, dtUs: dt, bsrSample: depths('bsr_sample') };
  if (o['seabed_sample'] !== undefined) truth.seabedSample = depths('seabed_sample');
  const line = o['line'];
  if (line !== undefined) {
    if (typeof line !== 'string' || !/^\d+-[0-9a-f]{16}$/.test(line))
      throw new EvaluateError(
        `${name}: "line" must be a line fingerprint such as "2417036-3f9a0c1d2e4b5a69", got ${JSON.stringify(line)}`,
      );
    truth.line = line;
  }
  return truth;
}

/** The truth JSON text (score_map.py's format, plus `seabed_sample` when known). */
export function truthToJson(t: LineTruth): string {
  const o: Record<string, unknown> = { traces: t.traces, samples: t.samples, dt_us: t.dtUs, bsr_sample: t.bsrSample };
  if (t.seabedSample) o['seabed_sample'] = t.seabedSample;
  if (t.line !== undefined) o['line'] = t.line;
  return JSON.stringify(o) + '\n';
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses a picks CSV into picks with depths in samples (time_ms / dt). `dtUs` is needed for a
 * time column; bad rows, a second pick on one trace or an unknown header throw, naming `name`:line.
 */
export function parsePicksCsv(text: string, dtUs: number, name = 'picks CSV'): Pick[] {
  const picks: Pick[] = [];
  let unit: 'time_ms' | 'sample' | null = null;
  const seen = new Map<number, number>();
  for (const { quoted, cells, line, at } of csvRows(text, name)) {
    if (unit === null && picks.length === 0 && !cells.every((c) => NUMBER.test(c))) {
      const h = cells.map((c) => c.toLowerCase());
      if (h.length < 2 || h[0] !== 'trace' || (h[1] !== 'time_ms' && h[1] !== 'sample')) {
        throw new EvaluateError(`${at}: header must be "trace,time_ms" or "trace,sample", got ${quoted}`);
      }
      unit = h[1];
      continue;
    }
    unit ??= 'time_ms';
    if (cells.length < 2) throw new EvaluateError(`${at}: expected "trace,${unit}", got ${quoted}`);
    const [tc, vc] = cells as [string, string];
    if (!NUMBER.test(tc) || !Number.isInteger(Number(tc)) || Number(tc) < 0)
      throw new EvaluateError(`${at}: trace must be an integer >= 0, got "${tc}"`);
    if (!NUMBER.test(vc)) throw new EvaluateError(`${at}: ${unit} must be a number, got "${vc}"`);
    const trace = Number(tc),
      v = Number(vc);
    if (unit === 'time_ms' && !(dtUs > 0))
      throw new EvaluateError(
        `${at}: picks in time_ms need the line's sample interval, which is unknown (0); use a "trace,sample" header`,
      );
    const prev = seen.get(trace);
    if (prev !== undefined) throw new EvaluateError(`${at}: second pick for trace ${trace} (first on line ${prev})`);
    seen.set(trace, line);
    picks.push({ trace, sample: unit === 'sample' ? v : (v * 1000) / dtUs, line });
  }
  return picks;
}

/** Truth of a line from its picks; a pick outside the line throws, naming `name`:line. */
export function picksToTruth(picks: readonly Pick[], shape: LineShape, name = 'picks CSV'): LineTruth {
  const bsrSample: (number | null)[] = new Array<number | null>(shape.traces).fill(null);
  for (const p of picks) {
    if (p.trace >= shape.traces)
      throw new EvaluateError(`${name}:${p.line}: trace ${p.trace} is past the line's last trace ${shape.traces - 1}`);
    if (p.sample < 0 || p.sample > shape.samples - 1)
      throw new EvaluateError(
        `${name}:${p.line}: pick at sample ${+p.sample.toFixed(3)} lies outside the trace (0..${shape.samples - 1})`,
      );
    bsrSample[p.trace] = p.sample;
  }
  return { traces: shape.traces, samples: shape.samples, dtUs: shape.dtUs, bsrSample };
}

/** A picks CSV of the truth's BSR (`trace,time_ms`, or `trace,sample` when dt is unknown; `# line:` first when known). */
export function truthToPicksCsv(t: LineTruth): string {
  const ms = t.dtUs > 0;
  const out = [...(t.line !== undefined ? [`# line: ${t.line}`] : []), ms ? 'trace,time_ms' : 'trace,sample'];
  t.bsrSample.forEach((s, trace) => {
    if (s !== null) out.push(`${trace},${ms ? +((s * t.dtUs) / 1000).toFixed(3) : +s.toFixed(3)}`);
  });
  return out.join('\n') + '\n';
}

/** The line a picks CSV names in its `# line:` comment, or undefined (picks are checked against the extent only). */
export function picksLine(text: string): string | undefined {
  return fingerprintComment(text) ?? undefined;
}

/**
 * Refuses truth written for another line: two lines of the same size would otherwise be scored against each other's
 * BSR without a word. Truth that names no line (score_map.py's own files, hand-made picks) passes.
 */
export function checkTruthLine(
  truthLine: string | undefined,
  fingerprint: string,
  name = 'truth',
  lineName = 'the line',
): void {
  if (truthLine !== undefined && truthLine !== fingerprint)
    throw new EvaluateError(
      `${name} was written for another line (line: ${truthLine}); ${lineName} is ${fingerprint}. Nothing was scored.`,
    );
}

/** Checks that `truth` describes a line of `shape`; throws naming what differs. */
export function checkTruthShape(truth: LineTruth, shape: LineShape, name = 'truth'): void {
  if (truth.traces !== shape.traces)
    throw new EvaluateError(`${name}: it is for ${truth.traces} traces, the line has ${shape.traces}`);
  if (truth.samples !== shape.samples)
    throw new EvaluateError(`${name}: it is for ${truth.samples} samples per trace, the line has ${shape.samples}`);
  // As picks CSVs are: a BSR outside the trace (picks written in ms, or negated) scored nothing and said so only as
  // "auc": null.
  truth.bsrSample.forEach((s, trace) => {
    if (s !== null && (s < 0 || s > truth.samples - 1))
      throw new EvaluateError(
        `${name}: bsr_sample[${trace}] = ${+s.toFixed(3)} lies outside the trace (samples 0..${truth.samples - 1}; samples, not ms)`,
      );
  });
  if (truth.dtUs > 0 && shape.dtUs > 0 && truth.dtUs !== shape.dtUs)
    throw new EvaluateError(`${name}: its sample interval is ${truth.dtUs} µs, the line's is ${shape.dtUs} µs`);
}
