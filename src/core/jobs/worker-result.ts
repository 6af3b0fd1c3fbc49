/**
 * What every worker call answers: the value, or an expected failure as a value. Why values: comlink keeps only an
 * error's name and message, so codes and extra fields (a SEG-Y failure's file, field and byte offset) would be lost
 * if workers threw. The page side (src/app/worker-bridge.ts) turns failures back into typed errors.
 */

/** An expected failure: a code the page can branch on and a message that names what is wrong. */
export interface WorkerFailure<Code extends string = string> {
  readonly ok: false;
  readonly code: Code;
  readonly message: string;
}

/** A worker answer; `Failure` may carry more fields than code and message. */
export type WorkerResult<T, Code extends string = string, Failure extends WorkerFailure<Code> = WorkerFailure<Code>> =
  { readonly ok: true; readonly value: T } | Failure;
