/**
 * <spn-classify-view>: drag in a seismic line, look at it, and map BSR probability over it. Owns the SEG-Y and
 * classify controllers (src/app), composes the drop zone, header panel, line picker, viewer and classify
 * controls, and keeps the last good state when something fails (the error shows in an alert region).
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { SegyClient } from '../app/segy-client';
import { ClassifyClient, mapToGrid } from '../app/classify-client';
import { defaultLine } from '../core/line/segy-line';
import { demoSection } from '../app/demo-line';
import { listModelSources, fetchText, type ModelSource } from '../app/model-catalog';
import { openSpnDb } from '../db/schema';
import { DEFAULT_BAND_SAMPLES, DEFAULT_PREVIEW_SAMPLES, iou, lineTruth, makeSyntheticLine } from '../core/classify';
import { exportStem, horizonCsvBlob, mapCsvBlob, mapPngBlob } from '../app/map-export';
import { correctSeabed } from '../core/line/seabed';
import { FineTuneClient, FineTuneFailedError } from '../app/finetune-client';
import { MarksSession, fingerprintFile, fingerprintSamples } from '../app/marks-session';
import { storeTunedModel } from '../app/marks-store';
import { countMarkPatches, type PresentedLine } from '../core/finetune/mark-patches';
import { DEFAULT_FINETUNE_SETTINGS, type FineTuneProgress, type FineTuneSettings } from '../core/finetune/finetune';
import { sampleMs, type Mark } from '../core/finetune/marks';
import type { FineTuneDone } from '../core/finetune/results';
import type { MarksDisplay } from '../db/schema';
import type { MarkMode } from './marks-panel';
import { MARK_COLORS } from './marks-panel';
import type { MapChoice } from './finetune-panel';
import type { LineChoice, ReadProgress, Section, SegySummary } from '../core/line/segy-types';
import type { ClassifyProgress, MapResult, PatchSaliency } from '../core/classify/results';
import type { ModelOption, ClassifyStartDetail } from './classify-controls';
import type { MarkDrawnDetail, ProbabilityGrid, SectionClickDetail, ViewerHorizon, ViewerMark } from './section-viewer';
import type { SeabedEditDetail } from './presentation-panel';
import './file-drop';
import './segy-header-panel';
import './line-picker';
import './section-viewer';
import './classify-controls';
import './saliency-view';
import './presentation-panel';
import './marks-panel';
import './finetune-panel';

/** Default of {@link ClassifyView.bigLineSamples}: 64 Mi samples (256 MiB as float32). */
export const BIG_LINE_SAMPLES = 2 ** 26;

@customElement('spn-classify-view')
export class ClassifyView extends LitElement {
  static override styles = css`
    :host { display: grid; gap: 12px; font: 13px system-ui, sans-serif; }
    [role='alert']:not(:empty) { background: #fdecea; color: #7a1c12; border: 1px solid #f5c2bc; padding: 8px 12px; border-radius: 6px; white-space: pre-wrap; }
    .row { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; }
    .busy { color: #345; }
  `;

  /** Reads SEG-Y/SU files off the main thread (injectable for tests). */
  @property({ attribute: false }) segy: SegyClient = new SegyClient();
  /** Runs the network off the main thread (injectable for tests). */
  @property({ attribute: false }) classifier: ClassifyClient = new ClassifyClient();
  /** A 2D file with more samples than this is shown as a decimated preview and classified in bands from the file. */
  @property({ attribute: false }) bigLineSamples = BIG_LINE_SAMPLES;
  /** Samples a decimated preview may hold. */
  @property({ attribute: false }) previewSamples = DEFAULT_PREVIEW_SAMPLES;
  /** Samples one band of a big file may hold while it is classified. */
  @property({ attribute: false }) bandSamples = DEFAULT_BAND_SAMPLES;
  /** Fine-tunes models on the marks off the main thread (injectable for tests). */
  @property({ attribute: false }) finetuner: FineTuneClient = new FineTuneClient();
  /** Fine-tune settings merged over the panel's (tests shorten runs). */
  @property({ attribute: false }) fineTuneOverrides: Partial<FineTuneSettings> = {};
  /** Synthetic test patches scored before and after fine-tuning ("did it forget?"). */
  @property({ attribute: false }) fineTuneTestPatches = 1000;

  @state() private _summary: SegySummary | null = null;
  @state() private _section: Section | null = null;
  @state() private _busy = '';
  @state() private _error = '';
  @state() private _models: ModelOption[] = [];
  @state() private _progress: ClassifyProgress | null = null;
  @state() private _map: MapResult | null = null;
  @state() private _grid: ProbabilityGrid | null = null;
  @state() private _saliency: PatchSaliency | null = null;
  /** The running classification's abort handle; null when idle. */
  @state() private _abort: AbortController | null = null;
  @state() private _demoResult = '';
  /** The settings of the last run, so a flip or a seabed correction can run it again. */
  private _lastRun: ClassifyStartDetail | null = null;
  /** Clicks on the section place seabed points instead of asking for saliency. */
  @state() private _editingSeabed = false;
  @state() private _seabedPoints: { trace: number; sample: number }[] = [];
  /** Flip polarity on the next run (the controls' checkbox, also set by the panel's offer). */
  @state() private _flip = false;
  private _modelTexts = new Map<string, string>();
  private _sources = new Map<string, ModelSource>();
  private _loadedModel = '';
  /** Marks of the line on screen (null until its fingerprint is known, and for big files). */
  @state() private _marks: MarksSession | null = null;
  /** Bumped on every change of the marks (the session is mutable). */
  @state() private _marksVersion = 0;
  @state() private _markMode: MarkMode = 'off';
  @state() private _tuneAbort: AbortController | null = null;
  @state() private _tuneProgress: FineTuneProgress | null = null;
  @state() private _tuneDone: FineTuneDone | null = null;
  /** The map of the base model, kept when a tuned model's map replaces it (before/after toggle). */
  @state() private _before: { map: MapResult; grid: ProbabilityGrid } | null = null;
  @state() private _showing: MapChoice = 'after';
  /** The open file (for the line's fingerprint); null for lines built in memory. */
  private _file: File | null = null;
  /** The open file when it is too big to hold: the section on screen is its preview, 1 in `step` traces and samples. */
  private _big: { file: File; step: number; dtUs: number } | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refreshModels();
  }

  /** Lists the demo model, imported models and stored search candidates (IndexedDB), keeping models added from files. */
  async refreshModels(): Promise<void> {
    let db = null;
    try {
      db = await openSpnDb();
    } catch {
      // No IndexedDB (private mode, blocked): the demo model and files still work.
    }
    try {
      const sources = await listModelSources(db);
      this._sources = new Map(sources.map((m) => [m.id, m]));
      const fromFiles = this._models.filter((m) => !this._sources.has(m.id) && this._modelTexts.has(m.id));
      this._models = [...sources.map((m) => ({ id: m.id, label: m.label })), ...fromFiles];
    } finally {
      db?.close();
    }
  }

  /**
   * "Try the demo": the bundled model on the synthetic line (its map compared with the true BSR: IoU), then on the
   * real line 31_81_PR, which stays on screen with its map.
   */
  async tryDemo(): Promise<void> {
    const settings = { patchTraces: 48, stride: 8 };
    await this._guard('Loading the demo model…', async () => {
      await this._ensureModel('demo');
      this._busy = 'Classifying the synthetic demo line…';
      const line = makeSyntheticLine(1);
      const synthetic = demoSection(1);
      this._show(null, synthetic);
      const map = await this.classifier.classify(synthetic, settings, { onProgress: (p) => (this._progress = p) });
      const score = iou({ grid: map.grid, values: map.values, done: map.done, cancelled: map.cancelled }, lineTruth(line, map.grid));
      this._demoResult = `Synthetic demo line: IoU ${score.toFixed(2)} between the BSR map (p ≥ 0.5) and the true BSR.`;
      this._busy = 'Opening the real line 31_81_PR.sgy…';
      const res = await fetch(new URL('data/31_81_PR.sgy', document.baseURI));
      if (!res.ok) throw new Error(`data/31_81_PR.sgy: HTTP ${res.status}`);
      const file = new File([await res.blob()], '31_81_PR.sgy');
      const summary = await this.segy.open(file);
      this._file = file;
      const section = await this.segy.readLine(defaultLine(summary.geometry), { onProgress: this._readProgress });
      this._show(summary, section);
      this._busy = 'Classifying 31_81_PR.sgy…';
      const real = await this.classifier.classify(section, settings, { onProgress: (p) => (this._progress = p) });
      this._map = real;
      this._grid = mapToGrid(real);
    });
  }

  private async _ensureModel(modelId: string): Promise<void> {
    if (modelId === this._loadedModel) return;
    let text = this._modelTexts.get(modelId);
    if (text === undefined) {
      const source = this._sources.get(modelId) ?? (modelId === 'demo' ? { load: () => fetchText('models/demo.json') } : undefined);
      if (!source) throw new Error(`model ${modelId} is not available any more`);
      text = await source.load();
    }
    await this.classifier.loadModel(text);
    this._loadedModel = modelId;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Workers come back lazily if the element is attached again.
    this._abort?.abort();
    this._tuneAbort?.abort();
    this.finetuner.terminate();
    this.segy.terminate();
    this.classifier.terminate();
    this._loadedModel = '';
  }

  override render() {
    const s = this._section;
    return html`
      <spn-file-drop @file-chosen=${(e: CustomEvent<{ file: File }>) => this.openFile(e.detail.file)}></spn-file-drop>
      <div class="row"><button type="button" @click=${() => this.tryDemo()} ?disabled=${this._abort !== null || this._busy !== ''}>Try the demo</button>
        <button type="button" @click=${() => this.showSection(demoSection(1))}>Use the synthetic demo line</button>
        <span class="busy" aria-live="polite">${this._busy}</span></div>
      <div role="alert">${this._error}</div>
      ${this._demoResult ? html`<div role="status" class="demo-result">${this._demoResult}</div>` : nothing}
      <spn-segy-header-panel .summary=${this._summary}></spn-segy-header-panel>
      ${this._summary ? html`<spn-line-picker .geometry=${this._summary.geometry} @line-chosen=${(e: CustomEvent<{ choice: LineChoice }>) => this.showLine(e.detail.choice)}></spn-line-picker>` : nothing}
      ${s ? html`<h3>${s.file} — ${s.label}: ${s.traceCount} traces × ${s.samplesPerTrace} samples</h3>` : nothing}
      <spn-section-viewer .section=${s} .probability=${this._shownGrid()} .horizons=${this._horizons()} .marks=${this._viewerMarks()}
        .exportName=${s ? exportStem(s.file, s.label) : 'section'} .markColor=${this._markMode === 'off' ? null : MARK_COLORS[this._markMode]} @section-click=${this._clicked} @mark-drawn=${this._markDrawn}></spn-section-viewer>
      ${this._renderMarks()}
      ${this._map ? html`<spn-presentation-panel .presentation=${this._map.presentation} .dtUs=${this._big?.dtUs ?? s?.sampleIntervalUs ?? 0}
        .masked=${this._map.masked} .baseRate=${this._map.bsrBaseRate} ?editing=${this._editingSeabed} .points=${this._seabedPoints.length}
        @presentation-flip=${this._flipAndRerun} @seabed-edit=${(e: CustomEvent<SeabedEditDetail>) => this._editSeabed(e.detail.editing)}
        @seabed-apply=${this._applySeabed} @seabed-reset=${() => this._rerun({ seabed: 'auto' })}></spn-presentation-panel>` : nothing}
      <spn-classify-controls .models=${this._models} .progress=${this._progress} ?running=${this._abort !== null} .flipPolarity=${this._flip}
        blocked=${s ? '' : 'open a line first'} @classify-start=${this._classify} @classify-cancel=${() => this._abort?.abort()}
        @file-chosen=${(e: CustomEvent<{ file: File }>) => { e.stopPropagation(); void this.addModelFile(e.detail.file); }}></spn-classify-controls>
      ${this._map ? this._renderRun(this._map) : nothing}
      ${this._map ? html`<div class="row">Download the map: <button type="button" @click=${() => this._download('png')}>PNG</button>
        <button type="button" @click=${() => this._download('csv')}>CSV</button>
        <button type="button" aria-label="Download the BSR horizon" @click=${() => this._download('horizon')}>BSR horizon (CSV)</button>${this._map.cancelled ? html` (partial: cancelled after ${this._map.done} patches)` : nothing}</div>` : nothing}
      <spn-saliency-view .saliency=${this._saliency}></spn-saliency-view>`;
  }

  /** What ran: patches, time, throughput and the backend (with wasm threads), so users and tests see which path ran. */
  private _renderRun(m: MapResult) {
    const threads = m.threads === null ? '' : `, ${m.threads} thread${m.threads === 1 ? '' : 's'}`;
    const rate = m.seconds > 0 ? (m.done / m.seconds).toFixed(1) : '–';
    return html`<div role="status" class="classify-result" data-backend=${m.backend} data-threads=${m.threads ?? ''}>
      ${m.done} patches in ${m.seconds.toFixed(1)} s (${rate} patches/s) on ${m.backend}${threads}</div>`;
  }

  /** Opens a SEG-Y/SU file and shows its first line; on failure the alert names file/field/offset and the old line stays. */
  async openFile(file: File): Promise<void> {
    await this._guard(`Opening ${file.name}…`, async () => {
      const summary = await this.segy.open(file);
      this._file = file;
      if (summary.geometry.kind === '2d' && summary.traceCount * summary.samplesPerTrace > this.bigLineSamples) {
        const { section, step } = await this.segy.readPreview(this.previewSamples, { onProgress: this._readProgress });
        this._show(summary, section, { file, step, dtUs: summary.sampleIntervalUs });
        return;
      }
      const section = await this.segy.readLine(defaultLine(summary.geometry), { onProgress: this._readProgress });
      this._show(summary, section);
    });
  }

  /** Reads another line (inline, crossline or gather) of the open file. */
  async showLine(choice: LineChoice): Promise<void> {
    await this._guard('Reading line…', async () => this._show(this._summary, await this.segy.readLine(choice, { onProgress: this._readProgress })));
  }

  /** Loads a model file (JSON) into the classifier and offers it in the model list. */
  async addModelFile(file: Blob & { name?: string }): Promise<void> {
    await this._guard(`Loading model ${file.name ?? ''}…`, async () => {
      const text = await file.text();
      const model = await this.classifier.loadModel(text);
      this._modelTexts.set(model.id, text);
      this._loadedModel = model.id;
      const acc = model.testAccuracy === null ? '' : `, test accuracy ${(model.testAccuracy * 100).toFixed(1)} %`;
      this._models = [...this._models.filter((m) => m.id !== model.id), { id: model.id, label: `${model.name} (${model.parameters.toLocaleString('en')} params${acc})` }];
    });
  }

  /** Shows a line already in memory (the synthetic demo line, a line built by a test) in place of the open file. */
  showSection(section: Section): void {
    this._file = null;
    this._show(null, section);
  }

  private _readProgress = (p: ReadProgress): void => {
    this._busy = `Reading traces: ${p.done} / ${p.total}`;
  };

  private _show(summary: SegySummary | null, section: Section, big: ClassifyView['_big'] = null): void {
    this._big = big;
    this._summary = summary;
    this._section = section;
    this._map = null;
    this._grid = null;
    this._saliency = null;
    this._progress = null;
    this._editingSeabed = false;
    this._seabedPoints = [];
    this._lastRun = null;
    this._before = null;
    this._tuneDone = null;
    this._tuneProgress = null;
    this._marks = null;
    this._markMode = 'off';
    if (!big) void this._openMarks(section, this._file);
  }

  /** Seabed (dashed cyan), the user's seabed points while editing, and the BSR horizon (green), in preview coordinates. */
  private _horizons(): ViewerHorizon[] {
    const m = this._map;
    const out: ViewerHorizon[] = [];
    const step = this._big?.step ?? 1;
    const onView = (a: Float32Array): Float32Array => {
      if (step === 1) return a;
      const v = new Float32Array(Math.ceil(a.length / step));
      for (let i = 0; i < v.length; i++) v[i] = a[i * step]! / step;
      return v;
    };
    const sb = m?.presentation.seabed;
    if (sb?.found) out.push({ label: sb.source === 'user' ? 'seabed (corrected)' : 'seabed (picked)', color: '#14b8c8', dash: [6, 4], samples: onView(sb.samples) });
    if (this._editingSeabed && this._seabedPoints.length > 0) {
      const s = this._section;
      const preview = correctSeabed(null, this._seabedPoints, s?.traceCount ?? 1, s?.samplesPerTrace ?? 1);
      out.push({ label: 'your seabed', color: '#f0a020', samples: preview.samples, points: this._seabedPoints });
    }
    if (m && m.horizon.samples.some((v) => !Number.isNaN(v))) out.push({
      label: 'BSR horizon (P ≥ 0.5)', color: '#22c55e', samples: onView(m.horizon.samples),
      // A jump of more than half a patch between traces is a pick moving to another event: drawn as two pieces.
      maxStepSamples: m.presentation.patchSamples / 2 / step,
    });
    return out;
  }

  private _editSeabed(editing: boolean): void {
    this._editingSeabed = editing;
    this._seabedPoints = [];
  }

  private _applySeabed = async (): Promise<void> => {
    const s = this._section, auto = this._map?.presentation.seabed;
    if (!s || this._seabedPoints.length === 0) return;
    // On a big file's preview, points are in preview cells: the pick is made over the whole line.
    const step = this._big?.step ?? 1;
    const traces = this._big && this._summary ? this._summary.traceCount : s.traceCount;
    const samples = this._big && this._summary ? this._summary.samplesPerTrace : s.samplesPerTrace;
    const points = this._seabedPoints.map((p) => ({ trace: Math.min(traces - 1, p.trace * step), sample: Math.min(samples - 1, p.sample * step) }));
    const pick = correctSeabed(auto?.found && auto.source === 'auto' ? auto.samples : null, points, traces, samples);
    this._editingSeabed = false;
    this._seabedPoints = [];
    await this._rerun({ seabed: pick.samples });
  };

  private _flipAndRerun = async (): Promise<void> => {
    this._flip = true;
    await this._rerun({ flipPolarity: true });
  };

  /** Runs the last classification again with some settings changed. */
  private async _rerun(change: Partial<ClassifyStartDetail>): Promise<void> {
    const last = this._lastRun;
    if (!last) return;
    await this._run({ ...last, ...change });
  }

  /** Runs `work`, showing `busy` meanwhile and any failure in the alert region without touching the shown state. */
  private async _guard(busy: string, work: () => Promise<void>): Promise<void> {
    this._busy = busy;
    this._error = '';
    try {
      await work();
    } catch (e) {
      this._error = e instanceof Error ? e.message : String(e);
    } finally {
      this._busy = '';
    }
  }

  private _classify = async (e: CustomEvent<ClassifyStartDetail>): Promise<void> => {
    this._flip = e.detail.flipPolarity ?? false;
    this._before = null;
    this._tuneDone = null;
    await this._run(e.detail);
  };

  private async _run(detail: ClassifyStartDetail): Promise<void> {
    const section = this._section, { modelId, ...settings } = detail;
    if (!section || this._abort) return;
    this._lastRun = detail;
    const abort = new AbortController();
    this._abort = abort;
    this._progress = null;
    // The old map belongs to other settings or another model: clear it so a stale map is never shown as the result.
    this._map = null;
    this._grid = null;
    this._showing = 'after';
    await this._guard('', async () => {
      await this._ensureModel(modelId);
      const big = this._big;
      const call = { onProgress: (p: ClassifyProgress) => (this._progress = p), signal: abort.signal };
      const map = big
        ? await this.classifier.classifyFile(big.file, big.file.name, settings, { ...call, bandSamples: this.bandSamples })
        : await this.classifier.classify(section, settings, call);
      if (this._section !== section) return;
      this._map = map;
      this._grid = mapToGrid(map, big?.step ?? 1);
    });
    this._abort = null;
  }

  // ---- marks -------------------------------------------------------------------------------------------------

  /** Finds the line's fingerprint and restores its stored marks (IndexedDB); without IndexedDB marks still work. */
  private async _openMarks(section: Section, file: File | null): Promise<void> {
    const fingerprint = file ? await fingerprintFile(file, section.label) : fingerprintSamples(section.traceCount, section.samplesPerTrace, section.samples);
    if (this._section !== section) return;
    const session = new MarksSession(fingerprint, `${section.file} — ${section.label}`, { traces: section.traceCount, samples: section.samplesPerTrace, dtUs: section.sampleIntervalUs });
    this._marks = session;
    await this._withDb(async (db) => {
      await session.restore(db);
      this._marksVersion++;
    });
  }

  private async _withDb(work: (db: Awaited<ReturnType<typeof openSpnDb>>) => Promise<void>): Promise<void> {
    let db = null;
    try {
      db = await openSpnDb();
    } catch {
      return; // no IndexedDB (private mode, blocked)
    }
    try {
      await work(db);
    } catch (e) {
      this._error = e instanceof Error ? e.message : String(e);
    } finally {
      db.close();
    }
  }

  /** The display settings the marks were drawn with (the last run's, or the defaults). */
  private _display(): MarksDisplay {
    const r = this._lastRun;
    const seabed = r?.seabed instanceof Float32Array ? Array.from(r.seabed) : (r?.seabed ?? 'auto');
    return { scale: r?.scale ?? 'auto', flipPolarity: r?.flipPolarity ?? false, seabed };
  }

  /** Applies a change to the marks; a refused change (outside the line, contradictory) shows why and changes nothing. */
  private _changeMarks(change: (m: MarksSession) => void): void {
    const session = this._marks;
    if (!session) return;
    this._error = '';
    try {
      change(session);
    } catch (e) {
      this._error = e instanceof Error ? e.message : String(e);
      return;
    }
    this._marksVersion++;
    void this._withDb((db) => session.save(db, this._display()));
  }

  private _markDrawn = (e: CustomEvent<MarkDrawnDetail>): void => {
    const s = this._section, mode = this._markMode;
    if (!s || mode === 'off') return;
    const dt = sampleMs({ traces: s.traceCount, samples: s.samplesPerTrace, dtUs: s.sampleIntervalUs });
    const d = e.detail;
    this._changeMarks((m) => m.add({ traceFrom: d.traceFrom, traceTo: d.traceTo, timeFromMs: d.sampleFrom * dt, timeToMs: d.sampleTo * dt, label: mode === 'bsr' ? 1 : 0 }));
  };

  private _viewerMarks(): ViewerMark[] {
    const s = this._section, session = this._marks;
    if (!s || !session) return [];
    const dt = sampleMs({ traces: s.traceCount, samples: s.samplesPerTrace, dtUs: s.sampleIntervalUs });
    return session.marks.map((m) => ({
      traceFrom: m.traceFrom, traceTo: m.traceTo, sampleFrom: Math.round(m.timeFromMs / dt), sampleTo: Math.round(m.timeToMs / dt),
      color: MARK_COLORS[m.label === 1 ? 'bsr' : 'not-bsr'], dashed: m.check === true,
    }));
  }

  /** Patches each mark gives at the last map's patch height (48 before any map). */
  private _markCounts(marks: readonly Mark[]): number[] {
    const s = this._section;
    if (!s) return [];
    const line = { section: { traces: s.traceCount, samples: s.samplesPerTrace, dtUs: s.sampleIntervalUs, data: s.samples }, patchTraces: 48, patchSamples: Math.min(s.samplesPerTrace, this._map?.presentation?.patchSamples ?? 48) };
    if (line.section.traces < 48 || line.section.samples < line.patchSamples) return marks.map(() => 0);
    return countMarkPatches(line as PresentedLine, marks, { strideTraces: DEFAULT_FINETUNE_SETTINGS.strideTraces, strideSamples: DEFAULT_FINETUNE_SETTINGS.strideSamples });
  }

  private _renderMarks() {
    const session = this._marks, s = this._section;
    if (!s || this._big) return nothing;
    if (!session) return html`<div class="busy">Reading the line's marks…</div>`;
    void this._marksVersion;
    const marks = session.marks;
    const blocked = this._tuneAbort ? '' : !this._map || !this._lastRun ? 'classify the line first: the model of the map is the one tuned' : this._abort ? 'wait for the classification to finish' : '';
    return html`
      <spn-marks-panel .marks=${marks} .counts=${this._markCounts(marks)} .mode=${this._markMode} ?canUndo=${session.canUndo}
        .sampleMs=${sampleMs({ traces: s.traceCount, samples: s.samplesPerTrace, dtUs: s.sampleIntervalUs })}
        @marks-mode=${(e: CustomEvent<MarkMode>) => (this._markMode = e.detail)}
        @mark-add=${(e: CustomEvent<Mark>) => this._changeMarks((m) => m.add(e.detail))}
        @mark-delete=${(e: CustomEvent<number>) => this._changeMarks((m) => m.remove(e.detail))}
        @mark-check=${(e: CustomEvent<{ index: number; check: boolean }>) => this._changeMarks((m) => m.setCheck(e.detail.index, e.detail.check))}
        @marks-undo=${() => this._changeMarks((m) => m.undo())}
        @marks-export=${this._exportMarks} @marks-import=${(e: CustomEvent<File>) => void this.importMarks(e.detail)}></spn-marks-panel>
      <spn-finetune-panel .blocked=${blocked} ?running=${this._tuneAbort !== null} .progress=${this._tuneProgress} .done=${this._tuneDone}
        ?hasAfter=${this._before !== null && this._map !== null} .showing=${this._showing}
        @finetune-start=${(e: CustomEvent<Partial<FineTuneSettings>>) => void this.fineTune(e.detail)} @finetune-cancel=${() => this._tuneAbort?.abort()}
        @finetune-download=${this._downloadTuned} @finetune-show=${(e: CustomEvent<MapChoice>) => (this._showing = e.detail)}></spn-finetune-panel>`;
  }

  /** The map on screen: the tuned model's, or the base model's when the toggle says "before". */
  private _shownGrid(): ProbabilityGrid | null {
    return this._showing === 'before' && this._before ? this._before.grid : this._grid;
  }

  /** Replaces the marks with a CSV's; a file for another line (or with bad marks) changes nothing and says why. */
  async importMarks(file: Blob): Promise<void> {
    const text = await file.text();
    this._changeMarks((m) => m.importCsv(text));
  }

  private _exportMarks = (): void => {
    const session = this._marks, s = this._section;
    if (!session || !s) return;
    this._save(new Blob([session.toCsv()], { type: 'text/csv' }), `${exportStem(s.file, s.label)}-marks.csv`);
  };

  private _downloadTuned = (): void => {
    const d = this._tuneDone;
    if (!d) return;
    this._save(new Blob([d.text], { type: 'application/json' }), `${d.name.replace(/[^a-z0-9._-]+/gi, '-').slice(0, 80)}.json`);
  };

  private _save(blob: Blob, name: string): void {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  }

  /**
   * Fine-tunes the model of the last map on the marks (in the fine-tune worker), stores the result as a NEW model,
   * and classifies the line with it so the maps before and after can be compared. Cancel leaves everything stored as
   * it was.
   */
  async fineTune(panel: Partial<FineTuneSettings> = {}): Promise<void> {
    const s = this._section, session = this._marks, last = this._lastRun, before = this._map, beforeGrid = this._grid;
    if (!s || !session || !last || !before || !beforeGrid || this._tuneAbort || this._abort) return;
    const abort = new AbortController();
    this._tuneAbort = abort;
    this._tuneProgress = null;
    this._tuneDone = null;
    await this._guard('', async () => {
      const source = this._sources.get(last.modelId);
      const baseText = this._modelTexts.get(last.modelId) ?? (source ? await source.load() : await fetchText('models/demo.json'));
      let done: FineTuneDone;
      try {
        done = await this.finetuner.run({
          raw: { traces: s.traceCount, samples: s.samplesPerTrace, dtUs: s.sampleIntervalUs, data: s.samples },
          presentation: { scale: last.scale ?? 'auto', seabed: last.seabed ?? 'auto', flipPolarity: last.flipPolarity ?? false },
          marks: session.marks, baseText, settings: { ...panel, ...this.fineTuneOverrides }, line: { fingerprint: session.fingerprint, name: session.lineName },
          testPatches: this.fineTuneTestPatches,
        }, { onProgress: (p) => (this._tuneProgress = p), signal: abort.signal });
      } catch (e) {
        if (e instanceof FineTuneFailedError && e.code === 'cancelled') {
          this._busy = '';
          this._error = 'Fine-tuning was cancelled: the base model and everything stored are as they were.';
          return;
        }
        throw e;
      }
      let id = '';
      await this._withDb(async (db) => {
        id = `imported:${(await storeTunedModel(db, done.text)).id}`;
      });
      id ||= `tuned:${Date.now()}`;
      this._modelTexts.set(id, done.text);
      this._tuneDone = done;
      await this.refreshModels();
      if (!this._models.some((m) => m.id === id)) this._models = [...this._models, { id, label: `${done.name} (fine-tuned, not stored)` }];
      this._tuneAbort = null;
      this._before = { map: before, grid: beforeGrid };
      await this._run({ ...last, modelId: id });
    });
    this._tuneAbort = null;
  }

  private _clicked = async (e: CustomEvent<SectionClickDetail>): Promise<void> => {
    if (this._editingSeabed) {
      this._seabedPoints = [...this._seabedPoints, { trace: e.detail.trace, sample: e.detail.sample }];
      return;
    }
    if (!this._map) return;
    if (this._big) {
      this._error = 'Saliency needs the line held whole; this file is classified in bands from disk.';
      return;
    }
    const { trace, sample } = e.detail;
    await this._guard('Computing saliency…', async () => {
      this._saliency = await this.classifier.saliency(trace, sample);
    });
  };

  private async _download(kind: 'png' | 'csv' | 'horizon'): Promise<void> {
    const map = this._map, s = this._section;
    if (!map || !s) return;
    const dtUs = this._big?.dtUs ?? s.sampleIntervalUs;
    const blob = kind === 'png' ? await mapPngBlob(map) : kind === 'csv' ? mapCsvBlob(map, dtUs) : horizonCsvBlob(map.horizon, dtUs);
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `${exportStem(s.file, s.label)}-${kind === 'horizon' ? 'bsr-horizon.csv' : `bsr-probability.${kind}`}`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  }
}

declare global {
  interface HTMLElementTagNameMap { 'spn-classify-view': ClassifyView }
}
