/**
 * Streaming SEG-Y / Seismic Unix reader. `open` reads only the file head; traces are read on
 * demand in chunks, so memory stays bounded by what the caller asks for.
 */
import type { ByteSource } from './byte-source';
import { ReadCancelledError, SegyError } from './errors';
import { decodeSamples } from './formats';
import { TRACE_HEADER_BYTES, parseTraceHeader, readKeyFields, type TraceHeader } from './headers';
import { byteSwapped, unswapKeyField } from './byte-order';
import { classifyGeometry, selectTraces, type Geometry, type LineSelector, type TraceKeys } from './geometry';
import { readExactly, segyLayout, type Layout } from './layout';
import { suLayout } from './su';
import { SNIFF_BYTES, sniffFile } from './sniff';

/** The key fields a survey is classified by, with the bytes they are read from. */
type KeyField = Exclude<keyof TraceKeys, 'swapped'>;
const KEY_FIELD_NAMES: readonly [KeyField, string][] = [
  ['inline', 'inline (bytes 189-192)'],
  ['crossline', 'crossline (bytes 193-196)'],
  ['offset', 'offset (bytes 37-40)'],
  ['fieldRecord', 'field record (bytes 9-12)'],
  ['cdp', 'CDP (bytes 21-24)'],
];

/** How to interpret the file; 'auto' trusts a `.su` name, else tries SEG-Y then SU. */
export type SegyKind = 'auto' | 'segy' | 'su';

/** A block of consecutive traces. */
export interface TraceBlock {
  /** Index of the first trace. */
  readonly first: number;
  readonly count: number;
  readonly samplesPerTrace: number;
  /** count * samplesPerTrace samples, trace after trace. */
  readonly samples: Float32Array;
  readonly headers: readonly TraceHeader[];
  /** NaN/Inf samples that were replaced by 0 (float formats only). */
  readonly nonFinite: number;
}

/** Progress and cancel of the header scan (it reads every trace header of the file once). */
export interface ScanOptions {
  /** Called after each block of headers: traces scanned of the file's total. */
  onProgress?(done: number, total: number): void;
  /** Polled between blocks; true stops the scan with a {@link ReadCancelledError}. */
  isCancelled?(): boolean;
}

/** Bytes read per request by the geometry scan. */
const SCAN_BLOCK_BYTES = 4 << 20;
const SU_NAME = /\.su($|[._-])/i;

/** What an open file shows of itself: its layout's facts (samples as samplesPerTrace) and its name. */
type ReaderFacts = Omit<Layout, 'samples' | 'traceHeaderBytes'> & {
  readonly file: string;
  /** Samples per trace. */
  readonly samplesPerTrace: number;
};

/**
 * Base of the reader: a copy of the facts it is made with, as own read-only fields (the layout is
 * fixed at open). The cast says what Object.assign does, which TypeScript cannot work out itself.
 */
const FactFields = class {
  constructor(facts: ReaderFacts) {
    Object.assign(this, facts);
  }
} as new (facts: ReaderFacts) => ReaderFacts;

function readerFacts(source: ByteSource, layout: Layout): ReaderFacts {
  const { samples, traceHeaderBytes: _, ...facts } = layout;
  return { ...facts, file: source.name, samplesPerTrace: samples };
}

/**
 * `source`, keeping a copy of the first bytes the opening read, so telling a refused file's kind from its first
 * bytes reads nothing twice (a refusal reads the headers once, no more).
 */
function headKeeping(source: ByteSource): { source: ByteSource; bytes(length: number): Promise<Uint8Array> } {
  let kept: Uint8Array | undefined;
  return {
    source: {
      size: source.size,
      name: source.name,
      async read(offset, length) {
        const out = await source.read(offset, length);
        if (offset === 0 && (kept?.length ?? 0) < Math.min(out.length, SNIFF_BYTES)) kept = out.slice(0, SNIFF_BYTES);
        return out;
      },
    },
    bytes: async (length) =>
      kept !== undefined && kept.length >= length ? kept.subarray(0, length) : source.read(0, length),
  };
}

/** An open SEG-Y or SU file. */
export class SegyReader extends FactFields {
  private keys: TraceKeys | undefined;
  /** Key fields the geometry scan found written byte-swapped (read the other way from then on). */
  private swappedFields: KeyField[] = [];

  private constructor(
    readonly source: ByteSource,
    private readonly layout: Layout,
  ) {
    super(readerFacts(source, layout));
  }

  /** Opens a file by reading its headers only; throws SegyError when it is not a readable SEG-Y/SU file. */
  static async open(source: ByteSource, kind: SegyKind = 'auto'): Promise<SegyReader> {
    const head = headKeeping(source);
    try {
      return await SegyReader.openAs(head.source, kind);
    } catch (e) {
      if (!(e instanceof SegyError) || source.size === 0) throw e;
      const other = sniffFile(await head.bytes(Math.min(SNIFF_BYTES, source.size)));
      if (!other) throw e;
      const what = `this is ${other.what}, not a SEG-Y or SU file${other.hint ? `: ${other.hint}` : ''}`;
      throw new SegyError(source.name, what, 'file type', 0);
    }
  }

  private static async openAs(source: ByteSource, kind: SegyKind): Promise<SegyReader> {
    if (kind === 'su') return new SegyReader(source, await suLayout(source));
    if (kind === 'auto' && SU_NAME.test(source.name)) {
      try {
        return new SegyReader(source, await suLayout(source));
      } catch (e) {
        // A name is only a hint: a SEG-Y file saved as .su (or "line.su.sgy") opens as SEG-Y; when it does not, the
        // SU reading's message is the one that fits what the name promised.
        if (!(e instanceof SegyError)) throw e;
        try {
          return new SegyReader(source, await segyLayout(source));
        } catch {
          throw e;
        }
      }
    }
    try {
      return new SegyReader(source, await segyLayout(source));
    } catch (e) {
      // A headerless SU file fails as SEG-Y on its format code; only then is SU worth a try.
      if (kind === 'segy' || !(e instanceof SegyError) || e.byteOffset !== 3224) throw e;
      try {
        return new SegyReader(source, await suLayout(source));
      } catch {
        throw e;
      }
    }
  }

  /** Reads traces [first, first+count): one request of count * traceBytes bytes. */
  async readTraces(first: number, count: number): Promise<TraceBlock> {
    this.checkRange(first, count);
    const { samples: ns, traceBytes, traceHeaderBytes, format, endian } = this.layout;
    const offset = this.layout.dataOffset + first * traceBytes;
    const bytes = await readExactly(this.source, offset, count * traceBytes, `trace ${first}`);
    const samples = new Float32Array(count * ns);
    const headers: TraceHeader[] = [];
    let nonFinite = 0;
    for (let t = 0; t < count; t++) {
      const at = t * traceBytes;
      headers.push(this.keyed(parseTraceHeader(bytes, at, endian)));
      const data = bytes.subarray(at + traceHeaderBytes, at + traceBytes);
      nonFinite += decodeSamples(data, format, endian === 'little', samples, t * ns, ns);
    }
    return { first, count, samplesPerTrace: ns, samples, headers, nonFinite };
  }

  /** Reads the standard trace headers of [first, first+count) without decoding samples. */
  async readTraceHeaders(first: number, count: number): Promise<TraceHeader[]> {
    this.checkRange(first, count);
    const out: TraceHeader[] = [];
    await this.forEachHeader(first, count, (bytes, at) => {
      out.push(this.keyed(parseTraceHeader(bytes, at, this.layout.endian)));
    });
    return out;
  }

  /** Scans every trace header once (cached) and classifies the survey; a cancelled scan caches nothing. */
  async scanGeometry(options: ScanOptions = {}): Promise<Geometry> {
    return classifyGeometry(await this.traceKeys(options));
  }

  /** Trace indices of an inline, crossline or gather, ordered along the line. */
  async selectLine(selector: LineSelector): Promise<number[]> {
    return selectTraces(await this.traceKeys(), selector);
  }

  /**
   * A trace header with the key fields the geometry scan found byte-swapped read the same way (see traceKeys), so the
   * line's headers, the readout and the maps written from them say inline 3 where the picker does.
   */
  private keyed(h: TraceHeader): TraceHeader {
    if (this.swappedFields.length === 0) return h;
    return { ...h, ...Object.fromEntries(this.swappedFields.map((f) => [f, byteSwapped(h[f])])) };
  }

  private async traceKeys(options: ScanOptions = {}): Promise<TraceKeys> {
    if (this.keys) return this.keys;
    const n = this.layout.traceCount;
    const keys: TraceKeys = {
      inline: new Int32Array(n),
      crossline: new Int32Array(n),
      offset: new Int32Array(n),
      fieldRecord: new Int32Array(n),
      cdp: new Int32Array(n),
    };
    let i = 0;
    await this.forEachHeader(
      0,
      n,
      (bytes, at) => {
        [keys.inline[i], keys.crossline[i], keys.offset[i], keys.fieldRecord[i], keys.cdp[i]] = readKeyFields(
          bytes,
          at,
          this.layout.endian,
        );
        i++;
      },
      (done) => {
        if (options.isCancelled?.()) throw new ReadCancelledError('header scan');
        options.onProgress?.(done, n);
      },
    );
    // Writers that swapped a key field's bytes (SU files' non-standard inline/crossline, seen in segyio's) would
    // offer inline 16777216 for 1: read such a field in the other byte order and say so.
    const swapped = KEY_FIELD_NAMES.filter(([field]) => unswapKeyField(keys[field]));
    this.swappedFields = swapped.map(([field]) => field);
    this.keys = swapped.length ? { ...keys, swapped: swapped.map(([, name]) => name) } : keys;
    return this.keys;
  }

  /**
   * Visits trace headers in order: whole blocks of traces when traces are small, else one read per header.
   * `afterBlock` gets the headers visited so far after each block (it may throw to stop).
   */
  private async forEachHeader(
    first: number,
    count: number,
    visit: (bytes: Uint8Array, at: number) => void,
    afterBlock?: (done: number) => void,
  ): Promise<void> {
    const { traceBytes, dataOffset } = this.layout;
    const perBlock = Math.max(1, Math.floor(SCAN_BLOCK_BYTES / traceBytes));
    if (traceBytes <= 16 * TRACE_HEADER_BYTES) {
      for (let t = first; t < first + count; t += perBlock) {
        const m = Math.min(perBlock, first + count - t);
        const bytes = await readExactly(this.source, dataOffset + t * traceBytes, m * traceBytes, `trace ${t}`);
        for (let k = 0; k < m; k++) visit(bytes, k * traceBytes);
        afterBlock?.(t + m - first);
      }
      return;
    }
    const batch = 64; // concurrent small reads: far fewer bytes than reading whole traces
    for (let t = first; t < first + count; t += batch) {
      const m = Math.min(batch, first + count - t);
      const reads = Array.from({ length: m }, (_, k) =>
        readExactly(this.source, dataOffset + (t + k) * traceBytes, TRACE_HEADER_BYTES, `trace header ${t + k}`),
      );
      for (const bytes of await Promise.all(reads)) visit(bytes, 0);
      afterBlock?.(t + m - first);
    }
  }

  private checkRange(first: number, count: number): void {
    const n = this.layout.traceCount;
    if (!Number.isInteger(first) || !Number.isInteger(count) || first < 0 || count < 0 || first + count > n) {
      throw new SegyError(
        this.file,
        `traces [${first}, ${first + count}) requested, file has ${n} traces`,
        'trace index',
      );
    }
  }
}
