/**
 * Binary file header (bytes 3201-3600) and 240-byte trace header fields.
 * Byte positions in comments are the 1-based ones of the SEG-Y standard.
 */

/** Byte order of the file's headers and samples. */
export type Endian = 'big' | 'little';

/** Size of the binary file header, bytes. */
export const BINARY_HEADER_BYTES = 400;
/** Size of one trace header, bytes. */
export const TRACE_HEADER_BYTES = 240;

/** Binary-header fields the reader uses, read in one byte order. */
export interface BinaryHeader {
  /** Sample interval, µs, signed (3217-3218). */
  readonly sampleInterval: number;
  /** Samples per trace, unsigned 16-bit (3221-3222). */
  readonly samples: number;
  /** Sample format code, signed (3225-3226). */
  readonly format: number;
  /** Trace sorting code (3229-3230). */
  readonly sorting: number;
  /** Rev 2 extended samples per trace (3269-3272); overrides `samples` when non-zero. */
  readonly extSamples: number;
  /** Rev 2 extended sample interval, IEEE double (3273-3280); overrides `sampleInterval` when non-zero. */
  readonly extSampleInterval: number;
  /** Rev 2 byte-order constant 0x01020304 read correctly (3297-3300). */
  readonly byteOrderConstantOk: boolean;
  /** SEG-Y revision major (3501) and minor (3502). */
  readonly revisionMajor: number;
  readonly revisionMinor: number;
  /** Extended textual headers (3505-3506); -1 = variable, ended by an ((SEG: EndText)) stanza. */
  readonly extTextHeaders: number;
  /** Rev 2 additional 240-byte trace headers per trace (3507-3508). */
  readonly extraTraceHeaders: number;
  /** Rev 2 byte offset of the first trace (3521-3528), 0 when unset. */
  readonly firstTraceOffset: number;
}

/** Offsets inside the 3600-byte file head, 0-based, for error messages. */
export const BIN_OFFSET = {
  sampleInterval: 3216,
  samples: 3220,
  format: 3224,
  extSamples: 3268,
  extTextHeaders: 3504,
} as const;

/**
 * The revision (bytes 3501-3502). Rev 2 defines them as two bytes, major then minor, in either byte order, and rev 1's
 * 0x0100 written big-endian reads the same; but writers also store the revision as a plain 16-bit integer in the
 * file's byte order (segyio writes 1 or 2), which a big-endian file holds as 00 01 ("0.1"), and a little-endian file
 * may hold rev 1's 0x0100 as 00 01 too. Read byte-wise only, the same revision showed as 0.1 or 1.0 by byte order,
 * and a rev 2 file written big-endian that way lost its rev 2 fields.
 */
function revision(v: DataView, le: boolean): { revisionMajor: number; revisionMinor: number } {
  const major = v.getUint8(3500),
    minor = v.getUint8(3501);
  if (major !== 0) return { revisionMajor: major, revisionMinor: minor };
  const word = v.getUint16(3500, le);
  if (word === 1 || word === 2) return { revisionMajor: word, revisionMinor: 0 };
  if (word >> 8 === 1 || word >> 8 === 2) return { revisionMajor: word >> 8, revisionMinor: word & 0xff };
  return { revisionMajor: major, revisionMinor: minor };
}

/** Reads the binary header from the first 3600 bytes of a file. */
export function parseBinaryHeader(head: Uint8Array, endian: Endian): BinaryHeader {
  const v = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const le = endian === 'little';
  const u64 = (at: number) =>
    le
      ? v.getUint32(at + 4, true) * 4294967296 + v.getUint32(at, true)
      : v.getUint32(at, false) * 4294967296 + v.getUint32(at + 4, false);
  return {
    sampleInterval: v.getInt16(3216, le),
    samples: v.getUint16(3220, le),
    format: v.getInt16(3224, le),
    sorting: v.getInt16(3228, le),
    extSamples: v.getInt32(3268, le),
    extSampleInterval: v.getFloat64(3272, le),
    byteOrderConstantOk: v.getUint32(3296, le) === 0x01020304,
    ...revision(v, le),
    extTextHeaders: v.getInt16(3504, le),
    extraTraceHeaders: v.getUint16(3506, le),
    firstTraceOffset: u64(3520),
  };
}

/** Trace-header fields shown by the app, with coordinate and time scalars applied. */
export interface TraceHeader {
  /** Trace sequence number within line (1-4). */
  readonly traceSequenceLine: number;
  /** Trace sequence number within file (5-8). */
  readonly traceSequenceFile: number;
  /** Original field record number (9-12). */
  readonly fieldRecord: number;
  /** Trace number within the field record (13-16). */
  readonly traceNumber: number;
  /** CDP ensemble number (21-24). */
  readonly cdp: number;
  /** Source-receiver offset (37-40), in coordinate units. */
  readonly offset: number;
  /** Source and receiver (group) coordinates (73-88), scalar of bytes 71-72 applied. */
  readonly sourceX: number;
  readonly sourceY: number;
  readonly receiverX: number;
  readonly receiverY: number;
  /** CDP coordinates (181-188), scalar applied. */
  readonly cdpX: number;
  readonly cdpY: number;
  /** Inline (189-192) and crossline (193-196) numbers. */
  readonly inline: number;
  readonly crossline: number;
  /** Delay recording time (109-110), ms, time scalar of bytes 215-216 applied. */
  readonly delayMs: number;
  /** Samples in this trace (115-116, unsigned). */
  readonly samples: number;
  /** Sample interval of this trace (117-118), µs, signed as stored. */
  readonly sampleInterval: number;
}

/** SEG-Y scalar convention: positive multiplies, negative divides, 0 means 1. */
export function applyScalar(value: number, scalar: number): number {
  if (scalar > 0) return value * scalar;
  if (scalar < 0) return value / -scalar;
  return value;
}

/** Reads one trace header from `bytes` starting at `at`. */
export function parseTraceHeader(bytes: Uint8Array, at: number, endian: Endian): TraceHeader {
  const v = new DataView(bytes.buffer, bytes.byteOffset + at, TRACE_HEADER_BYTES);
  const le = endian === 'little';
  const i32 = (pos: number) => v.getInt32(pos - 1, le);
  const i16 = (pos: number) => v.getInt16(pos - 1, le);
  const coord = i16(71);
  const time = i16(215);
  return {
    traceSequenceLine: i32(1),
    traceSequenceFile: i32(5),
    fieldRecord: i32(9),
    traceNumber: i32(13),
    cdp: i32(21),
    offset: i32(37),
    sourceX: applyScalar(i32(73), coord),
    sourceY: applyScalar(i32(77), coord),
    receiverX: applyScalar(i32(81), coord),
    receiverY: applyScalar(i32(85), coord),
    cdpX: applyScalar(i32(181), coord),
    cdpY: applyScalar(i32(185), coord),
    inline: i32(189),
    crossline: i32(193),
    delayMs: applyScalar(i16(109), time),
    samples: v.getUint16(114, le),
    sampleInterval: i16(117),
  };
}

/** Trace-header fields the geometry scan needs, without building objects per trace. */
export function readKeyFields(
  bytes: Uint8Array,
  at: number,
  endian: Endian,
): [il: number, xl: number, off: number, fldr: number, cdp: number] {
  const v = new DataView(bytes.buffer, bytes.byteOffset + at, TRACE_HEADER_BYTES);
  const le = endian === 'little';
  return [v.getInt32(188, le), v.getInt32(192, le), v.getInt32(36, le), v.getInt32(8, le), v.getInt32(20, le)];
}

/**
 * Sample interval, µs, as segyio.tools.dt decides it (with fallback 0): a non-zero interval from one
 * header wins over a zero in the other; two different non-zero values cancel out. Negative means unknown (0).
 */
export function resolveInterval(binaryUs: number, traceUs: number): number {
  let dt = 0;
  if (binaryUs === 0) dt = traceUs;
  else if (traceUs === 0 || traceUs === binaryUs) dt = binaryUs;
  return dt > 0 && Number.isFinite(dt) ? dt : 0;
}
