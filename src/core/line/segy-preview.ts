/**
 * A decimated preview of a whole file too large to read as one section (core decimation: every k-th trace and
 * sample), with the kept traces' headers, for the viewer. Reads chunk by chunk, so memory is one chunk plus the
 * preview. Pure (no DOM): the SEG-Y worker runs it.
 */
import { decimateChunk, decimationStep } from '../classify';
import type { SegyReader } from '../segy';
import { emptySectionHeaders, setSectionTrace } from './section-headers';
import { ReadCancelledError, type ReadSectionOptions } from './segy-line';
import type { Section } from './segy-types';

/** Bytes per read while previewing. */
const READ_CHUNK_BYTES = 4 << 20;

/** Every k-th trace and sample of the whole file, k the smallest step keeping the preview within `maxSamples`. */
export async function readPreview(
  reader: SegyReader,
  maxSamples: number,
  options: ReadSectionOptions = {},
): Promise<{ section: Section; step: number }> {
  const total = reader.traceCount,
    ns = reader.samplesPerTrace;
  const step = decimationStep(total, ns, maxSamples);
  const n = Math.ceil(total / step);
  const s = { samples: new Float32Array(n * Math.ceil(ns / step)), ...emptySectionHeaders(n) };
  // Whole multiples of the step per read, so every read starts on a kept trace.
  const per = Math.max(1, Math.floor(Math.max(1, Math.floor(READ_CHUNK_BYTES / reader.traceBytes)) / step)) * step;
  let nonFinite = 0,
    delayMs = 0;
  for (let first = 0; first < total; first += per) {
    if (options.isCancelled?.()) throw new ReadCancelledError();
    const count = Math.min(per, total - first);
    const block = await reader.readTraces(first, count);
    nonFinite += block.nonFinite;
    for (const t of decimateChunk(block.samples, first, count, ns, step, s.samples)) {
      const h = block.headers[t - first]!,
        i = t / step;
      setSectionTrace(s, i, t, h);
      if (t === 0) delayMs = h.delayMs;
    }
    options.onProgress?.({ done: first + count, total });
  }
  const section: Section = {
    file: reader.file,
    label: step === 1 ? 'all traces' : `all traces (preview: 1 in ${step} traces and samples)`,
    traceCount: n,
    samplesPerTrace: Math.ceil(ns / step),
    sampleIntervalUs: reader.sampleIntervalUs * step,
    delayMs,
    nonFinite,
    ...s,
  };
  return { section, step };
}
