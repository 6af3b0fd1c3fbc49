/** The data rows of the small CSVs the evaluation reads (picks, probability maps). */

/** One non-blank, non-comment row: its trimmed text and cells, its 1-based line and `name:line` for messages. */
export interface CsvRow {
  readonly raw: string;
  readonly cells: string[];
  readonly line: number;
  readonly at: string;
}

/** The rows of `text`, skipping blank lines and `#` comments; `name` (the file) prefixes each row's `at`. */
export function* csvRows(text: string, name: string): Generator<CsvRow> {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '' || raw.startsWith('#')) continue;
    yield { raw, cells: raw.split(',').map((c) => c.trim()), line: i + 1, at: `${name}:${i + 1}` };
  }
}
