/** Chunked reading equals one-shot reading, and IBM decoding is fast enough for interactive use. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SegyReader, bytesByteSource, sampleFormat } from '../../../src/core/segy';
import { decodeSamples, ibmFromWord } from '../../../src/core/segy/formats';
import { CORPUS, withReader } from './corpus';

describe('seisplot/31_81_PR.sgy (534 traces x 1501 samples, IBM, 4 ms)', () => {
  it('reads the same in small chunks as at once', async () => {
    await withReader('seisplot/31_81_PR.sgy', async (r) => {
      expect([r.traceCount, r.samplesPerTrace, r.sampleIntervalUs, r.format.code]).toEqual([534, 1501, 4000, 1]);
      const whole = await r.readTraces(0, r.traceCount);
      const pieces = new Float32Array(whole.samples.length);
      for (let t = 0; t < r.traceCount; t += 7) {
        const m = Math.min(7, r.traceCount - t);
        const block = await r.readTraces(t, m);
        expect(block.headers).toEqual(whole.headers.slice(t, t + m));
        pieces.set(block.samples, t * r.samplesPerTrace);
      }
      expect(pieces).toEqual(whole.samples);
      expect(whole.nonFinite).toBe(0);
    });
  });

  it('decodes the whole line in well under 100 ms', async () => {
    const bytes = new Uint8Array(readFileSync(join(CORPUS, 'seisplot/31_81_PR.sgy')));
    const r = await SegyReader.open(bytesByteSource(bytes, '31_81_PR.sgy'));
    let best = Infinity;
    for (let k = 0; k < 5; k++) {
      const t0 = performance.now();
      await r.readTraces(0, r.traceCount);
      best = Math.min(best, performance.now() - t0);
    }
    expect(best).toBeLessThan(100);
  });
});

describe('IBM float decoding', () => {
  it('fast path equals the definition sign * mant * 16^(exp-64) / 2^24 on random words', () => {
    const n = 100_000;
    const words = new Uint32Array(n);
    let x = 12345;
    for (let i = 0; i < n; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      words[i] = Math.imul(x, 2654435761) >>> 0;
    }
    // Big-endian bytes as in a file.
    const bytes = new Uint8Array(n * 4);
    const view = new DataView(bytes.buffer);
    words.forEach((w, i) => view.setUint32(i * 4, w, false));
    const out = new Float32Array(n);
    const bad = decodeSamples(bytes, sampleFormat(1)!, false, out, 0, n);
    let overflow = 0;
    for (let i = 0; i < n; i++) {
      const mant = words[i]! & 0xffffff;
      const exact = ((words[i]! >>> 31 ? -1 : 1) * mant * Math.pow(16, ((words[i]! >>> 24) & 0x7f) - 64)) / 2 ** 24;
      const f = Math.fround(exact);
      if (!Number.isFinite(f)) {
        overflow++;
        expect(out[i]).toBe(0);
      } else expect(out[i]).toBe(f);
      expect(Math.fround(ibmFromWord(words[i]!))).toBe(f);
    }
    expect(bad).toBe(overflow);
    expect(overflow).toBeGreaterThan(0);
  });
  it('decodes the classic example 0xC276A000 = -118.625', () => {
    const out = new Float32Array(1);
    decodeSamples(new Uint8Array([0xc2, 0x76, 0xa0, 0x00]), sampleFormat(1)!, false, out, 0, 1);
    expect(out[0]).toBe(-118.625);
    decodeSamples(new Uint8Array([0x00, 0xa0, 0x76, 0xc2]), sampleFormat(1)!, true, out, 0, 1);
    expect(out[0]).toBe(-118.625);
  });
});
