/**
 * Page-side controller of the fine-tune worker: one run at a time with progress and cancel. The worker is
 * created lazily and kept (its backend stays warm) until terminate().
 */
import { holdPage } from './page-guards';
import { transfer } from 'comlink';
import { BackendWorkerClient } from './backend-worker';
import type { TraceSourcePort } from './segy-client';
import type { RequestCall } from './worker-bridge';
import type { FineTuneWorkerApi } from '../../workers/finetune.worker';
import type { BackendPreference } from '../runtime/backends';
import type { FineTuneDone, FineTuneFailureCode } from '../core/finetune/results';
import type { FineTuneProgress, FineTuneSettings } from '../core/finetune/finetune';
import type { Mark } from '../core/finetune/marks';
import type { PresentationOptions } from '../core/line/presentation';
import type { Section } from '../core/classify/section';

/** A run the worker refused or that was cancelled; `code` says which. */
export class FineTuneFailedError extends Error {
  override readonly name = 'FineTuneFailedError';
  constructor(
    readonly code: FineTuneFailureCode,
    message: string,
  ) {
    super(message);
  }
}

export interface FineTuneRequest {
  /**
   * The line held whole, or a big file's traces (SegyClient.traceSource: the SEG-Y worker's open file, of which only
   * the traces the marks need are read, at most `maxSamples` samples; the port is used up by the run).
   */
  raw: Section | (TraceSourcePort & { maxSamples?: number });
  presentation: PresentationOptions;
  /** Patch width of the classification the marks were drawn on, traces. */
  patchTraces: number;
  marks: readonly Mark[];
  baseText: string;
  settings: Partial<FineTuneSettings>;
  line: { fingerprint: string; name: string };
  /** Synthetic test-profile patches scored before and after (default 1000; 0 = skip). */
  testPatches?: number;
}

const defaultWorker = (): Worker =>
  new Worker(new URL('../../workers/finetune.worker.ts', import.meta.url), { type: 'module', name: 'finetune' });

/** Owns one fine-tune worker (one backend). */
export class FineTuneClient extends BackendWorkerClient<FineTuneWorkerApi> {
  constructor(backend: BackendPreference = 'auto', makeWorker: () => Worker = defaultWorker) {
    super(makeWorker, backend, 'fine-tune');
  }

  /** Runs one fine-tune; on abort the worker stops before its next step and this rejects with code 'cancelled'. */
  async run(req: FineTuneRequest, call: RequestCall<FineTuneProgress> = {}): Promise<FineTuneDone> {
    // Aborted before the worker started: nothing to start (an abort later reaches the worker as a cancel).
    if (call.signal?.aborted)
      throw new FineTuneFailedError('cancelled', 'fine-tuning was cancelled; nothing was stored');
    await this.backendName();
    const { raw, marks, testPatches, ...rest } = req;
    const message = { ...rest, marks: [...marks], testPatches: testPatches ?? 1000 };
    // A reload would lose the run (nothing is stored before it ends): leaving asks first, as for a classification.
    const release = holdPage('fine-tuning');
    try {
      return await this.live().request(
        {
          start: (w, id, report) => {
            if (!('port' in raw)) return w.fineTune(id, { ...message, raw }, report);
            const { port, maxSamples, ...shape } = raw;
            const line = { shape, port, ...(maxSamples === undefined ? {} : { maxSamples }) };
            return w.fineTune(id, transfer({ ...message, raw: line }, [port]), report);
          },
          fail: (f) => new FineTuneFailedError(f.code, f.message),
          cancel: (w, id) => w.cancel(id),
          onAbort: 'answer',
        },
        call,
      );
    } finally {
      release();
    }
  }
}
