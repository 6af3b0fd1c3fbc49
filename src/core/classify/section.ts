/**
 * A seismic section ready for classification: the whole line standardised with the generator's
 * keep-polarity function, one scale for the line (spn-reference §1), computed by an exact two-pass
 * streaming percentile over trace chunks so the raw file is never held twice. The standardised
 * section is then kept whole (trace-major float32): it is also what the viewer draws, and a
 * 534 x 1501 line is 3.2 MB.
 */
import type { SegyReader } from '../segy/reader';
import {
  applyKeepPolarity,
  boundsFromAccumulator,
  keepPolarityAccumulator,
  type KeepPolarityBounds,
} from '../synthetic/standardise';
import type { PercentileAccumulator } from '../synthetic/percentile';
import { ReadCancelledError } from '../segy/errors';
import { ClassifyError } from './grid';

/** Largest section held whole, in samples (256 Mi float32 = 1 GiB). */
export const MAX_SECTION_SAMPLES = 2 ** 28;

/** A 2D section, trace-major: sample s of trace t is data[t * samples + s] (time increases with s). */
export interface Section {
  traces: number;
  samples: number;
  /** Sample interval in µs (0 = unknown). */
  dtUs: number;
  data: Float32Array;
}

/** Anything that reads blocks of whole traces: a SEG-Y reader, an array in memory... */
export interface TraceSource {
  readonly traceCount: number;
  readonly samplesPerTrace: number;
  /** Sample interval in µs (0 = unknown). */
  readonly sampleIntervalUs: number;
  /** Traces [first, first+count), trace-major. */
  readChunk(first: number, count: number): Promise<Float32Array>;
}

/** What a TraceSource is without its reads: sent ahead of a source served from another worker over a port. */
export type TraceSourceShape = Omit<TraceSource, 'readChunk'>;

/** The reads of a TraceSource, as served over a MessagePort (comlink) by the worker that holds the open file. */
export type TraceChunkReader = Pick<TraceSource, 'readChunk'>;

/** A TraceSource over an open SEG-Y/SU file. */
export function segyTraceSource(reader: SegyReader): TraceSource {
  return {
    traceCount: reader.traceCount,
    samplesPerTrace: reader.samplesPerTrace,
    sampleIntervalUs: reader.sampleIntervalUs,
    readChunk: async (first, count) => (await reader.readTraces(first, count)).samples,
  };
}

/** A TraceSource over a trace-major section already in memory (tests, synthetic lines). */
export function sectionTraceSource(section: Section): TraceSource {
  const { traces, samples } = section;
  return {
    traceCount: traces,
    samplesPerTrace: samples,
    sampleIntervalUs: section.dtUs,
    readChunk: (first, count) => Promise.resolve(section.data.subarray(first * samples, (first + count) * samples)),
  };
}

/**
 * `src` with every read checking `isCancelled` first (a ReadCancelledError naming `what`): long passes over a file,
 * such as the presentation planning of a big line, stop at the next read instead of running on.
 */
export function cancellableSource(src: TraceSource, isCancelled: () => boolean, what: string): TraceSource {
  return {
    ...src,
    readChunk: (first, count) => {
      if (isCancelled()) throw new ReadCancelledError(what);
      return src.readChunk(first, count);
    },
  };
}

/** Options of {@link sectionBounds} and {@link loadStandardisedSection}. */
export interface SectionReadOptions {
  /** Traces per read (default 256). */
  chunkTraces?: number;
  /** Called after each chunk of each pass: done/total chunk reads. */
  onProgress?(done: number, total: number): void;
}

/** Throws a ClassifyError unless the line has traces and samples and fits {@link MAX_SECTION_SAMPLES} held whole. */
export function checkHeldWhole(traces: number, samples: number): void {
  if (traces < 1 || samples < 1)
    throw new ClassifyError(`the line has ${traces} traces of ${samples} samples; nothing to classify`);
  if (traces * samples > MAX_SECTION_SAMPLES)
    throw new ClassifyError(
      `${traces} x ${samples} samples exceed the ${MAX_SECTION_SAMPLES}-sample limit for a section held whole`,
    );
}

/**
 * Reads every chunk of `chunkTraces` traces in order, `visit(chunk, firstTrace)` then `tick()`; a read that
 * returns the wrong number of samples is a ClassifyError.
 */
export async function eachChunk(
  src: TraceSource,
  chunkTraces: number,
  visit: (chunk: Float32Array, first: number) => void,
  tick?: () => void,
): Promise<void> {
  for (let first = 0; first < src.traceCount; first += chunkTraces) {
    const count = Math.min(chunkTraces, src.traceCount - first);
    const chunk = await src.readChunk(first, count);
    if (chunk.length !== count * src.samplesPerTrace)
      throw new ClassifyError(
        `trace read ${first}+${count} returned ${chunk.length} samples, expected ${count * src.samplesPerTrace}`,
      );
    visit(chunk, first);
    tick?.();
  }
}

function chunkOf(opts: SectionReadOptions): number {
  const n = opts.chunkTraces ?? 256;
  if (!Number.isInteger(n) || n < 1) throw new ClassifyError(`chunkTraces must be a positive integer, got ${n}`);
  return n;
}

/** Keep-polarity bounds of the whole line, two streaming passes; independent of the chunk size. */
export async function sectionBounds(src: TraceSource, opts: SectionReadOptions = {}): Promise<KeepPolarityBounds> {
  const chunk = chunkOf(opts);
  const total = 2 * Math.ceil(src.traceCount / chunk);
  let done = 0;
  const acc = keepPolarityAccumulator();
  for (let pass = 0; pass < 2; pass++) await accumulatePass(src, chunk, acc, () => opts.onProgress?.(++done, total));
  return boundsFromAccumulator(acc);
}

/** One streaming pass of the keep-polarity percentile over the line. */
async function accumulatePass(
  src: TraceSource,
  chunk: number,
  acc: PercentileAccumulator,
  tick: () => void,
): Promise<void> {
  await eachChunk(src, chunk, (c) => acc.add(c), tick);
  acc.endPass();
}

/** Reads the line, standardises it with its own keep-polarity bounds, and returns it whole. */
export async function loadStandardisedSection(
  src: TraceSource,
  opts: SectionReadOptions = {},
): Promise<{ section: Section; bounds: KeepPolarityBounds }> {
  const { traceCount: traces, samplesPerTrace: samples } = src;
  checkHeldWhole(traces, samples);
  const chunk = chunkOf(opts);
  const total = 2 * Math.ceil(traces / chunk);
  let done = 0;
  const data = new Float32Array(traces * samples);
  const acc = keepPolarityAccumulator();
  const tick = () => opts.onProgress?.(++done, total);
  await accumulatePass(src, chunk, acc, tick);
  // Pass 2 also copies the raw traces out, so the file is read twice, not three times.
  await eachChunk(
    src,
    chunk,
    (c, first) => {
      acc.add(c);
      data.set(c, first * samples);
    },
    tick,
  );
  acc.endPass();
  const bounds = boundsFromAccumulator(acc);
  applyKeepPolarity(data, bounds);
  return { section: { traces, samples, dtUs: src.sampleIntervalUs, data }, bounds };
}

/**
 * Cuts the patch at (firstTrace, firstSample) of pSamples x pTraces with TIME DOWN: patch row r is
 * sample firstSample + r, column c is trace firstTrace + c, row-major, like the generator's patches.
 */
export function cutPatch(
  section: Section,
  firstTrace: number,
  firstSample: number,
  pTraces: number,
  pSamples: number,
  out = new Float32Array(pTraces * pSamples),
  offset = 0,
): Float32Array {
  const { data, samples } = section;
  for (let c = 0; c < pTraces; c++) {
    const base = (firstTrace + c) * samples + firstSample;
    for (let r = 0; r < pSamples; r++) out[offset + r * pTraces + c] = data[base + r]!;
  }
  return out;
}
