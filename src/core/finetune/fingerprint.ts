/**
 * A line's fingerprint: its file size and a hash of its first bytes (the SEG-Y textual and binary
 * headers and the first trace header), e.g. `2417036-3f9a0c1d2e4b5a69`. Cheap (no trace data is
 * read) and stable across renames, so marks stored or exported for a line find that line again and
 * are refused for any other.
 */
import { fnv1a64 } from '../model/hash';

/** Bytes of the file start that are hashed: 3,600 header bytes + one 240-byte trace header. */
export const FINGERPRINT_HEADER_BYTES = 3600 + 240;

/** Fingerprint from the file size and its first bytes (pass at least the first {@link FINGERPRINT_HEADER_BYTES}, or the whole file if shorter). */
export function lineFingerprint(fileSize: number, head: Uint8Array): string {
  const bytes = head.subarray(0, Math.min(head.length, FINGERPRINT_HEADER_BYTES));
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x1000) text += String.fromCharCode(...bytes.subarray(i, i + 0x1000));
  return `${fileSize}-${fnv1a64(text)}`;
}

/**
 * The fingerprint a text file names in a `# line: FINGERPRINT` comment (marks CSV, picks CSV), or null when it names
 * none: files written by hand or by another tool carry none and are checked against the line's extent only.
 */
export function fingerprintComment(text: string): string | null {
  // Only a fingerprint's shape counts: "# line: GoM GB-123 (hand picked)" is a note, not a claim about the file. The
  // shapes the app writes: a file's `SIZE-HASH`, one line of a 3D or prestack file `SIZE-HASH/inline 111`, and a
  // line without a file (the demo line) `mem-TRACESxSAMPLES-HASH` (src/app/marks-session.ts).
  const m = /^[ \t]*#[ \t]*line[ \t]*:[ \t]*((?:\d+|mem-\d+x\d+)-[0-9a-f]{16}(?:\/[^\r\n]*?)?)[ \t]*\r?$/im.exec(text);
  return m ? m[1]! : null;
}
