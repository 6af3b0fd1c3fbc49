/**
 * A run's results without weights, as JSON (re-importable on another machine, where the results are merged) and as
 * CSV (one row per candidate, for spreadsheets). The JSON parser refuses anything it does not understand, with a
 * message naming the first problem, before anything is stored.
 */
import { specId, validateSpec, type CandidateSpec } from '../model';
import type { CandidateResult } from '../train/trainer';
import type { SearchSettings } from './settings';
import { VALIDATION_SETS, validationSetOf, type ValidationSet } from '../dataset-settings';
import { binarySignature, checkFileKind, isJsonObject, jsonFileKind, looksBinary } from '../json-file';

/** The results file's format, version and largest text accepted. */
export const RESULTS_FILE = jsonFileKind('seismicpatchnet-run-results', 1);

export interface ResultsRun {
  id: string;
  name: string;
  createdAt: number;
  settings: SearchSettings;
  origin: string;
  /**
   * The patches the validation accuracies were measured on (written by every export; files from before it
   * existed lack it and mean validationSetOf(settings.dataset), i.e. 'train-split').
   */
  scoresFrom?: ValidationSet;
  /**
   * How long the run took where it ran, and the duration estimated before its start (optional: files from before
   * they were written lack them), so the merged run's summary can say so.
   */
  timings?: RunTimings;
  estimate?: RunEstimate;
}

/** Seconds a run's tabs spent on it (data set, training, all work), summed over its sessions; the run store's. */
export interface RunTimings {
  datasetSeconds: number;
  trainSeconds: number;
  workSeconds?: number;
  /**
   * Seconds of a time-limited run's budget spent: tabs' wall time after their data set was built, over every
   * session, so a resumed run works for what is left of its budget, not for the whole budget again.
   */
  budgetSeconds?: number;
}

/** Duration estimated before a run's start (seconds: centre and range; the device it assumed); the run store's. */
export interface RunEstimate {
  seconds: number;
  low: number;
  high: number;
  device: string;
}

export interface ResultsCandidate {
  index: number;
  id: string;
  spec: CandidateSpec;
  status: 'finished' | 'pruned' | 'failed';
  backend?: string;
  result?: CandidateResult;
  error?: string;
  origin: string;
}

export interface RunResultsFile {
  format: typeof RESULTS_FILE.format;
  formatVersion: typeof RESULTS_FILE.version;
  exportedAt: string;
  run: ResultsRun;
  candidates: ResultsCandidate[];
}

interface CandidateLike {
  index: number;
  id: string;
  spec: CandidateSpec;
  status: string;
  backend?: string;
  result?: CandidateResult;
  error?: string;
  origin: string;
}

/** Done candidates only: queued or running ones carry nothing worth merging. */
export function runResultsJson(run: ResultsRun, candidates: readonly CandidateLike[]): string {
  const file: RunResultsFile = {
    format: RESULTS_FILE.format,
    formatVersion: RESULTS_FILE.version,
    exportedAt: new Date().toISOString(),
    run: {
      id: run.id,
      name: run.name,
      createdAt: run.createdAt,
      settings: run.settings,
      origin: run.origin === 'local' ? `run ${run.id}` : run.origin,
      scoresFrom: validationSetOf(run.settings.dataset),
      ...(run.timings ? { timings: run.timings } : {}),
      ...(run.estimate ? { estimate: run.estimate } : {}),
    },
    candidates: candidates
      .filter(
        (c): c is CandidateLike & { status: ResultsCandidate['status'] } =>
          c.status === 'finished' || c.status === 'pruned' || c.status === 'failed',
      )
      .map((c) => ({
        index: c.index,
        id: c.id,
        spec: c.spec,
        status: c.status,
        origin: c.origin === 'local' ? `run ${run.id}` : c.origin,
        ...(c.backend ? { backend: c.backend } : {}),
        ...(c.result ? { result: c.result } : {}),
        ...(c.error ? { error: c.error } : {}),
      })),
  };
  return JSON.stringify(file);
}

/** val_set: the patches mean_top5, top3 and max_val_acc were measured on (test-profile or train-split). */
const CSV_COLUMNS = [
  'index',
  'id',
  'status',
  'mean_top5',
  'top3',
  'max_val_acc',
  'test_acc',
  'params',
  'macs',
  'steps',
  'epochs',
  'stopped_by',
  'train_seconds',
  'train_samples_per_s',
  'infer_patches_per_s',
  'backend',
  'origin',
  'val_set',
] as const;

function csvCell(v: string | number | null | undefined): string {
  const s = v === undefined || v === null || (typeof v === 'number' && Number.isNaN(v)) ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row per candidate; `scoresFrom` is the run's validation set (validationSetOf(run.settings.dataset)). */
export function runResultsCsv(candidates: readonly CandidateLike[], scoresFrom: ValidationSet): string {
  const rows = candidates.map((c) => {
    const r = c.result;
    return [
      c.index,
      c.id,
      c.status,
      r?.meanTop5,
      r?.meanTop3,
      r?.max,
      r?.test?.accuracy,
      r?.params,
      r?.macs,
      r?.steps,
      r?.epochs,
      r?.stoppedBy,
      r?.trainSeconds,
      r?.trainSamplesPerS,
      r?.inferPatchesPerS,
      c.backend,
      c.origin,
      scoresFrom,
    ]
      .map(csvCell)
      .join(',');
  });
  return [CSV_COLUMNS.join(','), ...rows].join('\n') + '\n';
}

export class ResultsFileError extends Error {
  override name = 'ResultsFileError';
  constructor(detail: string) {
    super(`results file: ${detail}`);
  }
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function finiteOrNaN(v: unknown): boolean {
  return typeof v === 'number' || v === null;
}

/** Parses and validates a results file; throws ResultsFileError naming the first problem. */
export function parseRunResults(text: string): RunResultsFile {
  if (text.length > RESULTS_FILE.maxChars)
    throw new ResultsFileError(`${text.length} characters is over the ${RESULTS_FILE.maxChars} limit`);
  let raw: unknown;
  try {
    raw = JSON.parse(text, (key, value: unknown) => {
      if (FORBIDDEN_KEYS.has(key)) throw new ResultsFileError(`forbidden key "${key}"`);
      return value;
    });
  } catch (e) {
    if (e instanceof ResultsFileError) throw e;
    // Binary bytes (an image, a SEG-Y line): say what it looks like, not the parser's quote of the bytes.
    const kind = binarySignature(text);
    if (kind || looksBinary(text))
      throw new ResultsFileError(
        `binary data, not JSON text (${kind ?? 'a seismic line?'}; a results file is the .json file a run's "Results JSON" button writes)`,
      );
    throw new ResultsFileError(`not valid JSON (${(e as Error).message})`);
  }
  if (!isJsonObject(raw)) throw new ResultsFileError('top level is not an object');
  checkFileKind(raw, RESULTS_FILE, (m) => new ResultsFileError(m));
  const run = raw.run;
  if (
    !isJsonObject(run) ||
    typeof run.id !== 'string' ||
    typeof run.name !== 'string' ||
    !isJsonObject(run.settings) ||
    typeof run.createdAt !== 'number'
  ) {
    throw new ResultsFileError('run: expected {id, name, createdAt, settings, origin}');
  }
  const runId = run.id;
  if (run.scoresFrom !== undefined && !VALIDATION_SETS.includes(run.scoresFrom as ValidationSet)) {
    throw new ResultsFileError(
      `run.scoresFrom: ${JSON.stringify(run.scoresFrom)} is not one of ${VALIDATION_SETS.join(', ')}`,
    );
  }
  const dataset = isJsonObject(run.settings.dataset) ? run.settings.dataset : {};
  const declared = validationSetOf(dataset);
  if (run.scoresFrom !== undefined && run.scoresFrom !== declared) {
    throw new ResultsFileError(
      `run.scoresFrom ${JSON.stringify(run.scoresFrom)} contradicts its settings (validation set ${declared})`,
    );
  }
  checkRunTimes(run);
  if (!Array.isArray(raw.candidates)) throw new ResultsFileError('candidates: expected an array');
  raw.candidates.forEach((c: unknown, i: number) => {
    const at = `candidates[${i}]`;
    if (!isJsonObject(c)) throw new ResultsFileError(`${at}: not an object`);
    if (!Number.isInteger(c.index) || (c.index as number) < 0)
      throw new ResultsFileError(`${at}.index: expected an integer >= 0`);
    if (c.status !== 'finished' && c.status !== 'pruned' && c.status !== 'failed')
      throw new ResultsFileError(`${at}.status: ${JSON.stringify(c.status)} is not finished/pruned/failed`);
    let spec: CandidateSpec;
    try {
      spec = validateSpec(c.spec);
    } catch (e) {
      throw new ResultsFileError(`${at}.spec: ${(e as Error).message}`);
    }
    if (c.id !== specId(spec))
      throw new ResultsFileError(`${at}.id ${JSON.stringify(c.id)} does not match its spec (${specId(spec)})`);
    if (c.status !== 'failed') {
      const r = c.result;
      if (!isJsonObject(r)) throw new ResultsFileError(`${at}.result: missing`);
      for (const k of ['meanTop5', 'meanTop3', 'max', 'params', 'macs', 'steps', 'trainSeconds'] as const) {
        if (!finiteOrNaN(r[k])) throw new ResultsFileError(`${at}.result.${k}: expected a number`);
      }
      if (!isJsonObject(r.curves) || !Array.isArray(r.curves.train) || !Array.isArray(r.curves.val))
        throw new ResultsFileError(`${at}.result.curves: expected {train: [], val: []}`);
    }
    if (typeof c.origin !== 'string') c.origin = `run ${runId}`;
  });
  return raw as unknown as RunResultsFile;
}

/** The optional `run.timings` and `run.estimate`: seconds ≥ 0 and a device name, or absent. */
function checkRunTimes(run: Record<string, unknown>): void {
  const seconds = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
  const t = run.timings;
  if (
    t !== undefined &&
    !(
      isJsonObject(t) &&
      seconds(t.datasetSeconds) &&
      seconds(t.trainSeconds) &&
      (t.workSeconds === undefined || seconds(t.workSeconds)) &&
      (t.budgetSeconds === undefined || seconds(t.budgetSeconds))
    )
  )
    throw new ResultsFileError(
      'run.timings: expected {datasetSeconds, trainSeconds, workSeconds?, budgetSeconds?} in seconds >= 0',
    );
  const e = run.estimate;
  if (
    e !== undefined &&
    !(isJsonObject(e) && seconds(e.seconds) && seconds(e.low) && seconds(e.high) && typeof e.device === 'string')
  )
    throw new ResultsFileError('run.estimate: expected {seconds, low, high, device} in seconds >= 0');
}
