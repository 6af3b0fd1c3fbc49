/**
 * Data model shared by the SEG-Y worker, its page-side client and the UI: what an opened file looks like,
 * a 2D section cut from it, and failures as values (comlink keeps only an error's name and message).
 */
import type { FileHeaderFacts, Geometry, LineSelector, TraceHeader } from '../segy';
import type { WorkerFailure, WorkerResult } from '../jobs/worker-result';

/** What the header panel and line selector show about an opened file. */
export interface SegySummary extends FileHeaderFacts {
  /** File name. */
  readonly file: string;
  readonly sizeBytes: number;
  /** Sample format: SEG-Y code and its name. */
  readonly format: { readonly code: number; readonly name: string };
  readonly traceCount: number;
  readonly samplesPerTrace: number;
  readonly geometry: Geometry;
  /** Standard header fields of the first few traces. */
  readonly firstHeaders: readonly TraceHeader[];
}

/** A 2D section (traces × samples) cut from a file, with per-trace header fields. */
export interface Section {
  readonly file: string;
  /** What was selected, in words ("all traces", "inline 120", ...). */
  readonly label: string;
  readonly traceCount: number;
  readonly samplesPerTrace: number;
  /** Sample interval, µs; 0 = unknown. */
  readonly sampleIntervalUs: number;
  /** Recording delay of the first trace, ms: time of sample 0. */
  readonly delayMs: number;
  /** traceCount × samplesPerTrace amplitudes, trace after trace. */
  readonly samples: Float32Array;
  /** 0-based index of each trace in the file. */
  readonly fileIndex: Int32Array;
  /** Trace sequence number within line (bytes 1-4). */
  readonly traceSequence: Int32Array;
  /** Field record (bytes 9-12) and trace number within it (13-16). */
  readonly fieldRecord: Int32Array;
  readonly traceNumber: Int32Array;
  /** CDP ensemble number (bytes 21-24). */
  readonly cdp: Int32Array;
  readonly inline: Int32Array;
  readonly crossline: Int32Array;
  /** Source-receiver offset, coordinate units. */
  readonly offset: Int32Array;
  /** Source and receiver coordinates, scalar applied. */
  readonly sourceX: Float64Array;
  readonly sourceY: Float64Array;
  readonly receiverX: Float64Array;
  readonly receiverY: Float64Array;
  /** CDP coordinates (bytes 181-188), scalar applied; 0 where the file leaves them empty. */
  readonly cdpX: Float64Array;
  readonly cdpY: Float64Array;
  /** NaN/Inf samples that were replaced by 0. */
  readonly nonFinite: number;
}

/** Progress of a line read, in traces. */
export interface ReadProgress {
  readonly done: number;
  readonly total: number;
}

/** Why a worker call failed: `segy` = the file is not readable as SEG-Y/SU (details name file/field/offset). */
export type SegyFailureCode = 'segy' | 'no-file' | 'too-large' | 'cancelled' | 'bad-request' | 'internal';

/** An expected failure carried as a value across the worker boundary. */
export interface SegyFailure extends WorkerFailure<SegyFailureCode> {
  readonly file?: string;
  readonly field?: string;
  readonly byteOffset?: number;
}

/** A worker answer: the value, or an expected failure. */
export type SegyResult<T> = WorkerResult<T, SegyFailureCode, SegyFailure>;

/** What to read: null = every trace in file order. */
export type LineChoice = LineSelector | null;
