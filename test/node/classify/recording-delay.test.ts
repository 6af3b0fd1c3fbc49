/** The app's classify request carries the line's recording delay in samples, so the seabed multiple lands where it is. */
import { expect, it } from 'vitest';
import { delaySamplesOf } from '../../../src/app/classify-client';

it('converts the first trace delay to samples, and is 0 when the delay or the interval is unknown', () => {
  const line = { traceCount: 1, samplesPerTrace: 1, samples: new Float32Array(1) };
  expect(delaySamplesOf({ ...line, sampleIntervalUs: 4000, delayMs: 200 })).toBe(50);
  expect(delaySamplesOf({ ...line, sampleIntervalUs: 2000, delayMs: 0 })).toBe(0);
  expect(delaySamplesOf({ ...line, sampleIntervalUs: 4000 })).toBe(0);
  expect(delaySamplesOf({ ...line, sampleIntervalUs: 0, delayMs: 100 })).toBe(0);
});
