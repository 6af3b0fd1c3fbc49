/**
 * SEG-Y worker (runs off the main thread): opens one dropped File/Blob at a time with the streaming reader and
 * cuts 2D lines out of it, so decoding IBM floats and scanning headers never block the page. Sections come back
 * by transfer. Failures come back as `{ok:false, code, message}` values because comlink would keep only an
 * error's name and message; the page-side SegyClient turns them into typed errors.
 */
import { expose, transfer } from 'comlink';
import { SegyReader, blobByteSource, type SegyKind } from '../src/core/segy';
import { readSection, sectionBuffers, summarise, toFailure } from '../src/core/line/segy-line';
import { readPreview } from '../src/core/line/segy-preview';
import type { LineChoice, ReadProgress, Section, SegyResult, SegySummary } from '../src/core/line/segy-types';

let reader: SegyReader | null = null;
/** Requests the page has cancelled; a read polls this between chunks. */
const cancelled = new Set<number>();

const api = {
  /** Opens `file` and returns its summary with the geometry scan; the previous file stays open if this one fails. */
  async open(file: Blob, name: string, kind: SegyKind = 'auto'): Promise<SegyResult<SegySummary>> {
    try {
      const opened = await SegyReader.open(blobByteSource(file, name), kind);
      const value = await summarise(opened);
      reader = opened;
      return { ok: true, value };
    } catch (e) {
      return toFailure(e);
    }
  },

  /** Reads a line of the open file as request `id`; `onProgress` after every chunk of traces. */
  async readLine(id: number, choice: LineChoice, onProgress?: (p: ReadProgress) => void): Promise<SegyResult<Section>> {
    if (!reader) return { ok: false, code: 'no-file', message: 'no SEG-Y file is open: drop or pick one first' };
    try {
      const value = await readSection(reader, choice, { onProgress, isCancelled: () => cancelled.has(id) });
      return transfer({ ok: true, value }, sectionBuffers(value));
    } catch (e) {
      return toFailure(e);
    } finally {
      cancelled.delete(id);
    }
  },

  /** Reads a decimated preview of the whole open file (at most `maxSamples` samples) as request `id`. */
  async readPreview(id: number, maxSamples: number, onProgress?: (p: ReadProgress) => void): Promise<SegyResult<{ section: Section; step: number }>> {
    if (!reader) return { ok: false, code: 'no-file', message: 'no SEG-Y file is open: drop or pick one first' };
    try {
      const value = await readPreview(reader, maxSamples, { onProgress, isCancelled: () => cancelled.has(id) });
      return transfer({ ok: true, value }, sectionBuffers(value.section));
    } catch (e) {
      return toFailure(e);
    } finally {
      cancelled.delete(id);
    }
  },

  /** Stops request `id` at its next chunk. */
  cancel(id: number): void {
    cancelled.add(id);
  },

  /** Forgets the open file. */
  close(): void {
    reader = null;
  },
};

export type SegyWorkerApi = typeof api;
expose(api);
