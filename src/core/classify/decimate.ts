/**
 * A decimated picture of a line too large to draw whole: every k-th trace and every k-th sample (one k for both
 * axes, so the picture keeps the line's aspect), read chunk by chunk so the full line is never held. Plain
 * decimation, no anti-alias filter: it is a preview to navigate by; classification always sees full resolution.
 */
import { ClassifyError } from './grid';
import type { Section, TraceSource } from './section';

/** Samples a decimated preview may hold by default (8 Mi float32 = 32 MiB). */
export const DEFAULT_PREVIEW_SAMPLES = 2 ** 23;

/** Smallest step k >= 1 with ceil(traces / k) * ceil(samples / k) <= maxSamples. */
export function decimationStep(traces: number, samples: number, maxSamples = DEFAULT_PREVIEW_SAMPLES): number {
  if (!(maxSamples >= 1)) throw new ClassifyError(`maxSamples must be at least 1, got ${maxSamples}`);
  let k = Math.max(1, Math.floor(Math.sqrt((traces * samples) / maxSamples)));
  while (k > 1 && Math.ceil(traces / (k - 1)) * Math.ceil(samples / (k - 1)) <= maxSamples) k--;
  while (Math.ceil(traces / k) * Math.ceil(samples / k) > maxSamples) k++;
  return k;
}

/**
 * Copies the kept samples of a chunk of traces [first, first+count) (trace-major, `samples` per trace) into
 * `out`, a decimated section of ceil(samples / step) samples per trace; returns the kept traces' indices.
 */
export function decimateChunk(
  chunk: Float32Array,
  first: number,
  count: number,
  samples: number,
  step: number,
  out: Float32Array,
): number[] {
  const outSamples = Math.ceil(samples / step);
  const kept: number[] = [];
  for (let t = Math.ceil(first / step) * step; t < first + count; t += step) {
    const src = (t - first) * samples,
      dst = (t / step) * outSamples;
    for (let s = 0, j = 0; s < samples; s += step, j++) out[dst + j] = chunk[src + s]!;
    kept.push(t);
  }
  return kept;
}

/** Every `step`-th trace and sample of the line, read `chunkTraces` traces at a time; dtUs scaled by `step`. */
export async function readDecimated(src: TraceSource, step: number, chunkTraces = 256): Promise<Section> {
  if (!Number.isInteger(step) || step < 1)
    throw new ClassifyError(`decimation step must be a positive integer, got ${step}`);
  const traces = Math.ceil(src.traceCount / step),
    samples = Math.ceil(src.samplesPerTrace / step);
  const data = new Float32Array(traces * samples);
  // Whole multiples of the step per read, so every read starts on a kept trace.
  const per = Math.max(1, Math.floor(chunkTraces / step)) * step;
  for (let first = 0; first < src.traceCount; first += per) {
    const count = Math.min(per, src.traceCount - first);
    decimateChunk(await src.readChunk(first, count), first, count, src.samplesPerTrace, step, data);
  }
  return { traces, samples, dtUs: src.sampleIntervalUs * step, data };
}
