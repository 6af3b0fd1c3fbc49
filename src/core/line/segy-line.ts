/**
 * Reading a file's summary and one 2D line from an open SegyReader. Pure (no DOM), so the SEG-Y worker runs it
 * and tests can run it on the main thread. Reads go in runs of consecutive traces, so a 2D file or a
 * file-ordered inline is a handful of large reads, and a crossline falls back to one read per trace.
 */
import { ReadCancelledError, SegyError, isSegyError, type GatherKey, type Geometry, type SegyReader } from '../segy';
import { emptySectionHeaders, setSectionTrace } from './section-headers';
import type { LineChoice, ReadProgress, Section, SegyFailure, SegyFailureCode, SegySummary } from './segy-types';

/** Trace headers shown in the header panel. */
export const FIRST_HEADERS = 12;
/** Largest section read into memory, samples (1 GiB of float32 would not fit a tab comfortably). */
export const MAX_SECTION_SAMPLES = 100_000_000;
/** Bytes per read request while reading a line. */
const READ_CHUNK_BYTES = 4 << 20;

export { ReadCancelledError };

/** Thrown when the requested line would exceed {@link MAX_SECTION_SAMPLES}. */
export class SectionTooLargeError extends Error {
  override readonly name = 'SectionTooLargeError';
}

/** The summary of an open file: headers, geometry scan (with progress and cancel) and the first trace headers. */
export async function summarise(reader: SegyReader, options: ReadSectionOptions = {}): Promise<SegySummary> {
  const onProgress = options.onProgress;
  const geometry = await reader.scanGeometry({
    isCancelled: options.isCancelled,
    onProgress: onProgress && ((done, total) => onProgress({ done, total })),
  });
  const firstHeaders = await reader.readTraceHeaders(0, Math.min(FIRST_HEADERS, reader.traceCount));
  return {
    file: reader.file,
    sizeBytes: reader.source.size,
    kind: reader.kind,
    endian: reader.endian,
    format: { code: reader.format.code, name: reader.format.name },
    traceCount: reader.traceCount,
    samplesPerTrace: reader.samplesPerTrace,
    sampleIntervalUs: reader.sampleIntervalUs,
    revision: reader.revision,
    textHeader: reader.textHeader,
    binaryHeader: reader.binaryHeader,
    warnings: reader.warnings,
    geometry,
    firstHeaders,
  };
}

/** The line in words, for titles and file names. */
export function describeLine(choice: LineChoice): string {
  if (choice === null) return 'all traces';
  const off = (s: { offset?: number }) => (s.offset === undefined ? '' : ` offset ${s.offset}`);
  if ('inline' in choice) return `inline ${choice.inline}${off(choice)}`;
  if ('crossline' in choice) return `crossline ${choice.crossline}${off(choice)}`;
  const g = choice.gather;
  return 'fieldRecord' in g ? `shot gather ${g.fieldRecord}` : `CDP gather ${g.inline}/${g.crossline}`;
}

export interface ReadSectionOptions {
  onProgress?: (p: ReadProgress) => void;
  /** Polled between chunks; true stops the read with a {@link ReadCancelledError}. */
  isCancelled?: () => boolean;
}

/** Reads every trace of a line (or of the file, for `null`) into one trace-major section. */
export async function readSection(
  reader: SegyReader,
  choice: LineChoice,
  options: ReadSectionOptions = {},
): Promise<Section> {
  const indices = choice === null ? null : await reader.selectLine(choice);
  const n = indices === null ? reader.traceCount : indices.length;
  const ns = reader.samplesPerTrace;
  if (n === 0 && reader.traceCount === 0)
    throw new SegyError(reader.file, 'the file holds no traces, only its file headers', 'trace count');
  if (n === 0) throw new SegyError(reader.file, `no traces match ${describeLine(choice)}`, 'line selection');
  if (n * ns > MAX_SECTION_SAMPLES) {
    throw new SectionTooLargeError(
      `${reader.file}: ${describeLine(choice)} has ${n} traces × ${ns} samples, more than the ${MAX_SECTION_SAMPLES.toLocaleString('en')} samples a section may hold`,
    );
  }
  const at = (k: number) => (indices === null ? k : (indices[k] as number));
  const s = { samples: new Float32Array(n * ns), ...emptySectionHeaders(n) };
  const perChunk = Math.max(1, Math.floor(READ_CHUNK_BYTES / reader.traceBytes));
  let nonFinite = 0,
    delayMs = 0;
  let k = 0;
  while (k < n) {
    if (options.isCancelled?.()) throw new ReadCancelledError();
    // Longest run of consecutive file indices starting at k, capped at one chunk.
    let len = 1;
    while (len < perChunk && k + len < n && at(k + len) === at(k) + len) len++;
    const block = await reader.readTraces(at(k), len);
    s.samples.set(block.samples, k * ns);
    nonFinite += block.nonFinite;
    block.headers.forEach((h, j) => {
      const i = k + j;
      setSectionTrace(s, i, at(i), h);
      if (i === 0) delayMs = h.delayMs;
    });
    k += len;
    options.onProgress?.({ done: k, total: n });
  }
  return {
    file: reader.file,
    label: describeLine(choice),
    traceCount: n,
    samplesPerTrace: ns,
    sampleIntervalUs: reader.sampleIntervalUs,
    delayMs,
    nonFinite,
    ...s,
  };
}

/**
 * What to say about NaN/Inf samples a float file held, read as 0 (the decoder's count); '' for none. A line with holes
 * like that is classified, but the user should know its data are not all there.
 */
export function nonFiniteNote(count: number): string {
  return count > 0
    ? `${count.toLocaleString('en')} sample${count === 1 ? ' is' : 's are'} NaN or infinite; read as 0`
    : '';
}

/** Buffers of a section, for Comlink.transfer. */
export function sectionBuffers(s: Section): ArrayBuffer[] {
  return [
    s.samples,
    s.fileIndex,
    s.traceSequence,
    s.cdp,
    s.inline,
    s.crossline,
    s.offset,
    s.sourceX,
    s.sourceY,
    s.receiverX,
    s.receiverY,
    s.cdpX,
    s.cdpY,
  ].map((a) => a.buffer as ArrayBuffer);
}

/** An expected failure as a value; anything unexpected becomes `internal` with its message. */
export function toFailure(e: unknown): SegyFailure {
  if (e instanceof SegyError) {
    return {
      ok: false,
      code: 'segy',
      message: e.message,
      file: e.file,
      ...(e.field === undefined ? {} : { field: e.field }),
      ...(e.byteOffset === undefined ? {} : { byteOffset: e.byteOffset }),
    };
  }
  const code: SegyFailureCode =
    e instanceof ReadCancelledError
      ? 'cancelled'
      : e instanceof SectionTooLargeError
        ? 'too-large'
        : isSegyError(e)
          ? 'segy'
          : 'internal';
  return { ok: false, code, message: e instanceof Error ? e.message : String(e) };
}

/** The line shown first: the whole file for 2D, the first inline for 3D, the first gather for prestack. */
export function defaultLine(g: Geometry): LineChoice {
  if (g.kind === '2d') return null;
  if (g.kind === 'prestack' && g.gathers.length > 0) return { gather: g.gathers[0] as GatherKey };
  return { inline: g.inlines[0] as number };
}
