/**
 * Owns one module Worker behind comlink. Why a bridge: a worker that fails to load (syntax error, 404, CSP)
 * or crashes makes comlink calls hang forever, so every call here races against the worker's error events
 * and against an AbortSignal; `terminate()` rejects whatever is still pending. `request()` is the one
 * cancellable call every client uses: a request id the worker polls, cancel on abort, progress through a
 * proxied callback, and the worker's `{ok:false, code, message}` values turned into typed errors.
 */
import { proxy, wrap, type Remote } from 'comlink';
import type { WorkerFailure, WorkerResult } from '../core/jobs/worker-result';

export type { WorkerFailure, WorkerResult };

export class WorkerFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerFailedError';
  }
}

export class CancelledError extends Error {
  constructor(what = 'operation') {
    super(`${what} cancelled`);
    this.name = 'CancelledError';
  }
}

/** One cancellable request to a worker. */
export interface WorkerRequest<Api, T, Failure extends WorkerFailure, P> {
  /** Starts request `id`; `report` is the caller's progress callback, proxied (undefined when nobody listens). */
  start(
    remote: Remote<Api>,
    id: number,
    report: ((p: P) => void) | undefined,
  ): Promise<WorkerResult<T, Failure['code'], Failure>>;
  /** The error a failure value becomes. */
  fail(failure: Failure): Error;
  /** Asks the worker to stop request `id` (it polls between chunks, batches or steps). */
  cancel?(remote: Remote<Api>, id: number): Promise<unknown>;
  /**
   * What an abort does: 'reject' (default) rejects at once with a CancelledError (a half-read line is of no use);
   * 'answer' waits for the worker's answer to the cancel (a partial map, or a 'cancelled' failure value).
   */
  onAbort?: 'reject' | 'answer';
}

/** The caller's side of a request: progress and cancel. */
export interface RequestCall<P> {
  onProgress?: (p: P) => void;
  signal?: AbortSignal;
}

export class WorkerBridge<Api> {
  readonly remote: Remote<Api>;
  private readonly worker: Worker;
  private failure: WorkerFailedError | null = null;
  private readonly rejecters = new Set<(e: Error) => void>();
  private nextId = 1;

  constructor(
    worker: Worker,
    readonly label: string,
  ) {
    this.worker = worker;
    this.remote = wrap<Api>(worker);
    worker.addEventListener('error', (e: ErrorEvent) => {
      e.preventDefault();
      this.fail(new WorkerFailedError(`${label} worker failed: ${e.message || 'it could not load or crashed'}`));
    });
    worker.addEventListener('messageerror', () =>
      this.fail(new WorkerFailedError(`${label} worker sent an unreadable message`)),
    );
  }

  /** Runs one remote call; rejects if the worker dies or the signal aborts, instead of hanging. */
  async call<T>(fn: (remote: Remote<Api>) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.failure) throw this.failure;
    if (signal?.aborted) throw new CancelledError(this.label);
    let reject!: (e: Error) => void;
    const guard = new Promise<never>((_, r) => {
      reject = r;
    });
    this.rejecters.add(reject);
    const onAbort = (): void => reject(new CancelledError(this.label));
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await Promise.race([fn(this.remote), guard]);
    } finally {
      this.rejecters.delete(reject);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Runs one cancellable request: a fresh id, the caller's progress proxied to the worker, cancel sent on abort
   * (also when the signal had fired before the start), and a failure value thrown as `req.fail` makes it.
   */
  async request<T, Failure extends WorkerFailure, P = never>(
    req: WorkerRequest<Api, T, Failure, P>,
    call: RequestCall<P> = {},
  ): Promise<T> {
    const id = this.nextId++;
    const { signal, onProgress } = call;
    const answer = req.onAbort === 'answer';
    if (signal?.aborted && !answer) throw new CancelledError(this.label);
    const stop = (): void => void req.cancel?.(this.remote, id).catch(() => undefined);
    signal?.addEventListener('abort', stop, { once: true });
    try {
      const running = this.call(
        (w) => req.start(w, id, onProgress ? proxy(onProgress) : undefined),
        answer ? undefined : signal,
      );
      if (signal?.aborted) stop(); // aborted before the listener was added: the cancel follows the start in order
      const r = await running;
      if (r.ok) return r.value;
      throw req.fail(r);
    } finally {
      signal?.removeEventListener('abort', stop);
    }
  }

  get failed(): boolean {
    return this.failure !== null;
  }

  /** Stops the worker at once; pending calls reject with a CancelledError. */
  terminate(): void {
    this.worker.terminate();
    for (const r of this.rejecters) r(new CancelledError(this.label));
    this.rejecters.clear();
  }

  private fail(err: WorkerFailedError): void {
    this.failure = err;
    for (const r of this.rejecters) r(err);
    this.rejecters.clear();
  }
}
