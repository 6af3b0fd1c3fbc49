/**
 * Page-side controller of the SEG-Y worker: opens dropped files, reads lines and previews, and hands the classify
 * worker a port onto an open file's traces, each with progress and cancel (WorkerBridge.request); the worker's
 * failure values come back as typed errors. A worker that crashed is replaced on the next open.
 *
 * The worker keeps every file opened under a handle. The client reads from its `current` one (the last opened),
 * and the caller may switch back to an earlier handle (a cancelled open keeps the line shown before) and close
 * handles it no longer needs.
 */
import { transfer } from 'comlink';
import { CancelledError, WorkerBridge, type RequestCall, type WorkerRequest } from './worker-bridge';
import type { SegyWorkerApi } from '../../workers/segy.worker';
import type { SegyKind } from '../core/segy';
import type { TraceSourceShape } from '../core/classify';
import type { SectionHeaders } from '../core/line/section-headers';
import type {
  LineChoice,
  ReadProgress,
  Section,
  SegyFailure,
  SegyFailureCode,
  SegySummary,
} from '../core/line/segy-types';

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

/** Progress and cancel of a read. */
export type ReadLineOptions = RequestCall<ReadProgress>;

/** The traces of an open file, served by the SEG-Y worker on `port` (hand it to ClassifyClient.classifySource). */
export interface TraceSourcePort extends TraceSourceShape {
  readonly port: MessagePort;
}

const defaultWorker = (): Worker =>
  new Worker(new URL('../../workers/segy.worker.ts', import.meta.url), { type: 'module' });

function fail(failure: SegyFailure): Error {
  return failure.code === 'cancelled' ? new CancelledError('line read') : new SegyLoadError(failure);
}

/** Owns one SEG-Y worker and the handle of the file reads go to. */
export class SegyClient {
  private bridge: WorkerBridge<SegyWorkerApi> | null = null;
  /** Handle of the file reads go to (0 = none). */
  private handle = 0;

  constructor(private readonly makeWorker: () => Worker = defaultWorker) {}

  /** Handle of the file reads go to: the last one opened, or the one passed to {@link use}; 0 before any. */
  get current(): number {
    return this.handle;
  }

  /**
   * Opens `file` in the worker and makes it current (the previous file stays open until closed); progress is the
   * header scan, in traces. Throws SegyLoadError, or CancelledError on abort (the current file does not change).
   */
  async open(
    file: Blob,
    options: { name?: string; kind?: SegyKind } & RequestCall<ReadProgress> = {},
  ): Promise<SegySummary> {
    const name = options.name ?? (file as Partial<File>).name ?? 'file';
    const bridge = this.live();
    const opened = await this.request(
      bridge,
      { start: (w, id, report) => w.open(id, file, name, options.kind ?? 'auto', report) },
      options,
    );
    this.handle = opened.handle;
    return opened.summary;
  }

  /** Makes an earlier opened file current again. */
  use(handle: number): void {
    this.handle = handle;
  }

  /** Lets the worker forget file `handle` (not the current one's reads in flight: they hold their reader). */
  close(handle: number): void {
    if (handle === 0) return;
    if (handle === this.handle) this.handle = 0;
    void this.bridge?.remote.close(handle).catch(() => undefined);
  }

  /** Reads a line of the current file (null = all traces) as a trace-major section; throws SegyLoadError or CancelledError. */
  async readLine(choice: LineChoice, options: ReadLineOptions = {}): Promise<Section> {
    const handle = this.handle;
    return this.request(this.live(), { start: (w, id, report) => w.readLine(id, handle, choice, report) }, options);
  }

  /** Reads a decimated preview (every k-th trace and sample, at most `maxSamples` samples) of the whole current file. */
  async readPreview(maxSamples: number, options: ReadLineOptions = {}): Promise<{ section: Section; step: number }> {
    const handle = this.handle;
    return this.request(
      this.live(),
      { start: (w, id, report) => w.readPreview(id, handle, maxSamples, report) },
      options,
    );
  }

  /** The trace headers of traces [first, first + count) of the current file (a big file's map written as SEG-Y). */
  async readHeaders(first: number, count: number, options: ReadLineOptions = {}): Promise<SectionHeaders> {
    const handle = this.handle;
    return this.request(this.live(), { start: (w, id) => w.readHeaders(id, handle, first, count) }, options);
  }

  /** A port onto the current file's traces, served by this worker from the reader it already holds (no second parse). */
  async traceSource(): Promise<TraceSourcePort> {
    const handle = this.handle;
    const { port1, port2 } = new MessageChannel();
    const shape = await this.request(this.live(), { start: (w) => w.traceSource(handle, transfer(port1, [port1])) });
    return { ...shape, port: port2 };
  }

  /** What the worker did so far: files opened, header scans, trace chunks served over ports. */
  stats(): Promise<{ opens: number; headerScans: number; chunksServed: number }> {
    return this.live().call((w) => w.stats());
  }

  /** Stops the worker (its open files are gone); pending calls reject with CancelledError. */
  terminate(): void {
    this.bridge?.terminate();
    this.bridge = null;
    this.handle = 0;
  }

  private request<T>(
    bridge: WorkerBridge<SegyWorkerApi>,
    req: Pick<WorkerRequest<SegyWorkerApi, T, SegyFailure, ReadProgress>, 'start'>,
    call: RequestCall<ReadProgress> = {},
  ): Promise<T> {
    return bridge.request({ ...req, fail, cancel: (w, id) => w.cancel(id) }, call);
  }

  private live(): WorkerBridge<SegyWorkerApi> {
    if (!this.bridge || this.bridge.failed) {
      this.bridge?.terminate();
      this.bridge = new WorkerBridge<SegyWorkerApi>(this.makeWorker(), 'SEG-Y');
      this.handle = 0; // the files of a crashed worker are gone
    }
    return this.bridge;
  }
}
