/**
 * A minimal SEG-Y writer for test lines and scripts: rev 1, big-endian, IEEE float samples
 * (format 5), EBCDIC textual header, fixed trace length, one post-stack 2D line (CDP = trace
 * number, one trace per ensemble). Byte positions in comments are the 1-based ones of the standard.
 */
import { decodeText, TEXT_HEADER_BYTES } from './text';

/** A trace-major line to write: sample s of trace t is data[t * samples + s]. */
export interface SegyLine {
  traces: number;
  samples: number;
  /** Sample interval, µs (0..32767: the header field is signed; 0 = unknown). */
  dtUs: number;
  data: Float32Array;
}

const TRACE_HEADER_BYTES = 240;

/** Unicode -> EBCDIC (code page 037), built from the reader's table so the two agree. */
function ebcdicEncoder(): Map<string, number> {
  const m = new Map<string, number>();
  for (let b = 255; b >= 0; b--) m.set(decodeText(Uint8Array.of(b), 'ebcdic'), b);
  m.set(' ', 0x40);
  return m;
}

/** The 40 card images, each "C nn text" padded to 80 characters, in EBCDIC. */
function textHeader(lines: readonly string[]): Uint8Array {
  const enc = ebcdicEncoder(),
    out = new Uint8Array(TEXT_HEADER_BYTES);
  for (let card = 0; card < 40; card++) {
    const text = `C${String(card + 1).padStart(2, ' ')} ${lines[card] ?? ''}`.slice(0, 80).padEnd(80, ' ');
    for (let i = 0; i < 80; i++) out[card * 80 + i] = enc.get(text[i]!) ?? 0x40;
  }
  return out;
}

/** Samples per trace, sample interval and recording delay of the traces to write. */
export interface SegyLayout {
  samples: number;
  /** Sample interval, µs (0..32767: the header field is signed; 0 = unknown). */
  dtUs: number;
  /** Delay recording time of every trace, ms (bytes 109-110; default 0). */
  delayMs?: number;
}

/** The trace-header fields the writer copies (a Section keeps the same ones, line/section-headers.ts). */
export type TraceHeaderField =
  | 'traceSequence'
  | 'cdp'
  | 'inline'
  | 'crossline'
  | 'offset'
  | 'sourceX'
  | 'sourceY'
  | 'receiverX'
  | 'receiverY'
  | 'cdpX'
  | 'cdpY';
/**
 * Header fields of the traces to write, one entry a trace (a Section's header arrays, cut to the block): the line's
 * own geometry, so a file written from a map lines up with the seismic in interpretation software. Coordinates are
 * with their scalar applied; the writer chooses one scalar per block ({@link coordinateScalar}).
 */
export type TraceHeaderArrays = Readonly<Record<TraceHeaderField, ArrayLike<number>>> &
  Partial<Readonly<Record<TraceRecordField, ArrayLike<number>>>>;

/** The field record (bytes 9-12) and trace number within it (13-16): carried when given (shot gathers need them). */
export type TraceRecordField = 'fieldRecord' | 'traceNumber';

/**
 * Whether CDP X/Y locate the traces: they vary along the block, or the CDP number does not (a CDP gather sits at one
 * place). A rev 0 file may hold anything in bytes 181-188 (31_81_PR: TMIN, TMAX, a trace flag, TDS, read as 6000 /
 * 65536 on every trace), which written as rev 1 coordinates would put every trace at one point.
 */
function cdpCoordinatesTrack(h: TraceHeaderArrays, count: number): boolean {
  const varies = (a: ArrayLike<number>) => {
    for (let i = 1; i < count; i++) if (a[i] !== a[0]) return true;
    return false;
  };
  return !varies(h.cdp) || varies(h.cdpX) || varies(h.cdpY);
}

const INT32_MAX = 2 ** 31 - 1;

/**
 * The coordinate scalar (bytes 71-72) that keeps the most decimals of `headers`' coordinates while every one still
 * fits a 32-bit integer: -1000, -100, -10 (divide) or 1.
 */
export function coordinateScalar(headers: TraceHeaderArrays): number {
  let max = 0;
  for (const a of [headers.sourceX, headers.sourceY, headers.receiverX, headers.receiverY, headers.cdpX, headers.cdpY])
    for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]!));
  for (const f of [1000, 100, 10]) if (max * f <= INT32_MAX) return -f;
  return 1;
}

function checkLayout({ samples, dtUs }: SegyLayout): void {
  if (!Number.isInteger(samples) || samples < 1 || samples > 65535)
    throw new RangeError(`writeSegy: samples must be 1..65535, got ${samples}`);
  // 0 is allowed: "unknown", as the file a map is written beside may say (readers then count samples).
  if (!Number.isInteger(dtUs) || dtUs < 0 || dtUs > 32767)
    throw new RangeError(`writeSegy: dtUs must be an integer 0..32767, got ${dtUs}`);
}

/** The textual and binary file headers (3,600 bytes); `text` gives up to 40 card images of the textual header. */
export function segyFileHeader(layout: SegyLayout, text: readonly string[] = []): Uint8Array<ArrayBuffer> {
  checkLayout(layout);
  const out = new Uint8Array(3600);
  out.set(textHeader(text), 0);
  const v = new DataView(out.buffer);
  v.setInt32(3204, 1); // 3205 line number
  v.setInt32(3208, 1); // 3209 reel number
  v.setInt16(3212, 1); // 3213 data traces per ensemble
  v.setInt16(3216, layout.dtUs); // 3217 sample interval
  v.setInt16(3220, layout.samples); // 3221 samples per trace
  v.setInt16(3224, 5); // 3225 format: IEEE float
  v.setInt16(3226, 1); // 3227 ensemble fold
  v.setInt16(3228, 4); // 3229 sorting: horizontally stacked
  v.setInt16(3254, 1); // 3255 metres
  v.setUint8(3500, 1); // 3501 revision 1.0
  v.setInt16(3502, 1); // 3503 fixed-length traces
  return out;
}

/**
 * The bytes of `count` traces (headers and samples) numbered from `firstTrace` (0-based, in the file written):
 * `data` holds their samples trace-major. Without `headers`, each trace is its own CDP; with them, trace sequence,
 * CDP, inline/crossline, offset and coordinates (with the block's {@link coordinateScalar}) are the given ones.
 */
export function segyTraceBlock(
  layout: SegyLayout,
  data: Float32Array,
  firstTrace: number,
  count: number,
  headers?: TraceHeaderArrays,
): Uint8Array<ArrayBuffer> {
  checkLayout(layout);
  const { samples, dtUs } = layout;
  if (data.length !== count * samples)
    throw new RangeError(`writeSegy: data holds ${data.length} samples, expected ${count} x ${samples}`);
  const traceBytes = TRACE_HEADER_BYTES + 4 * samples;
  const out = new Uint8Array(count * traceBytes);
  const v = new DataView(out.buffer);
  const cdpXY = headers !== undefined && cdpCoordinatesTrack(headers, count);
  const coordScalar = headers ? coordinateScalar(cdpXY ? headers : { ...headers, cdpX: [], cdpY: [] }) : 1;
  const coord = (x: number): number => Math.round(coordScalar < 0 ? x * -coordScalar : x);
  for (let k = 0; k < count; k++) {
    const at = k * traceBytes,
      t = firstTrace + k;
    v.setInt32(at, headers ? headers.traceSequence[k]! : t + 1); // 1 trace sequence in line
    v.setInt32(at + 4, t + 1); // 5 trace sequence in file
    // Carried as the line has them (0 included); without them, numbered as a file of its own.
    v.setInt32(at + 8, headers?.fieldRecord ? headers.fieldRecord[k]! : 1); // 9 field record
    v.setInt32(at + 12, headers?.traceNumber ? headers.traceNumber[k]! : t + 1); // 13 trace number in field record
    v.setInt32(at + 20, headers ? headers.cdp[k]! : t + 1); // 21 CDP ensemble number
    v.setInt32(at + 24, 1); // 25 trace in ensemble
    v.setInt16(at + 28, 1); // 29 trace id: seismic data
    if (headers) {
      v.setInt32(at + 36, headers.offset[k]!); // 37 source-receiver offset
      v.setInt16(at + 70, coordScalar); // 71 coordinate scalar
      v.setInt32(at + 72, coord(headers.sourceX[k]!)); // 73 source X
      v.setInt32(at + 76, coord(headers.sourceY[k]!)); // 77 source Y
      v.setInt32(at + 80, coord(headers.receiverX[k]!)); // 81 group X
      v.setInt32(at + 84, coord(headers.receiverY[k]!)); // 85 group Y
      v.setInt16(at + 88, 1); // 89 coordinate units: length
      if (cdpXY) {
        v.setInt32(at + 180, coord(headers.cdpX[k]!)); // 181 CDP X
        v.setInt32(at + 184, coord(headers.cdpY[k]!)); // 185 CDP Y
      }
      v.setInt32(at + 188, headers.inline[k]!); // 189 inline
      v.setInt32(at + 192, headers.crossline[k]!); // 193 crossline
    }
    if (layout.delayMs) v.setInt16(at + 108, Math.round(layout.delayMs)); // 109 delay recording time, ms
    v.setInt16(at + 114, samples); // 115 samples
    v.setInt16(at + 116, dtUs); // 117 sample interval
    const base = k * samples,
      first = at + TRACE_HEADER_BYTES;
    for (let s = 0; s < samples; s++) v.setFloat32(first + 4 * s, data[base + s]!);
  }
  return out;
}

/** The SEG-Y bytes of `line`; `text` gives up to 40 card images of the textual header. */
export function writeSegy(line: SegyLine, text: readonly string[] = []): Uint8Array {
  const { traces, samples, dtUs, data } = line;
  if (!Number.isInteger(traces) || traces < 1)
    throw new RangeError(`writeSegy: traces must be a positive integer, got ${traces}`);
  const layout = { samples, dtUs };
  const head = segyFileHeader(layout, text);
  const body = segyTraceBlock(layout, data, 0, traces);
  const out = new Uint8Array(head.length + body.length);
  out.set(head, 0);
  out.set(body, head.length);
  return out;
}
