/** The data rows of the small CSVs the app and the CLIs read (picks, probability maps, marks). */

/** One non-blank, non-comment row: its trimmed text and cells, its 1-based line and `name:line` for messages. */
export interface CsvRow {
  readonly raw: string;
  /** The row as a message quotes it: at most 60 characters, control characters shown as '?'. */
  readonly quoted: string;
  readonly cells: string[];
  readonly line: number;
  readonly at: string;
}

/**
 * The cell separator of a file, which its first row decides: a semicolon where it holds one (spreadsheets set to a
 * decimal comma export ';', and their numbers hold commas), else a comma, else a tab (tools that "save as text").
 * None of them occurs inside the numbers and words these files hold otherwise.
 */
function separatorOf(row: string): string {
  if (row.includes(';')) return ';';
  if (row.includes(',')) return ',';
  if (row.includes('\t')) return '\t';
  return ',';
}

/**
 * A cell trimmed and, when quoted as spreadsheets and pandas quote ("bsr"), unquoted ("" inside reads "). In a file
 * separated by ';' a number with a decimal comma (12,5: how those spreadsheets write it) reads as 12.5.
 */
function cellText(c: string, separator: string): string {
  const t = c.trim();
  const cell = t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replace(/""/g, '"').trim() : t;
  return separator === ';' && /^[-+]?\d+,\d+$/.test(cell) ? cell.replace(',', '.') : cell;
}

/** The rows of `text`, skipping blank lines and `#` comments; `name` (the file) prefixes each row's `at`. */
export function* csvRows(text: string, name: string): Generator<CsvRow> {
  // A SEG-Y or SU file given where a CSV belongs: said as such (its bytes were quoted into the message, 8 KB of them).
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x08\x0e-\x1f]/.test(text.slice(0, 4096)))
    throw new Error(`${name} is binary data (a SEG-Y or SU file?), not a CSV`);
  const lines = text.split(/\r?\n/);
  let separator: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    // trim() also drops a byte-order mark (spreadsheets write one at the start of a UTF-8 file).
    const raw = lines[i]!.trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const sep = (separator ??= separatorOf(raw));
    yield {
      raw,
      quoted: quoteRow(raw),
      cells: raw.split(sep).map((c) => cellText(c, sep)),
      line: i + 1,
      at: `${name}:${i + 1}`,
    };
  }
}

/** A row for a message: quoted, cut at 60 characters, control characters as '?'. */
function quoteRow(raw: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = raw.replace(/[\x00-\x1f\x7f]/g, '?');
  return JSON.stringify(clean.length > 60 ? `${clean.slice(0, 60)}…` : clean);
}
