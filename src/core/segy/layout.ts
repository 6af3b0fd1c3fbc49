/**
 * Works out where the traces are from the file head alone: byte order, sample format, samples per
 * trace, header sizes and trace count. Conflicts are settled the way segyio settles them (binary
 * header wins), with SEG-Y rev 2 fields honoured; anything that does not fit the file size is refused.
 */
import type { ByteSource } from './byte-source';
import { SegyError } from './errors';
import { REFUSED_FORMATS, sampleFormat, type SampleFormat } from './formats';
import {
  BIN_OFFSET,
  TRACE_HEADER_BYTES,
  parseBinaryHeader,
  resolveInterval,
  type BinaryHeader,
  type Endian,
} from './headers';
import { mixedByteOrder } from './byte-order';
import { TEXT_HEADER_BYTES, detectTextEncoding, isEndTextStanza, textHeaderLines, type TextEncoding } from './text';

/** Size of textual + binary file header, bytes. */
export const FILE_HEADER_BYTES = 3600;
/** Variable extended-header count is searched this far before giving up (3.2 MB of text). */
const MAX_EXTENDED_HEADERS = 1000;

/** What a file's headers say about it as a whole: part of the layout, and shown of an opened file as is. */
export interface FileHeaderFacts {
  readonly kind: 'segy' | 'su';
  readonly endian: Endian;
  /** Sample interval, µs; 0 when the headers give no valid interval (unknown). */
  readonly sampleIntervalUs: number;
  /** SEG-Y revision from bytes 3501-3502; null for SU. */
  readonly revision: { readonly major: number; readonly minor: number } | null;
  /** Textual header, 80-column lines ('' for SU). Untrusted text: render as text, never as HTML. */
  readonly textHeader: string;
  readonly binaryHeader: BinaryHeader | null;
  /** Header disagreements that were resolved at open, for the user to see. */
  readonly warnings: readonly string[];
}

/** Everything needed to address and decode traces, decided once at open. */
export interface Layout extends FileHeaderFacts {
  readonly format: SampleFormat;
  /** Samples per trace. */
  readonly samples: number;
  /** Byte offset of the first trace header. */
  readonly dataOffset: number;
  /** Bytes of trace header(s) before each trace's samples (240, or more with rev 2 extra headers). */
  readonly traceHeaderBytes: number;
  /** Bytes per trace, headers included. */
  readonly traceBytes: number;
  readonly traceCount: number;
  readonly textEncoding: TextEncoding | null;
  readonly extendedTextHeaders: readonly string[];
}

/** Reads exactly `length` bytes or fails naming the offset (a source that shrank or lied about its size). */
export async function readExactly(src: ByteSource, offset: number, length: number, what: string): Promise<Uint8Array> {
  const bytes = await src.read(offset, length);
  if (bytes.length !== length) {
    throw new SegyError(
      src.name,
      `file ends after ${offset + bytes.length} bytes, expected ${length} bytes here`,
      what,
      offset,
    );
  }
  return bytes;
}

/** Opens a SEG-Y file: tries the byte order the rev 2 constant names, else big then little endian. */
export async function segyLayout(src: ByteSource): Promise<Layout> {
  if (src.size === 0) throw new SegyError(src.name, 'file is empty (0 bytes)', 'file size', 0);
  if (src.size < FILE_HEADER_BYTES) {
    throw new SegyError(
      src.name,
      `file has ${src.size} bytes, fewer than the 3600-byte textual + binary header`,
      'binary header',
      Math.min(src.size, TEXT_HEADER_BYTES),
    );
  }
  const head = await readExactly(src, 0, FILE_HEADER_BYTES, 'file header');
  const big = parseBinaryHeader(head, 'big');
  const little = parseBinaryHeader(head, 'little');
  const orders: Endian[] = big.byteOrderConstantOk
    ? ['big']
    : little.byteOrderConstantOk
      ? ['little']
      : ['big', 'little'];
  const errors: SegyError[] = [];
  for (const endian of orders) {
    try {
      return await layoutFor(src, head, endian === 'big' ? big : little, endian);
    } catch (e) {
      if (!(e instanceof SegyError)) throw e;
      errors.push(e);
    }
  }
  // Report the failure of the byte order whose format code made sense: that is the file's real order.
  const known = (bh: BinaryHeader) => sampleFormat(bh.format) !== undefined || REFUSED_FORMATS.has(bh.format);
  const pick = orders.length === 2 && !known(big) && known(little) ? errors[1] : errors[0];
  throw pick!;
}

async function layoutFor(src: ByteSource, head: Uint8Array, bh: BinaryHeader, endian: Endian): Promise<Layout> {
  const file = src.name;
  const formatField = 'sample format code (bytes 3225-3226)';
  const refused = REFUSED_FORMATS.get(bh.format);
  if (refused) throw new SegyError(file, `format ${bh.format}: ${refused}`, formatField, BIN_OFFSET.format);
  const format = sampleFormat(bh.format);
  if (!format) {
    throw new SegyError(
      file,
      `${bh.format} is not a SEG-Y sample format code (supported: 1, 2, 3, 5-12, 15, 16); read in either byte order ` +
        'the binary header does not describe SEG-Y: is this a SEG-Y or SU file?',
      formatField,
      BIN_OFFSET.format,
    );
  }
  const rev2 = bh.byteOrderConstantOk || bh.revisionMajor === 2;
  const warnings: string[] = [];
  const extended = await extendedHeaders(src, bh.extTextHeaders);
  let dataOffset = FILE_HEADER_BYTES + extended.length * TEXT_HEADER_BYTES;
  if (rev2 && bh.firstTraceOffset > 0 && bh.firstTraceOffset !== dataOffset) {
    if (bh.firstTraceOffset > dataOffset && bh.firstTraceOffset <= src.size) dataOffset = bh.firstTraceOffset;
    else warnings.push(`ignored first-trace byte offset ${bh.firstTraceOffset} (bytes 3521-3528): outside the file`);
  }
  const traceHeaderBytes = TRACE_HEADER_BYTES * (1 + (rev2 ? bh.extraTraceHeaders : 0));
  const remaining = src.size - dataOffset;
  const trace0 =
    remaining >= TRACE_HEADER_BYTES ? await readExactly(src, dataOffset, TRACE_HEADER_BYTES, 'trace header 0') : null;
  const trace0View = trace0 && new DataView(trace0.buffer, trace0.byteOffset, TRACE_HEADER_BYTES);
  const trace0Samples = trace0View ? trace0View.getUint16(114, endian === 'little') : 0;
  const trace0Interval = trace0View ? trace0View.getInt16(116, endian === 'little') : 0;

  // Candidate sample counts in order of authority; the first one that tiles the file wins.
  const candidates: { samples: number; field: string; at: number }[] = [];
  if (rev2 && bh.extSamples > 0)
    candidates.push({
      samples: bh.extSamples,
      field: 'extended samples per trace (bytes 3269-3272)',
      at: BIN_OFFSET.extSamples,
    });
  if (bh.samples > 0)
    candidates.push({ samples: bh.samples, field: 'samples per trace (bytes 3221-3222)', at: BIN_OFFSET.samples });
  else if (trace0Samples > 0)
    candidates.push({ samples: trace0Samples, field: 'trace 0 samples (bytes 115-116)', at: dataOffset + 114 });
  // Refused before any size reasoning: mixed byte order tiles the file fine but every value read is garbage.
  const mixed =
    trace0View && mixedByteOrder(trace0View, endian, rev2 && bh.extSamples > 0 ? bh.extSamples : bh.samples);
  if (mixed) throw new SegyError(file, mixed, 'trace header 0', dataOffset);
  if (candidates.length === 0) {
    throw new SegyError(
      file,
      'samples per trace is 0 in the binary header and in trace header 0',
      'samples per trace (bytes 3221-3222)',
      BIN_OFFSET.samples,
    );
  }
  let firstError: SegyError | undefined;
  for (const c of candidates) {
    try {
      const traceBytes = traceHeaderBytes + c.samples * format.bytes;
      const traceCount = countTraces(file, src.size, dataOffset, traceBytes, c);
      if (trace0Samples !== 0 && trace0Samples !== c.samples) {
        warnings.push(
          `trace header 0 says ${trace0Samples} samples (bytes 115-116); using ${c.samples} from the ${c.field}`,
        );
      }
      const extendedInterval = rev2 && bh.extSampleInterval > 0 && Number.isFinite(bh.extSampleInterval);
      const binaryInterval = extendedInterval ? bh.extSampleInterval : bh.sampleInterval;
      const encoding = detectTextEncoding(head.subarray(0, TEXT_HEADER_BYTES));
      const traceInterval = traceCount > 0 ? trace0Interval : 0;
      const sampleIntervalUs = resolveInterval(binaryInterval, traceInterval);
      // Unknown although a header gives one (they disagree, or one is negative): said, since times then become
      // samples (a map CSV's column is "sample", not "time_ms"), which nothing else would tell.
      if (sampleIntervalUs === 0 && (binaryInterval !== 0 || traceInterval !== 0))
        warnings.push(
          `sample interval unknown: the binary header says ${binaryInterval} µs (bytes ${extendedInterval ? '3273-3280' : '3217-3218'}) and trace header 0 ` +
            `says ${traceInterval} µs (bytes 117-118), which do not agree on one positive value; times are given in samples`,
        );
      return {
        kind: 'segy',
        endian,
        format,
        samples: c.samples,
        sampleIntervalUs,
        dataOffset,
        traceHeaderBytes,
        traceBytes,
        traceCount,
        revision: { major: bh.revisionMajor, minor: bh.revisionMinor },
        textHeader: textHeaderLines(head.subarray(0, TEXT_HEADER_BYTES), encoding),
        textEncoding: encoding,
        extendedTextHeaders: extended,
        binaryHeader: bh,
        warnings,
      };
    } catch (e) {
      if (!(e instanceof SegyError)) throw e;
      firstError ??= e;
    }
  }
  // A wrong extended-header count shifts every trace; say so when the file is whole traces without those headers.
  if (extended.length > 0 && bh.firstTraceOffset <= 0) {
    const c = candidates[0]!;
    const tb = traceHeaderBytes + c.samples * format.bytes;
    const rest = src.size - FILE_HEADER_BYTES;
    if (rest > 0 && rest % tb === 0) {
      throw new SegyError(
        file,
        `binary header says ${extended.length} extended textual headers (${extended.length * TEXT_HEADER_BYTES} bytes), ` +
          `but without them the file is exactly the 3600-byte header + ${rest / tb} whole ${tb}-byte traces: the count looks wrong`,
        'extended textual header count (bytes 3505-3506)',
        BIN_OFFSET.extTextHeaders,
      );
    }
  }
  // The binary header's count does not tile the file, trace header 0's does: that count, not the file, is wrong (it
  // was called a file cut short). Refused all the same, as segyio refuses it: which to trust is the user's call.
  const first = candidates[0]!;
  const traceZeroBytes = traceHeaderBytes + trace0Samples * format.bytes;
  const data = src.size - dataOffset;
  if (trace0Samples > 0 && trace0Samples !== first.samples && data > 0 && data % traceZeroBytes === 0) {
    throw new SegyError(
      file,
      `the ${first.field} says ${first.samples}, which does not tile the file, but trace header 0 says ` +
        `${trace0Samples} samples (bytes 115-116), with which it is exactly ${data / traceZeroBytes} whole traces: ` +
        "the binary header looks wrong (fix it, e.g. with segyio or SU's segyhdrmod, to read the file)",
      first.field,
      first.at,
    );
  }
  throw firstError!;
}

/** Trace count when the data area is whole traces; otherwise an error naming where the partial trace starts. */
export function countTraces(
  file: string,
  size: number,
  dataOffset: number,
  traceBytes: number,
  source: { samples: number; field: string; at: number },
): number {
  const remaining = size - dataOffset;
  if (remaining > 0 && traceBytes > remaining) {
    throw new SegyError(
      file,
      `${source.samples} samples make ${traceBytes}-byte traces, but only ${remaining} bytes follow the headers`,
      source.field,
      source.at,
    );
  }
  const whole = Math.floor(remaining / traceBytes);
  if (whole * traceBytes !== remaining) {
    const partial = dataOffset + whole * traceBytes;
    throw new SegyError(
      file,
      `file size ${size} is not headers (${dataOffset} bytes) + whole ${traceBytes}-byte traces: ` +
        `${whole} whole traces, then a partial one of ${size - partial} bytes (trace size from ${source.samples} samples in the ${source.field}). ` +
        // What a user needs first: the commonest cause is a copy or download that stopped early.
        'The file looks cut short (a copy or download that stopped early?): copy it again from its source',
      `trace ${whole}`,
      partial,
    );
  }
  return whole;
}

/** Decodes the extended textual headers, resolving a variable (-1) count by finding the EndText stanza. */
async function extendedHeaders(src: ByteSource, count: number): Promise<string[]> {
  const field = 'extended textual header count (bytes 3505-3506)';
  if (count < -1) throw new SegyError(src.name, `${count} is not a valid count`, field, BIN_OFFSET.extTextHeaders);
  const variable = count === -1;
  const limit = variable ? MAX_EXTENDED_HEADERS : count;
  const out: string[] = [];
  for (let i = 0; i < limit; i++) {
    const at = FILE_HEADER_BYTES + i * TEXT_HEADER_BYTES;
    if (at + TEXT_HEADER_BYTES > src.size) {
      const detail = variable
        ? 'file ends before an ((SEG: EndText)) stanza closes the extended textual headers'
        : `binary header says ${count} extended textual headers, but the file ends inside header ${i}`;
      throw new SegyError(src.name, detail, field, BIN_OFFSET.extTextHeaders);
    }
    const bytes = await readExactly(src, at, TEXT_HEADER_BYTES, `extended textual header ${i}`);
    out.push(textHeaderLines(bytes, detectTextEncoding(bytes)));
    if (variable && isEndTextStanza(bytes)) return out;
  }
  if (variable)
    throw new SegyError(
      src.name,
      `no ((SEG: EndText)) stanza in the first ${limit} extended headers`,
      field,
      BIN_OFFSET.extTextHeaders,
    );
  return out;
}
