/**
 * A client of a tfjs worker created on first use and kept (its backend stays warm) until terminate(): the classify
 * and fine-tune clients extend it. A worker that failed is replaced on the next call, and its backend started
 * again, so one crash does not disable the view.
 */
import { WorkerBridge } from './worker-bridge';
import type { BackendPreference } from '../runtime/backends';

/** A worker API that starts a tfjs backend and answers its name. */
export interface BackendWorkerApi {
  init(preference?: BackendPreference): Promise<string>;
}

export class BackendWorkerClient<Api extends BackendWorkerApi> {
  private bridge: WorkerBridge<Api> | null = null;
  private started: Promise<string> | null = null;

  constructor(
    private readonly makeWorker: () => Worker,
    private readonly backend: BackendPreference,
    /** Names the worker in its failure messages. */
    private readonly label: string,
  ) {}

  /** The tfjs backend the worker runs on (starts it on first use). */
  backendName(): Promise<string> {
    const bridge = this.live();
    this.started ??= bridge.call((w) => w.init(this.backend));
    return this.started;
  }

  /** The running worker, a new one if there was none or the last one failed. */
  protected live(): WorkerBridge<Api> {
    if (!this.bridge || this.bridge.failed) {
      this.bridge?.terminate();
      this.bridge = new WorkerBridge<Api>(this.makeWorker(), this.label);
      this.started = null;
    }
    return this.bridge;
  }

  terminate(): void {
    this.bridge?.terminate();
    this.bridge = null;
    this.started = null;
  }
}
