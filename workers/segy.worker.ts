/**
 * SEG-Y worker (runs off the main thread): the one owner of opened files. Each dropped File/Blob is opened once
 * with the streaming reader (headers and the geometry scan) and kept under a handle; lines and decimated previews
 * are cut from it, and its traces are served over a MessagePort to the classify worker, which classifies a big
 * file band by band from this same reader (so a file is never parsed twice). Sections come back by transfer.
 * Failures come back as `{ok:false, code, message}` values (core jobs/worker-result); the page-side SegyClient
 * turns them into typed errors. Requests carry an id the page can cancel; reads poll it between chunks.
 */
import { expose, transfer } from 'comlink';
import { SegyReader, blobByteSource, type SegyKind } from '../src/core/segy';
import { readSection, sectionBuffers, summarise, toFailure } from '../src/core/line/segy-line';
import { readPreview } from '../src/core/line/segy-preview';
import { emptySectionHeaders, setSectionTrace, type SectionHeaders } from '../src/core/line/section-headers';
import type { TraceChunkReader, TraceSourceShape } from '../src/core/classify';
import type { LineChoice, ReadProgress, Section, SegyResult, SegySummary } from '../src/core/line/segy-types';

/** Open files by handle; the page keeps the one on screen and closes the others. */
const readers = new Map<number, SegyReader>();
let nextHandle = 1;
/** Requests the page has cancelled; a read polls this between chunks. */
const cancelled = new Set<number>();
/** What this worker did, for tests that check a file is parsed once (one open, bands read from it). */
const stats = { opens: 0, headerScans: 0, chunksServed: 0 };

const NO_FILE = { ok: false, code: 'no-file', message: 'no SEG-Y file is open: drop or pick one first' } as const;

/** Runs a read of request `id` on the reader under `handle`, as a value; forgets the id when done. */
async function request<T>(
  id: number,
  handle: number,
  work: (reader: SegyReader, isCancelled: () => boolean) => Promise<SegyResult<T>>,
): Promise<SegyResult<T>> {
  const reader = readers.get(handle);
  try {
    if (!reader) return NO_FILE;
    return await work(reader, () => cancelled.has(id));
  } catch (e) {
    return toFailure(e);
  } finally {
    cancelled.delete(id);
  }
}

const api = {
  /**
   * Opens `file` as request `id` and returns a handle with the summary (geometry scan: progress after each block
   * of headers). Files opened before stay open until closed.
   */
  async open(
    id: number,
    file: Blob,
    name: string,
    kind: SegyKind = 'auto',
    onProgress?: (p: ReadProgress) => void,
  ): Promise<SegyResult<{ handle: number; summary: SegySummary }>> {
    try {
      stats.opens++;
      const reader = await SegyReader.open(blobByteSource(file, name), kind);
      stats.headerScans++;
      const summary = await summarise(reader, { onProgress, isCancelled: () => cancelled.has(id) });
      const handle = nextHandle++;
      readers.set(handle, reader);
      return { ok: true, value: { handle, summary } };
    } catch (e) {
      return toFailure(e);
    } finally {
      cancelled.delete(id);
    }
  },

  /** Reads a line of file `handle` as request `id`; `onProgress` after every chunk of traces. */
  readLine(
    id: number,
    handle: number,
    choice: LineChoice,
    onProgress?: (p: ReadProgress) => void,
  ): Promise<SegyResult<Section>> {
    return request(id, handle, async (reader, isCancelled) => {
      const value = await readSection(reader, choice, { onProgress, isCancelled });
      return transfer({ ok: true, value }, sectionBuffers(value));
    });
  },

  /** Reads a decimated preview of the whole of file `handle` (at most `maxSamples` samples) as request `id`. */
  readPreview(
    id: number,
    handle: number,
    maxSamples: number,
    onProgress?: (p: ReadProgress) => void,
  ): Promise<SegyResult<{ section: Section; step: number }>> {
    return request(id, handle, async (reader, isCancelled) => {
      const value = await readPreview(reader, maxSamples, { onProgress, isCancelled });
      return transfer({ ok: true, value }, sectionBuffers(value.section));
    });
  },

  /** The trace headers of traces [first, first + count) of file `handle` (no samples decoded), as a Section keeps them. */
  readHeaders(id: number, handle: number, first: number, count: number): Promise<SegyResult<SectionHeaders>> {
    return request(id, handle, async (reader) => {
      const value = emptySectionHeaders(count);
      (await reader.readTraceHeaders(first, count)).forEach((h, k) => setSectionTrace(value, k, first + k, h));
      return transfer(
        { ok: true, value },
        Object.values(value).map((a: Int32Array | Float64Array) => a.buffer as ArrayBuffer),
      );
    });
  },

  /**
   * Serves the traces of file `handle` on `port` (comlink: `readChunk(first, count)`, samples transferred) until the
   * other side releases it; answers the source's shape. The reader stays served even if the file is closed meanwhile.
   */
  traceSource(handle: number, port: MessagePort): SegyResult<TraceSourceShape> {
    const reader = readers.get(handle);
    if (!reader) {
      port.close();
      return NO_FILE;
    }
    const served: TraceChunkReader = {
      async readChunk(first, count) {
        const samples = (await reader.readTraces(first, count)).samples;
        stats.chunksServed++;
        return transfer(samples, [samples.buffer as ArrayBuffer]);
      },
    };
    expose(served, port);
    return {
      ok: true,
      value: {
        traceCount: reader.traceCount,
        samplesPerTrace: reader.samplesPerTrace,
        sampleIntervalUs: reader.sampleIntervalUs,
      },
    };
  },

  /** Stops request `id` at its next chunk. */
  cancel(id: number): void {
    cancelled.add(id);
  },

  /** Forgets file `handle`. */
  close(handle: number): void {
    readers.delete(handle);
  },

  /** Files opened, header scans and trace chunks served over ports so far. */
  stats(): typeof stats {
    return { ...stats };
  },
};

export type SegyWorkerApi = typeof api;
expose(api);
