/**
 * Fine-tune worker: its own tfjs backend (the fastest, as the probe chooses), one run at a time. It adapts
 * core runFineTune to comlink: the page sends the raw line (or, for a file too big to hold, a port onto the
 * SEG-Y worker's traces, of which only those the marks need are read), the marks, the base model's JSON text
 * and the settings; progress comes back through a proxied callback, cancel through a flag polled between
 * steps, and the tuned model as JSON text. The base model text is only read, so a cancelled or failed run
 * changes nothing. Expected failures come back as `{ok:false, code, message}` values.
 */
import { expose, releaseProxy, wrap } from 'comlink';
import { chooseBackend, wasmThreadCount, type BackendPreference } from '../src/runtime/backends';
import { parseModelFile, stringifyModelFile } from '../src/core/model-file';
import { runFineTune, type FineTuneProgress, type FineTuneSettings, type Mark } from '../src/core/finetune';
import type { Section, TraceChunkReader, TraceSourceShape } from '../src/core/classify';
import type { PresentationOptions } from '../src/core/line/presentation';
import type { FineTuneReply } from '../src/core/finetune/results';

/** A line too big to hold: its shape and a port onto its traces (served by the SEG-Y worker; used up by the run). */
export interface FineTuneSourceLine {
  shape: TraceSourceShape;
  port: MessagePort;
  /** Most samples the marked traces may hold at once. */
  maxSamples?: number;
}

/** One run: everything the page sends. */
export interface FineTuneWorkerRequest {
  raw: Section | FineTuneSourceLine;
  presentation: PresentationOptions;
  patchTraces: number;
  marks: Mark[];
  baseText: string;
  settings: Partial<FineTuneSettings>;
  line: { fingerprint: string; name: string };
  testPatches: number;
}

function failureCode(e: unknown): 'marks' | 'model' | 'input' | 'cancelled' | 'internal' {
  const name = e instanceof Error ? e.name : '';
  if (name === 'MarksError') return 'marks';
  if (name === 'ModelFileError') return 'model';
  if (name === 'ReadCancelledError') return 'cancelled';
  return name === 'ClassifyError' || name === 'RangeError' ? 'input' : 'internal';
}

const cancelled = new Set<number>();

const api = {
  async init(preference: BackendPreference = 'auto'): Promise<string> {
    return (await chooseBackend(preference)).name;
  },

  async fineTune(
    id: number,
    req: FineTuneWorkerRequest,
    onProgress?: (p: FineTuneProgress) => void,
  ): Promise<FineTuneReply> {
    const reads = 'port' in req.raw ? wrap<TraceChunkReader>(req.raw.port) : null;
    try {
      const raw =
        'port' in req.raw
          ? {
              source: { ...req.raw.shape, readChunk: (first: number, count: number) => reads!.readChunk(first, count) },
              ...(req.raw.maxSamples === undefined ? {} : { maxSamples: req.raw.maxSamples }),
            }
          : req.raw;
      const { marks, presentation, patchTraces, settings, line, testPatches } = req;
      const run = await runFineTune(
        { base: parseModelFile(req.baseText), raw, marks, line, presentation, patchTraces, settings, testPatches },
        { onProgress, isCancelled: () => cancelled.has(id) },
      );
      if (!run.file) return { ok: false, code: 'cancelled', message: 'fine-tuning was cancelled; nothing was stored' };
      return {
        ok: true,
        value: {
          text: stringifyModelFile(run.file),
          name: run.file.name ?? run.file.id,
          result: run.result,
          syntheticTest: run.syntheticTest,
          scaleFactor: run.scaleFactor,
          backend: run.backend,
          threads: wasmThreadCount(),
        },
      };
    } catch (e) {
      const code = failureCode(e);
      const message =
        code === 'cancelled'
          ? 'fine-tuning was cancelled; nothing was stored'
          : e instanceof Error
            ? e.message
            : String(e);
      return { ok: false, code, message };
    } finally {
      cancelled.delete(id);
      reads?.[releaseProxy](); // the SEG-Y worker stops serving this port
    }
  },

  cancel(id: number): void {
    cancelled.add(id);
  },
};

export type FineTuneWorkerApi = typeof api;
expose(api);
