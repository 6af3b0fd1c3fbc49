/**
 * Base64 (RFC 4648, standard alphabet, '=' padding) for large byte arrays, in pure TS: core must
 * not depend on Buffer, and atob/btoa go through binary strings one char per byte, which is slow
 * and memory-hungry for a few MB of weights. Decoding is strict (no whitespace, padding only at
 * the end) so a corrupted file fails with the offset of the first bad character.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ENCODE = new Uint8Array(64);
const DECODE = new Uint8Array(256).fill(255);
for (let i = 0; i < 64; i++) {
  ENCODE[i] = ALPHABET.charCodeAt(i);
  DECODE[ALPHABET.charCodeAt(i)] = i;
}

/** Base64 text that cannot be decoded; `offset` is the character index of the problem. */
export class Base64Error extends Error {
  override name = 'Base64Error';
  constructor(
    readonly offset: number,
    detail: string,
  ) {
    super(`base64: ${detail} at character ${offset}`);
  }
}

/** Characters String.fromCharCode gets per call (well under engines' argument limits). */
const CHUNK_CHARS = 0x8000;

/** Encodes bytes as base64 text. */
export function encodeBase64(bytes: Uint8Array): string {
  const n = bytes.length;
  const out = new Uint16Array(CHUNK_CHARS);
  const parts: string[] = [];
  let o = 0;
  const flush = (): void => {
    parts.push(String.fromCharCode.apply(null, out.subarray(0, o) as unknown as number[]));
    o = 0;
  };
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = ENCODE[v >> 18]!;
    out[o++] = ENCODE[(v >> 12) & 63]!;
    out[o++] = ENCODE[(v >> 6) & 63]!;
    out[o++] = ENCODE[v & 63]!;
    if (o === CHUNK_CHARS) flush();
  }
  const rest = n - i;
  if (rest > 0) {
    if (o + 4 > CHUNK_CHARS) flush();
    const v = (bytes[i]! << 16) | (rest === 2 ? bytes[i + 1]! << 8 : 0);
    out[o++] = ENCODE[v >> 18]!;
    out[o++] = ENCODE[(v >> 12) & 63]!;
    out[o++] = rest === 2 ? ENCODE[(v >> 6) & 63]! : 61;
    out[o++] = 61;
  }
  if (o > 0) flush();
  return parts.join('');
}

/** Number of bytes `text` decodes to, from its length and padding alone (no allocation); -1 if malformed length. */
export function decodedBase64Length(text: string): number {
  if (text.length % 4 !== 0) return -1;
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return (text.length / 4) * 3 - pad;
}

/** Decodes strict base64 text; throws {@link Base64Error} naming the first bad character. */
export function decodeBase64(text: string): Uint8Array {
  const size = decodedBase64Length(text);
  if (size < 0) throw new Base64Error(text.length, `length ${text.length} is not a multiple of 4`);
  const out = new Uint8Array(size);
  const quads = text.length / 4;
  let o = 0;
  for (let q = 0; q < quads; q++) {
    const p = q * 4;
    const last = q === quads - 1;
    const a = DECODE[text.charCodeAt(p)] ?? 255;
    const b = DECODE[text.charCodeAt(p + 1)] ?? 255;
    let c = DECODE[text.charCodeAt(p + 2)] ?? 255;
    let d = DECODE[text.charCodeAt(p + 3)] ?? 255;
    // '=' is only legal as the last one or two characters of the text.
    if (last && text.charCodeAt(p + 3) === 61) {
      d = 0;
      if (text.charCodeAt(p + 2) === 61) c = 0;
    }
    if ((a | b | c | d) > 63) {
      const bad = [a, b, c, d].findIndex((v) => v > 63);
      throw new Base64Error(p + bad, `invalid character ${JSON.stringify(text.charAt(p + bad))}`);
    }
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = v >> 16;
    if (o < size) out[o++] = (v >> 8) & 255;
    if (o < size) out[o++] = v & 255;
  }
  return out;
}
