/** Text headers, trace-header fields with scalars, byte sources and the geometry scan on corpus files. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SegyReader, blobByteSource, bytesByteSource } from '../../../src/core/segy';
import { CORPUS, manifestRows, withReader } from './corpus';
import { unswapKeyField } from '../../../src/core/segy/byte-order';
import { readSection } from '../../../src/core/line/segy-line';

describe('textual headers', () => {
  it('decodes EBCDIC and ASCII, survives NUL bytes and reads extended headers', async () => {
    await withReader('segyio/small.sgy', async (r) => {
      expect(r.textEncoding).toBe('ebcdic');
      expect(r.textHeader.split('\n')[0]).toBe('C 1 DATE: 2016-09-19');
    });
    await withReader('obspy/1.sgy_first_trace', async (r) => expect(r.textEncoding).toBe('ascii'));
    await withReader('segyio/text-embed-null.sgy', async (r) => {
      expect(r.textHeader.split('\n')[0]).toMatch(/^C 1 /);
      expect(r.textHeader).not.toContain('\u0000');
    });
    await withReader('segyio/multi-text.sgy', async (r) => expect(r.extendedTextHeaders).toHaveLength(4));
    await withReader('segyio/stanzas-unknown-count.sgy', async (r) => {
      expect(r.extendedTextHeaders).toHaveLength(3);
      expect(r.extendedTextHeaders[2]).toMatch(/^\(\(\s*seg: endTEXt\s*\)\)/);
    });
  });
});

describe('trace headers', () => {
  it('applies the time scalar to the delay (10000 with scalar -10 is 1000 ms)', async () => {
    await withReader('segyio/delay-scalar.sgy', async (r) => {
      const [h] = await r.readTraceHeaders(0, 1);
      expect(h!.delayMs).toBe(1000);
    });
  });
  it('applies the coordinate scalar and reads inline/crossline at bytes 189/193', async () => {
    await withReader('seisplot/F3_very_small.sgy', async (r) => {
      const [h0, h1] = await r.readTraceHeaders(0, 2);
      expect(h0!.inline).toBe(200);
      expect(h1!.crossline).toBe(401);
      expect(h0!.sourceX).toBeCloseTo(608264.7, 6);
      expect(h0!.cdpY).toBeCloseTo(6076125.2, 6);
      expect(h0!.samples).toBe(463);
      expect(h0!.sampleInterval).toBe(4000);
    });
  });
  it('reads the same headers as readTraces does', async () => {
    await withReader('seisplot/31_81_PR.sgy', async (r) => {
      const block = await r.readTraces(100, 3);
      expect(await r.readTraceHeaders(100, 3)).toEqual(block.headers);
      expect(block.headers.map((h) => h.cdp)).toEqual([201, 202, 203]);
    });
  });
});

describe('byte sources', () => {
  it('a Blob and in-memory bytes read the same as the file handle', async () => {
    const bytes = new Uint8Array(readFileSync(join(CORPUS, 'segyio/f3-lsb.sgy')));
    const fromBlob = await SegyReader.open(blobByteSource(new Blob([bytes]), 'f3-lsb.sgy'));
    const fromBytes = await SegyReader.open(bytesByteSource(bytes, 'f3-lsb.sgy'));
    const a = await fromBlob.readTraces(0, fromBlob.traceCount);
    const b = await fromBytes.readTraces(0, fromBytes.traceCount);
    const c = await withReader('segyio/f3-lsb.sgy', (r) => r.readTraces(0, r.traceCount));
    expect(a.samples).toEqual(c.samples);
    expect(b.samples).toEqual(c.samples);
  });
  it('recognises SU data without a .su name (SEG-Y fails on the format code, SU tiles the file)', async () => {
    for (const file of ['segyio/small.su', 'segyio/small-lsb.su']) {
      const bytes = new Uint8Array(readFileSync(join(CORPUS, file)));
      const r = await SegyReader.open(bytesByteSource(bytes, 'upload.dat'));
      expect([r.kind, r.traceCount, r.samplesPerTrace]).toEqual(['su', 25, 50]);
      expect(r.endian).toBe(file.includes('lsb') ? 'little' : 'big');
    }
  });
  it('opens a SEG-Y file named as SU (".su", "line.su.sgy") as SEG-Y; SU data so named still opens as SU', async () => {
    const bytes = new Uint8Array(readFileSync(join(CORPUS, 'segyio/small.sgy')));
    for (const name of ['small.su', 'small.su.sgy', 'small.su_copy']) {
      const r = await SegyReader.open(bytesByteSource(bytes, name));
      expect([r.kind, r.traceCount, r.samplesPerTrace]).toEqual(['segy', 25, 50]);
    }
    const su = await SegyReader.open(
      bytesByteSource(new Uint8Array(readFileSync(join(CORPUS, 'segyio/small.su'))), 'x.su'),
    );
    expect(su.kind).toBe('su');
    // Neither: the message is the SU reading's, which the name promised.
    await expect(SegyReader.open(bytesByteSource(new Uint8Array(4000).fill(0x41), 'junk.su'))).rejects.toThrow(
      /Seismic Unix/,
    );
  });
  it('reads the same revision from a file in either byte order (segyio stores it as a 16-bit integer)', async () => {
    for (const [n, rev] of [
      [1, { major: 1, minor: 0 }],
      [5, { major: 1, minor: 0 }],
      [6, { major: 2, minor: 0 }],
      [9, { major: 2, minor: 0 }],
    ] as const) {
      for (const order of ['msb', 'lsb']) {
        const r = await withReader(`segyio/multiformats/Format${n}${order}.sgy`, async (x) => x);
        expect([n, order, r.revision]).toEqual([n, order, rev]);
      }
    }
    // Our own writer's rev 1 (0x0100, big-endian) and a rev 2.1 written byte-wise stay as written.
    const head = new Uint8Array(readFileSync(join(CORPUS, 'segyio/small.sgy')));
    head.set([2, 1], 3500);
    const r21 = await SegyReader.open(bytesByteSource(head, 'r21.sgy'));
    expect(r21.revision).toEqual({ major: 2, minor: 1 });
  });
  it('a file of headers only is said to hold no traces (not "no traces match all traces")', async () => {
    await withReader('segyio/text.sgy', async (r) => {
      await expect(readSection(r, null)).rejects.toThrow(
        'text.sgy: trace count: the file holds no traces, only its file headers',
      );
    });
  });
  it('rejects a trace range outside the file', async () => {
    await withReader('segyio/tiny.sgy', async (r) => {
      await expect(r.readTraces(5, 2)).rejects.toThrow(/trace index.*\[5, 7\).*6 traces/);
    });
  });
});

// Geometry column of MANIFEST.md, e.g. "3D post-stack: 5 il x 5 xl" or "prestack: 4 il x 3 xl x 2 offsets".
const GEOMETRY = /(\d+) il x (\d+) xl(?: x (\d+) offsets)?/;

describe.each(manifestRows().filter((r) => GEOMETRY.test(r.geometry)))('geometry: $file', ({ file, geometry }) => {
  it(`matches the manifest (${geometry.match(GEOMETRY)![0]})`, async () => {
    const [, il, xl, off] = geometry.match(GEOMETRY)!;
    await withReader(file, async (r) => {
      const g = await r.scanGeometry();
      expect(g.inlines).toHaveLength(Number(il));
      expect(g.crosslines).toHaveLength(Number(xl));
      if (off) {
        expect(g.kind).toBe('prestack');
        expect(g.offsets).toHaveLength(Number(off));
        expect(g.gathers).toHaveLength(Number(il) * Number(xl));
      } else {
        expect(g.kind).toBe('3d-poststack');
      }
    });
  });
});

describe('key fields stored byte-swapped by their writer', () => {
  it("reads segyio's little-endian SU file's inline/crossline as small.sgy's, and says so", async () => {
    // segyio writes the non-standard SU inline/crossline words big-endian into a little-endian file.
    await withReader('segyio/small-lsb.su', async (su) => {
      const heads = await su.readTraceHeaders(0, 2);
      expect(heads.map((h) => h.inline)).toEqual([2 ** 24, 2 ** 24]);
      const g = await su.scanGeometry();
      expect(g.inlines).toEqual([1, 2, 3, 4, 5]);
      expect(g.crosslines).toEqual([20, 21, 22, 23, 24]);
      expect(g.swappedKeys).toEqual(['inline (bytes 189-192)', 'crossline (bytes 193-196)']);
      // From the scan on, the headers read the fields the same way (the line's readout and maps say inline 1).
      const after = await su.readTraceHeaders(0, 2);
      expect(after.map((h) => [h.inline, h.crossline])).toEqual([
        [1, 20],
        [1, 21],
      ]);
      expect((await su.readTraces(5, 1)).headers[0]).toMatchObject({ inline: 2, crossline: 20 });
      await withReader('segyio/small.sgy', async (sgy) => {
        expect(await su.selectLine({ crossline: 22 })).toEqual(await sgy.selectLine({ crossline: 22 }));
        expect((await sgy.scanGeometry()).swappedKeys).toBeUndefined();
      });
    });
  });
  it('leaves a field alone when any value is plausible as written, or all are zero', () => {
    const mixed = Int32Array.from([0, 2 ** 24, 2 ** 25, 7]);
    expect(unswapKeyField(mixed)).toBe(false);
    expect([...mixed]).toEqual([0, 2 ** 24, 2 ** 25, 7]);
    expect(unswapKeyField(new Int32Array(3))).toBe(false);
    // Large values that stay large when swapped (coordinates, big record numbers) are not a byte-order slip.
    expect(unswapKeyField(Int32Array.from([123_456_789, 223_456_789]))).toBe(false);
    const swapped = Int32Array.from([0, 2 ** 24, 0x2c010000, -16777217]);
    expect(unswapKeyField(swapped)).toBe(true);
    expect([...swapped]).toEqual([0, 1, 300, -2]);
  });
});

describe('line selection', () => {
  it('cuts inlines and crosslines from a 3D cube, ordered along the line', async () => {
    await withReader('segyio/small.sgy', async (r) => {
      const inline3 = await r.selectLine({ inline: 3 });
      expect(inline3).toEqual([10, 11, 12, 13, 14]);
      const xl22 = await r.selectLine({ crossline: 22 });
      expect(xl22).toEqual([2, 7, 12, 17, 22]);
      const heads = await r.readTraceHeaders(0, r.traceCount);
      expect(xl22.map((i) => heads[i]!.inline)).toEqual([1, 2, 3, 4, 5]);
      expect(await r.selectLine({ inline: 99 })).toEqual([]);
    });
  });
  it('selects prestack gathers by inline/crossline and by field record', async () => {
    await withReader('segyio/small-ps.sgy', async (r) => {
      const g = await r.selectLine({ gather: { inline: 2, crossline: 2 } });
      const heads = await r.readTraceHeaders(0, r.traceCount);
      expect(g.map((i) => [heads[i]!.inline, heads[i]!.crossline, heads[i]!.offset])).toEqual([
        [2, 2, 1],
        [2, 2, 2],
      ]);
      expect(await r.selectLine({ inline: 4, offset: 2 })).toHaveLength(3);
    });
    await withReader('segyio/shot-gather.sgy', async (r) => {
      const geo = await r.scanGeometry();
      expect(geo.kind).toBe('prestack');
      expect(geo.gathers).toEqual([2, 3, 5, 8].map((fieldRecord) => ({ fieldRecord })));
      const sizes = await Promise.all(geo.gathers.map((gather) => r.selectLine({ gather })));
      expect(sizes.reduce((s, x) => s + x.length, 0)).toBe(61);
    });
  });
  it('calls a stacked 2D line with unique CDPs "2d"', async () => {
    await withReader('seisplot/31_81_PR.sgy', async (r) => {
      const g = await r.scanGeometry();
      expect(g.kind).toBe('2d');
      expect(g.fieldRecords[0]).toBe(111);
      expect(g.fieldRecords[g.fieldRecords.length - 1]).toBe(167);
    });
  });
});
