/**
 * Textual headers (3200 bytes, 40 "card images" of 80 characters) in EBCDIC or ASCII.
 * The encoding is guessed per header, because files mix them (segyio's stanza tests have an
 * EBCDIC main header and ASCII extended headers).
 */

/** Size of one textual header, bytes. */
export const TEXT_HEADER_BYTES = 3200;

// EBCDIC code page 037 to Unicode; control characters map to a space so NULs and junk display blank.
const CP037 =
  '                                                                  \u00e2\u00e4\u00e0\u00e1\u00e3\u00e5\u00e7\u00f1\u00a2.<(+|&\u00e9\u00ea\u00eb\u00e8\u00ed\u00ee\u00ef\u00ec\u00df!$*);\u00ac-/\u00c2\u00c4\u00c0\u00c1\u00c3\u00c5\u00c7\u00d1\u00a6,%_>?\u00f8\u00c9\u00ca\u00cb\u00c8\u00cd\u00ce\u00cf\u00cc`:#@\'="\u00d8abcdefghi\u00ab\u00bb\u00f0\u00fd\u00fe\u00b1\u00b0jklmnopqr\u00aa\u00ba\u00e6\u00b8\u00c6\u00a4\u00b5~stuvwxyz\u00a1\u00bf\u00d0\u00dd\u00de\u00ae^\u00a3\u00a5\u00b7\u00a9\u00a7\u00b6\u00bc\u00bd\u00be[]\u00af\u00a8\u00b4\u00d7{ABCDEFGHI \u00f4\u00f6\u00f2\u00f3\u00f5}JKLMNOPQR\u00b9\u00fb\u00fc\u00f9\u00fa\u00ff\\\u00f7STUVWXYZ\u00b2\u00d4\u00d6\u00d2\u00d3\u00d50123456789\u00b3\u00db\u00dc\u00d9\u00da ';

/** Character encoding of a textual header. */
export type TextEncoding = 'ebcdic' | 'ascii';

/** Counts bytes that are plain letters, digits or spaces in each encoding; the higher count wins. */
export function detectTextEncoding(bytes: Uint8Array): TextEncoding {
  let ascii = 0,
    ebcdic = 0;
  for (const b of bytes) {
    if (b === 0x20 || (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)) ascii++;
    if (b === 0x40 || (b >= 0xf0 && b <= 0xf9) || isEbcdicLetter(b)) ebcdic++;
  }
  return ebcdic > ascii ? 'ebcdic' : 'ascii';
}

function isEbcdicLetter(b: number): boolean {
  const lo = b & 0x0f;
  const hi = b & 0xf0;
  if (hi === 0x80 || hi === 0xc0) return lo >= 1 && lo <= 9; // a-i, A-I
  if (hi === 0x90 || hi === 0xd0) return lo >= 1 && lo <= 9; // j-r, J-R
  if (hi === 0xa0 || hi === 0xe0) return lo >= 2 && lo <= 9; // s-z, S-Z
  return false;
}

/** Decodes bytes to a string, one character per byte; control characters become spaces. */
export function decodeText(bytes: Uint8Array, encoding: TextEncoding): string {
  let s = '';
  for (const b of bytes) {
    if (encoding === 'ebcdic') s += CP037[b] ?? ' ';
    else s += b < 0x20 || (b >= 0x7f && b < 0xa0) ? ' ' : String.fromCharCode(b);
  }
  return s;
}

/** A textual header as display text: 80-character lines, trailing blanks trimmed, joined by newlines. */
export function textHeaderLines(bytes: Uint8Array, encoding: TextEncoding): string {
  const flat = decodeText(bytes, encoding);
  const lines: string[] = [];
  for (let i = 0; i < flat.length; i += 80) lines.push(flat.slice(i, i + 80).trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
}

/** True when an extended textual header is the rev 2 end stanza `((SEG: EndText))` (any case and spacing). */
export function isEndTextStanza(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 80);
  const text = decodeText(head, detectTextEncoding(head));
  return /^\s*\(\(\s*SEG\s*:\s*ENDTEXT\s*\)\)/i.test(text);
}
