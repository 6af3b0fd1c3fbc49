/** One test per corrupt/ file, following its .json sidecar's `expect`. */
import { describe, expect, it } from 'vitest';
import { SegyError } from '../../../src/core/segy';
import { allSamples, corruptSidecars, openError, withReader } from './corpus';

const sourcePath = (source: string) =>
  source.startsWith('Format') ? `segyio/multiformats/${source}` : `segyio/${source}`;

/**
 * Files whose sidecar also accepts rejection, where the reader chooses to reject: mixed byte order decodes to
 * garbage, so it is refused (src/core/segy/byte-order.ts) instead of read with a warning.
 */
const REJECTED_THOUGH_READABLE = new Set(['binheader-byteswapped.sgy']);

describe.each(corruptSidecars())('corrupt/$file ($expect)', (car) => {
  const file = `corrupt/${car.file}`;
  const reject = car.expect === 'reject' || REJECTED_THOUGH_READABLE.has(car.file);
  if (REJECTED_THOUGH_READABLE.has(car.file)) expect(car.also_acceptable).toBe('reject');
  it(
    reject ? 'is rejected with a SegyError naming file, field and byte offset' : 'reads as the sidecar says',
    async () => {
      if (reject) {
        const e = await openError(file);
        expect(e).toBeInstanceOf(SegyError);
        const err = e as SegyError;
        expect(err.file).toBe(car.file);
        expect(err.field).toBeTruthy();
        expect(err.byteOffset).toBeTypeOf('number');
        expect(err.message).toContain(car.file);
        expect(err.message).toContain(err.field!);
        expect(err.message).toContain(`byte offset ${err.byteOffset}`);
        return;
      }
      const samples = await withReader(file, async (r) => {
        expect(r.traceCount).toBe(car.expected_tracecount);
        const block = await r.readTraces(0, r.traceCount);
        expect(block.samples.every(Number.isFinite)).toBe(true);
        return block.samples;
      });
      const reference = await allSamples(sourcePath(car.source));
      if (car.expect === 'read') expect(Array.from(samples)).toEqual(Array.from(reference));
      else expect(Array.from(samples)).not.toEqual(Array.from(reference));
    },
  );
});

it('names the byte offset where a partial trace starts', async () => {
  const err = (await openError('corrupt/trunc-mid-trace.sgy')) as SegyError;
  // small.sgy: 3600-byte head, 440-byte traces; cut 9220 bytes in leaves 12 whole traces.
  expect(err.byteOffset).toBe(3600 + 12 * 440);
  expect(err.field).toBe('trace 12');
  // Says what to do, not only what is wrong.
  expect(err.message).toMatch(/12 whole traces, then a partial one of 340 bytes/);
  expect(err.message).toMatch(/looks cut short .*copy it again/);
});

it('says when the sample interval is unknown although a header gives one (times become samples)', async () => {
  const warnings = await withReader('segyio/interval-pos-bin-neg-trace.sgy', async (r) => {
    expect(r.sampleIntervalUs).toBe(0);
    return r.warnings;
  });
  expect(warnings).toContain(
    'sample interval unknown: the binary header says 2000 µs (bytes 3217-3218) and trace header 0 says -25000 µs (bytes 117-118), which do not agree on one positive value; times are given in samples',
  );
  // Both agreeing: no such warning.
  expect(await withReader('segyio/small.sgy', async (r) => r.warnings)).toEqual([]);
});

it('says the binary header is wrong, not the file cut short, when trace header 0 tiles the file', async () => {
  const { writeSegy } = await import('../../../src/core/segy/write');
  const { SegyReader, bytesByteSource } = await import('../../../src/core/segy');
  const traces = 30,
    samples = 70;
  const bytes = writeSegy({ traces, samples, dtUs: 4000, data: new Float32Array(traces * samples).fill(1) });
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect(v.getUint16(3600 + 114)).toBe(samples); // trace header 0 keeps 70
  v.setUint16(3220, 100); // the binary header says 100
  const err = (await SegyReader.open(bytesByteSource(bytes, 'binns.sgy')).catch((e: unknown) => e)) as SegyError;
  expect(err).toBeInstanceOf(SegyError);
  expect(err.field).toBe('samples per trace (bytes 3221-3222)');
  expect(err.byteOffset).toBe(3220);
  expect(err.message).toContain(
    'says 100, which does not tile the file, but trace header 0 says 70 samples (bytes 115-116), with which it is exactly 30 whole traces: the binary header looks wrong',
  );
  expect(err.message).not.toMatch(/cut short/);
});
