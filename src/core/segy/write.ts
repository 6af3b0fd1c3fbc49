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
  /** Sample interval, µs (1..32767: the header field is signed). */
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

/** The SEG-Y bytes of `line`; `text` gives up to 40 card images of the textual header. */
export function writeSegy(line: SegyLine, text: readonly string[] = []): Uint8Array {
  const { traces, samples, dtUs, data } = line;
  if (!Number.isInteger(traces) || traces < 1)
    throw new RangeError(`writeSegy: traces must be a positive integer, got ${traces}`);
  if (!Number.isInteger(samples) || samples < 1 || samples > 65535)
    throw new RangeError(`writeSegy: samples must be 1..65535, got ${samples}`);
  if (!Number.isInteger(dtUs) || dtUs < 1 || dtUs > 32767)
    throw new RangeError(`writeSegy: dtUs must be an integer 1..32767, got ${dtUs}`);
  if (data.length !== traces * samples)
    throw new RangeError(`writeSegy: data holds ${data.length} samples, expected ${traces} x ${samples}`);
  const traceBytes = TRACE_HEADER_BYTES + 4 * samples;
  const out = new Uint8Array(3600 + traces * traceBytes);
  out.set(textHeader(text), 0);
  const v = new DataView(out.buffer);
  v.setInt32(3204, 1); // 3205 line number
  v.setInt32(3208, 1); // 3209 reel number
  v.setInt16(3212, 1); // 3213 data traces per ensemble
  v.setInt16(3216, dtUs); // 3217 sample interval
  v.setInt16(3220, samples); // 3221 samples per trace
  v.setInt16(3224, 5); // 3225 format: IEEE float
  v.setInt16(3226, 1); // 3227 ensemble fold
  v.setInt16(3228, 4); // 3229 sorting: horizontally stacked
  v.setInt16(3254, 1); // 3255 metres
  v.setUint8(3500, 1); // 3501 revision 1.0
  v.setInt16(3502, 1); // 3503 fixed-length traces
  for (let t = 0; t < traces; t++) {
    const at = 3600 + t * traceBytes;
    v.setInt32(at, t + 1); // 1 trace sequence in line
    v.setInt32(at + 4, t + 1); // 5 trace sequence in file
    v.setInt32(at + 8, 1); // 9 field record
    v.setInt32(at + 12, t + 1); // 13 trace number in field record
    v.setInt32(at + 20, t + 1); // 21 CDP ensemble number
    v.setInt32(at + 24, 1); // 25 trace in ensemble
    v.setInt16(at + 28, 1); // 29 trace id: seismic data
    v.setInt16(at + 114, samples); // 115 samples
    v.setInt16(at + 116, dtUs); // 117 sample interval
    const base = t * samples,
      first = at + TRACE_HEADER_BYTES;
    for (let s = 0; s < samples; s++) v.setFloat32(first + 4 * s, data[base + s]!);
  }
  return out;
}
