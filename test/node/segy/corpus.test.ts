/**
 * One test per corpus file listed in MANIFEST.md: files with a segyio oracle must match it; files
 * segyio cannot open have their expectation from the manifest's "expected behaviour" column below.
 */
import { describe, expect, it } from 'vitest';
import { SegyError, traceStats } from '../../../src/core/segy';
import { allSamples, base, close, manifestRows, openError, oracleFor, withReader, type Oracle } from './corpus';

/** Manifest expectations for the files without an oracle (segyio 1.8.3 fails on them). */
type Special =
  | { readonly reject: { readonly field: RegExp; readonly byteOffset: number } }
  | {
      readonly traces: number;
      readonly samples: number;
      readonly sameAs?: string;
      readonly allZero?: boolean;
      readonly range?: [number, number];
    };

const SPECIAL: Record<string, Special> = {
  'segyio/broken.sgy': { reject: { field: /^trace 3$/, byteOffset: 3600 + 2 * 3200 + 3 * 256 } },
  'segyio/decrement.sgy': { traces: 5, samples: 4, allZero: true },
  'segyio/decrement-lsb.sgy': { traces: 5, samples: 4, allZero: true },
  'segyio/increment.sgy': { traces: 5, samples: 4, allZero: true },
  'segyio/increment-lsb.sgy': { traces: 5, samples: 4, allZero: true },
  'segyio/long.sgy': { traces: 3, samples: 60000, range: [0, 0.7505] },
  'segyio/rotated-small-rev2.sgy': { traces: 25, samples: 50, sameAs: 'segyio/small.sgy' },
  'segyio/stanzas-unknown-count.sgy': { traces: 6, samples: 4, sameAs: 'segyio/stanzas-known-count.sgy' },
  'segyio/text.sgy': { traces: 0, samples: 1 },
  'segyio/trace-header-extension1.sgy': { traces: 6, samples: 4, sameAs: 'segyio/tiny.sgy' },
  'segyio/trace-header-extensions.sgy': { traces: 2, samples: 4, sameAs: 'segyio/tiny.sgy' },
  'segyio/multiformats/Format4lsb.sgy': { reject: { field: /sample format code/, byteOffset: 3224 } },
  'segyio/multiformats/Format4msb.sgy': { reject: { field: /sample format code/, byteOffset: 3224 } },
};

/**
 * segyio 1.8.3 decodes unnormalised IBM floats (top hex digit of the mantissa 0) wrongly: its
 * table-driven ibm_native shifts by the top 3 mantissa bits only. 178 of the 2001 samples of this
 * file are unnormalised; these values are the exact decoding (numpy: sign * mant * 16^(exp-64) / 2^24).
 */
const EXACT_IBM: Record<string, Record<string, { mean: number; sum_abs: number }>> = {
  'obspy/00001034.sgy_first_trace': { 0: { mean: -2.618512437743036e-12, sum_abs: 3.182826772379945e-7 } },
};

const rows = manifestRows();

it('the manifest lists the corpus and every error-oracle file has a written expectation', () => {
  expect(rows.length).toBeGreaterThan(60);
  for (const { file } of rows) {
    if (oracleFor(file).error !== undefined) expect(SPECIAL[file], file).toBeDefined();
  }
});

describe.each(rows.filter((r) => oracleFor(r.file).error === undefined))('oracle: $file', ({ file }) => {
  it('matches segyio metadata and trace statistics', async () => {
    const o: Oracle = oracleFor(file);
    await withReader(file, async (r) => {
      expect(r.kind).toBe(o.kind);
      expect(r.traceCount).toBe(o.tracecount);
      expect(r.samplesPerTrace).toBe(o.samples);
      expect(r.sampleIntervalUs).toBe(o.dt_us);
      expect(r.format.code).toBe(o.format);
      expect(r.endian).toBe(o.endian);
      if (o.ext_headers !== null) expect(r.extendedTextHeaders.length).toBe(o.ext_headers);
      const scale = Math.max(Math.abs(o.global.min), Math.abs(o.global.max));
      for (const oracleTrace of Object.values(o.traces)) {
        const t = { ...oracleTrace, ...EXACT_IBM[file]?.[String(oracleTrace.index)] };
        const block = await r.readTraces(t.index, 1);
        const s = traceStats(block.samples, 0, r.samplesPerTrace);
        expect(close(s.min, t.min, 1e-6, scale), `min of trace ${t.index}`).toBe(true);
        expect(close(s.max, t.max, 1e-6, scale), `max of trace ${t.index}`).toBe(true);
        // The mean cancels; bound its error by the mean magnitude (sum of summation-order errors).
        expect(
          close(s.mean, t.mean, 1e-6, Math.max(scale * 1e-3, t.sum_abs / r.samplesPerTrace)),
          `mean of trace ${t.index}: ${s.mean} vs ${t.mean}`,
        ).toBe(true);
        expect(close(s.sum_abs, t.sum_abs, 1e-6), `sum_abs of trace ${t.index}`).toBe(true);
        t.first5.forEach((v, k) => expect(close(block.samples[k]!, v, 1e-6, scale)).toBe(true));
      }
    });
  });
});

describe.each(rows.filter((r) => oracleFor(r.file).error !== undefined))('manifest: $file', ({ file }) => {
  it('behaves as the manifest expects', async () => {
    const spec = SPECIAL[file]!;
    if ('reject' in spec) {
      const e = await openError(file);
      expect(e).toBeInstanceOf(SegyError);
      const err = e as SegyError;
      expect(err.file).toBe(base(file));
      expect(err.field).toMatch(spec.reject.field);
      expect(err.byteOffset).toBe(spec.reject.byteOffset);
      expect(err.message).toContain(base(file));
      expect(err.message).toContain(err.field!);
      expect(err.message).toContain(`byte offset ${spec.reject.byteOffset}`);
      return;
    }
    const samples = await withReader(file, async (r) => {
      expect(r.traceCount).toBe(spec.traces);
      expect(r.samplesPerTrace).toBe(spec.samples);
      if (spec.traces === 0) expect(r.textHeader.length).toBeGreaterThan(0);
      return (await r.readTraces(0, r.traceCount)).samples;
    });
    if (spec.allZero) expect(samples.every((x) => x === 0)).toBe(true);
    if (spec.range) {
      const s = traceStats(samples, 0, samples.length);
      expect(s.min).toBe(spec.range[0]);
      expect(close(s.max, spec.range[1], 1e-4)).toBe(true);
    }
    if (spec.sameAs) {
      const reference = await allSamples(spec.sameAs);
      expect(Array.from(samples)).toEqual(Array.from(reference.subarray(0, samples.length)));
    }
  });
});
