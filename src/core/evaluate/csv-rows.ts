/** The data rows of the small CSVs the evaluation reads (picks, probability maps). */

/** One non-blank, non-comment row: its trimmed text and cells, its 1-based line and `name:line` for messages. */
export interface CsvRow {
  readonly raw: string;
  /** The row as a message quotes it: at most 60 characters, control characters shown as '?'. */
  readonly quoted: string;
  readonly cells: string[];
  readonly line: number;
  readonly at: string;
}

/** The rows of `text`, skipping blank lines and `#` comments; `name` (the file) prefixes each row's `at`. */
export function* csvRows(text: string, name: string): Generator<CsvRow> {
  // A SEG-Y or SU file given where a CSV belongs: said as such (its bytes were quoted into the message, 8 KB of them).
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x08\x0e-\x1f]/.test(text.slice(0, 4096)))
    throw new Error(`${name} is binary data (a SEG-Y or SU file?), not a CSV`);
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '' || raw.startsWith('#')) continue;
    yield {
      raw,
      quoted: quoteRow(raw),
      cells: raw.split(',').map((c) => c.trim()),
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
