/**
 * Marks as CSV: `trace_from,trace_to,time_from_ms,time_to_ms,label` with label `bsr` or `not_bsr`
 * ("BSR", "not BSR", 1 / 0 and a few more also read), an optional sixth column `check` (1 = held out
 * to score), and an optional `# line: FINGERPRINT` comment the app writes so a file is never applied
 * to another line. A file without the comment is checked against the line's extent only.
 */
import {
  MarksError,
  describeMark,
  normaliseMark,
  validateMarks,
  type LineExtent,
  type Mark,
  type MarkLabel,
} from './marks';
import { repeatedMark } from './marks-merge';
import { fingerprintComment } from './fingerprint';
import { csvRows, type CsvRow } from '../evaluate/csv-rows';

/** The five columns every mark needs, in the file's default order; `check` may follow. */
export const MARKS_CSV_COLUMNS = ['trace_from', 'trace_to', 'time_from_ms', 'time_to_ms', 'label'] as const;
export const MARKS_CSV_HEADER = MARKS_CSV_COLUMNS.join(',');

/** A parsed marks file (not yet checked against a line). */
export interface MarksCsv {
  marks: Mark[];
  /** The `# line:` fingerprint, or null when the file carries none. */
  line: string | null;
}

/** Label words, after lower-casing and turning spaces and dashes into '_' ("not BSR", "Not-BSR" read not_bsr). */
const LABEL_WORDS: Readonly<Record<string, MarkLabel>> = {
  bsr: 1,
  '1': 1,
  yes: 1,
  true: 1,
  positive: 1,
  not_bsr: 0,
  notbsr: 0,
  no_bsr: 0,
  non_bsr: 0,
  nonbsr: 0,
  '0': 0,
  no: 0,
  false: 0,
  negative: 0,
};

function parseLabel(v: string, lineNo: number): MarkLabel {
  const s = v
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  const label = Object.hasOwn(LABEL_WORDS, s) ? LABEL_WORDS[s] : undefined;
  if (label === undefined)
    throw new MarksError(`line ${lineNo}: label ${JSON.stringify(v)} is neither "bsr" nor "not_bsr"`);
  return label;
}

function parseNumber(v: string | undefined, name: string, lineNo: number): number {
  const n = v === undefined || v.trim() === '' ? NaN : Number(v);
  if (!Number.isFinite(n)) throw new MarksError(`line ${lineNo}: ${name} ${JSON.stringify(v ?? '')} is not a number`);
  return n;
}

type Column = (typeof MARKS_CSV_COLUMNS)[number] | 'check';
/** Where each column is in a row: the default order, or the header's. */
type ColumnIndex = Record<Column, number | undefined>;
const DEFAULT_INDEX = {
  ...Object.fromEntries(MARKS_CSV_COLUMNS.map((c, i) => [c, i])),
  check: MARKS_CSV_COLUMNS.length,
} as ColumnIndex;

/**
 * The columns a header row names (any order, any case, other columns ignored: a file written by another tool may
 * carry its own), or a refusal naming the columns it lacks.
 */
function headerIndex(cells: readonly string[], lineNo: number): ColumnIndex {
  const names = cells.map((c) => c.toLowerCase());
  const at = (c: Column): number | undefined => {
    const i = names.indexOf(c);
    return i < 0 ? undefined : i;
  };
  const missing = MARKS_CSV_COLUMNS.filter((c) => at(c) === undefined);
  if (missing.length > 0)
    throw new MarksError(
      `line ${lineNo}: the header names no ${missing.map((c) => `"${c}"`).join(', ')} column (expected ${MARKS_CSV_HEADER}[,check], in any order)`,
    );
  return { ...Object.fromEntries(MARKS_CSV_COLUMNS.map((c) => [c, at(c)])), check: at('check') } as ColumnIndex;
}

/** A header row: the file's first, with no number among the columns a mark's box needs. */
function isHeader(cells: readonly string[]): boolean {
  return cells.slice(0, 4).every((c) => c === '' || !Number.isFinite(Number(c)));
}

/**
 * Parses marks CSV text; throws {@link MarksError} naming the line of the first bad row. Cells may be separated by
 * commas, semicolons or tabs and quoted (csvRows); a header, when there is one, says the columns' order.
 */
export function parseMarksCsv(text: string): MarksCsv {
  const marks: Mark[] = [];
  const line = fingerprintComment(text);
  let index: ColumnIndex | null = null;
  let rows: CsvRow[];
  try {
    rows = [...csvRows(text, 'the file')];
  } catch (e) {
    throw new MarksError((e as Error).message);
  }
  for (const { cells: f, line: lineNo } of rows) {
    if (index === null && marks.length === 0 && isHeader(f)) {
      index = headerIndex(f, lineNo);
      continue;
    }
    if (index === null && (f.length < 5 || f.length > 6))
      throw new MarksError(`line ${lineNo}: expected 5 or 6 fields (${MARKS_CSV_HEADER}[,check]), got ${f.length}`);
    const cols = index ?? DEFAULT_INDEX;
    const cell = (c: Column): string | undefined => {
      const i = cols[c];
      return i === undefined ? undefined : f[i];
    };
    const mark = normaliseMark({
      traceFrom: parseNumber(cell('trace_from'), 'trace_from', lineNo),
      traceTo: parseNumber(cell('trace_to'), 'trace_to', lineNo),
      timeFromMs: parseNumber(cell('time_from_ms'), 'time_from_ms', lineNo),
      timeToMs: parseNumber(cell('time_to_ms'), 'time_to_ms', lineNo),
      label: parseLabel(cell('label') ?? '', lineNo),
    });
    const check = cell('check');
    if (check !== undefined && /^(1|true|yes|check)$/i.test(check)) mark.check = true;
    marks.push(mark);
  }
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
  const repeat = repeatedMark(csv.marks);
  if (repeat)
    throw new MarksError(
      `${describeMark(repeat.index, csv.marks[repeat.index]!)} repeats mark ${repeat.of + 1}: a box marked twice counts twice in training; remove one. Nothing was applied.`,
    );
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
