/**
 * The one IndexedDB schema of the app (idb's typed DBSchema) with versioned upgrades.
 * Stores:
 * - runs: one record per search run (settings, status, timings);
 * - candidates: key [runId, index]; spec, status, claim, backend, metrics, curves;
 * - weights: key [runId, candidateId]; tfjs weights of the best K candidates of each run;
 * - models: classifiers imported by the user or fine-tuned here (the app's model-file JSON);
 * - meta: small per-device values, one record per key, typed by its key (MetaValues);
 * - marks (version 2): a line's BSR / not-BSR marks, keyed by the line's fingerprint, with the display settings.
 * Rules (from idb's docs): never await non-IDB work inside a transaction; always await tx.done.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { CandidateSpec } from '../core/model';
import type { CandidateResult } from '../core/train/trainer';
import type { SearchSettings } from '../core/search/settings';
import type { RunEstimate, RunTimings } from '../core/search/results-export';
import type { Mark } from '../core/finetune/marks';
import type { PolarityChoice } from '../core/line/presentation';
import type { ProbeTiming } from '../runtime/backends';

export const DB_NAME = 'seismicpatchnet-studio';
export const DB_VERSION = 2;

export type RunStatus = 'running' | 'interrupted' | 'finished' | 'cancelled';
export type CandidateStatus = 'queued' | 'running' | 'finished' | 'pruned' | 'failed';

export interface RunRecord {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  settings: SearchSettings;
  status: RunStatus;
  /** Candidates created so far (indices 0..created-1). */
  created: number;
  /**
   * Seconds spent building the data set and training (training steps only), summed over sessions and tabs;
   * workSeconds: wall seconds tabs worked on the run (data set, training, validation, saving), summed likewise.
   */
  timings: RunTimings;
  /** Duration estimated before the start (seconds: centre and range; the device it assumed), for the actual/estimate ratio. */
  estimate?: RunEstimate;
  /** 'local' for runs made here, otherwise where the merged results came from. */
  origin: string;
  /** Last error that stopped the run, if any. */
  error?: string;
}

export interface CandidateRecord {
  runId: string;
  index: number;
  /** Stable hash of the spec. */
  id: string;
  spec: CandidateSpec;
  status: CandidateStatus;
  /** Tab that claimed it (for display; liveness comes from Web Locks). */
  claimedBy?: string;
  updatedAt: number;
  backend?: string;
  backendReason?: string;
  /** Set when the first attempt failed (worker crash, GPU loss) and the candidate was retried on another backend. */
  retried?: { firstBackend: string; error: string };
  error?: string;
  result?: CandidateResult;
  /** Validation accuracy at each ASHA rung reached (step -> accuracy). */
  rungs?: Record<string, number>;
  /** 'local' or the origin of an imported run. */
  origin: string;
}

export interface WeightsRecord {
  runId: string;
  candidateId: string;
  modelTopology: object;
  weightSpecs: { name: string; shape: number[]; dtype: string }[];
  weightData: ArrayBuffer;
  savedAt: number;
}

export interface ImportedModelRecord {
  id: string;
  name: string;
  importedAt: number;
  /** The validated model-file JSON text, kept as given so it can be exported again unchanged. */
  json: string;
  params: number;
  /** 'fine-tuned' for models made by the fine-tune panel (absent on imported ones). */
  origin?: 'fine-tuned';
  /** For fine-tuned models: the base model's id and the line's fingerprint (the full provenance is in `json`). */
  baseModel?: string;
  line?: string;
}

/** How the line was shown when it was marked (the classify settings). */
export interface MarksDisplay {
  scale: 'auto' | number;
  /** true = flipped, false = as recorded, 'auto' = flipped when the seabed read negative first (records before it hold booleans). */
  flipPolarity: PolarityChoice;
  /** 'auto', 'off' or a corrected pick per trace. */
  seabed: 'auto' | 'off' | number[];
}

export interface MarksRecord {
  /** The line's fingerprint (file size + header hash). */
  fingerprint: string;
  /** File name and line label, for display. */
  lineName: string;
  marks: Mark[];
  display: MarksDisplay;
  updatedAt: number;
  /** Saves so far (1 = the first); absent in records written before tabs merged their marks (read as 1). */
  revision?: number;
}

/** The value kept under each meta key. */
export interface MetaValues {
  /** This device's last timed backend probe. */
  'backend-probe': ProbeTiming[];
  /** Asked for persistent storage once (some browsers prompt): the answer. */
  'storage-persist-asked': boolean;
}
export type MetaKey = keyof MetaValues;
/** One meta record: its key names the type of its value. */
export type MetaRecord = { [K in MetaKey]: { key: K; value: MetaValues[K]; updatedAt: number } }[MetaKey];

export interface SpnDB extends DBSchema {
  runs: { key: string; value: RunRecord; indexes: { byCreated: number } };
  candidates: { key: [string, number]; value: CandidateRecord; indexes: { byRun: string; bySpec: [string, string] } };
  weights: { key: [string, string]; value: WeightsRecord; indexes: { byRun: string } };
  models: { key: string; value: ImportedModelRecord };
  meta: { key: MetaKey; value: MetaRecord };
  marks: { key: string; value: MarksRecord };
}

export type SpnDatabase = IDBPDatabase<SpnDB>;

/** What opening the store may need to tell the user about other tabs. */
export interface OpenSpnDbEvents {
  /** Another tab holds an older version of the store open: this open waits until that tab closes or reloads. */
  blocked?(): void;
  /** This connection was closed so another tab could upgrade the store: this tab must reload to use it again. */
  closedForUpgrade?(): void;
}

export function openSpnDb(name = DB_NAME, events: OpenSpnDbEvents = {}): Promise<SpnDatabase> {
  return openDB<SpnDB>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      // Each step upgrades from the version before it; later versions append steps.
      if (oldVersion < 1) {
        const runs = db.createObjectStore('runs', { keyPath: 'id' });
        runs.createIndex('byCreated', 'createdAt');
        const cands = db.createObjectStore('candidates', { keyPath: ['runId', 'index'] });
        cands.createIndex('byRun', 'runId');
        cands.createIndex('bySpec', ['runId', 'id']);
        const weights = db.createObjectStore('weights', { keyPath: ['runId', 'candidateId'] });
        weights.createIndex('byRun', 'runId');
        db.createObjectStore('models', { keyPath: 'id' });
        db.createObjectStore('meta', { keyPath: 'key' });
      }
      if (oldVersion < 2) {
        db.createObjectStore('marks', { keyPath: 'fingerprint' });
      }
    },
    blocked() {
      events.blocked?.();
    },
    blocking(_current, _wanted, event) {
      // Another tab wants a newer version: let it upgrade (left open, both tabs would wait on each other for ever).
      (event.target as IDBDatabase).close();
      events.closedForUpgrade?.();
    },
  });
}

/** A write failed because the origin's storage quota is full. */
/** A run asked for by id is not stored (any more): another tab deleted it meanwhile. */
export class RunGoneError extends Error {
  override name = 'RunGoneError';
  constructor(readonly runId: string) {
    super(
      `This run is no longer stored (${runId}): it was deleted, in another tab perhaps; the lists show what is stored now.`,
    );
  }
}

export class StorageFullError extends Error {
  override name = 'StorageFullError';
  constructor(what: string) {
    super(
      `Storage is full: could not save ${what}. Free space by deleting old runs or imported models; nothing already saved was changed.`,
    );
  }
}

export function isQuotaError(e: unknown): boolean {
  return e instanceof DOMException
    ? e.name === 'QuotaExceededError'
    : (e as { name?: string } | null)?.name === 'QuotaExceededError';
}
