/**
 * A file that is not seismic data, dropped where a line goes, is named for what it is (a model JSON, a marks CSV,
 * a picture, an archive) instead of being refused for a byte count or a sample format code; SEG-Y files that fail
 * for their own reasons keep their own message (an ASCII textual header is text too).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SegyError, SegyReader, bytesByteSource } from '../../../src/core/segy';
import { sniffFile } from '../../../src/core/segy/sniff';
import { marksToCsv } from '../../../src/core/finetune/marks-csv';
import { CORPUS } from './corpus';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ascii = (s: string) => new TextEncoder().encode(s);

async function refusal(bytes: Uint8Array, name: string): Promise<SegyError> {
  const err = await SegyReader.open(bytesByteSource(bytes, name)).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SegyError);
  return err as SegyError;
}

describe('a file that is not SEG-Y or SU is named for what it is', () => {
  it('the shipped model JSON, small or large, is sent to the model import', async () => {
    const model = readFileSync(join(ROOT, 'public/models/demo.json'));
    for (const bytes of [model, model.subarray(0, 2000)]) {
      const e = await refusal(bytes, 'demo.json');
      expect(e.field).toBe('file type');
      expect(e.byteOffset).toBe(0);
      expect(e.message).toMatch(/^demo\.json: .*this is a model file, not a SEG-Y or SU file: import it with/);
    }
  });

  it('a marks CSV (with or without its line comment) is sent to Import marks CSV', async () => {
    const marks = [{ traceFrom: 0, traceTo: 10, timeFromMs: 100, timeToMs: 200, label: 1 as const, check: false }];
    for (const fp of ['1234:abcd', null]) {
      const e = await refusal(ascii(marksToCsv(marks, fp)), 'marks.csv');
      expect(e.message).toMatch(/this is a marks CSV, not a SEG-Y or SU file: .*Import marks CSV/);
    }
    // As a spreadsheet saves one: a byte-order mark, quoted names, ';', the columns in another order.
    const saved = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...ascii('"Label";"Trace_From";"Trace_To";"Time_From_ms";"Time_To_ms"\r\n"BSR";0;10;100;200,5\r\n'),
    ]);
    expect((await refusal(saved, 'marks.csv')).message).toMatch(/this is a marks CSV/);
    // Another CSV is only text.
    expect((await refusal(ascii('trace,time_ms\n0,40\n'), 'picks.csv')).message).toMatch(/this is a text file/);
  });

  it('a gzipped SEG-Y file asks to be unpacked; pictures and documents are named', async () => {
    const gz = gzipSync(readFileSync(join(CORPUS, 'segyio/small.sgy')));
    expect((await refusal(gz, 'small.sgy.gz')).message).toMatch(/a gzip-compressed file.*unpack it/);
    const png = readFileSync(join(CORPUS, 'corrupt/png-random.sgy'));
    expect((await refusal(png, 'png-random.sgy')).message).toMatch(
      /this is a PNG image, not a SEG-Y or SU file: a picture of a section cannot be classified: open the SEG-Y or SU file it was drawn from$/,
    );
    const pdf = ascii('%PDF-1.7\n' + 'x'.repeat(5000));
    expect((await refusal(pdf, 'section.pdf')).message).toMatch(/a PDF document/);
    const seg2 = new Uint8Array(4000);
    seg2.set([0x55, 0x3a, 1, 0]);
    expect((await refusal(seg2, 'shot.dat')).message).toMatch(/a SEG-2 file.*convert it to SEG-Y/);
    expect((await refusal(ascii('{"a": 1}'), 'x.json')).message).toMatch(/this is a JSON file, not/);
    const csv = ascii('trace,time,amp\n1,0,0.5\n'.repeat(300));
    expect((await refusal(csv, 'picks.txt')).message).toMatch(/this is a text file, not a SEG-Y or SU file/);
  });

  it("a SEG-Y file cut inside its header keeps the header's own message (its ASCII card images are text too)", async () => {
    for (const cut of ['corrupt/cut-3200.sgy', 'corrupt/cut-3599.sgy']) {
      const e = await refusal(readFileSync(join(CORPUS, cut)), 'cut.sgy');
      expect(e.field).toMatch(/binary header/);
      expect(e.message).not.toMatch(/this is/);
    }
    // An ASCII textual header written with line breaks between its cards: still not called a text file.
    const cards = Array.from({ length: 40 }, (_, i) => `C${String(i + 1).padStart(2)} LINE 1`.padEnd(79) + '\n');
    expect(sniffFile(ascii(cards.join('')))).toBeUndefined();
    // A textual header of free text with line breaks, then the binary header: its zero bytes make it no text file.
    const freeText = ascii('Line 1 shot by RV Example\n'.repeat(124).padEnd(3200, ' '));
    const head = new Uint8Array(3600);
    head.set(freeText);
    expect(sniffFile(head)).toBeUndefined();
    expect(sniffFile(freeText)?.what).toBe('a text file');
  });

  it('every good corpus file opens as before (the sniff is asked only after both readings failed)', async () => {
    for (const f of ['segyio/small.sgy', 'segyio/f3-lsb.sgy', 'segyio/1x1.sgy']) {
      const r = await SegyReader.open(bytesByteSource(new Uint8Array(readFileSync(join(CORPUS, f))), f));
      expect(r.traceCount).toBeGreaterThan(0);
    }
  });

  it('text with UTF-8 characters is text; binary with control bytes is not', () => {
    expect(sniffFile(ascii('# line: 12:ab\n' + 'é'.repeat(600)))?.what).toBe('a marks CSV');
    expect(sniffFile(ascii('Größe,Zeit\n1,2\n'))?.what).toBe('a text file');
    expect(sniffFile(new Uint8Array([0x41, 0x0a, 0x00, 0x01, 0x42]))).toBeUndefined();
  });
});
