/**
 * Page-side controller of the SEG-Y worker: opens a dropped file, reads lines with progress and cancel, and turns
 * the worker's failure values back into typed errors. A worker that crashed is replaced on the next open.
 */
import { proxy } from 'comlink';
import { CancelledError, WorkerBridge } from './worker-bridge';
import type { SegyWorkerApi } from '../../workers/segy.worker';
import type { SegyKind } from '../core/segy';
import type { LineChoice, ReadProgress, Section, SegyFailure, SegyFailureCode, SegyResult, SegySummary } from '../core/line/segy-types';

/** A file could not be opened or read; `message` names the file and, where known, the header field and byte offset. */
export class SegyLoadError extends Error {
  readonly code: SegyFailureCode;
  readonly file: string | undefined;
  readonly field: string | undefined;
  readonly byteOffset: number | undefined;

  constructor(failure: SegyFailure) {
    super(failure.message);
    // Same name as core's SegyError for reader failures, so isSegyError() holds on both threads.
    this.name = failure.code === 'segy' ? 'SegyError' : 'SegyLoadError';
    this.code = failure.code;
    this.file = failure.file;
    this.field = failure.field;
    this.byteOffset = failure.byteOffset;
  }
}

export interface ReadLineOptions {
  onProgress?: (p: ReadProgress) => void;
  signal?: AbortSignal;
}

const defaultWorker = (): Worker => new Worker(new URL('../../workers/segy.worker.ts', import.meta.url), { type: 'module' });

/** Owns one SEG-Y worker; one file is open at a time. */
export class SegyClient {
  private bridge: WorkerBridge<SegyWorkerApi> | null = null;
  private nextId = 1;

  constructor(private readonly makeWorker: () => Worker = defaultWorker) {}

  /** Opens `file` in the worker (replacing the previous one) and returns its summary; throws SegyLoadError. */
  async open(file: Blob, options: { name?: string; kind?: SegyKind; signal?: AbortSignal } = {}): Promise<SegySummary> {
    const name = options.name ?? (file as Partial<File>).name ?? 'file';
    const bridge = this.live();
    return unwrap(await bridge.call<SegyResult<SegySummary>>((w) => w.open(file, name, options.kind ?? 'auto'), options.signal));
  }

  /** Reads a line of the open file (null = all traces) as a trace-major section; throws SegyLoadError or CancelledError. */
  async readLine(choice: LineChoice, options: ReadLineOptions = {}): Promise<Section> {
    const bridge = this.live();
    const id = this.nextId++;
    const onProgress = options.onProgress;
    const stop = (): void => void bridge.remote.cancel(id).catch(() => undefined);
    options.signal?.addEventListener('abort', stop, { once: true });
    try {
      const result = await bridge.call<SegyResult<Section>>((w) => w.readLine(id, choice, onProgress ? proxy(onProgress) : undefined), options.signal);
      return unwrap(result);
    } finally {
      options.signal?.removeEventListener('abort', stop);
    }
  }

  /** Reads a decimated preview (every k-th trace and sample, at most `maxSamples` samples) of the whole open file. */
  async readPreview(maxSamples: number, options: ReadLineOptions = {}): Promise<{ section: Section; step: number }> {
    const bridge = this.live();
    const id = this.nextId++;
    const onProgress = options.onProgress;
    const stop = (): void => void bridge.remote.cancel(id).catch(() => undefined);
    options.signal?.addEventListener('abort', stop, { once: true });
    try {
      return unwrap(await bridge.call<SegyResult<{ section: Section; step: number }>>((w) => w.readPreview(id, maxSamples, onProgress ? proxy(onProgress) : undefined), options.signal));
    } finally {
      options.signal?.removeEventListener('abort', stop);
    }
  }

  /** Stops the worker; pending calls reject with CancelledError. */
  terminate(): void {
    this.bridge?.terminate();
    this.bridge = null;
  }

  private live(): WorkerBridge<SegyWorkerApi> {
    if (!this.bridge || this.bridge.failed) {
      this.bridge?.terminate();
      this.bridge = new WorkerBridge<SegyWorkerApi>(this.makeWorker(), 'SEG-Y');
    }
    return this.bridge;
  }
}

function unwrap<T>(result: SegyResult<T>): T {
  if (result.ok) return result.value;
  if (result.code === 'cancelled') throw new CancelledError('line read');
  throw new SegyLoadError(result);
}
