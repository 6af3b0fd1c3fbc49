/**
 * Page-side controller of the Search view: holds the database and the search runner, keeps one immutable
 * snapshot of what the view shows (runs, ranked rows, live progress, storage) and turns the view's intents into
 * runner, store and export calls. No Lit here; the view re-renders on this target's 'change' event.
 * Other tabs' work arrives through the runner's 'message' events (BroadcastChannel), so the leaderboard stays live.
 */
import { SearchRunner, SettingsError, type SearchMessage } from './search-runner';
import type { ProbeTiming } from '../runtime/backends';
import { detectBackends } from '../runtime/backend-detect';
import type { BackendAvailability } from '../core/backend-names';
import {
  exportCandidateModel,
  exportTfjsPair,
  importModelFile,
  importRunResults,
  modelFileName,
  safeName,
} from './model-export';
import { runResultsCsv, runResultsJson } from '../core/search/results-export';
import {
  deleteRun,
  detectInterruptedRuns,
  getRun,
  heldLocks,
  listCandidates,
  listRuns,
  runLockName,
  storedWeightIds,
} from '../db/runs';
import { loadBackendProbe, persistenceAsked, recordPersistenceAnswer, saveBackendProbe } from '../db/meta';
import { browserDownload, type Downloader } from './download';
import {
  RunGoneError,
  openSpnDb,
  type OpenSpnDbEvents,
  type CandidateRecord,
  type ImportedModelRecord,
  type RunRecord,
  type SpnDatabase,
} from '../db/schema';
import { deleteModel, listModels } from '../db/models';
import { prunedSavings } from '../core/search/asha';
import type { SearchSettings } from '../core/search/settings';
import { searchSettingsFromDraft } from '../core/search/settings-draft';
import { readTabItem, writeTabItem } from './tab-storage';
import type { CurvePoint, TrainProgress } from '../core/train/trainer';
import { layerTable, type LayerRow } from '../core/model';
import { leaderboardRows, type LeaderboardRow } from './leaderboard-rows';
import { validationSetOf } from '../core/dataset-settings';
import type { CostEstimate } from '../core/search/cost';
import type { FitOption } from '../core/search/fit-budget';
import { announce, listenToStore } from './store-channel';
import { priceRun } from './run-pricing';
import { formatParams } from '../core/model/format-params';
import { TrainerClient } from './trainer-client';
import { curveSeries, runRungs, type CurveSeries } from './curve-series';
import { parameterImportance, type Importance } from '../core/search/spec-params';

export { FIT_BUDGET_SECONDS } from './run-pricing';

/** A candidate training right now, in this tab or another. */
export interface LiveCandidate {
  runId: string;
  index: number;
  progress: TrainProgress;
  backend: string;
}

/** Origin storage: whether it is persistent (null: not asked / unsupported) and bytes used of the quota. */
export interface StorageInfo {
  persisted: boolean | null;
  usage: number | null;
  quota: number | null;
}

/** Everything the Search view renders; replaced (never mutated) on each change. */
export interface SearchState {
  runs: RunRecord[];
  run: RunRecord | null;
  candidates: CandidateRecord[];
  rows: LeaderboardRow[];
  /** Weights stored for these candidate ids of the open run (the best K): exportable. */
  withWeights: Set<string>;
  selectedIndex: number | null;
  live: LiveCandidate[];
  dataset: { runId: string; done: number; total: number; patchesPerS: number } | null;
  /** Run this tab is working on. */
  working: string | null;
  savings: { savedMinutes: number; prunedCount: number };
  storage: StorageInfo;
  settingsErrors: Record<string, string>;
  /** Last action's outcome (role=status) and failure (role=alert, e.g. a StorageFullError). */
  message: string;
  error: string;
  /** Why the last model file was refused (shown by the import zone). */
  importError: string;
  /** Models stored in this browser (imported or fine-tuned), newest first; search candidates are listed with their runs. */
  models: ImportedModelRecord[];
  /** This device's last timed backend probe (ms per training step of the probe net), null before the first auto run. */
  probe: { timings: ProbeTiming[]; measuredAt: number } | null;
  /** Duration of the settings now entered in the form (null: device unmeasured or settings refused, see estimateNote). */
  estimate: CostEstimate | null;
  estimateNote: string;
  /** Settings that fit FIT_BUDGET_SECONDS when the estimate is over it. */
  fit: FitOption[];
  /** The device probe is running (measureDevice). */
  measuring: boolean;
  /** The backends this browser offers, found at start without measuring (empty until found). */
  availability: BackendAvailability[];
  /** Validation points streamed by candidates in training (by index), for the live overlaid curves. */
  liveCurves: Record<number, CurvePoint[]>;
  /** Every candidate's validation curve (stored or live) and the run's ASHA rungs. */
  curves: CurveSeries[];
  rungs: number[];
  /** Rank correlation of each searched parameter with mean top-5, over the scored candidates. */
  importance: Importance[];
}

export class SearchController extends EventTarget {
  readonly runner: SearchRunner;
  download: Downloader = browserDownload;
  /** Set by dispose(): background watchers stop touching the database and the state. */
  private disposed = false;
  private s: SearchState = {
    runs: [],
    run: null,
    candidates: [],
    rows: [],
    withWeights: new Set(),
    selectedIndex: null,
    live: [],
    dataset: null,
    working: null,
    savings: { savedMinutes: 0, prunedCount: 0 },
    storage: { persisted: null, usage: null, quota: null },
    settingsErrors: {},
    message: '',
    error: '',
    importError: '',
    models: [],
    probe: null,
    estimate: null,
    estimateNote: '',
    fit: [],
    measuring: false,
    availability: [],
    liveCurves: {},
    curves: [],
    rungs: [],
    importance: [],
  };
  private draft: SearchSettings | null = null;
  private reloadQueued = false;
  /** start() is creating a run. */
  private startingRun = false;
  private layers: { id: string; rows: LayerRow[] } | null = null;
  private initialising: Promise<void> | null = null;
  private readonly stopListening: () => void;

  constructor(
    readonly db: SpnDatabase,
    runner?: SearchRunner,
  ) {
    super();
    this.runner = runner ?? new SearchRunner(db);
    this.runner.addEventListener('message', this.onMessage);
    // Models imported or deleted in another tab (or in this tab's Classify view) are listed here too.
    this.stopListening = listenToStore((m) => {
      if (m.kind === 'models') void this.refreshModels();
    });
    this.draft = searchSettingsFromDraft(readTabItem(this.draftKey));
  }

  /** Where this tab keeps the form's settings over a reload (per store, so tests' stores keep their own). */
  private get draftKey(): string {
    return `spn-search-draft:${this.db.name}`;
  }

  /** The settings the New search form held last in this tab, kept over a reload; null: the form's defaults. */
  get enteredSettings(): SearchSettings | null {
    return this.draft;
  }

  /** Opens the app database (or a named one, for tests) and a controller over it. */
  static async open(dbName?: string, events: OpenSpnDbEvents = {}): Promise<SearchController> {
    let ctl: SearchController | null = null;
    const db = await openSpnDb(dbName, {
      blocked: () => events.blocked?.(),
      closedForUpgrade: () =>
        ctl?.set({
          error:
            'A newer version of the app opened in another tab and upgraded this browser’s store: reload this tab to go on (everything saved is kept).',
        }),
    });
    ctl = new SearchController(db);
    return ctl;
  }

  private static sharedController: Promise<SearchController> | null = null;

  /** The page's one controller over the app database: views come and go (tab switches), the search goes on. */
  static shared(events: OpenSpnDbEvents = {}): Promise<SearchController> {
    SearchController.sharedController ??= SearchController.open(undefined, events).catch((e: unknown) => {
      SearchController.sharedController = null; // let a later view try again
      throw e;
    });
    return SearchController.sharedController;
  }

  get state(): SearchState {
    return this.s;
  }

  /** Marks runs nobody works on as interrupted, loads the newest run, asks for persistent storage once. */
  init(): Promise<void> {
    this.initialising ??= this.load();
    return this.initialising;
  }

  private async load(): Promise<void> {
    await this.guard(async () => {
      await detectInterruptedRuns(this.db);
      const runs = await listRuns(this.db);
      this.set({ runs, models: await listModels(this.db) });
      await this.openRun(runs[0]?.id ?? null);
    });
    await this.askPersistence();
    void this.watchOtherTabs();
    // Found at once (an adapter request, no tfjs): a backend chosen in the form is said missing or a software
    // adapter before the device is measured, not only after.
    const availability = await detectBackends().catch(() => []);
    this.set({ availability });
    this.reprice();
  }

  /** How often a tab looks whether the tabs working on runs it shows are still there. */
  otherTabsPollMs = 2000;

  /**
   * A run another tab works on, shown here, stays "running" after that tab is closed or reloaded (its `finally` never
   * runs): its run lock is what tells. Watched while such a run is listed; a run whose lock is free at two looks in a
   * row (a run just created takes its lock a moment after it is stored) is marked interrupted and the view reloaded,
   * so it offers Resume and Delete without a reload here.
   */
  private async watchOtherTabs(): Promise<void> {
    let free = new Set<string>();
    while (!this.disposed) {
      await new Promise((r) => setTimeout(r, this.otherTabsPollMs));
      if (this.disposed) return;
      try {
        const others = this.s.runs.filter((r) => r.status === 'running' && r.id !== this.runner.runningRunId);
        const held = others.length ? await heldLocks() : new Set<string>();
        const nowFree = new Set(others.filter((r) => !held.has(runLockName(r.id))).map((r) => r.id));
        if ([...nowFree].some((id) => free.has(id))) {
          const gone = await detectInterruptedRuns(this.db);
          if (gone.length) this.set({ live: this.s.live.filter((l) => !gone.includes(l.runId)) });
          await this.reload();
        }
        free = nowFree;
        // A status line about a run another tab worked on follows how that run stands now.
        const waiting = this.s.runs.find((r) => this.s.message === `${r.name} is being worked on in another tab.`);
        if (waiting && waiting.status !== 'running') this.set({ message: runEndMessage(waiting) });
      } catch {
        // Advisory: the database may be closing under a disposed view; the next look tries again.
      }
    }
  }

  /** Re-reads the stored models (another view or tab may have added one). */
  async refreshModels(): Promise<void> {
    await this.guard(async () => this.set({ models: await listModels(this.db) }));
  }

  /** Downloads a stored model's file, as it was imported or made. */
  exportStoredModel(id: string): void {
    const m = this.s.models.find((x) => x.id === id);
    if (m) this.download(modelFileName(m.name), m.json, 'application/json');
  }

  /** Deletes a stored model (the view asks first); the Classify view's list no longer offers it. */
  async deleteStoredModel(id: string): Promise<void> {
    const m = this.s.models.find((x) => x.id === id);
    await this.guard(async () => {
      await deleteModel(this.db, id);
      announce({ kind: 'models' });
      this.set({ models: await listModels(this.db), message: m ? `Model “${m.name}” deleted.` : 'Model deleted.' });
    });
  }

  /** Starts a new run; false (with per-field messages in settingsErrors) when the settings are refused. */
  async start(settings: SearchSettings, name?: string): Promise<boolean> {
    // A second Start while the first is still creating its run (a double click) is the same request: ignored.
    if (this.startingRun) return false;
    this.startingRun = true;
    try {
      const e = priceRun(settings, this.s.probe?.timings ?? null, this.s.availability).estimate;
      const run = await this.runner.start(
        settings,
        name,
        e ? { seconds: e.seconds, low: e.low, high: e.high, device: e.device } : undefined,
      );
      this.set({ settingsErrors: {}, error: '', working: run.id, message: `Started ${run.name}.` });
      await this.openRun(run.id);
      void this.watchRunner(run.id);
      return true;
    } catch (e) {
      if (e instanceof SettingsError) {
        this.set({ settingsErrors: e.errors });
        return false;
      }
      this.fail(e);
      return false;
    } finally {
      this.startingRun = false;
    }
  }

  /** Stops this tab's work; candidates in training go back to the queue and the run becomes resumable. */
  stop(): void {
    this.runner.stop();
    this.set({ message: 'Stopping: candidates in training go back to the queue; the run can be resumed.' });
  }

  async resume(runId: string): Promise<void> {
    // Said as done, as "Started …" is: "Resuming…" stayed on screen for the whole run, as if it never got going.
    const name = this.s.runs.find((r) => r.id === runId)?.name;
    this.set({ working: runId, error: '', message: name ? `Resumed ${name}.` : 'Resumed the run.' });
    await this.openRun(runId);
    try {
      await this.runner.resume(runId);
    } catch (e) {
      this.fail(e);
    }
    await this.afterWork(runId);
  }

  /** The runner works in the background after start() (it marks itself busy before start() returns): notice when it is done. */
  private async watchRunner(runId: string): Promise<void> {
    while (!this.disposed && this.runner.runningRunId === runId) await new Promise((r) => setTimeout(r, 250));
    if (this.disposed) return;
    try {
      await this.afterWork(runId);
      // A run that failed in the background (e.g. storage full while saving a result) says why on its record.
      const run = await getRun(this.db, runId);
      if (run?.error) this.set({ error: `The search stopped: ${run.error}` });
    } catch (e) {
      // Nobody awaits this watcher: a failure is shown, never left as an unhandled rejection. After dispose() the
      // database may be closing under it, and there is no one left to tell.
      if (!this.disposed) this.fail(e);
    }
  }

  /** After this tab's work on run `worked` stopped (finished, stopped, failed). */
  private async afterWork(worked: string): Promise<void> {
    // A stopped run is left marked 'running' with its lock free: mark it interrupted so it can be resumed.
    await detectInterruptedRuns(this.db).catch(() => undefined);
    this.set({ working: this.runner.runningRunId, dataset: null, live: [] });
    await this.reload();
    // "Started …" or "Resuming…" described the work; once it is over, the status line says how it ended.
    if (this.runner.runningRunId === null) {
      const run = await getRun(this.db, worked);
      this.set({ message: run ? runEndMessage(run) : '' });
    }
  }

  async deleteRun(runId: string): Promise<void> {
    await this.guard(async () => {
      await deleteRun(this.db, runId);
      // Other tabs' run lists and leaderboards, and every Classify list of its candidates, follow.
      this.runner.runChanged(runId);
      announce({ kind: 'runs' });
      const runs = await listRuns(this.db);
      this.set({ runs, message: 'Run deleted.' });
      if (this.s.run?.id === runId) await this.openRun(runs[0]?.id ?? null);
    });
  }

  async openRun(runId: string | null): Promise<void> {
    const changed = runId !== this.s.run?.id;
    if (changed) this.set({ selectedIndex: null, live: [], liveCurves: {} });
    await this.guard(async () => {
      const run = runId ? ((await getRun(this.db, runId)) ?? null) : null;
      const candidates = run ? await listCandidates(this.db, run.id) : [];
      const withWeights = run ? await storedWeightIds(this.db, run.id) : new Set<string>();
      const done = candidates.filter((c) => c.result && (c.status === 'finished' || c.status === 'pruned'));
      this.set({
        run,
        candidates,
        rows: leaderboardRows(candidates, validationSetOf(run?.settings.dataset ?? {})),
        withWeights,
        savings: prunedSavings(
          done.map((c) => ({
            steps: c.result?.steps ?? 0,
            trainSeconds: c.result?.trainSeconds ?? 0,
            pruned: c.status === 'pruned',
          })),
        ),
        live: this.s.live.filter((l) => candidates.find((c) => c.index === l.index)?.status === 'running'),
        liveCurves: Object.fromEntries(
          Object.entries(this.s.liveCurves).filter(
            ([i]) => candidates.find((c) => c.index === Number(i))?.status === 'running',
          ),
        ),
      });
      this.set({
        curves: curveSeries(candidates, this.s.liveCurves),
        rungs: run ? runRungs(run.settings) : [],
        importance: parameterImportance(done.map((c) => ({ spec: c.spec, score: c.result?.meanTop5 ?? NaN }))),
      });
    });
  }

  selectCandidate(index: number | null): void {
    this.set({ selectedIndex: index });
  }

  /** The settings now entered in the form: re-prices them and the ways to fit the budget. */
  setDraft(settings: SearchSettings): void {
    this.draft = settings;
    writeTabItem(this.draftKey, JSON.stringify(settings));
    this.reprice();
  }

  /** Times the backends of this device (the probe a run with backend "auto" makes) and stores it, so runs can be priced. */
  async measureDevice(): Promise<void> {
    this.set({ measuring: true });
    const client = new TrainerClient();
    try {
      const choice = await client.probe();
      await saveBackendProbe(this.db, choice.probe);
      await this.refreshStorage();
    } catch (e) {
      this.fail(e);
    } finally {
      client.terminate();
      this.set({ measuring: false });
    }
  }

  private reprice(): void {
    if (this.draft) this.set(priceRun(this.draft, this.s.probe?.timings ?? null, this.s.availability));
  }

  /** The selected candidate with its layer table (cached per spec id: the table does not change). */
  get detail(): { candidate: CandidateRecord; layers: LayerRow[]; exportable: boolean } | null {
    const c = this.s.candidates.find((x) => x.index === this.s.selectedIndex);
    if (!c) return null;
    if (this.layers?.id !== c.id) this.layers = { id: c.id, rows: layerTable(c.spec) };
    return { candidate: c, layers: this.layers.rows, exportable: this.s.withWeights.has(c.id) };
  }

  /** Downloads a candidate's model (the run's best with stored weights when no index is given). */
  async exportModel(format: 'json' | 'tfjs', index?: number): Promise<void> {
    const run = this.s.run;
    const row =
      index === undefined
        ? this.s.rows.find((r) => this.s.withWeights.has(r.id))
        : this.s.rows.find((r) => r.index === index);
    if (!run || !row) {
      this.set({ error: 'No trained candidate with stored weights to export yet.' });
      return;
    }
    await this.guard(async () => {
      if (format === 'json') {
        const { json, fileName } = await exportCandidateModel(this.db, run.id, row.id);
        this.download(fileName, json, 'application/json');
      } else {
        const pair = await exportTfjsPair(this.db, run.id, row.id);
        this.download(pair.modelFileName, pair.modelJson, 'application/json');
        this.download(pair.weightsFileName, pair.weightsBin, 'application/octet-stream');
      }
      // "Export best model" takes the best candidate with weights: where better-ranked ones have none (results merged
      // from another machine carry no weights), it says which it exported and why.
      const best = this.s.rows[0];
      const skipped = index === undefined && best && best.id !== row.id;
      this.set({
        message: skipped
          ? `Exported candidate #${row.index} (${row.id}), the best-ranked with stored weights: #${best.index}, ranked first, has none here (results files carry no weights).`
          : `Exported candidate #${row.index} (${row.id}).`,
      });
    });
  }

  async importModel(file: File): Promise<void> {
    this.set({ importError: '' });
    try {
      const { record: rec, stored } = await importModelFile(this.db, file);
      if (stored) announce({ kind: 'models' });
      this.set({
        models: await listModels(this.db),
        message: stored
          ? `Imported model “${rec.name}” (${formatParams(rec.params)}); use it in the Classify view.`
          : `Model “${rec.name}” is stored already (imported ${new Date(rec.importedAt).toLocaleString()}); nothing added.`,
      });
    } catch (e) {
      // The message line may still announce an earlier import: this one failed, so only the failure shows.
      this.set({ importError: `${file.name}: ${(e as Error).message}`, message: '', error: '' });
    }
  }

  async importResults(file: File): Promise<void> {
    try {
      const { runId, added, skipped } = await importRunResults(this.db, file);
      if (added > 0) {
        this.runner.runChanged(runId);
        announce({ kind: 'runs' });
      }
      // The run this tab is training stays on screen (its live curves and progress would vanish): the imported run
      // waits in the run list.
      const watching = this.runner.runningRunId !== null && this.s.run?.id === this.runner.runningRunId;
      const stay = watching && runId !== this.s.run?.id;
      const runs = await listRuns(this.db);
      const where = stay ? ` Open “${runs.find((r) => r.id === runId)?.name ?? runId}” under Runs to see them.` : '';
      this.set({
        runs,
        error: '',
        message:
          (added === 0
            ? `Nothing new in ${file.name}: its ${skipped} candidate result(s) are here already (kept as they were).`
            : `Imported ${added} candidate result(s) from ${file.name}${skipped ? ` (${skipped} already here, kept)` : ''}.`) +
          where,
      });
      if (!stay) await this.openRun(runId);
    } catch (e) {
      this.set({ error: `Could not import ${file.name}: ${(e as Error).message}`, message: '', importError: '' });
    }
  }

  async exportResults(runId: string, format: 'json' | 'csv'): Promise<void> {
    await this.guard(async () => {
      const run = await getRun(this.db, runId);
      if (!run) {
        void this.reload(); // it went in another tab: the list follows
        throw new RunGoneError(runId);
      }
      const cands = await listCandidates(this.db, runId);
      // Named as the model exports are (dashes, nothing trailing).
      const base = safeName(run.name);
      if (format === 'json') {
        const { id, name, createdAt, settings, origin, timings, estimate } = run;
        this.download(
          `${base}.results.json`,
          runResultsJson({ id, name, createdAt, settings, origin, timings, estimate }, cands),
          'application/json',
        );
      } else
        this.download(`${base}.results.csv`, runResultsCsv(cands, validationSetOf(run.settings.dataset)), 'text/csv');
    });
  }

  /**
   * Asks for persistent storage (without it the browser may evict IndexedDB under pressure) once per profile —
   * some browsers prompt — then reports the answer and the usage.
   */
  async askPersistence(): Promise<void> {
    const st = navigator.storage;
    if (!st?.persist) return;
    let persisted = await st.persisted().catch(() => false);
    const asked = await persistenceAsked(this.db).catch(() => false);
    if (!persisted && !asked) {
      persisted = await st.persist().catch(() => false);
      await recordPersistenceAnswer(this.db, persisted).catch(() => undefined);
    }
    this.set({ storage: { ...this.s.storage, persisted } });
    await this.refreshStorage();
  }

  async refreshStorage(): Promise<void> {
    const est = await navigator.storage?.estimate?.().catch(() => null);
    if (est) this.set({ storage: { ...this.s.storage, usage: est.usage ?? null, quota: est.quota ?? null } });
    const next = await loadBackendProbe(this.db);
    if (next?.measuredAt !== this.s.probe?.measuredAt) {
      this.set({ probe: next });
      this.reprice();
    }
  }

  dispose(): void {
    this.disposed = true;
    this.runner.removeEventListener('message', this.onMessage);
    this.runner.dispose();
    this.stopListening();
  }

  private onMessage = (e: Event): void => {
    const m = (e as CustomEvent<SearchMessage>).detail;
    if (m.type === 'progress') {
      if (m.runId !== this.s.run?.id) return;
      if (this.s.dataset?.runId === m.runId) this.set({ dataset: null }); // training began: the data set is built
      const live = this.s.live.filter((l) => l.index !== m.index);
      const p = m.progress;
      if (p.valAcc !== undefined && p.valLoss !== undefined) {
        const prev = this.s.liveCurves[m.index] ?? [];
        const next = prev.length && (prev[prev.length - 1] as CurvePoint).step >= p.step ? [] : prev; // a restarted candidate starts over
        const liveCurves = {
          ...this.s.liveCurves,
          [m.index]: [...next, { step: p.step, loss: p.valLoss, acc: p.valAcc }],
        };
        this.s = {
          ...this.s,
          liveCurves,
          curves: curveSeries(
            this.s.candidates.map((c) => (c.index === m.index ? { ...c, status: 'running' } : c)),
            liveCurves,
          ),
        };
      }
      this.set({
        live: [...live, { runId: m.runId, index: m.index, progress: m.progress, backend: m.backend }].sort(
          (a, b) => a.index - b.index,
        ),
      });
    } else if (m.type === 'work-counted') {
      // Only the run's time worked moves: the leaderboard and the data set's progress stay as they are.
      const withTimings = (r: RunRecord): RunRecord => (r.id === m.runId ? { ...r, timings: m.timings } : r);
      if (!this.s.runs.some((r) => r.id === m.runId)) return;
      this.set({ runs: this.s.runs.map(withTimings), run: this.s.run ? withTimings(this.s.run) : null });
    } else if (m.type === 'dataset-progress') {
      this.set({ dataset: { runId: m.runId, done: m.done, total: m.total, patchesPerS: m.patchesPerS } });
    } else {
      if (m.type === 'run-changed' && this.s.dataset?.runId === m.runId) this.set({ dataset: null });
      this.queueReload();
    }
  };

  /** Many candidate messages arrive together (several workers, several tabs): reload once per burst. */
  private queueReload(): void {
    if (this.reloadQueued) return;
    this.reloadQueued = true;
    setTimeout(() => {
      this.reloadQueued = false;
      void this.reload();
    }, 100);
  }

  private async reload(): Promise<void> {
    await this.guard(async () => this.set({ runs: await listRuns(this.db), working: this.runner.runningRunId }));
    // The run shown was deleted (in another tab): the newest run is shown instead, as after deleting it here.
    const shown = this.s.run?.id ?? null;
    await this.openRun(shown && this.s.runs.some((r) => r.id === shown) ? shown : (this.s.runs[0]?.id ?? null));
    void this.refreshStorage().catch(() => undefined); // storage figures are advisory (and the database may be closing)
  }

  private async guard(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (e) {
      this.fail(e);
    }
  }

  private fail(e: unknown): void {
    const err = e as Error;
    // A StorageFullError's or RunGoneError's message already says what to do; others get their name for context.
    const said = err.name === 'StorageFullError' || err.name === 'RunGoneError';
    this.set({ error: said ? err.message : `${err.name}: ${err.message}` });
  }

  private set(patch: Partial<SearchState>): void {
    this.s = { ...this.s, ...patch };
    this.dispatchEvent(new Event('change'));
  }
}

/** How a run this tab worked on ended, for the status line. */
export function runEndMessage(run: RunRecord): string {
  switch (run.status) {
    case 'finished':
      return `${run.name} finished.`;
    case 'interrupted':
      return `${run.name} stopped; it can be resumed.`;
    case 'cancelled':
      return `${run.name} was cancelled.`;
    case 'running':
      return `${run.name} is being worked on in another tab.`;
  }
}
