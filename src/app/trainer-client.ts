/**
 * Page side of one training worker: starts it on a backend, hands it the data set, trains candidates with
 * progress and cancel. A worker crash or GPU loss rejects the call (never hangs) so the search can retry.
 */
import { proxy } from 'comlink';
import { WorkerBridge, CancelledError, type WorkerFailure } from './worker-bridge';
import type { TrainWorkerApi, TrainReply } from '../../workers/train.worker';
import type { BackendChoice, BackendPreference, ProbeTiming } from '../runtime/backends';
import type { TrainProgress, TrainSettings } from '../core/train/trainer';
import type { SplitDataset } from '../core/train/patch-set';
import type { CandidateSpec } from '../core/model';

export class TrainerClient {
  private readonly bridge: WorkerBridge<TrainWorkerApi>;
  choice: BackendChoice | null = null;

  constructor() {
    const worker = new Worker(new URL('../../workers/train.worker.ts', import.meta.url), {
      type: 'module',
      name: 'trainer',
    });
    this.bridge = new WorkerBridge<TrainWorkerApi>(worker, 'training');
  }

  async start(
    preference: BackendPreference,
    data: SplitDataset,
    cachedProbe?: ProbeTiming[],
    fixedBecause?: string,
  ): Promise<BackendChoice> {
    this.choice = await this.bridge.call((w) => w.init(preference, cachedProbe, fixedBecause));
    await this.bridge.call((w) => w.setData(data));
    return this.choice;
  }

  /** Only times the backends ('auto' probe) and starts the fastest; no data needed. */
  async probe(): Promise<BackendChoice> {
    this.choice = await this.bridge.call((w) => w.init('auto'));
    return this.choice;
  }

  /** Trains one candidate. Aborting asks the worker to stop after its current step (the result says 'cancelled'). */
  async train(
    spec: CandidateSpec,
    settings: TrainSettings,
    options: { candidateKey: number; keepWeights: boolean; signal?: AbortSignal },
    onProgress?: (p: TrainProgress) => void,
    shouldPrune?: (step: number, valAcc: number) => Promise<boolean> | boolean,
  ): Promise<TrainReply> {
    const call = { ...(options.signal ? { signal: options.signal } : {}), ...(onProgress ? { onProgress } : {}) };
    return this.bridge.request<TrainReply, WorkerFailure, TrainProgress>(
      {
        // The worker throws on failure (a crash or a lost device is not an expected value): wrapped as an answer.
        start: async (w, _id, report) => ({
          ok: true,
          value: await w.train(
            spec,
            settings,
            { candidateKey: options.candidateKey, keepWeights: options.keepWeights },
            report,
            shouldPrune ? proxy(async (s: number, a: number) => shouldPrune(s, a)) : undefined,
          ),
        }),
        fail: (f) => new Error(f.message),
        // One candidate at a time: the worker's cancel needs no id.
        cancel: (w) => w.cancel(),
        onAbort: 'answer',
      },
      call,
    );
  }

  numTensors(): Promise<number> {
    return this.bridge.call((w) => w.numTensors());
  }

  /** Fault injection (tests): the worker dies with an uncaught error. */
  crash(): Promise<void> {
    return this.bridge.call((w) => w.crash());
  }

  loseDevice(): Promise<boolean> {
    return this.bridge.call((w) => w.loseDevice());
  }

  get failed(): boolean {
    return this.bridge.failed;
  }

  terminate(): void {
    this.bridge.terminate();
  }
}

export { CancelledError };
