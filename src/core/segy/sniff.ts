/**
 * What a file that failed to open as SEG-Y or SU is instead, from its first bytes. A user who drops a model
 * JSON, a marks CSV, a picture of the section or a zipped survey on the line's drop zone should read "this is a
 * PNG image" rather than a sample format code or a byte count that means nothing to them. Only asked after
 * both readings failed, so a real SEG-Y file is never judged by its first bytes.
 */
import { appFileWords } from '../json-file';
import { MARKS_CSV_COLUMNS, MARKS_CSV_HEADER } from '../finetune/marks-csv';
import { FILE_HEADER_BYTES } from './layout';

/** What to do with a picture of a section (a screenshot, a figure of a report). */
const PICTURE = 'a picture of a section cannot be classified: open the SEG-Y or SU file it was drawn from';

/** What to do with an array file of another program. */
const EXPORT = 'write the line out as SEG-Y from the program that made it (e.g. segyio.tools.from_array)';

/** Leading bytes and what they make a file. */
const MAGIC: readonly { bytes: readonly number[]; what: string; hint?: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], what: 'a PNG image', hint: PICTURE },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image', hint: PICTURE },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image', hint: PICTURE },
  { bytes: [0x49, 0x49, 0x2a, 0x00], what: 'a TIFF image', hint: PICTURE },
  { bytes: [0x4d, 0x4d, 0x00, 0x2a], what: 'a TIFF image', hint: PICTURE },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'a PDF document', hint: PICTURE },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive', hint: 'unpack it and open the .sgy / .su file inside' },
  { bytes: [0x1f, 0x8b], what: 'a gzip-compressed file', hint: 'unpack it (gunzip) and open the file inside' },
  { bytes: [0x42, 0x5a, 0x68], what: 'a bzip2-compressed file', hint: 'unpack it (bunzip2) and open the file inside' },
  {
    bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00],
    what: 'an xz-compressed file',
    hint: 'unpack it (unxz) and open the file inside',
  },
  {
    bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c],
    what: 'a 7-Zip archive',
    hint: 'unpack it and open the .sgy / .su file inside',
  },
  { bytes: [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a], what: 'an HDF5 file', hint: EXPORT },
  { bytes: [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59], what: 'a NumPy array file (.npy)', hint: EXPORT },
  // SEG-2's file descriptor block starts with the id 0x3a55 in the writer's byte order.
  { bytes: [0x55, 0x3a], what: 'a SEG-2 file', hint: 'convert it to SEG-Y (e.g. with segyio, ObsPy or Madagascar)' },
  { bytes: [0x3a, 0x55], what: 'a SEG-2 file', hint: 'convert it to SEG-Y (e.g. with segyio, ObsPy or Madagascar)' },
];

/**
 * How many leading bytes `sniffFile` looks at: a SEG-Y file's textual and binary headers, so a SEG-Y file whose
 * textual header is free text with line breaks still shows its binary header's zero bytes and is never called text.
 */
export const SNIFF_BYTES = FILE_HEADER_BYTES;

/** What the file whose first bytes are `head` is, with what to do instead; undefined when nothing is recognised. */
export function sniffFile(head: Uint8Array): { what: string; hint?: string } | undefined {
  for (const m of MAGIC) {
    if (head.length >= m.bytes.length && m.bytes.every((b, i) => head[i] === b))
      return m.hint === undefined ? { what: m.what } : { what: m.what, hint: m.hint };
  }
  return sniffText(head);
}

/** A header row naming the marks' columns, in any order and with any of the separators. */
function isMarksHeader(row: string): boolean {
  const names = row.split(/[,;\t]/).map((c) => c.trim());
  return MARKS_CSV_COLUMNS.every((c) => names.includes(c));
}

/** The app's own text files (JSON, marks CSV) and any other text, which SEG-Y's binary header never is. */
function sniffText(head: Uint8Array): { what: string; hint?: string } | undefined {
  // Bytes 0x80 and up pass (UTF-8 or Latin-1 text); control bytes other than tab, line feed and carriage return,
  // never found in text, make the file binary.
  for (const b of head) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return undefined;
  const text = String.fromCharCode(...head);
  const start = text.trimStart();
  if (start.startsWith('{') || start.startsWith('[')) {
    const format = /"format"\s*:\s*"([^"\\]{1,80})"/.exec(start)?.[1];
    const app = format === undefined ? undefined : appFileWords(format);
    if (app) return { what: app.what, hint: app.where };
    return { what: 'a JSON file' };
  }
  // A marks CSV as the app writes it, or as a spreadsheet saves it: a byte-order mark, quoted names, ';' or tabs, its
  // columns in another order (the marks reader takes all of these).
  const header = (start.replace(/^\u00ef\u00bb\u00bf/, '').split(/[\r\n]/)[0] ?? '').toLowerCase().replace(/"/g, '');
  if (start.startsWith('# line:') || start.startsWith(MARKS_CSV_HEADER) || isMarksHeader(header))
    return { what: 'a marks CSV', hint: 'import it with "Import marks CSV…" under Marks, with its line open' };
  // A SEG-Y file's first 3,200 bytes are a textual header too (ASCII card images "C 1 …", most often without line
  // breaks), so text alone says "not SEG-Y" only when it holds line breaks and does not start with a card.
  if (/^C ?\d/.test(start) || !/[\r\n]/.test(text)) return undefined;
  return { what: 'a text file', hint: 'a line must be SEG-Y or Seismic Unix (SU) binary data' };
}
