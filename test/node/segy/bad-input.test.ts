/**
 * Bad input through the segy-info CLI as a subprocess: every malformed corpus file and every corruption derived
 * from good files (test/fixtures/segy-corruptions.ts, shared with the browser test) must exit 1 with
 * one JSON object {"error"} naming the file, the header field and the byte offset; in-process the same bytes
 * must throw a SegyError carrying those as properties, having read no more than the headers (at most 16 KiB and
 * never more than the file: no pass over the traces, nothing read twice). Times are printed, not asserted.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SegyError, SegyReader, bytesByteSource, type ByteSource } from '../../../src/core/segy';
import { CORPUS_BAD_FILES, deriveCorruptions, parseSegyMessage, type BadSegy } from '../../fixtures/segy-corruptions';
import { CORPUS, corruptSidecars, manifestRows } from './corpus';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TMP = mkdtempSync(join(tmpdir(), 'spn-bad-segy-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

const good = (file: string) => new Uint8Array(readFileSync(join(CORPUS, file)));
const DERIVED = [
  ...deriveCorruptions(good('segyio/small.sgy'), 'small'),
  ...deriveCorruptions(good('segyio/f3-lsb.sgy'), 'f3-lsb'),
];
const timings: { name: string; ms: number }[] = [];

function segyInfo(path: string): { status: number | null; stdout: string; ms: number } {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/segy-info.ts'), path], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: run.status, stdout: run.stdout, ms: performance.now() - t0 };
}

/** `file: field at byte offset N: detail`, the SegyError message layout. */
function checkMessage(message: string, c: BadSegy): void {
  const m = parseSegyMessage(message);
  expect(m, message).not.toBeNull();
  expect(m!.file).toBe(c.name);
  expect(m!.field).toMatch(c.field);
  if (c.byteOffset !== undefined) expect(m!.byteOffset).toBe(c.byteOffset);
  if (c.detail) expect(m!.detail).toMatch(c.detail);
  expect(m!.detail.length).toBeGreaterThan(15);
}

/** Runs the CLI on `path`; its time is printed (bench material), never asserted: a loaded CI machine is slow. */
function expectCliRefusal(path: string, c: BadSegy): void {
  const run = segyInfo(path);
  timings.push({ name: c.name, ms: run.ms });
  expect(run.status).toBe(1);
  const out = JSON.parse(run.stdout) as { error: string };
  expect(Object.keys(out)).toEqual(['error']);
  checkMessage(out.error, c);
}

const inProcessMs: number[] = [];
/** The most a refusal may read: the 3,600-byte file header, a few extended headers and a trace header (16 KiB). */
const HEADER_READ_LIMIT = 16 * 1024;

/** A byte source that counts what the reader asked of it. */
function countingSource(inner: ByteSource): ByteSource & { bytesRead(): number; reads(): number } {
  let bytes = 0,
    reads = 0;
  return {
    size: inner.size,
    name: inner.name,
    async read(offset, length) {
      const out = await inner.read(offset, length);
      bytes += out.length;
      reads++;
      return out;
    },
    bytesRead: () => bytes,
    reads: () => reads,
  };
}

async function expectSegyError(bytes: Uint8Array, c: BadSegy): Promise<void> {
  const t0 = performance.now();
  const source = countingSource(bytesByteSource(bytes, c.name));
  const err = await SegyReader.open(source).then(
    async (r) => {
      await r.readTraces(0, r.traceCount);
      return null;
    },
    (e: unknown) => e,
  );
  inProcessMs.push(performance.now() - t0);
  // Structural, not timed: refused from the headers, without a pass over the traces and without reading twice.
  expect(source.bytesRead(), 'bytes read before the refusal').toBeLessThanOrEqual(
    Math.min(bytes.length, HEADER_READ_LIMIT),
  );
  expect(err).toBeInstanceOf(SegyError);
  const e = err as SegyError;
  expect(e.file).toBe(c.name);
  expect(e.field).toMatch(c.field);
  expect(e.byteOffset).toBeTypeOf('number');
  checkMessage(e.message, c);
}

it('the bad-file list covers every must-fail corpus file and every corrupt/ file that may be rejected', () => {
  const listed = new Set(CORPUS_BAD_FILES.map((f) => f.path));
  const mayReject = corruptSidecars()
    .filter((s) => s.expect === 'reject' || s.also_acceptable === 'reject')
    .map((s) => `corrupt/${s.file}`);
  const mustFail = manifestRows()
    .filter((r) => /MUST FAIL|unsupported format 4/i.test(r.expected))
    .map((r) => r.file);
  expect(mustFail.length).toBeGreaterThan(0);
  for (const f of [...mayReject, ...mustFail]) expect(listed.has(f), f).toBe(true);
  expect([...listed].filter((f) => f.startsWith('corrupt/')).sort()).toEqual(mayReject.sort());
});

describe('segy-info refuses bad files (exit 1, JSON error naming file, field and offset; refused from the headers)', () => {
  // Warm tsx's transform cache so the first case is not charged for it.
  it('warm-up', () => expect(segyInfo(join(CORPUS, 'corrupt/empty.sgy')).status).toBe(1));

  it.each(CORPUS_BAD_FILES)('corpus $path', async (c) => {
    expectCliRefusal(join(CORPUS, c.path), c);
    await expectSegyError(good(c.path), c);
  });

  it.each(DERIVED)('derived $name: $what', async (c) => {
    const path = join(TMP, c.name);
    writeFileSync(path, c.bytes);
    expectCliRefusal(path, c);
    await expectSegyError(c.bytes, c);
  });

  it('timings', () => {
    expect(timings.length).toBe(CORPUS_BAD_FILES.length + DERIVED.length);
    const ms = timings.map((t) => t.ms).sort((a, b) => a - b);
    const slowest = timings.reduce((a, b) => (b.ms > a.ms ? b : a));
    console.info(
      `segy-info on ${ms.length} bad files: median ${ms[ms.length >> 1]!.toFixed(0)} ms, max ${slowest.ms.toFixed(0)} ms (${slowest.name}), process start included; ` +
        `in-process open max ${Math.max(...inProcessMs).toFixed(1)} ms`,
    );
  });
});

describe('what the reader does with concatenated files', () => {
  it('two copies of any SEG-Y corpus file are refused; two SU files are one valid SU file of both', async () => {
    let segy = 0,
      su = 0;
    for (const { file } of manifestRows()) {
      const one = good(file);
      const two = new Uint8Array(one.length * 2);
      two.set(one, 0);
      two.set(one, one.length);
      const name = file.split('/').pop()!;
      const single = await SegyReader.open(bytesByteSource(one, name)).catch(() => null);
      if (!single) continue;
      const opened = await SegyReader.open(bytesByteSource(two, name)).catch((e: unknown) => e);
      if (single.kind === 'segy') {
        // The second file header never lands on whole traces in the corpus, so the size check refuses it.
        expect(opened, file).toBeInstanceOf(SegyError);
        segy++;
      } else {
        // SU has no file header: `cat a.su b.su` is the usual way to join SU files.
        const r = opened as SegyReader;
        expect(r.traceCount).toBe(2 * single.traceCount);
        const a = await single.readTraces(0, single.traceCount),
          b = await r.readTraces(single.traceCount, single.traceCount);
        expect(b.samples).toEqual(a.samples);
        su++;
      }
    }
    expect(segy).toBeGreaterThan(40);
    expect(su).toBeGreaterThan(2);
  });
});
