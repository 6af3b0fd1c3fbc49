/**
 * Marks as CSV: `trace_from,trace_to,time_from_ms,time_to_ms,label` with label `bsr` or `not_bsr`
 * (1 / 0 also read), an optional sixth column `check` (1 = held out to score), and an optional
 * `# line: FINGERPRINT` comment the app writes so a file is never applied to another line. A file
 * without the comment is checked against the line's extent only.
 */
import { MarksError, normaliseMark, validateMarks, type LineExtent, type Mark, type MarkLabel } from './marks';
import { fingerprintComment } from './fingerprint';

export const MARKS_CSV_HEADER = 'trace_from,trace_to,time_from_ms,time_to_ms,label';

/** A parsed marks file (not yet checked against a line). */
export interface MarksCsv {
  marks: Mark[];
  /** The `# line:` fingerprint, or null when the file carries none. */
  line: string | null;
}

function parseLabel(v: string, lineNo: number): MarkLabel {
  const s = v
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  if (s === 'bsr' || s === '1') return 1;
  if (s === 'not_bsr' || s === 'notbsr' || s === 'no_bsr' || s === '0') return 0;
  throw new MarksError(`line ${lineNo}: label ${JSON.stringify(v)} is neither "bsr" nor "not_bsr"`);
}

function parseNumber(v: string | undefined, name: string, lineNo: number): number {
  const n = v === undefined || v.trim() === '' ? NaN : Number(v);
  if (!Number.isFinite(n)) throw new MarksError(`line ${lineNo}: ${name} ${JSON.stringify(v ?? '')} is not a number`);
  return n;
}

/** Parses marks CSV text; throws {@link MarksError} naming the line of the first bad row. */
export function parseMarksCsv(text: string): MarksCsv {
  const marks: Mark[] = [];
  const line = fingerprintComment(text);
  const rows = text.split(/\r?\n/);
  rows.forEach((raw, i) => {
    const lineNo = i + 1;
    const row = raw.trim();
    if (row === '' || row.startsWith('#')) return;
    const f = row.split(',').map((s) => s.trim());
    if (/^trace_from$/i.test(f[0] ?? '')) return; // header
    if (f.length < 5 || f.length > 6)
      throw new MarksError(`line ${lineNo}: expected 5 or 6 fields (${MARKS_CSV_HEADER}[,check]), got ${f.length}`);
    const mark = normaliseMark({
      traceFrom: parseNumber(f[0], 'trace_from', lineNo),
      traceTo: parseNumber(f[1], 'trace_to', lineNo),
      timeFromMs: parseNumber(f[2], 'time_from_ms', lineNo),
      timeToMs: parseNumber(f[3], 'time_to_ms', lineNo),
      label: parseLabel(f[4]!, lineNo),
    });
    if (f[5] !== undefined && /^(1|true|yes|check)$/i.test(f[5])) mark.check = true;
    marks.push(mark);
  });
  return { marks, line };
}

/**
 * Parses and checks a marks file for the line with fingerprint `fingerprint`: a file written for
 * another line is refused whole (nothing applied), then every mark must lie in the line and agree
 * with the others.
 */
export function readMarksForLine(text: string, extent: LineExtent, fingerprint: string | null): Mark[] {
  const csv = parseMarksCsv(text);
  if (csv.line !== null && fingerprint !== null && csv.line !== fingerprint) {
    throw new MarksError(
      `this marks file was written for another line (line: ${csv.line}); the open line is ${fingerprint}. Nothing was applied.`,
    );
  }
  if (csv.marks.length === 0) throw new MarksError('the file holds no marks');
  validateMarks(csv.marks, extent);
  return csv.marks;
}

const num = (v: number): string => String(+v.toFixed(3));

/** Marks as CSV text, with the line's fingerprint as a `# line:` comment when given. */
export function marksToCsv(marks: readonly Mark[], fingerprint: string | null): string {
  const withCheck = marks.some((m) => m.check);
  const out: string[] = [];
  if (fingerprint !== null) out.push(`# line: ${fingerprint}`);
  out.push(MARKS_CSV_HEADER + (withCheck ? ',check' : ''));
  for (const m of marks) {
    const cells = [
      num(m.traceFrom),
      num(m.traceTo),
      num(m.timeFromMs),
      num(m.timeToMs),
      m.label === 1 ? 'bsr' : 'not_bsr',
    ];
    if (withCheck) cells.push(m.check ? '1' : '0');
    out.push(cells.join(','));
  }
  return out.join('\n') + '\n';
}
