/**
 * Mixed byte order check: a file whose binary header was rewritten in the other byte order (or a writer that mixes
 * orders) decodes to plausible sizes but garbage trace headers and samples. Trace header 0 gives it away: its
 * sample count, or its index fields (sequence numbers, record, CDP, offset, inline, crossline), read small only in
 * the other byte order. Coordinates are left out: scaled UTM values are legitimately large.
 */
import type { Endian } from './headers';

/** 0-based offsets and names of the 4-byte index fields of a trace header. */
const INDEX_FIELDS: readonly [number, string][] = [
  [0, 'trace sequence (bytes 1-4)'],
  [4, 'trace sequence in file (bytes 5-8)'],
  [8, 'field record (bytes 9-12)'],
  [12, 'trace number (bytes 13-16)'],
  [20, 'CDP (bytes 21-24)'],
  [36, 'offset (bytes 37-40)'],
  [188, 'inline (bytes 189-192)'],
  [192, 'crossline (bytes 193-196)'],
];
/** Index values at or past 2^24 are taken as a sign of the wrong byte order (a small value swapped). */
const IMPLAUSIBLE = 2 ** 24;

/**
 * Why trace header 0 (a 240-byte view) is in the byte order opposite to `endian`, or null when nothing says so.
 * `samples` is the count the binary header gave (0 if none).
 */
export function mixedByteOrder(trace0: DataView, endian: Endian, samples: number): string | null {
  const le = endian === 'little';
  const other: Endian = le ? 'big' : 'little';
  const here = trace0.getUint16(114, le),
    there = trace0.getUint16(114, !le);
  if (samples > 0 && here !== samples && there === samples) {
    return (
      `trace header 0 gives the binary header's ${samples} samples per trace (bytes 115-116) only when read ${other}-endian ` +
      `(${endian}-endian: ${here}): the binary header is ${endian}-endian but the trace headers are ${other}-endian (mixed byte order)`
    );
  }
  const wrongHere: string[] = [];
  let wrongThere = 0;
  for (const [at, name] of INDEX_FIELDS) {
    const a = Math.abs(trace0.getInt32(at, le)),
      b = Math.abs(trace0.getInt32(at, !le));
    if (a >= IMPLAUSIBLE && b < IMPLAUSIBLE)
      wrongHere.push(`${name} ${trace0.getInt32(at, le)} (${other}-endian: ${trace0.getInt32(at, !le)})`);
    else if (b >= IMPLAUSIBLE && a < IMPLAUSIBLE) wrongThere++;
  }
  if (wrongHere.length >= 2 && wrongThere === 0) {
    return (
      `trace header 0 read ${endian}-endian, as the binary header is, gives implausible ${wrongHere.join(', ')}: ` +
      `the trace headers look ${other}-endian (mixed byte order)`
    );
  }
  return null;
}

/** A 32-bit value with its four bytes reversed. */
export function byteSwapped(v: number): number {
  return ((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | ((v >>> 24) & 0xff);
}

/**
 * Reads one header field again in the other byte order, in place, when the whole file says its writer swapped it:
 * every non-zero value is implausibly large (≥ 2^24) and small once its bytes are reversed. Seen in SU files, whose
 * standard header ends at byte 180, so writers fill the SEG-Y rev 1 inline/crossline fields (bytes 189-196) their
 * own way: segyio's little-endian SU test file reads inlines 16777216, 33554432, … for 1, 2, …. One plausible value
 * leaves the field as written. Returns whether it was swapped.
 */
export function unswapKeyField(values: Int32Array): boolean {
  let nonZero = 0;
  for (const v of values) {
    if (v === 0) continue;
    if (Math.abs(v) < IMPLAUSIBLE || Math.abs(byteSwapped(v)) >= IMPLAUSIBLE) return false;
    nonZero++;
  }
  if (nonZero === 0) return false;
  for (let i = 0; i < values.length; i++) values[i] = byteSwapped(values[i]!);
  return true;
}
