/**
 * Fuzzing with fast-check: random byte flips in the 3600-byte file header, in key binary-header
 * fields and in trace headers, plus truncations, of good corpus files. The reader must either
 * return self-consistent data or throw SegyError: never another error, never a hang.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { SegyError, SegyReader, bytesByteSource } from '../../../src/core/segy';
import { CORPUS } from './corpus';

const SOURCES = [
  'segyio/small.sgy',
  'segyio/small-lsb.sgy',
  'segyio/f3.sgy',
  'segyio/multiformats/Format5msb.sgy',
  'segyio/multiformats/Format9lsb.sgy',
  'segyio/small.su',
  'segyio/stanzas-unknown-count.sgy',
  'segyio/rotated-small-rev2.sgy',
  'segyio/decrement.sgy',
].map((file) => ({ file, bytes: new Uint8Array(readFileSync(join(CORPUS, file))) }));

// 0-based offsets of the binary-header fields that steer the layout (interval, ns, format, rev 2 fields).
const KEY_BYTES = [
  3216, 3217, 3220, 3221, 3224, 3225, 3268, 3269, 3270, 3271, 3296, 3299, 3500, 3501, 3504, 3505, 3506, 3507, 3520,
  3527,
];

const mutation = fc.record({
  region: fc.constantFrom('file-header', 'key-field', 'trace-header'),
  pos: fc.nat(),
  value: fc.integer({ min: 0, max: 255 }),
});

it('mutated headers and truncations give consistent data or a SegyError', async () => {
  let opened = 0,
    rejected = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...SOURCES),
      fc.array(mutation, { minLength: 1, maxLength: 6 }),
      fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat() }),
      async (src, mutations, cut) => {
        const bytes = src.bytes.slice();
        const su = src.file.endsWith('.su');
        const headerEnd = su ? 0 : 3600;
        for (const m of mutations) {
          const pos =
            m.region === 'file-header'
              ? m.pos % 3600
              : m.region === 'key-field'
                ? KEY_BYTES[m.pos % KEY_BYTES.length]!
                : // Trace headers of the first traces; for SU also its only "file header", trace 0.
                  headerEnd + (m.pos % 3) * 240 + (m.pos % 240);
          if (pos < bytes.length && !(su && m.region !== 'trace-header')) bytes[pos] = m.value;
        }
        const data = cut === null ? bytes : bytes.subarray(0, cut % (bytes.length + 1));
        const name = src.file.split('/').pop()!;
        try {
          const r = await SegyReader.open(bytesByteSource(data, name));
          expect(r.traceBytes).toBeGreaterThanOrEqual(240 + r.samplesPerTrace * r.format.bytes);
          expect(r.dataOffset + r.traceCount * r.traceBytes).toBe(data.length);
          expect(r.samplesPerTrace).toBeGreaterThan(0);
          const block = await r.readTraces(0, r.traceCount);
          expect(block.samples.length).toBe(r.traceCount * r.samplesPerTrace);
          if (r.format.isFloat) expect(block.samples.every(Number.isFinite)).toBe(true);
          const g = await r.scanGeometry();
          expect(g.traceCount).toBe(r.traceCount);
          expect(r.sampleIntervalUs).toBeGreaterThanOrEqual(0);
          opened++;
        } catch (e) {
          if (!(e instanceof SegyError)) throw e;
          expect(e.message).toContain(name);
          rejected++;
        }
      },
    ),
    { numRuns: 300, seed: 20_240_611 },
  );
  // Both outcomes must be exercised, or the property says nothing.
  expect(opened).toBeGreaterThan(60);
  expect(rejected).toBeGreaterThan(30);
  console.info(`segy fuzz: ${opened} opened, ${rejected} rejected`);
});
