/**
 * Run and candidate records: creation, atomic claiming, results with the best-K weights, deletion.
 * Atomicity comes from IndexedDB: a readwrite transaction over the candidates store is not interleaved with any
 * other tab's, so two tabs can never claim the same queued candidate. Liveness comes from Web Locks: a tab holds
 * a lock for its whole life (taken before it claims anything); a 'running' candidate whose claiming tab's lock is
 * free was orphaned by a closed or crashed tab and is claimed again (it restarts).
 */
import { sampleCandidate, scaleSpecWidths, specId } from '../core/model';
import { rankCandidates, topKChanges } from '../core/search/leaderboard';
import type { RunResultsFile } from '../core/search/results-export';
import type { SearchSettings } from '../core/search/settings';
import type { CandidateResult } from '../core/train/trainer';
import {
  StorageFullError,
  isQuotaError,
  type CandidateRecord,
  type RunRecord,
  type SpnDB,
  type SpnDatabase,
  type WeightsRecord,
} from './schema';

/** Best candidates per run whose weights are kept. */
export const WEIGHTS_KEPT = 5;

/** Lock every working tab holds for its lifetime, taken before its first claim; a claim by a tab whose lock is free is orphaned. */
export function tabLockName(tabId: string): string {
  return `spn-tab:${tabId}`;
}

export function runLockName(runId: string): string {
  return `spn-run:${runId}`;
}

/**
 * Ends a readwrite transaction that failed part-way: aborts it (nothing it wrote stays) and rethrows `e`, a full
 * quota as a StorageFullError naming `what` when given. The abort rejects `tx.done`; that rejection is handled here.
 */
function abandon(tx: { readonly done: Promise<void>; abort(): void }, e: unknown, what?: string): never {
  tx.done.catch(() => undefined);
  try {
    tx.abort();
  } catch {
    /* already aborted or finished */
  }
  if (what !== undefined && isQuotaError(e)) throw new StorageFullError(what);
  throw e;
}

function newRunId(): string {
  const rand = Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => b.toString(16).padStart(2, '0')).join('');
  return `run-${Date.now().toString(36)}-${rand}`;
}

/** Candidate `index` of a run: sampled from the V1p2 space by (seed, index), widths scaled by the run's factor. */
function newCandidate(runId: string, settings: SearchSettings, index: number, origin = 'local'): CandidateRecord {
  const spec = scaleSpecWidths(sampleCandidate(settings.seed, index), settings.widthFactor);
  return { runId, index, id: specId(spec), spec, status: 'queued', updatedAt: Date.now(), origin };
}

/**
 * A new run's name: the local time the user reads the run list in (it was UTC, hours off the list's own times) and
 * the seed.
 */
export function defaultRunName(now: number, seed: number): string {
  const d = new Date(now);
  const two = (n: number): string => String(n).padStart(2, '0');
  const day = `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
  return `Search ${day} ${two(d.getHours())}:${two(d.getMinutes())} (seed ${seed})`;
}

/** `name`, or `name #2`, `#3`… when a stored run has it: two runs in one minute with one seed shared a name and files. */
export function freeRunName(name: string, runs: readonly Pick<RunRecord, 'name'>[]): string {
  const taken = new Set(runs.map((r) => r.name));
  let n = 1;
  while (taken.has(n === 1 ? name : `${name} #${n}`)) n++;
  return n === 1 ? name : `${name} #${n}`;
}

/** Creates a run; in count mode all its candidates are queued at once (sampled deterministically from the seed). */
export async function createRun(
  db: SpnDatabase,
  settings: SearchSettings,
  name?: string,
  estimate?: RunRecord['estimate'],
): Promise<RunRecord> {
  const now = Date.now();
  const count = settings.limit.kind === 'count' ? settings.limit.candidates : 0;
  const run: RunRecord = {
    id: newRunId(),
    name: name ?? freeRunName(defaultRunName(now, settings.seed), await db.getAll('runs')),
    createdAt: now,
    updatedAt: now,
    settings,
    status: 'running',
    created: count,
    timings: { datasetSeconds: 0, trainSeconds: 0 },
    origin: 'local',
    ...(estimate ? { estimate } : {}),
  };
  const tx = db.transaction(['runs', 'candidates'], 'readwrite');
  try {
    await tx.objectStore('runs').add(run);
    for (let i = 0; i < count; i++) await tx.objectStore('candidates').add(newCandidate(run.id, settings, i));
    await tx.done;
  } catch (e) {
    abandon(tx, e, 'the new run');
  }
  return run;
}

export async function getRun(db: SpnDatabase, runId: string): Promise<RunRecord | undefined> {
  return db.get('runs', runId);
}

/** The getter of a store keyed by [run id, key]: a run's candidates by index, its weights by spec hash. */
function inRun<S extends 'candidates' | 'weights'>(store: S) {
  return (db: SpnDatabase, runId: string, key: SpnDB[S]['key'][1]): Promise<SpnDB[S]['value'] | undefined> =>
    db.get(store, [runId, key] as SpnDB[S]['key']);
}

export const getCandidate = inRun('candidates');

/** The run's candidate with spec hash `candidateId` that has a result (a spec can be queued twice in a run). */
export async function candidateWithResult(
  db: SpnDatabase,
  runId: string,
  candidateId: string,
): Promise<CandidateRecord | undefined> {
  return (await db.getAllFromIndex('candidates', 'bySpec', [runId, candidateId])).find((c) => c.result);
}

export async function listRuns(db: SpnDatabase): Promise<RunRecord[]> {
  return (await db.getAllFromIndex('runs', 'byCreated')).reverse();
}

export async function listCandidates(db: SpnDatabase, runId: string): Promise<CandidateRecord[]> {
  return db.getAllFromIndex('candidates', 'byRun', runId);
}

/** A candidate marked 'running' by a tab whose lock is free (closed, crashed or reloaded): nobody trains it. */
function isOrphan(c: CandidateRecord, held: Set<string>): boolean {
  return c.status === 'running' && !held.has(tabLockName(c.claimedBy ?? ''));
}

/** Names of the Web Locks held anywhere in this origin (all tabs). */
export async function heldLocks(): Promise<Set<string>> {
  const q = await navigator.locks.query();
  return new Set((q.held ?? []).map((l) => l.name ?? ''));
}

/**
 * Atomically claims the next candidate of a run: the first queued one,  else an orphaned 'running' one (its claiming
 * tab's lock is free), else — in time mode when `allowNew` — a newly sampled one. Returns null when there is nothing to do.
 */
export async function claimNextCandidate(
  db: SpnDatabase,
  runId: string,
  tabId: string,
  allowNew: boolean,
): Promise<CandidateRecord | null> {
  const held = await heldLocks(); // async non-IDB work happens before the transaction
  const tx = db.transaction(['runs', 'candidates'], 'readwrite');
  const run = await tx.objectStore('runs').get(runId);
  if (!run || run.status === 'cancelled' || run.status === 'finished') {
    await tx.done;
    return null;
  }
  const cands = await tx.objectStore('candidates').index('byRun').getAll(runId);
  cands.sort((a, b) => a.index - b.index);
  let pick = cands.find((c) => c.status === 'queued') ?? cands.find((c) => isOrphan(c, held));
  if (!pick && allowNew && run.settings.limit.kind === 'time') {
    pick = newCandidate(runId, run.settings, run.created);
    run.created++;
    await tx.objectStore('runs').put({ ...run, updatedAt: Date.now() });
  }
  if (!pick) {
    await tx.done;
    return null;
  }
  const claimed: CandidateRecord = { ...pick, status: 'running', claimedBy: tabId, updatedAt: Date.now() };
  delete claimed.result;
  await tx.objectStore('candidates').put(claimed);
  await tx.done;
  return claimed;
}

/** Returns a claimed candidate to the queue (e.g. its tab stopped the run). */
export async function releaseCandidate(db: SpnDatabase, c: CandidateRecord): Promise<void> {
  const cur = await db.get('candidates', [c.runId, c.index]);
  if (cur && cur.status === 'running')
    await db.put('candidates', { ...cur, status: 'queued', claimedBy: undefined, updatedAt: Date.now() });
}

export async function saveRungAccuracy(db: SpnDatabase, c: CandidateRecord, rung: number, acc: number): Promise<void> {
  const tx = db.transaction('candidates', 'readwrite');
  const cur = await tx.store.get([c.runId, c.index]);
  if (cur) await tx.store.put({ ...cur, rungs: { ...(cur.rungs ?? {}), [String(rung)]: acc }, updatedAt: Date.now() });
  await tx.done;
}

/** Accuracies recorded at `rung` by the run's other candidates. */
export async function rungPeers(db: SpnDatabase, runId: string, rung: number, exceptIndex: number): Promise<number[]> {
  const cands = await listCandidates(db, runId);
  return cands
    .filter((c) => c.index !== exceptIndex && c.rungs?.[String(rung)] !== undefined)
    .map((c) => c.rungs?.[String(rung)] as number);
}

export interface FinishedCandidate {
  record: CandidateRecord;
  result: CandidateResult;
  status: 'finished' | 'pruned';
  backend: string;
  backendReason: string;
  weights?: Omit<WeightsRecord, 'runId' | 'candidateId' | 'savedAt'>;
}

/**
 * Saves a finished candidate and, in the same transaction, keeps the weights of the run's best K candidates
 * (adding this one's if it ranks, deleting those pushed out). If storage is full the transaction aborts (nothing
 * changes), then the result alone is saved without weights; if even that fails a StorageFullError is thrown.
 */
export async function saveCandidateResult(db: SpnDatabase, f: FinishedCandidate): Promise<{ weightsSaved: boolean }> {
  const record: CandidateRecord = {
    ...f.record,
    status: f.status,
    result: f.result,
    backend: f.backend,
    backendReason: f.backendReason,
    updatedAt: Date.now(),
  };
  const write = async (withWeights: boolean): Promise<boolean> => {
    const tx = db.transaction(['runs', 'candidates', 'weights'], 'readwrite');
    try {
      await tx.objectStore('candidates').put(record);
      const run = await tx.objectStore('runs').get(record.runId);
      if (run) {
        await tx.objectStore('runs').put({
          ...run,
          updatedAt: Date.now(),
          timings: { ...run.timings, trainSeconds: run.timings.trainSeconds + f.result.trainSeconds },
        });
      }
      let saved = false;
      if (withWeights && f.weights) {
        const all = await tx.objectStore('candidates').index('byRun').getAll(record.runId);
        const done = all.filter((c) => c.result && (c.status === 'finished' || c.status === 'pruned'));
        const ranked = rankCandidates(
          done.map((c) => ({ id: c.id, meanTop5: c.result?.meanTop5 ?? NaN, params: c.result?.params ?? 0 })),
        );
        const stored = new Set(
          (await tx.objectStore('weights').index('byRun').getAllKeys(record.runId)).map((k) => k[1]),
        );
        const { keep, drop } = topKChanges(
          ranked.map((r) => r.id),
          stored,
          WEIGHTS_KEPT,
        );
        if (keep.includes(record.id)) {
          await tx
            .objectStore('weights')
            .put({ ...f.weights, runId: record.runId, candidateId: record.id, savedAt: Date.now() });
          saved = true;
        }
        for (const id of drop) await tx.objectStore('weights').delete([record.runId, id]);
      }
      await tx.done;
      return saved;
    } catch (e) {
      abandon(tx, e);
    }
  };
  try {
    return { weightsSaved: await write(true) };
  } catch (e) {
    if (!isQuotaError(e)) throw e;
    try {
      await write(false);
    } catch (e2) {
      if (isQuotaError(e2)) throw new StorageFullError(`the result of candidate ${record.id}`);
      throw e2;
    }
    return { weightsSaved: false };
  }
}

export async function markCandidateFailed(
  db: SpnDatabase,
  c: CandidateRecord,
  error: string,
  retried?: CandidateRecord['retried'],
): Promise<void> {
  await db.put('candidates', { ...c, status: 'failed', error, ...(retried ? { retried } : {}), updatedAt: Date.now() });
}

export async function setRunStatus(
  db: SpnDatabase,
  runId: string,
  status: RunRecord['status'],
  patch: Partial<RunRecord> = {},
): Promise<void> {
  const tx = db.transaction('runs', 'readwrite');
  const run = await tx.store.get(runId);
  if (run) await tx.store.put({ ...run, ...patch, status, updatedAt: Date.now() });
  await tx.done;
}

/** Adds seconds spent building a run's data set, in one transaction. */
export async function addDatasetSeconds(db: SpnDatabase, runId: string, seconds: number): Promise<void> {
  const tx = db.transaction('runs', 'readwrite');
  const run = await tx.store.get(runId);
  if (run)
    await tx.store.put({
      ...run,
      timings: { ...run.timings, datasetSeconds: run.timings.datasetSeconds + seconds },
      updatedAt: Date.now(),
    });
  await tx.done;
}

/**
 * Adds wall seconds a tab worked on a run (for the estimate/actual ratio), and of them those that count against a
 * time budget (after the tab's data set was built). Returns the run's timings as stored (null: the run is gone).
 */
export async function addWorkSeconds(
  db: SpnDatabase,
  runId: string,
  seconds: number,
  budgetSeconds = 0,
): Promise<RunRecord['timings'] | null> {
  const tx = db.transaction('runs', 'readwrite');
  const run = await tx.store.get(runId);
  const timings: RunRecord['timings'] | null = run
    ? {
        ...run.timings,
        workSeconds: (run.timings.workSeconds ?? 0) + seconds,
        ...(budgetSeconds > 0 || run.timings.budgetSeconds !== undefined
          ? { budgetSeconds: (run.timings.budgetSeconds ?? 0) + budgetSeconds }
          : {}),
      }
    : null;
  if (run && timings) await tx.store.put({ ...run, timings });
  await tx.done;
  return timings;
}

/** Runs marked running that no tab is working on (their run lock is free) were interrupted (tab closed, reload). */
export async function detectInterruptedRuns(db: SpnDatabase): Promise<string[]> {
  const held = await heldLocks();
  const out: string[] = [];
  for (const run of await db.getAll('runs')) {
    if (run.status === 'running' && !held.has(runLockName(run.id))) {
      await setRunStatus(db, run.id, 'interrupted');
      await requeueOrphans(db, run.id, held);
      out.push(run.id);
    }
  }
  return out;
}

/**
 * Puts a run's orphaned candidates (marked 'running' by a tab whose lock is free: closed, crashed or reloaded) back in
 * the queue, so the leaderboard does not show them training; claiming would take them again anyway.
 */
async function requeueOrphans(db: SpnDatabase, runId: string, held: Set<string>): Promise<void> {
  const tx = db.transaction('candidates', 'readwrite');
  for (const c of await tx.store.index('byRun').getAll(runId))
    if (isOrphan(c, held)) await tx.store.put({ ...c, status: 'queued', claimedBy: undefined, updatedAt: Date.now() });
  await tx.done;
}

/** Deletes a run with its candidates and weights, in one transaction; refused while a tab works on the run. */
export async function deleteRun(db: SpnDatabase, runId: string): Promise<void> {
  if ((await heldLocks()).has(runLockName(runId)))
    throw new Error('a tab is training this run: stop it there first, then delete it');
  const tx = db.transaction(['runs', 'candidates', 'weights'], 'readwrite');
  await tx.objectStore('runs').delete(runId);
  for (const key of await tx.objectStore('candidates').index('byRun').getAllKeys(runId))
    await tx.objectStore('candidates').delete(key);
  for (const key of await tx.objectStore('weights').index('byRun').getAllKeys(runId))
    await tx.objectStore('weights').delete(key);
  await tx.done;
}

export const getWeights = inRun('weights');

/** Spec hashes of the candidates of a run whose weights are stored (keys only: no weight bytes are read). */
export async function storedWeightIds(db: SpnDatabase, runId: string): Promise<Set<string>> {
  return new Set((await db.getAllKeysFromIndex('weights', 'byRun', runId)).map((k) => k[1]));
}

/** Every run's candidates with stored weights (spec hashes, in key order), from the keys alone. */
export async function weightIdsByRun(db: SpnDatabase): Promise<Map<string, string[]>> {
  const byRun = new Map<string, string[]>();
  for (const [runId, candidateId] of await db.getAllKeys('weights'))
    byRun.set(runId, [...(byRun.get(runId) ?? []), candidateId]);
  return byRun;
}

/**
 * Merges a results file from another machine: into the run with the same id if there is one, else a new finished
 * run. Candidates are deduplicated by spec hash: one already finished here is kept, one still queued here is
 * replaced by the imported result (its compute is saved), new ones are appended. One transaction: all or nothing.
 */
export async function mergeRunResults(
  db: SpnDatabase,
  parsed: RunResultsFile,
): Promise<{ runId: string; added: number; skipped: number }> {
  const tx = db.transaction(['runs', 'candidates'], 'readwrite');
  let added = 0;
  let skipped = 0;
  try {
    const runs = tx.objectStore('runs');
    const cands = tx.objectStore('candidates');
    const existing = await runs.get(parsed.run.id);
    const run: RunRecord = existing ?? {
      id: parsed.run.id,
      name: `${parsed.run.name} (imported)`,
      createdAt: parsed.run.createdAt,
      updatedAt: Date.now(),
      settings: parsed.run.settings,
      status: 'finished',
      created: 0,
      // Where the run was worked on, as that machine measured it (files from before they were written: none).
      timings: parsed.run.timings ?? { datasetSeconds: 0, trainSeconds: 0 },
      ...(parsed.run.estimate ? { estimate: parsed.run.estimate } : {}),
      origin: parsed.run.origin,
    };
    const local = await cands.index('byRun').getAll(run.id);
    let nextIndex = local.reduce((m, c) => Math.max(m, c.index + 1), 0);
    // A run new here keeps the file's candidate numbers (#1 stays #1, as its exported model files say); candidates
    // added to a run of this browser are numbered after its own, whose numbers run 0..created-1 without gaps.
    const taken = new Set(local.map((l) => l.index));
    const indexFor = (c: { index: number }): number => {
      const index = !existing && Number.isInteger(c.index) && c.index >= 0 && !taken.has(c.index) ? c.index : nextIndex;
      taken.add(index);
      nextIndex = Math.max(nextIndex, index + 1);
      return index;
    };
    for (const c of parsed.candidates) {
      const same = local.find((l) => l.id === c.id);
      if (same && (same.status === 'finished' || same.status === 'pruned' || same.status === 'running')) {
        skipped++;
        continue;
      }
      const rec: CandidateRecord = {
        runId: run.id,
        index: same ? same.index : indexFor(c),
        id: c.id,
        spec: c.spec,
        status: c.status,
        updatedAt: Date.now(),
        origin: c.origin,
        ...(c.backend ? { backend: c.backend } : {}),
        ...(c.result ? { result: c.result } : {}),
        ...(c.error ? { error: c.error } : {}),
      };
      await cands.put(rec);
      added++;
    }
    await runs.put({ ...run, created: Math.max(run.created, nextIndex), updatedAt: Date.now() });
    await tx.done;
  } catch (e) {
    abandon(tx, e, 'the imported results');
  }
  return { runId: parsed.run.id, added, skipped };
}
