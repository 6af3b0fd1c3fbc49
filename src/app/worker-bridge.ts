/**
 * Owns one module Worker behind comlink. Why a bridge: a worker that fails to load (syntax error, 404, CSP)
 * or crashes makes comlink calls hang forever, so every call here races against the worker's error events
 * and against an AbortSignal; `terminate()` rejects whatever is still pending.
 */
import { wrap, type Remote } from 'comlink';

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

export class WorkerBridge<Api> {
  readonly remote: Remote<Api>;
  private readonly worker: Worker;
  private failure: WorkerFailedError | null = null;
  private readonly rejecters = new Set<(e: Error) => void>();

  constructor(worker: Worker, readonly label: string) {
    this.worker = worker;
    this.remote = wrap<Api>(worker);
    worker.addEventListener('error', (e: ErrorEvent) => {
      e.preventDefault();
      this.fail(new WorkerFailedError(`${label} worker failed: ${e.message || 'it could not load or crashed'}`));
    });
    worker.addEventListener('messageerror', () => this.fail(new WorkerFailedError(`${label} worker sent an unreadable message`)));
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
