/** The SEG-Y worker in real Chromium: same samples as the main thread, clear errors on bad files (no timed assertions). */
import { afterEach, describe, expect, it } from 'vitest';
import { SegyClient, SegyLoadError } from '../../src/app/segy-client';
import { SegyReader, blobByteSource, isSegyError } from '../../src/core/segy';
import { CancelledError } from '../../src/app/worker-bridge';

const FIXTURES = '/test/fixtures/segy';

async function fixture(path: string): Promise<File> {
  const res = await fetch(`${FIXTURES}/${path}`);
  if (!res.ok) throw new Error(`fixture ${path}: HTTP ${res.status}`);
  return new File([await res.blob()], path.split('/').pop() as string);
}

/** A real PNG image, drawn by the browser. */
async function pngFile(): Promise<File> {
  const canvas = new OffscreenCanvas(64, 64);
  const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  ctx.fillStyle = '#36c';
  ctx.fillRect(8, 8, 40, 30);
  return new File([await canvas.convertToBlob({ type: 'image/png' })], 'picture.png', { type: 'image/png' });
}

const clients: SegyClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.terminate();
});
const client = (): SegyClient => {
  const c = new SegyClient();
  clients.push(c);
  return c;
};

describe('SEG-Y worker', () => {
  it('reads 31_81_PR.sgy as 534 traces × 1501 samples, equal to a main-thread read', async () => {
    const file = await fixture('seisplot/31_81_PR.sgy');
    const c = client();
    const summary = await c.open(file);
    expect(summary).toMatchObject({
      file: '31_81_PR.sgy',
      traceCount: 534,
      samplesPerTrace: 1501,
      sampleIntervalUs: 4000,
      kind: 'segy',
      endian: 'big',
    });
    expect(summary.format.code).toBe(1);
    expect(summary.geometry.kind).toBe('2d');
    expect(summary.firstHeaders.length).toBeGreaterThan(0);
    expect(summary.textHeader.length).toBeGreaterThan(0);

    const progress: number[] = [];
    const section = await c.readLine(null, { onProgress: (p) => progress.push(p.done) });
    expect(section.traceCount).toBe(534);
    expect(section.samplesPerTrace).toBe(1501);
    expect(section.samples.length).toBe(534 * 1501);
    expect(progress.at(-1)).toBe(534);

    const reader = await SegyReader.open(blobByteSource(file));
    const main = await reader.readTraces(0, reader.traceCount);
    expect(section.samples.length).toBe(main.samples.length);
    let differ = 0;
    for (let i = 0; i < main.samples.length; i++) if (!Object.is(section.samples[i], main.samples[i])) differ++;
    expect(differ).toBe(0);
    expect(Array.from(section.cdp)).toEqual(main.headers.map((h) => h.cdp));
    expect(Array.from(section.sourceX)).toEqual(main.headers.map((h) => h.sourceX));
    expect(Array.from(section.fileIndex)).toEqual(main.headers.map((_, i) => i));
    // The oracle (segyio) value range of this file.
    let min = Infinity,
      max = -Infinity;
    for (const v of section.samples) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect(min).toBeCloseTo(-9851.5625, 3);
    expect(max).toBeCloseTo(9486.515625, 3);
  });

  it('cuts an inline out of a 3D file in crossline order', async () => {
    const file = await fixture('segyio/small.sgy');
    const c = client();
    const summary = await c.open(file);
    expect(summary.geometry.kind).toBe('3d-poststack');
    const il = summary.geometry.inlines[1] as number;
    const section = await c.readLine({ inline: il });
    const reader = await SegyReader.open(blobByteSource(file));
    const idx = await reader.selectLine({ inline: il });
    expect(Array.from(section.fileIndex)).toEqual(idx);
    expect(Array.from(section.inline).every((v) => v === il)).toBe(true);
    for (let k = 0; k < idx.length; k++) {
      const t = await reader.readTraces(idx[k] as number, 1);
      expect(section.samples.subarray(k * section.samplesPerTrace, (k + 1) * section.samplesPerTrace)).toEqual(
        t.samples,
      );
    }
    await expect(c.readLine({ inline: 987654 })).rejects.toThrow(/no traces match inline 987654/);
  });

  const corrupt = [
    'empty.sgy',
    'cut-3200.sgy',
    'format-99.sgy',
    'png-random.sgy',
    'trunc-mid-trace.sgy',
    'samples-65535.sgy',
    'ext-count-5-missing.sgy',
  ];
  it.each(corrupt)('corrupt/%s gives a SegyError naming the file', async (name) => {
    const file = await fixture(`corrupt/${name}`);
    const c = client();
    const err = await c.open(file).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SegyLoadError);
    expect(isSegyError(err)).toBe(true);
    const e = err as SegyLoadError;
    expect(e.code).toBe('segy');
    expect(e.file).toBe(name);
    expect(e.message).toContain(name);
    expect(e.field).toBeTruthy();
    expect(e.message).toContain(e.field as string);
    if (e.byteOffset !== undefined) expect(e.message).toContain(`byte offset ${e.byteOffset}`);
  });

  it('a PNG picture is refused, and the previously opened file stays readable', async () => {
    const c = client();
    await c.open(await fixture('segyio/small.sgy'));
    const err = await c.open(await pngFile()).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SegyLoadError);
    expect((err as Error).message).toContain('picture.png');
    const section = await c.readLine(null);
    expect(section.file).toBe('small.sgy');
  });

  it('cancels a line read with CancelledError and reads again afterwards', async () => {
    const c = client();
    await c.open(await fixture('seisplot/31_81_PR.sgy'));
    const ctl = new AbortController();
    ctl.abort();
    await expect(c.readLine(null, { signal: ctl.signal })).rejects.toBeInstanceOf(CancelledError);
    const section = await c.readLine(null);
    expect(section.traceCount).toBe(534);
  });

  it('refuses a read before any file is open', async () => {
    await expect(client().readLine(null)).rejects.toMatchObject({ code: 'no-file' });
  });
});
