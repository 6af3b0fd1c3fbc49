/** Values the fine-tune worker sends back (structured-cloneable). */
import type { FineTuneResult } from './finetune';
import type { WorkerResult } from '../jobs/worker-result';

export type FineTuneFailureCode = 'marks' | 'model' | 'input' | 'cancelled' | 'internal';

export interface FineTuneDone {
  /** The tuned model file's JSON text (a new model; the base is untouched). */
  text: string;
  name: string;
  result: FineTuneResult;
  syntheticTest: { before: number; after: number; patches: number } | null;
  /** Time scale the marked patches were cut at (line samples per generator sample). */
  scaleFactor: number;
  /** The tfjs backend the worker trained on. */
  backend: string;
  /** Threads of the wasm backend (1 = single-thread build); null for other backends. */
  threads: number | null;
}

export type FineTuneReply = WorkerResult<FineTuneDone, FineTuneFailureCode>;
