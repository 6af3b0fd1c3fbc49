/**
 * <spn-classify-view>: drag in a seismic line, look at it, and map BSR probability over it. Owns the SEG-Y and
 * classify controllers (src/app), composes the drop zone, header panel, line picker, viewer and classify
 * controls, and keeps the last good state when something fails (the error shows in an alert region).
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { SegyClient } from '../app/segy-client';
import { ClassifyClient, mapToGrid } from '../app/classify-client';
import { defaultLine } from '../app/segy-line';
import { demoSection } from '../app/demo-line';
import { listModelSources, fetchText, type ModelSource } from '../app/model-catalog';
import { openSpnDb } from '../db/schema';
import { DEFAULT_BAND_SAMPLES, DEFAULT_PREVIEW_SAMPLES, iou, lineTruth, makeSyntheticLine } from '../core/classify';
import { exportStem, horizonCsvBlob, mapCsvBlob, mapPngBlob } from '../app/map-export';
import { correctSeabed } from '../core/line/seabed';
import type { LineChoice, ReadProgress, Section, SegySummary } from '../app/segy-types';
import type { ClassifyProgress, MapResult, PatchSaliency } from '../app/classify-types';
import type { ModelOption, ClassifyStartDetail } from './classify-controls';
import type { ProbabilityGrid, SectionClickDetail, ViewerHorizon } from './section-viewer';
import type { SeabedEditDetail } from './presentation-panel';
import './file-drop';
import './segy-header-panel';
import './line-picker';
import './section-viewer';
import './classify-controls';
import './saliency-view';
import './presentation-panel';

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
      <spn-section-viewer .section=${s} .probability=${this._grid} .horizons=${this._horizons()} @section-click=${this._clicked}></spn-section-viewer>
      ${this._map ? html`<spn-presentation-panel .presentation=${this._map.presentation} .dtUs=${this._big?.dtUs ?? s?.sampleIntervalUs ?? 0}
        .masked=${this._map.masked} ?editing=${this._editingSeabed} .points=${this._seabedPoints.length}
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
    if (m && m.horizon.samples.some((v) => !Number.isNaN(v))) out.push({ label: 'BSR horizon (P ≥ 0.5)', color: '#22c55e', samples: onView(m.horizon.samples) });
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
