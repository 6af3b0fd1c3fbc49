/**
 * Runs an architecture search in this tab: builds the run's data set once with the generator pool, starts the
 * training workers, and lets each worker lane claim candidates from IndexedDB until the run is done. Several tabs
 * (or a reload) can work on one run: claims are atomic transactions and liveness is a Web Lock per tab (see
 * src/db/runs.ts). Every change is announced on a BroadcastChannel so every open leaderboard stays live.
 * Faults: a worker crash or GPU device loss rejects the candidate's training; it is retried once on the next
 * backend (marked), and the search goes on.
 */
import { GeneratorPool } from './generator-pool';
import { buildSearchDataset, type SearchDataset } from './search-dataset';
import { TrainerClient } from './trainer-client';
import { CancelledError } from './worker-bridge';
import {
  addDatasetSeconds,
  addWorkSeconds,
  claimNextCandidate,
  createRun,
  getCandidate,
  getRun,
  listCandidates,
  markCandidateFailed,
  releaseCandidate,
  rungPeers,
  runLockName,
  saveCandidateResult,
  saveRungAccuracy,
  setRunStatus,
  tabLockName,
} from '../db/runs';
import { loadBackendProbe, saveBackendProbe } from '../db/meta';
import { RunGoneError, type CandidateRecord, type RunRecord, type SpnDatabase } from '../db/schema';
import { validateSearchSettings, type SearchSettings } from '../core/search/settings';
import { DEFAULT_ASHA, ashaShouldStop, rungCrossed } from '../core/search/asha';
import { DEFAULT_TRAIN_SETTINGS, type TrainProgress, type TrainSettings } from '../core/train/trainer';
import {
  BACKEND_ORDER,
  type BackendAvailability,
  type BackendName,
  type BackendPreference,
} from '../core/backend-names';
import type { ProbeTiming } from '../runtime/backends';
import { holdPage } from './page-guards';

export const SEARCH_CHANNEL = 'spn-search';

/** Why a tab refuses a second run while it works on one. */
const BUSY = 'this tab is already working on a run; stop it first';

/** Messages on the BroadcastChannel (and this tab's own event target). */
export type SearchMessage =
  | { type: 'run-changed'; runId: string }
  /**
   * The time worked on a run was counted (every few seconds while a tab works on it): the run's timings as stored.
   * Its own message, not run-changed: the page updates the figure without reloading the leaderboard.
   */
  | { type: 'work-counted'; runId: string; timings: RunRecord['timings'] }
  | { type: 'candidate-changed'; runId: string; index: number }
  | { type: 'progress'; runId: string; index: number; progress: TrainProgress; backend: string; tabId: string }
  | { type: 'dataset-progress'; runId: string; done: number; total: number; patchesPerS: number };

export class SettingsError extends Error {
  override name = 'SettingsError';
  constructor(readonly errors: Record<string, string>) {
    super(Object.values(errors).join(' '));
  }
}

export class SearchRunner extends EventTarget {
  readonly tabId = `tab-${Math.random().toString(36).slice(2, 10)}`;
  private readonly channel = new BroadcastChannel(SEARCH_CHANNEL);
  private abort: AbortController | null = null;
  private activeRun: string | null = null;
  /** A run is being created by start() (not yet worked on). */
  private creating = false;
  /** When this tab's training on the active run began (performance.now()); null while its data set is built. */
  private trainingSince: number | null = null;
  private releaseTabLock: (() => void) | null = null;
  private pool: GeneratorPool | null = null;
  private lastProgressPost = 0;
  private readonly clients = new Set<TrainerClient>();
  /**
   * How often the time worked is added to the run while this tab works on it (what a reload can lose at most, when
   * the page's own last count on leaving does not get through): one small IndexedDB write each time.
   */
  workCountMs = 5_000;

  constructor(private readonly db: SpnDatabase) {
    super();
    this.channel.onmessage = (e: MessageEvent<SearchMessage>) =>
      this.dispatchEvent(new CustomEvent<SearchMessage>('message', { detail: e.data }));
  }

  get runningRunId(): string | null {
    return this.activeRun;
  }

  /** Creates a run from validated settings and starts working on it. */
  async start(settings: SearchSettings, name?: string, estimate?: RunRecord['estimate']): Promise<RunRecord> {
    const errors = validateSearchSettings(settings);
    if (Object.keys(errors).length) throw new SettingsError(errors);
    // Checked before the run is created, and held while it is: a second Start (a double click) made a second run
    // that this tab then refused to work on, left queued under the same name.
    if (this.activeRun !== null || this.creating) throw new Error(BUSY);
    this.creating = true;
    let run: RunRecord;
    try {
      run = await createRun(this.db, settings, name, estimate);
    } finally {
      this.creating = false;
    }
    this.post({ type: 'run-changed', runId: run.id });
    void this.resume(run.id).catch(() => undefined);
    return run;
  }

  /** Works on a run until nothing is left, the budget is spent, or stop() is called. Resolves when this tab is done. */
  async resume(runId: string): Promise<void> {
    if (this.activeRun) throw new Error(BUSY);
    const ctl = new AbortController();
    this.abort = ctl;
    this.activeRun = runId;
    await this.holdTabLock();
    const release = holdPage('search');
    // The time worked is added as it goes, not only at the end: a reload or a closed tab never reaches `finally`,
    // and the run's "worked on so far" would miss everything since this tab took it up.
    let counted = performance.now();
    this.trainingSince = null;
    const countWork = async (): Promise<void> => {
      const now = performance.now();
      const seconds = (now - counted) / 1000;
      // Of them, the time since training began counts against a time budget (the data set's build does not).
      const budget = this.trainingSince === null ? 0 : (now - Math.max(counted, this.trainingSince)) / 1000;
      counted = now;
      const timings = await addWorkSeconds(this.db, runId, seconds, budget).catch(() => null);
      if (timings) this.post({ type: 'work-counted', runId, timings });
    };
    const ticker = setInterval(() => void countWork(), this.workCountMs);
    // A reload or a closed tab: count the time since the last tick as the page goes (the browser may or may not let
    // the write finish; the ticker bounds what is lost either way).
    const countOnLeaving = (): void => void countWork();
    globalThis.addEventListener?.('pagehide', countOnLeaving);
    try {
      await navigator.locks.request(runLockName(runId), { mode: 'shared' }, async () => {
        await setRunStatus(this.db, runId, 'running', { error: undefined });
        this.post({ type: 'run-changed', runId });
        await this.work(runId, ctl.signal);
      });
    } catch (e) {
      // Stopped by the user or failed: either way the run can be resumed from what is stored.
      const cancelled = e instanceof CancelledError;
      await setRunStatus(this.db, runId, 'interrupted', cancelled ? {} : { error: (e as Error).message });
      this.post({ type: 'run-changed', runId });
      if (!cancelled) throw e;
    } finally {
      release();
      clearInterval(ticker);
      globalThis.removeEventListener?.('pagehide', countOnLeaving);
      await countWork();
      this.activeRun = null;
      this.abort = null;
      this.pool?.terminate();
      this.pool = null;
    }
  }

  /** Stops this tab's work; candidates in flight go back to the queue and the run can be resumed. */
  stop(): void {
    this.abort?.abort();
  }

  dispose(): void {
    this.stop();
    this.channel.close();
    this.releaseTabLock?.();
  }

  private async work(runId: string, signal: AbortSignal): Promise<void> {
    const run = await getRun(this.db, runId);
    if (!run) throw new RunGoneError(runId);
    const s = run.settings;
    const t0 = performance.now();
    this.pool = new GeneratorPool();
    const data = await buildSearchDataset(
      this.pool,
      { ...s.dataset, seed: s.seed },
      {
        signal,
        onProgress: (p) =>
          this.postThrottled({
            type: 'dataset-progress',
            runId,
            done: p.done,
            total: p.total,
            patchesPerS: p.patchesPerS,
          }),
      },
    );
    this.pool.terminate();
    this.pool = null;
    await addDatasetSeconds(this.db, runId, (performance.now() - t0) / 1000);
    // A time budget is the run's, over all its sessions: a resumed run works for what is left of it.
    const spentMs = ((await getRun(this.db, runId))?.timings.budgetSeconds ?? 0) * 1000;
    const started = performance.now();
    this.trainingSince = started;
    const budgetMs = s.limit.kind === 'time' ? s.limit.minutes * 60_000 : Infinity;
    const lanes = Array.from({ length: s.workers }, () =>
      this.lane(runId, s, data, signal, () => spentMs + performance.now() - started < budgetMs),
    );
    await Promise.all(lanes);
    if (signal.aborted) throw new CancelledError('search');
    await this.finishIfDone(runId);
  }

  /** One training worker: claim, train, save, repeat. */
  private async lane(
    runId: string,
    s: SearchSettings,
    data: SearchDataset,
    signal: AbortSignal,
    withinBudget: () => boolean,
  ): Promise<void> {
    const settings: TrainSettings = {
      ...DEFAULT_TRAIN_SETTINGS,
      batchSize: s.batchSize,
      learningRate: s.learningRate,
      maxEpochs: s.maxEpochs,
      earlyStop: s.earlyStop,
      seed: s.seed,
      // Every candidate's kept weights state calibrated P (a temperature fitted on the run's validation patches), so
      // the map of whichever model a user picks reads on the same scale; ranking and accuracies are unchanged.
      calibrate: true,
    };
    let client: TrainerClient | null = null;
    let backend: BackendPreference = s.backend;
    /** The backend this lane's first choice failed on, once it has fallen back (its later candidates too). */
    let fellBackFrom: string | undefined;
    try {
      while (!signal.aborted) {
        const cand = await claimNextCandidate(this.db, runId, this.tabId, withinBudget());
        if (!cand) return;
        this.post({ type: 'candidate-changed', runId, index: cand.index });
        let attempt = 0;
        let firstFailure: CandidateRecord['retried'] | undefined;
        for (;;) {
          try {
            if (!client) {
              client = new TrainerClient();
              this.clients.add(client);
              // A fallback's reason says so (a fixed backend otherwise names itself "forced by the user").
              await client.start(
                backend,
                data,
                await this.cachedProbe(),
                fellBackFrom && `the next backend after ${fellBackFrom} failed`,
              );
              await this.storeProbe(client);
            }
            await this.trainOne(client, cand, settings, data, signal, firstFailure);
            break;
          } catch (e) {
            if (signal.aborted || e instanceof CancelledError) {
              await releaseCandidate(this.db, cand);
              this.post({ type: 'candidate-changed', runId, index: cand.index });
              return;
            }
            const failedOn = client?.choice?.name ?? String(backend);
            const availability = client?.choice?.availability ?? [];
            if (client) this.clients.delete(client);
            client?.terminate();
            client = null;
            attempt++;
            if (attempt > 1) {
              await markCandidateFailed(this.db, cand, (e as Error).message, firstFailure);
              this.post({ type: 'candidate-changed', runId, index: cand.index });
              break;
            }
            firstFailure = { firstBackend: failedOn, error: (e as Error).message };
            backend = nextBackend(failedOn, availability);
            fellBackFrom = failedOn;
          }
        }
      }
    } finally {
      if (client) this.clients.delete(client);
      client?.terminate();
    }
  }

  /** Fault injection for tests and the reliability report: crash the training workers or lose their GPU device. */
  async injectFault(kind: 'crash' | 'device-loss'): Promise<number> {
    let n = 0;
    for (const c of this.clients) {
      if (kind === 'crash') {
        await c.crash().catch(() => undefined);
        n++;
      } else if (await c.loseDevice().catch(() => false)) n++;
    }
    return n;
  }

  private async trainOne(
    client: TrainerClient,
    cand: CandidateRecord,
    settings: TrainSettings,
    data: SearchDataset,
    signal: AbortSignal,
    retried?: CandidateRecord['retried'],
  ): Promise<void> {
    const runId = cand.runId;
    const run = await getRun(this.db, runId);
    const maxSteps = Math.floor(data.train.count / Math.min(settings.batchSize, data.train.count)) * settings.maxEpochs;
    let prevValStep = 0;
    const shouldPrune = async (step: number, valAcc: number): Promise<boolean> => {
      const rung = rungCrossed(DEFAULT_ASHA, maxSteps, prevValStep, step);
      prevValStep = step;
      if (rung === null) return false;
      await saveRungAccuracy(this.db, cand, rung, valAcc);
      if (!run?.settings.pruning) return false;
      return ashaShouldStop(DEFAULT_ASHA, valAcc, await rungPeers(this.db, runId, rung, cand.index));
    };
    const reply = await client.train(
      cand.spec,
      settings,
      { candidateKey: cand.index, keepWeights: true, signal },
      (p) =>
        this.postThrottled({
          type: 'progress',
          runId,
          index: cand.index,
          progress: p,
          backend: client.choice?.name ?? '',
          tabId: this.tabId,
        }),
      shouldPrune,
    );
    if (reply.result.stoppedBy === 'cancelled') throw new CancelledError('candidate');
    const current = (await getCandidate(this.db, runId, cand.index)) ?? cand;
    await saveCandidateResult(this.db, {
      record: { ...current, ...(retried ? { retried } : {}) },
      result: reply.result,
      status: reply.result.stoppedBy === 'pruned' ? 'pruned' : 'finished',
      backend: reply.backend,
      backendReason: client.choice?.reason ?? '',
      weights: reply.artifacts,
    });
    this.post({ type: 'candidate-changed', runId, index: cand.index });
  }

  private async finishIfDone(runId: string): Promise<void> {
    const cands = await listCandidates(this.db, runId);
    if (cands.every((c) => c.status !== 'queued' && c.status !== 'running')) {
      await setRunStatus(this.db, runId, 'finished');
      this.post({ type: 'run-changed', runId });
    }
  }

  private async holdTabLock(): Promise<void> {
    if (this.releaseTabLock) return;
    await new Promise<void>((acquired) => {
      void navigator.locks.request(tabLockName(this.tabId), () => {
        acquired();
        return new Promise<void>((release) => (this.releaseTabLock = release));
      });
    });
  }

  private async cachedProbe(): Promise<ProbeTiming[] | undefined> {
    const probe = await loadBackendProbe(this.db);
    return probe && Date.now() - probe.measuredAt < 7 * 24 * 3600_000 ? probe.timings : undefined;
  }

  private async storeProbe(client: TrainerClient): Promise<void> {
    const probe = client.choice?.probe;
    if (probe?.length) await saveBackendProbe(this.db, probe);
  }

  /** Tells this tab's and the other tabs' views that a run changed or went (e.g. deleted here). */
  runChanged(runId: string): void {
    this.post({ type: 'run-changed', runId });
  }

  private post(m: SearchMessage): void {
    this.channel.postMessage(m);
    this.dispatchEvent(new CustomEvent<SearchMessage>('message', { detail: m }));
  }

  /** Progress arrives every step; other tabs need it a few times a second at most. */
  private postThrottled(m: SearchMessage): void {
    const now = performance.now();
    this.dispatchEvent(new CustomEvent<SearchMessage>('message', { detail: m }));
    if (now - this.lastProgressPost > 250) {
      this.lastProgressPost = now;
      this.channel.postMessage(m);
    }
  }
}

/**
 * The backend to retry on after `failed` failed: the next one in webgpu → webgl → wasm → cpu order that is
 * available and not software-rendered (a SwiftShader WebGL would turn minutes into hours); cpu as last resort.
 */
export function nextBackend(failed: string, availability: readonly BackendAvailability[]): BackendName {
  const from = BACKEND_ORDER.indexOf(failed as BackendName);
  for (const name of BACKEND_ORDER.slice(from + 1)) {
    const a = availability.find((x) => x.name === name);
    if (name === 'wasm' || name === 'cpu' || (a?.available && !a.software)) return name;
  }
  return 'cpu';
}
