/** The synthetic demo line (core makeSyntheticLine) as a Section, so the classify view can run without a file. */
import { makeSyntheticLine } from '../core/classify';
import { emptySectionHeaders } from '../core/line/section-headers';
import type { Section } from '../core/line/segy-types';

/** A synthetic line with a known BSR, seeded; trace numbers and CDPs count from 1. */
export function demoSection(seed = 1): Section {
  const { section: s } = makeSyntheticLine(seed);
  const n = s.traces;
  const count = Int32Array.from({ length: n }, (_, i) => i + 1);
  return {
    file: 'synthetic demo line',
    label: `seed ${seed}`,
    traceCount: n,
    samplesPerTrace: s.samples,
    sampleIntervalUs: s.dtUs,
    delayMs: 0,
    samples: s.data,
    nonFinite: 0,
    // No geometry: zero headers but for the trace numbers and CDPs.
    ...emptySectionHeaders(n),
    fileIndex: Int32Array.from({ length: n }, (_, i) => i),
    traceSequence: count,
    cdp: count.slice(),
  };
}
