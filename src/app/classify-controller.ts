/**
 * Page-side controller of the Classify view: owns the SEG-Y, classify and fine-tune clients, the database access
 * (src/db, through the marks and model helpers) and the state machine of a line: open (header scan, then the line or
 * a big file's preview) → classify → saliency; marks and fine-tuning. No Lit here: the view renders `state` on this
 * target's 'change' event and calls the intent methods. Every long job runs on the JobBoard (progress, ETA, cancel);
 * a failure or a cancel leaves the last good state on screen (the failure shows in `error`, a cancel in `notice`).
 */
import { SegyClient, type TraceSourcePort } from './segy-client';
import { ClassifyClient, mapToGrid, type ClassifySettings } from './classify-client';
import { FineTuneClient, FineTuneFailedError } from './finetune-client';
import { CancelledError } from './worker-bridge';
import { JobBoard, type Job, type JobHandle } from './jobs';
import { demoSection } from './demo-line';
import { ModelShelf, type ModelOption } from './model-shelf';
import { exportStem, horizonCsvBlob, mapCsvBlob, mapPngBlob, modelFileTag } from './map-export';
import { browserDownload, type Downloader } from './download';
import { MarksSession, fingerprintFile, fingerprintSamples, type MarksSaveOutcome } from './marks-session';
import { announce, listenToStore } from './store-channel';
import { storeTunedModel } from './marks-store';
import { BINARY_MODEL_FILE } from '../core/model-file';
import { openSpnDb, type MarksDisplay, type SpnDatabase } from '../db/schema';
import {
  DEFAULT_BAND_SAMPLES,
  DEFAULT_PATCH_TRACES,
  DEFAULT_PREVIEW_SAMPLES,
  iou,
  lineTruth,
  makeSyntheticLine,
} from '../core/classify';
import { correctSeabed } from '../core/line/seabed';
import { mapAveragePrecision } from '../core/evaluate/map-score';
import {
  formatThreshold,
  lineLabel,
  lineSampleMs,
  shownHorizon,
  shownMap,
  showingBefore,
  wholeLineExtent,
} from './classify-overlays';
import { DEFAULT_HORIZON_THRESHOLD } from '../core/classify/horizon';
import { defaultLine, nonFiniteNote } from '../core/line/segy-line';
import { sectionHeadersSlice } from '../core/line/section-headers';
import { mapSegyHeader, mapSegyText, mapSegyTraces, MapSegyCancelledError } from '../core/classify/map-segy';
import { classifyVolume, volumeProblem, volumeSettings, type VolumeDirection } from './volume-export';
import { classifySettingsProblem } from './classify-settings-check';
import { APP_VERSION } from '../version';
import type { FineTuneProgress, FineTuneSettings } from '../core/finetune/finetune';
import type { Mark } from '../core/finetune/marks';
import { DEFAULT_MARK_WINDOW_SAMPLES } from '../core/finetune/mark-windows';
import { baseTunedOnLine, isBaseModel } from '../core/finetune/provenance';
import { parseModelFile, type ModelFile } from '../core/model-file';
import type { PolarityChoice } from '../core/line/presentation';
import type { FineTuneDone } from '../core/finetune/results';
import type { ClassifyProgress, MapResult, PatchSaliency, ProbabilityGrid } from '../core/classify/results';
import type { LineChoice, ReadProgress, Section, SegySummary } from '../core/line/segy-types';
import { formatParams } from '../core/model/format-params';
import { importModelFile, modelFileName } from './model-export';

/** Why Classify (and classifying again with another polarity or seabed) waits while fine-tuning runs. */
export const CLASSIFY_WHILE_TUNING =
  'Fine-tuning runs: classify when it is done or cancelled (its map after is made with the tuned model).';

/** Default of {@link ClassifyController.bigLineSamples}: 64 Mi samples (256 MiB as float32). */
export const BIG_LINE_SAMPLES = 2 ** 26;

export type { ModelOption };
/** Start a run with this model and grid (the controls' `classify-start`). */
export interface ClassifyStartDetail extends ClassifySettings {
  modelId: string;
}
/** How boxes drawn on the section are labelled ('off': dragging pans). */
export type MarkMode = 'off' | 'bsr' | 'not-bsr';
/** Which map the overlay shows once a fine-tuned model has classified the line. */
export type MapChoice = 'before' | 'after';
/** A point on the section in its own cells (a preview's, for a big file). */
export interface SectionPoint {
  readonly trace: number;
  readonly sample: number;
}
/** A box on the section in its cells: traces and samples, inclusive. */
export interface SectionBox {
  readonly traceFrom: number;
  readonly traceTo: number;
  readonly sampleFrom: number;
  readonly sampleTo: number;
}
/** A map with the grid the viewer paints. */
export interface ShownMap {
  readonly map: MapResult;
  readonly grid: ProbabilityGrid;
  /** The model that made it, as the model list names it. */
  readonly model: string;
  /** Its id in the model list. */
  readonly modelId?: string;
  /**
   * False when it is not the base model's map but a tuned model's, made again on this line: a fine-tuning that
   * starts from the base after the base's map was dropped compares with the map on screen when it started.
   */
  readonly ofBase?: boolean;
}

/** Everything the Classify view renders; replaced (never mutated) on each change (what it shows: classify-overlays.ts). */
export interface ClassifyState {
  readonly summary: SegySummary | null;
  /** The line on screen: a whole line, or a big file's decimated preview. */
  readonly section: Section | null;
  /** Set when the open file is too big to hold: the section is 1 in `step` traces and samples; `dtUs` is the file's. */
  readonly big: { readonly step: number; readonly dtUs: number } | null;
  /** What a multi-step action is doing now (the demo); '' when idle. */
  readonly busy: string;
  readonly error: string;
  /**
   * A refused or failed classification, or a model file the controls' "Add a model file" could not add, said under
   * the controls (the page's alert is far up the view on a small screen).
   */
  readonly classifyError: string;
  /** A refused mark or a failed fine-tuning, said beside the marks (the page's alert is far up the view). */
  readonly marksError: string;
  /** What a cancel left as it was. */
  readonly notice: string;
  readonly demoResult: string;
  readonly models: readonly ModelOption[];
  /** Running long jobs with progress and ETA. */
  readonly jobs: readonly Job[];
  /** The last classification's progress (kept after it ends: "96 / 96 patches"). */
  readonly classifyProgress: ClassifyProgress | null;
  readonly map: MapResult | null;
  readonly grid: ProbabilityGrid | null;
  readonly saliency: PatchSaliency | null;
  /** The settings of the last run, so a flip or a seabed correction can run it again. */
  readonly lastRun: ClassifyStartDetail | null;
  /** The model the controls should show chosen: the one that made the map on screen, or the one just added. */
  readonly modelChoice: string;
  /** Polarity of the next run (the controls' choice, also set by the panel's offers). */
  readonly flip: PolarityChoice;
  /** Clicks on the section place seabed points instead of asking for saliency. */
  readonly editingSeabed: boolean;
  readonly seabedPoints: readonly SectionPoint[];
  /**
   * Marks of the line on screen, in the whole line's traces (a big file's too: drawn on its preview), null until its
   * fingerprint is known; mutable, see marksVersion.
   */
  readonly marks: MarksSession | null;
  /** Bumped on every change of the marks. */
  readonly marksVersion: number;
  readonly markMode: MarkMode;
  readonly tuning: boolean;
  readonly tuneProgress: FineTuneProgress | null;
  readonly tuneDone: FineTuneDone | null;
  /** Whether the tuned model was stored in this browser (false: kept in this tab only, no storage). */
  readonly tuneStored: boolean;
  /** The map of the base model, kept when a tuned model's map replaces it (before/after toggle). */
  readonly before: ShownMap | null;
  readonly showing: MapChoice;
  /** The map's contour threshold, P(BSR): the BSR horizon is drawn and saved at it too (the viewer's slider sets it). */
  readonly contourThreshold: number;
}

const INITIAL: ClassifyState = {
  summary: null,
  section: null,
  big: null,
  busy: '',
  error: '',
  classifyError: '',
  marksError: '',
  notice: '',
  demoResult: '',
  models: [],
  jobs: [],
  classifyProgress: null,
  map: null,
  grid: null,
  saliency: null,
  lastRun: null,
  modelChoice: '',
  flip: 'auto',
  editingSeabed: false,
  seabedPoints: [],
  marks: null,
  marksVersion: 0,
  markMode: 'off',
  tuning: false,
  tuneProgress: null,
  tuneDone: null,
  tuneStored: false,
  before: null,
  showing: 'after',
  contourThreshold: DEFAULT_HORIZON_THRESHOLD,
};

/** What showing a new line resets: everything that belonged to the old one. */
const LINE_RESET: Partial<ClassifyState> = {
  map: null,
  grid: null,
  saliency: null,
  classifyProgress: null,
  editingSeabed: false,
  seabedPoints: [],
  lastRun: null,
  before: null,
  tuneDone: null,
  tuneProgress: null,
  marks: null,
  markMode: 'off',
  demoResult: '',
  marksError: '',
  classifyError: '',
  // "Classify as recorded" was a choice about that line's polarity; the next line's seabed is read afresh.
  flip: 'auto',
};

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export class ClassifyController extends EventTarget {
  /** Reads SEG-Y/SU files off the main thread (replaceable for tests). */
  segy = new SegyClient();
  /** Runs the network off the main thread (replaceable for tests). */
  classifier = new ClassifyClient();
  /**
   * Makes the classifier of a volume run: its own worker, so the line on screen keeps its map and saliency in the main
   * classifier's worker; stopped when the run ends (replaceable for tests).
   */
  makeVolumeClassifier: () => ClassifyClient = () => new ClassifyClient();
  /** Fine-tunes models on the marks off the main thread (replaceable for tests). */
  finetuner = new FineTuneClient();
  /** A 2D file with more samples than this is shown as a decimated preview and classified in bands from the file. */
  bigLineSamples = BIG_LINE_SAMPLES;
  /** Samples a decimated preview may hold. */
  previewSamples = DEFAULT_PREVIEW_SAMPLES;
  /** Samples one band of a big file may hold while it is classified. */
  bandSamples = DEFAULT_BAND_SAMPLES;
  /** Hands the user a file (replaceable: tests record instead of downloading). */
  downloader: Downloader = browserDownload;
  /** Fine-tune settings merged over the panel's (tests shorten runs). */
  fineTuneOverrides: Partial<FineTuneSettings> = {};
  /** Synthetic test patches scored before and after fine-tuning ("did it forget?"). */
  fineTuneTestPatches = 1000;
  /** Samples the marked traces of a big file may hold while fine-tuning reads them. */
  tuneWindowSamples = DEFAULT_MARK_WINDOW_SAMPLES;

  private s: ClassifyState = INITIAL;
  private readonly jobs = new JobBoard(() => this.set({ jobs: this.jobs.list() }));
  private readonly shelf = new ModelShelf();
  /** The open file (for the line's fingerprint); null for lines built in memory. */
  private file: File | null = null;
  private tuneAbort: AbortController | null = null;
  /** Why the running volume run was stopped, when another file was opened ('' = it was not). */
  private volumeStopped = '';
  /** What opening a file stopped (said by stopLineJobs), kept for the line's own notice when it is shown. */
  private openStopNote = '';
  /** Stops listening to the other tabs' store changes; null while not listening. */
  private stopListening: (() => void) | null = null;

  get state(): ClassifyState {
    return this.s;
  }

  private set(patch: Partial<ClassifyState>): void {
    this.s = { ...this.s, ...patch };
    this.dispatchEvent(new Event('change'));
  }

  // ---- models ------------------------------------------------------------------------------------------------

  /** Lists the demo model, imported models and stored search candidates (IndexedDB), keeping models added from files. */
  async refreshModels(): Promise<void> {
    this.listenToOtherTabs();
    let db: SpnDatabase | null = null;
    try {
      db = await openSpnDb();
    } catch {
      // No IndexedDB (private mode, blocked): the demo model and files still work.
    }
    try {
      const before = this.s.models,
        models = await this.shelf.list(db, before);
      const chosen = this.s.modelChoice,
        gone = chosen && before.some((m) => m.id === chosen) && !models.some((m) => m.id === chosen);
      this.set({ models });
      // The chosen model was deleted (in another tab, or in the Search view): said, with what Classify runs now.
      if (gone)
        this.set({
          modelChoice: models[0]?.id ?? '',
          notice: `The model chosen, “${before.find((m) => m.id === chosen)?.label ?? chosen}”, is no longer stored (deleted in the Search view or another tab): Classify uses “${models[0]?.label ?? 'none'}” now.`,
        });
    } finally {
      db?.close();
    }
  }

  /**
   * Adds a model file to the model list and chooses it. It is checked and stored in this browser like one imported
   * in the Search view (the same store; a file stored already is not stored twice), so it stays after a reload; where
   * the browser's storage cannot be opened it is kept for this tab only, and the notice says so.
   */
  async addModelFile(file: Blob & { name?: string }): Promise<void> {
    await this.guard(
      `Loading model ${file.name ?? ''}…`,
      async () => {
        let db: SpnDatabase | null = null;
        try {
          db = await openSpnDb();
        } catch {
          // No IndexedDB (private mode, blocked): below, the model is kept in this tab.
        }
        if (db) {
          const opened = db;
          const { record, stored } = await importModelFile(opened, file)
            .catch((e: unknown) => {
              // Named as the Search view's importer names it: which file was refused; a line dropped here is told
              // where lines open.
              const where = message(e).endsWith(BINARY_MODEL_FILE)
                ? ' A seismic line opens in the line area above.'
                : '';
              throw new Error(`${file.name ?? 'the model file'}: ${message(e)}${where}`);
            })
            .finally(() => opened.close());
          if (stored) announce({ kind: 'models' }); // the Search view's stored models, here and in other tabs
          await this.refreshModels();
          this.set({
            modelChoice: `imported:${record.id}`,
            notice: stored
              ? `Model “${record.name}” added to the list and stored in this browser.`
              : `Model “${record.name}” was stored already (${new Date(record.importedAt).toLocaleString()}): chosen in the list.`,
          });
          return;
        }
        const text = await file.text();
        const model = await this.classifier.loadModel(text);
        this.shelf.add(model.id, text);
        this.shelf.noteLoaded(model.id, model.id);
        const acc = model.testAccuracy === null ? '' : `, test accuracy ${(model.testAccuracy * 100).toFixed(1)} %`;
        const label = `${model.name} (${formatParams(model.parameters)}${acc}; this tab only)`;
        this.set({
          models: [...this.s.models.filter((m) => m.id !== model.id), { id: model.id, label }],
          modelChoice: model.id,
          notice: `Model “${model.name}” is kept for this tab only: this browser's storage could not be opened.`,
        });
      },
      '',
      'classifyError',
    );
  }

  private async ensureModel(modelId: string): Promise<void> {
    if (modelId === this.shelf.loaded) return;
    const text = await this.shelf.text(modelId).catch(async (e: unknown) => {
      // Its run was deleted in another tab before the list heard of it: the list follows now, and the error says so.
      if (e instanceof Error && e.name === 'RunGoneError') await this.refreshModels();
      throw e;
    });
    const loaded = await this.classifier.loadModel(text);
    this.shelf.noteLoaded(modelId, loaded.id);
  }

  // ---- lines -------------------------------------------------------------------------------------------------

  /**
   * "Try the demo": the bundled model on the synthetic line (its map scored against the true BSR: average precision,
   * threshold-free, and the IoU of the P >= 0.5 area), then on the real line 31_81_PR, which stays on screen with its
   * map.
   */
  async tryDemo(): Promise<void> {
    const settings = { patchTraces: DEFAULT_PATCH_TRACES, stride: 8 };
    // The demo shows the bundled model: the list says so, whichever model was chosen before.
    this.set({ modelChoice: 'demo' });
    await this.guard('Loading the demo model…', async () => {
      await this.ensureModel('demo');
      this.set({ busy: 'Classifying the synthetic demo line…' });
      const line = makeSyntheticLine(1);
      const synthetic = demoSection(1);
      this.showSection(synthetic);
      // A file opened meanwhile is the user's line now: the demo neither scores its stopped map nor replaces the line.
      const map = await this.classifyJob(synthetic, (call) =>
        this.classifier.classify(synthetic, settings, call),
      ).catch((e: unknown) => {
        if (this.s.section !== synthetic) return null;
        throw e;
      });
      if (!map || this.s.section !== synthetic) return;
      const truth = lineTruth(line, map.grid);
      const overlap = iou({ grid: map.grid, values: map.values, done: map.done, cancelled: map.cancelled }, truth);
      const ap = mapAveragePrecision(map.values, truth) ?? 0;
      const demoResult = `Synthetic demo line: average precision ${ap.toFixed(2)} of the map against the true BSR (IoU ${overlap.toFixed(2)} of the P ≥ 0.5 area).`;
      this.set({ demoResult, busy: 'Opening the real line 31_81_PR.sgy…' });
      const res = await fetch(new URL('data/31_81_PR.sgy', document.baseURI));
      if (!res.ok) throw new Error(`data/31_81_PR.sgy: HTTP ${res.status}`);
      const blob = await res.blob();
      if (this.s.section !== synthetic) return;
      await this.open(new File([blob], '31_81_PR.sgy'), false);
      const section = this.s.section;
      if (!section) return;
      // Opening the real line reset what belonged to the synthetic one; the demo's score stays beside its second part.
      this.set({ demoResult, busy: 'Classifying 31_81_PR.sgy…' });
      const real = await this.classifyJob(section, (call) => this.classifier.classify(section, settings, call));
      // The map on screen is the demo model's at these settings: what fine-tuning tunes and reruns. The land line
      // has no BSR, so whatever reaches P 0.5 on it is a false alarm: said, so a high patch is not taken for a find.
      if (this.s.section === section)
        this.set({
          map: real,
          grid: mapToGrid(real),
          lastRun: { modelId: 'demo', ...settings },
          demoResult: `${demoResult} ${bsrFreeWords(section.file, real.values)}`,
        });
    });
  }

  /** The user chose a model in the list (Classify will use it). */
  chooseModel(modelId: string): void {
    this.set({ modelChoice: modelId });
  }

  /** Opens a SEG-Y/SU file and shows its first line; on failure or cancel the line shown before stays. */
  async openFile(file: File): Promise<void> {
    await this.guard(
      '',
      () => this.open(file, true),
      `Opening ${file.name} was cancelled: the line shown before stays.`,
    );
  }

  /**
   * Opens `file` (one job: header scan, then the first line or a big file's preview). The worker switches to the
   * new file only when it is on screen: a failure or cancel after the scan goes back to the file shown before.
   */
  private async open(file: File, big: boolean): Promise<void> {
    // The SEG-Y worker reads the new file from the scan on: a volume run or a fine-tuning that reads the open file's
    // traces would go on reading this one's (one saved volume of two files' lines; a map of the old line over the new).
    this.openStopNote = this.stopLineJobs(`${file.name} was opened`, true);
    const job = this.jobs.start('open', `Opening ${file.name}: header scan`, 'traces');
    const call = { signal: job.signal, onProgress: (p: ReadProgress) => job.report(p.done, p.total) };
    const before = this.segy.current;
    try {
      const summary = await this.segy.open(file, call);
      const opened = this.segy.current;
      try {
        if (
          big &&
          summary.geometry.kind === '2d' &&
          summary.traceCount * summary.samplesPerTrace > this.bigLineSamples
        ) {
          job.relabel(`Opening ${file.name}: decimated preview`);
          const { section, step } = await this.segy.readPreview(this.previewSamples, call);
          this.showOpened(file, before, summary, section, { step, dtUs: summary.sampleIntervalUs });
        } else {
          job.relabel(`Opening ${file.name}: reading the line`);
          this.showOpened(file, before, summary, await this.segy.readLine(defaultLine(summary.geometry), call), null);
        }
      } catch (e) {
        this.segy.close(opened);
        this.segy.use(before);
        throw e;
      }
    } finally {
      this.openStopNote = '';
      job.finish();
    }
  }

  private showOpened(
    file: File,
    before: number,
    summary: SegySummary,
    section: Section,
    big: ClassifyState['big'],
  ): void {
    if (before !== this.segy.current) this.segy.close(before);
    this.file = file;
    this.show(summary, section, big);
  }

  /** Reads another line (inline, crossline or gather) of the open file. */
  async showLine(choice: LineChoice): Promise<void> {
    const job = this.jobs.start('read', 'Reading the line', 'traces');
    await this.guard(
      '',
      async () => {
        const section = await this.segy.readLine(choice, {
          signal: job.signal,
          onProgress: (p) => job.report(p.done, p.total),
        });
        this.show(this.s.summary, section, null);
      },
      'Reading the line was cancelled: the line shown before stays.',
    );
    job.finish();
  }

  /**
   * Stops what belongs to the line or file shown until now and would go wrong on another: fine-tuning (its map after
   * would lie over the new line) and, when another file is opened, a volume run (it reads the open file's lines).
   * Said in the notice, since their own panels go with the line.
   */
  private stopLineJobs(why: string, newFile: boolean): string {
    const said: string[] = [];
    if (newFile && this.jobs.has('volume')) {
      this.volumeStopped = `Classifying every line of ${this.s.section?.file ?? 'the file'} was stopped when ${why}: nothing was saved.`;
      said.push(this.volumeStopped);
      this.jobs.cancel('volume');
    }
    if (this.tuneAbort && !this.tuneAbort.signal.aborted) {
      this.tuneAbort.abort();
      said.push(`Fine-tuning was stopped when ${why}: the base model and everything stored are as they were.`);
    }
    if (said.length) this.set({ notice: said.join(' ') });
    return said.join(' ');
  }

  /** Shows a line already in memory (the synthetic demo line, a test line) in place of the open file. */
  showSection(section: Section): void {
    this.file = null;
    this.show(null, section, null);
  }

  private show(summary: SegySummary | null, section: Section, big: ClassifyState['big']): void {
    // A classification or saliency of the line shown before would only be dropped when it ends: stopped now, so the
    // new line's Classify is free at once and the job bar does not name the old file.
    this.jobs.cancel('classify');
    this.jobs.cancel('saliency');
    const stopped = [this.openStopNote, this.stopLineJobs('another line was shown', false)].filter(Boolean).join(' ');
    this.openStopNote = '';
    this.set({ ...LINE_RESET, summary, section, big });
    // Holes in the data are classified as 0, so the user hears of them with the line, not never.
    const holes = nonFiniteNote(section.nonFinite);
    if (holes) this.set({ notice: [stopped, `${section.file}: ${holes}.`].filter(Boolean).join(' ') });
    void this.openMarks(section, this.file);
  }

  // ---- classification ----------------------------------------------------------------------------------------

  /** Runs a classification from the controls: a new run, so the before/after comparison ends. */
  async classify(detail: ClassifyStartDetail): Promise<void> {
    if (this.refusedWhileTuning()) return;
    this.set({ flip: detail.flipPolarity ?? 'auto', before: null, tuneDone: null });
    await this.run(detail);
  }

  /**
   * A map made while fine-tuning runs would be replaced by the tuned model's when the tuning ends (and the "before"
   * map is the one tuning started from): classifying waits, and says so (true when refused).
   */
  private refusedWhileTuning(): boolean {
    if (!this.s.tuning) return false;
    this.set({ classifyError: CLASSIFY_WHILE_TUNING });
    return true;
  }

  /** Cancels the running job of `kind` (what it showed before stays; a cancelled classification shows its partial map). */
  cancel(kind: Job['kind']): void {
    this.jobs.cancel(kind);
  }

  private async run(detail: ClassifyStartDetail): Promise<void> {
    if (this.refusedWhileTuning()) return;
    const section = this.s.section,
      { modelId, ...settings } = detail;
    if (!section || this.jobs.has('classify')) return;
    const big = this.s.big;
    const problem = classifySettingsProblem(
      settings,
      big && this.s.summary ? this.s.summary.traceCount : section.traceCount,
    );
    if (problem) {
      this.set({
        classifyError: `Not classified: ${problem}.${this.s.map ? ' The map shown before stays.' : ''}`,
        notice: '',
      });
      return;
    }
    // The old map belongs to other settings or another model: cleared so a stale map is never shown as the result;
    // kept aside, so a run cancelled before its map began, or failing, gives it back rather than leaving nothing.
    const shownBefore = {
      map: this.s.map,
      grid: this.s.grid,
      saliency: this.s.saliency,
      lastRun: this.s.lastRun,
      modelChoice: this.s.modelChoice,
      showing: this.s.showing,
    };
    this.set({
      lastRun: detail,
      modelChoice: detail.modelId,
      classifyProgress: null,
      map: null,
      grid: null,
      saliency: null,
      showing: 'after',
    });
    await this.guard(
      '',
      async () => {
        await this.ensureModel(modelId);
        let map: MapResult;
        try {
          map = await this.classifyJob(section, async (call) =>
            big
              ? this.classifier.classifySource(await this.bigSource(), settings, {
                  ...call,
                  bandSamples: this.bandSamples,
                })
              : this.classifier.classify(section, settings, call),
          );
        } catch (e) {
          // Stopped because another line was shown: nothing to say about a line no longer on screen.
          if (this.s.section !== section) return;
          throw e;
        }
        if (this.s.section !== section) return;
        if (map.cancelled && map.done === 0) {
          // Cancelled before the map itself began (while the time scale was probed): there is nothing to show or save.
          const probed = map.scaleSelection?.responses.length ?? 0;
          this.set({
            notice: `Classification was cancelled${probed < (map.scaleSelection?.factors.length ?? 0) ? ' while probing the time scale' : ''}: no map was made${shownBefore.map ? '; the map shown before stays' : ''}.`,
          });
          return;
        }
        this.set({ map, grid: mapToGrid(map, big?.step ?? 1) });
      },
      `Classification was cancelled before its map began: no map was made${shownBefore.map ? '; the map shown before stays' : ''}.`,
      'classifyError',
    );
    if (shownBefore.map && this.s.section === section && this.s.map === null) this.set(shownBefore);
  }

  /** The big file's traces, served by the SEG-Y worker that holds it (opened again only if that worker was stopped). */
  private async bigSource(): Promise<TraceSourcePort> {
    if (this.segy.current === 0 && this.file) await this.segy.open(this.file);
    return this.segy.traceSource();
  }

  /** Runs `work` as the classify job, its progress shown in the controls and with an ETA. */
  private async classifyJob(
    section: Section,
    work: (call: { onProgress: (p: ClassifyProgress) => void; signal: AbortSignal }) => Promise<MapResult>,
  ): Promise<MapResult> {
    const job = this.jobs.start('classify', `Classifying ${section.file}`, 'patches');
    try {
      return await work({ signal: job.signal, onProgress: (p) => this.progress(job, p) });
    } finally {
      // The bar goes with the job: the run line under the map says what ran (a bar left half full after a cancel,
      // with the last batch's rate beside the run's average, read as two answers).
      this.s = { ...this.s, classifyProgress: null };
      job.finish();
    }
  }

  private progress(job: JobHandle, p: ClassifyProgress): void {
    this.s = { ...this.s, classifyProgress: p }; // announced by the job's report, one 'change' per batch
    job.report(p.done, p.total);
  }

  /** A click on the section: a seabed point while correcting it, else the saliency of the patch there. */
  async clickSection(point: SectionPoint): Promise<void> {
    if (this.s.editingSeabed) {
      this.set({ seabedPoints: [...this.s.seabedPoints, { trace: point.trace, sample: point.sample }] });
      return;
    }
    const step = this.s.big?.step ?? 1;
    // A big file's preview shows 1 in `step` traces and samples: the click means the whole line's trace and sample.
    await this.lookAt({ trace: point.trace * step, sample: point.sample * step });
  }

  /** The saliency of the patch at a point of the whole line (a click, or a place to review's "Look"). */
  async lookAt(at: { trace: number; sample: number }): Promise<void> {
    if (!this.s.map) return;
    if (showingBefore(this.s)) {
      // The classifier holds the tuned model and the line as the tuned run presented it: its patch would be the tuned
      // model's answer shown beside the base model's map.
      this.set({
        notice:
          'The patch view shows the model loaded now, the fine-tuned one: show the map after fine-tuning to look at a patch.',
      });
      return;
    }
    const section = this.s.section;
    const job = this.jobs.start('saliency', `Saliency of the patch at trace ${Math.round(at.trace)}`, 'patch');
    job.report(0, 1);
    await this.guard(
      '',
      async () => {
        // A line classified in bands is not held by the classifier: the patch's traces are read from the file again.
        const asked = this.s.big
          ? this.classifier.saliencyFromSource(await this.bigSource(), at.trace, at.sample, { signal: job.signal })
          : this.classifier.saliency(at.trace, at.sample, { signal: job.signal });
        const saliency = await asked.catch((e: unknown) => {
          if (this.s.section !== section) return null; // stopped because another line was shown
          throw e;
        });
        job.report(1, 1);
        if (saliency && this.s.section === section) this.set({ saliency });
      },
      'Saliency was cancelled: the patch shown before stays.',
    );
    job.finish();
  }

  // ---- presentation: polarity and seabed ---------------------------------------------------------------------

  /** Runs the last classification again with the line flipped (true) or as recorded (false), the panel's offers. */
  async flipAndRerun(flip: boolean): Promise<void> {
    this.set({ flip });
    await this.rerun({ flipPolarity: flip });
  }

  editSeabed(editing: boolean): void {
    this.set({ editingSeabed: editing, seabedPoints: [] });
  }

  /** Classifies again with the seabed through the user's points (over the whole line, for a big file's preview). */
  async applySeabed(): Promise<void> {
    const s = this.s.section,
      auto = this.s.map?.presentation.seabed,
      big = this.s.big,
      summary = this.s.summary;
    if (!s || this.s.seabedPoints.length === 0) return;
    const step = big?.step ?? 1;
    const traces = big && summary ? summary.traceCount : s.traceCount;
    const samples = big && summary ? summary.samplesPerTrace : s.samplesPerTrace;
    const points = this.s.seabedPoints.map((p) => ({
      trace: Math.min(traces - 1, p.trace * step),
      sample: Math.min(samples - 1, p.sample * step),
    }));
    const pick = correctSeabed(auto?.found && auto.source === 'auto' ? auto.samples : null, points, traces, samples);
    this.set({ editingSeabed: false, seabedPoints: [] });
    await this.rerun({ seabed: pick.samples });
  }

  resetSeabed(): Promise<void> {
    return this.rerun({ seabed: 'auto' });
  }

  /** Runs the last classification again with some settings changed. */
  private async rerun(change: Partial<ClassifyStartDetail>): Promise<void> {
    const last = this.s.lastRun;
    if (last) await this.run({ ...last, ...change });
  }

  /** The contour slider moved: the horizon follows it (classify-overlays shownHorizon). */
  setContourThreshold(p: number): void {
    if (p > 0 && p < 1 && p !== this.s.contourThreshold) this.set({ contourThreshold: p });
  }

  showMap(choice: MapChoice): void {
    // A patch's saliency belongs to the model loaded now (the tuned one): not shown beside the base model's map.
    this.set({ showing: choice, saliency: null });
  }

  /**
   * Saves the map on screen as PNG, CSV or SEG-Y, or its BSR horizon as CSV: after fine-tuning, the toggle's choice
   * (the base model's map is saved with "-before" in its name, so the two never overwrite each other).
   */
  async download(kind: 'png' | 'csv' | 'horizon' | 'segy'): Promise<void> {
    const map = shownMap(this.s),
      s = this.s.section;
    if (!map || !s) return;
    // A cancelled map's files say so in their names too: they would otherwise overwrite, or pass for, the whole map.
    // The model that made the map is named too: two models' maps of one line were saved under one name.
    const before = showingBefore(this.s);
    const { id: modelId, label: model } = this.shownModel();
    const tag = modelId === undefined ? '' : `-by-${modelFileTag(model, modelId)}`;
    const stem = `${exportStem(s.file, lineLabel(this.s))}${before ? '-before' : ''}${map.cancelled ? '-partial' : ''}${tag}`;
    if (kind === 'segy') return this.downloadSegy(map, s, `${stem}-bsr-probability.sgy`);
    const dtUs = this.s.big?.dtUs ?? s.sampleIntervalUs;
    const blob =
      kind === 'png'
        ? await mapPngBlob(map)
        : kind === 'csv'
          ? mapCsvBlob(map, dtUs)
          : horizonCsvBlob(shownHorizon(this.s) ?? map.horizon, dtUs);
    // A horizon at another threshold than the default is another file: its name says which.
    const at =
      this.s.contourThreshold === DEFAULT_HORIZON_THRESHOLD ? '' : `-p${formatThreshold(this.s.contourThreshold)}`;
    const name = `${stem}-${kind === 'horizon' ? `bsr-horizon${at}.csv` : `bsr-probability.${kind}`}`;
    this.downloader(name, blob, blob.type);
  }

  /**
   * Writes the map as SEG-Y on the line's geometry (core classify/map-segy.ts), as a job with progress and cancel: the
   * trace headers of a line held whole are its section's; a big file's are read from the file block by block.
   */
  private async downloadSegy(map: MapResult, s: Section, name: string): Promise<void> {
    const big = this.s.big,
      summary = this.s.summary;
    const line =
      big && summary
        ? { traces: summary.traceCount, samples: summary.samplesPerTrace, dtUs: big.dtUs, delayMs: s.delayMs }
        : { traces: s.traceCount, samples: s.samplesPerTrace, dtUs: s.sampleIntervalUs, delayMs: s.delayMs };
    const job = this.jobs.start('export', `Writing the map of ${s.file} as SEG-Y`, 'traces');
    const headersOf = big
      ? (first: number, count: number) => this.segy.readHeaders(first, count, { signal: job.signal })
      : (first: number, count: number) => sectionHeadersSlice(s, first, count);
    const { id: modelId, label: model } = this.shownModel();
    const text = mapSegyText({
      line: `${s.file} - ${lineLabel(this.s)}`,
      model,
      modelId: this.shelf.fileIdOf(modelId),
      appVersion: APP_VERSION,
      map,
      dtUs: line.dtUs,
    });
    await this.guard(
      '',
      async () => {
        try {
          // Each block goes into the browser's blob store as it is written: a big file's map is never held whole here.
          const blocks: Blob[] = [new Blob([mapSegyHeader(line, text)])];
          await mapSegyTraces(map, line, headersOf, 0, {
            onProgress: (done, total) => job.report(done, total),
            isCancelled: () => job.signal.aborted,
            keep: (block) => blocks.push(new Blob([block])),
          });
          this.downloader(name, new Blob(blocks, { type: 'application/octet-stream' }), 'application/octet-stream');
        } catch (e) {
          throw e instanceof MapSegyCancelledError ? new CancelledError('writing the map as SEG-Y') : e;
        }
      },
      'Writing the map as SEG-Y was cancelled: nothing was saved.',
    );
    job.finish();
  }

  /**
   * Classifies every inline (or crossline) of the open 3D post-stack file with the model and settings of the map on
   * screen, at its time scale and polarity (one presentation for the whole volume; the seabed is picked line by line),
   * and saves the maps as one SEG-Y volume: the file's traces of each line in turn with their own headers, P(BSR) at
   * every sample. One job: progress in lines, Cancel saves nothing. A line too narrow for a patch is refused by name.
   */
  async classifyVolume(direction: VolumeDirection): Promise<void> {
    const { summary, lastRun: last, map: shown, section: s } = this.s;
    const g = summary?.geometry;
    if (!g || g.kind !== '3d-poststack' || !last || !shown || !s || this.jobs.has('volume')) return;
    const values = direction === 'inline' ? g.inlines : g.crosslines;
    const problem = volumeProblem(g, direction, last);
    if (problem) {
      this.set({ error: `Not classified: ${problem}; nothing was saved.` });
      return;
    }
    const job = this.jobs.start('volume', `Classifying every ${direction} of ${s.file}`, 'lines');
    this.volumeStopped = '';
    const classifier = this.makeVolumeClassifier();
    await this.guard(
      '',
      async () => {
        const loaded = await classifier.loadModel(await this.shelf.text(last.modelId));
        const { blob, traces } = await classifyVolume({
          segy: this.segy,
          classifier,
          direction,
          values,
          settings: volumeSettings(last, shown),
          file: s.file,
          model: this.modelLabel(last.modelId),
          modelId: loaded.id,
          signal: job.signal,
          onLine: (i) => {
            job.relabel(
              `Classifying every ${direction} of ${s.file}: ${direction} ${values[i]} (${i + 1} of ${values.length})`,
            );
            job.report(i, values.length);
          },
        });
        job.report(values.length, values.length);
        const name = `${exportStem(s.file, `every ${direction}`)}-bsr-probability.sgy`;
        this.downloader(name, blob, blob.type);
        this.set({ notice: `Saved ${name}: ${values.length} ${direction}s, ${traces} traces.` });
      },
      `Classifying every ${direction} was cancelled: nothing was saved.`,
    );
    // Stopped because another file was opened: the notice says so (the guard's plain "cancelled" would hide why).
    if (this.volumeStopped) this.set({ notice: this.volumeStopped });
    this.volumeStopped = '';
    classifier.terminate();
    job.finish();
  }

  /** The model of the map on screen: the base model's on the toggle's "before", else the last run's. */
  private shownModel(): { id: string | undefined; label: string } {
    if (showingBefore(this.s)) return { id: this.s.before!.modelId, label: this.s.before!.model };
    const id = this.s.lastRun?.modelId;
    return { id, label: this.modelLabel(id) };
  }

  /** A model as the model list names it (its id when the list does not hold it). */
  private modelLabel(id: string | undefined): string {
    return this.s.models.find((m) => m.id === id)?.label ?? id ?? 'unknown model';
  }

  // ---- marks -------------------------------------------------------------------------------------------------

  /**
   * Finds the line's fingerprint and restores its stored marks (IndexedDB); without IndexedDB marks still work. A big
   * file's marks are the whole file's (its preview is a picture of 'all traces'), so they match those of the same
   * file opened whole.
   */
  private async openMarks(section: Section, file: File | null): Promise<void> {
    const label = lineLabel(this.s);
    const fingerprint = file
      ? await fingerprintFile(file, label)
      : fingerprintSamples(section.traceCount, section.samplesPerTrace, section.samples);
    const extent = wholeLineExtent(this.s);
    if (this.s.section !== section || !extent) return;
    const session = new MarksSession(fingerprint, `${section.file} — ${label}`, extent);
    this.listenToOtherTabs();
    this.set({ marks: session });
    await this.withDb(async (db) => {
      await session.restore(db);
      this.set({ marksVersion: this.s.marksVersion + 1 });
    });
  }

  /** Runs `work` on the store; false when it could not (no IndexedDB: private mode, a site setting; or it failed). */
  private async withDb(work: (db: SpnDatabase) => Promise<void>): Promise<boolean> {
    let db: SpnDatabase;
    try {
      db = await openSpnDb();
    } catch {
      return false; // no IndexedDB (private mode, blocked)
    }
    try {
      await work(db);
      return true;
    } catch (e) {
      this.set({ error: message(e) });
      return false;
    } finally {
      db.close();
    }
  }

  /** The display settings the marks were drawn with (the last run's, its map's time scale, or the defaults). */
  private display(): MarksDisplay {
    const r = this.s.lastRun;
    const seabed = r?.seabed instanceof Float32Array ? Array.from(r.seabed) : (r?.seabed ?? 'auto');
    const scale = this.s.map?.presentation.scaleFactor ?? (typeof r?.scale === 'number' ? r.scale : 'auto');
    return { scale, flipPolarity: r?.flipPolarity ?? 'auto', seabed };
  }

  /** Applies a change to the marks; a refused change (outside the line, contradictory) shows why and changes nothing. */
  private changeMarks(change: (m: MarksSession) => void): void {
    const session = this.s.marks;
    if (!session) return;
    // A notice about another tab's marks or an earlier import described the list before this change, or beside a
    // refused one reads as if it had worked ("Imported 2 marks…" over "…Nothing was applied."): it goes either way.
    const stale = MARKS_NOTICE.test(this.s.notice);
    try {
      change(session);
    } catch (e) {
      this.set({ marksError: message(e), ...(stale ? { notice: '' } : {}) });
      return;
    }
    this.set({ marksError: '', marksVersion: this.s.marksVersion + 1, ...(stale ? { notice: '' } : {}) });
    const result: { outcome?: MarksSaveOutcome } = {};
    void this.withDb(async (db) => void (result.outcome = await session.save(db, this.display()))).then((saved) => {
      if (this.s.marks !== session) return;
      // Without the browser's storage the marks live only as long as the tab: said, with the way to keep them.
      if (!saved || !result.outcome)
        return this.set({
          marksError:
            'These marks are kept in this tab only (the browser gives the page no storage): export them as CSV to keep them.',
        });
      announce({ kind: 'marks', fingerprint: session.fingerprint, revision: session.revision });
      const { refused, merged, lost } = result.outcome;
      if (refused !== null)
        this.set({
          marksError: `Not kept: another tab marked this line meanwhile, and this change contradicts its marks (${refused}). The stored marks are shown.`,
          marksVersion: this.s.marksVersion + 1,
        });
      else if (merged)
        this.set({
          notice: lost
            ? `Another tab changed this line's marks meanwhile and removed ${lost === 1 ? 'a mark' : `${lost} marks`} this tab had just added or ticked: ${lost === 1 ? 'that change is' : 'those changes are'} gone with ${lost === 1 ? 'it' : 'them'}; the other tab's marks are kept beside this tab's.`
            : "Another tab marked this line meanwhile: its marks are kept beside this tab's.",
          marksVersion: this.s.marksVersion + 1,
        });
    });
  }

  /** Another tab stored marks: the line on screen takes them up (this tab's own changes kept). */
  private async marksStoredElsewhere(fingerprint: string, revision: number): Promise<void> {
    const session = this.s.marks;
    if (!session || session.fingerprint !== fingerprint || revision <= session.revision) return;
    let changed = false;
    await this.withDb(async (db) => void (changed = await session.refresh(db)));
    if (changed && this.s.marks === session)
      this.set({ notice: 'Marks changed in another tab: shown here too.', marksVersion: this.s.marksVersion + 1 });
  }

  /** Listens to the other tabs' store changes while this view is in use (stopped by dispose). */
  private listenToOtherTabs(): void {
    this.stopListening ??= listenToStore((m) => {
      if (m.kind === 'marks') void this.marksStoredElsewhere(m.fingerprint, m.revision);
      else void this.refreshModels();
    });
  }

  setMarkMode(mode: MarkMode): void {
    this.set({ markMode: mode });
  }

  addMark(mark: Mark): void {
    this.changeMarks((m) => m.add(mark));
  }

  /** A box dragged on the section (a big file's preview: its columns are every step-th trace), labelled by the mark mode. */
  addMarkFromView(box: SectionBox): void {
    const s = this.s.section,
      extent = wholeLineExtent(this.s),
      mode = this.s.markMode;
    if (!s || !extent || mode === 'off') return;
    const dt = lineSampleMs(s),
      step = this.s.big?.step ?? 1;
    this.addMark({
      traceFrom: box.traceFrom * step,
      traceTo: Math.min(extent.traces - 1, box.traceTo * step + step - 1),
      timeFromMs: box.sampleFrom * dt,
      timeToMs: box.sampleTo * dt,
      label: mode === 'bsr' ? 1 : 0,
    });
  }

  removeMark(index: number): void {
    this.changeMarks((m) => m.remove(index));
  }

  setMarkCheck(index: number, check: boolean): void {
    this.changeMarks((m) => m.setCheck(index, check));
  }

  undoMarks(): void {
    this.changeMarks((m) => m.undo());
  }

  /** Replaces the marks with a CSV's; a file for another line (or with bad marks) changes nothing and says why. */
  async importMarks(file: Blob): Promise<void> {
    const text = await file.text();
    const had = this.s.marks?.marks.length ?? 0;
    let imported = -1;
    this.changeMarks((m) => void (imported = m.importCsv(text)));
    // Said, with what it replaced: the list changing alone was easy to miss (and an import replaces, not adds).
    if (imported >= 0)
      this.set({
        notice: `Imported ${imported === 1 ? '1 mark' : `${imported} marks`} from ${file instanceof File ? file.name : 'the file'}${
          had > 0
            ? `, in place of the ${had === 1 ? 'mark' : `${had} marks`} there ${had === 1 ? 'was' : 'were'} (Undo brings ${had === 1 ? 'it' : 'them'} back)`
            : ''
        }.`,
      });
  }

  exportMarks(): void {
    const session = this.s.marks,
      s = this.s.section;
    if (session && s)
      this.downloader(`${exportStem(s.file, lineLabel(this.s))}-marks.csv`, session.toCsv(), 'text/csv');
  }

  // ---- fine-tuning -------------------------------------------------------------------------------------------

  /**
   * Fine-tunes the model of the last map on the marks (in the fine-tune worker), stores the result as a NEW model,
   * and classifies the line with it so the maps before and after can be compared. Cancel leaves everything stored as
   * it was.
   */
  async fineTune(panel: Partial<FineTuneSettings> = {}): Promise<void> {
    const { section: s, marks: session, lastRun: last, map: before, grid: beforeGrid } = this.s;
    if (!s || !session || !last || !before || !beforeGrid || this.tuneAbort || this.jobs.has('classify')) return;
    const abort = new AbortController();
    this.tuneAbort = abort;
    // A cancelled run leaves the last finished one's result (its scores and download) as it was.
    const { tuneDone: doneBefore, tuneStored: storedBefore } = this.s;
    const cancelled = (): void => {
      // Stopped by a change of line: the stop's notice says so; the new line's panel is not this tuning's.
      if (this.s.section === s)
        this.set({
          marksError: 'Fine-tuning was cancelled: the base model and everything stored are as they were.',
          tuneDone: doneBefore,
          tuneStored: storedBefore,
        });
    };
    this.set({ tuning: true, tuneProgress: null, tuneDone: null, marksError: '' });
    await this.guard(
      '',
      async () => {
        // A map made by a model tuned on this line: Fine-tune again tunes its BASE afresh on all the marks, so a tuned
        // model is the base + marks + settings, whatever the number of rounds it took; tuning the tuned model again
        // would train the marks once more each round (README, session 30). The base is found on the list by the tuned
        // model's provenance (also after a reload); where it is gone, the tuned model itself is tuned.
        const lastText = await this.shelf.baseText(last.modelId);
        const origin = await this.baseOnList(lastText, session.fingerprint, last.modelId);
        const baseId = origin?.id ?? last.modelId;
        const baseText = origin?.text ?? lastText;
        // The base model's map, while the view still holds it (not after the line was classified again).
        const baseMap = this.s.before?.modelId === baseId ? this.s.before : null;
        let done: FineTuneDone;
        try {
          done = await this.finetuner.run(
            {
              // A big file: only the marked traces are read, from the SEG-Y worker that holds it.
              raw: this.s.big
                ? { ...(await this.bigSource()), maxSamples: this.tuneWindowSamples }
                : { traces: s.traceCount, samples: s.samplesPerTrace, dtUs: s.sampleIntervalUs, data: s.samples },
              presentation: {
                // The marked patches are cut at the period-matched time scale (or the user's fixed one), not at the
                // factor the base model's response chose: tuned at the chosen factor, models ranked the held-out half
                // of a line worse (README, issue 18). The tuned model's maps keep that scale (selectsScaleFor).
                scale: typeof last.scale === 'number' ? last.scale : 'auto',
                seabed: last.seabed ?? 'auto',
                flipPolarity: last.flipPolarity ?? 'auto',
              },
              patchTraces: last.patchTraces,
              marks: session.marks,
              baseText,
              settings: { ...panel, ...this.fineTuneOverrides },
              line: { fingerprint: session.fingerprint, name: session.lineName },
              testPatches: this.fineTuneTestPatches,
            },
            { onProgress: (p) => this.set({ tuneProgress: p }), signal: abort.signal },
          );
        } catch (e) {
          if (e instanceof FineTuneFailedError && e.code === 'cancelled') return cancelled();
          this.set({ tuneDone: doneBefore, tuneStored: storedBefore }); // the failure is said; the last result stays
          throw e;
        }
        // Finished as Cancel was pressed or the line changed: nothing is stored, as for a cancel, and said so.
        if (abort.signal.aborted || this.s.section !== s) return cancelled();
        let id = '';
        const stored = await this.withDb(async (db) => {
          id = `imported:${(await storeTunedModel(db, done.text)).id}`;
        });
        if (stored) announce({ kind: 'models' });
        id ||= `tuned:${Date.now()}`;
        // Kept in the tab only when it could not be stored: a stored one comes from the store, so a delete in the
        // Search view takes it off this list too (a copy kept here stayed offered).
        if (!stored) this.shelf.add(id, done.text);
        this.set({ tuneDone: done, tuneStored: stored });
        await this.refreshModels();
        if (!this.s.models.some((m) => m.id === id))
          this.set({ models: [...this.s.models, { id, label: `${done.name} (fine-tuned, not stored)` }] });
        this.tuneAbort = null;
        // The line changed while the model was stored: it is kept and listed, but its map is not made on another line.
        if (this.s.section !== s) return;
        this.set({
          tuning: false,
          before: baseMap ?? {
            map: before,
            grid: beforeGrid,
            model: this.modelLabel(last.modelId),
            modelId: last.modelId,
            ofBase: origin === null,
          },
        });
        await this.run({ ...last, modelId: id });
      },
      '',
      'marksError',
    );
    this.tuneAbort = null;
    this.set({ tuning: false });
  }

  /**
   * The model `text` (the map's model, `id`) was fine-tuned from, when it was tuned on this line and its base is on the
   * model list: the base's list id and text; null otherwise. Only models whose label names the base are read.
   */
  private async baseOnList(
    text: string,
    fingerprint: string,
    id: string,
  ): Promise<{ id: string; text: string } | null> {
    // A file the worker will refuse is said by the worker, in its words: here it just has no base to find.
    const file = parseModelFileOrNull(text);
    const base = file && baseTunedOnLine(file, fingerprint);
    if (!base) return null;
    for (const m of this.s.models) {
      if (m.id === id || !m.label.includes(base.name ?? base.id)) continue;
      const candidate = await this.shelf.text(m.id).catch(() => null);
      if (candidate !== null && isBaseModel(parseModelFileOrNull(candidate), base))
        return { id: m.id, text: candidate };
    }
    return null;
  }

  cancelFineTune(): void {
    this.tuneAbort?.abort();
  }

  downloadTuned(): void {
    const d = this.s.tuneDone;
    if (d) this.downloader(modelFileName(d.name), d.text, 'application/json');
  }

  // ---- lifetime ----------------------------------------------------------------------------------------------

  /** Stops every job and worker; workers come back lazily on the next call. */
  dispose(): void {
    this.stopListening?.();
    this.stopListening = null;
    this.jobs.cancelAll();
    this.tuneAbort?.abort();
    this.finetuner.terminate();
    this.segy.terminate();
    this.classifier.terminate();
    this.shelf.loaded = '';
  }

  /**
   * Runs `work`, showing `busy` meanwhile and any failure in `error` without touching the shown state; a cancel
   * shows `cancelled` (when given) as a notice instead.
   */
  private async guard(
    busy: string,
    work: () => Promise<void>,
    cancelled = '',
    failureTo: 'error' | 'marksError' | 'classifyError' = 'error',
  ): Promise<void> {
    this.set({ busy, error: '', notice: '', ...(failureTo === 'classifyError' ? { classifyError: '' } : {}) });
    try {
      await work();
    } catch (e) {
      if (e instanceof CancelledError) this.set({ notice: cancelled || message(e) });
      else this.set({ [failureTo]: message(e) });
    } finally {
      this.set({ busy: '' });
    }
  }
}

/** The notices about another tab's marks (see changeMarks and marksStoredElsewhere). */
/** A model file's text parsed, or null where it is not one (a list entry whose source changed). */
function parseModelFileOrNull(text: string): ModelFile | null {
  try {
    return parseModelFile(text);
  } catch {
    return null;
  }
}

const MARKS_NOTICE = /^(Another tab (marked|changed) this line|Marks changed in another tab|Imported \d+ marks? from )/;

/** The demo's BSR-free land line: how many patch centres a map calls BSR there (each a false alarm). */
function bsrFreeWords(file: string, values: Float32Array): string {
  let n = 0,
    total = 0;
  for (const v of values)
    if (!Number.isNaN(v)) {
      total++;
      if (v > 0.5) n++;
    }
  const share = total ? (100 * n) / total : 0;
  return `${file} is a land line without a BSR: ${n.toLocaleString()} of ${total.toLocaleString()} patch centres (${share.toFixed(2)} %) reach P > 0.5${n ? ', each a false alarm' : ''}.`;
}
