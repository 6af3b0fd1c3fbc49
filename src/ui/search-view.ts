/**
 * <spn-search-view>: the Search tab — settings and start/stop, live progress of this and other tabs, the runs,
 * the open run's leaderboard, accuracy-vs-size scatter and the selected candidate's detail, model import/export
 * and storage. Renders SearchController's state and sends it intents; computes nothing itself.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { FIT_BUDGET_SECONDS, SearchController, type SearchState } from '../app/search-controller';
import { storeOpenError } from '../db/store-errors';
import type { SearchSettingsChangeDetail, SearchStartDetail } from './search-settings-form';
import type { FitApplyDetail } from './cost-estimate';
import type { PatchesOpenDetail } from './test-results';
import type { GalleryRequest } from '../app/data-controller';
import type { CandidateSelectDetail } from './leaderboard-table';
import type { ModelExportDetail } from './candidate-detail';
import type { RunActionDetail } from './run-list';
import type { FileChosenDetail } from './file-drop';
import './search-settings-form';
import { VALIDATION_SET_LABELS, generatorOf, testPatchIndex, validationSetOf } from '../core/dataset-settings';
import './leaderboard-table';
import './candidate-detail';
import './pareto-scatter';
import './run-list';
import './cost-estimate';
import './run-summary';
import './run-plots';
import type { BrushChangeDetail } from './parallel-coords';
import './file-drop';
import { outlineButtonStyles, viewStyles } from './shared-styles';
import './stored-models';
import type { StoredModelActionDetail } from './stored-models';

/** Patches one confusion cell opens in the gallery at most. */
const GALLERY_MAX = 48;
/** A storage size in MB, or GB from 1,024 MB up (a quota of "10,255.2 MB" reads as 10 GB). */
const mb = (bytes: number | null) =>
  bytes === null
    ? '?'
    : bytes >= 1024 ** 3
      ? `${(bytes / 1024 ** 3).toLocaleString(undefined, { maximumFractionDigits: 1 })} GB`
      : `${(bytes / 1024 ** 2).toLocaleString(undefined, { maximumFractionDigits: 1 })} MB`;
const pct = (v: number | undefined) => (v === undefined ? '—' : `${(100 * v).toFixed(1)} %`);

@customElement('spn-search-view')
export class SearchView extends LitElement {
  static override styles = [
    outlineButtonStyles,
    viewStyles,
    css`
    .cols { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
    .alert { color: #b0161b; font-weight: 600; }
    .alert:empty, .status:empty { display: none; }
    .muted { color: #6b7785; font-size: 12px; }
    progress { width: 320px; height: 14px; }
    .dataset { font-size: 13px; margin-top: 8px; }
    ul.live { margin: 6px 0; padding-left: 18px; font-size: 12px; }
    button { padding: 5px 12px; }
  `,
  ];

  /** The controller to render; the page's shared one when none is given (it outlives the view, so a search keeps running while other tabs are shown). */
  @property({ attribute: false }) controller: SearchController | null = null;
  @state() private _s: SearchState | null = null;
  @state() private _openError = '';
  /** Said while opening the store waits on another tab that holds an older version of it. */
  @state() private _blockedNote = '';
  /** Candidate ids the parallel-coordinates brush lets through (null: no brush); filters the leaderboard. */
  @state() private _brushIds: Set<string> | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    void this._attach();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.controller?.removeEventListener('change', this._onChange);
  }

  private async _attach(): Promise<void> {
    try {
      this.controller ??= await SearchController.shared({
        blocked: () =>
          (this._blockedNote =
            'Another tab of this app holds an older version of its store open: close or reload that tab, and this view opens.'),
      });
    } catch (e) {
      this._openError = storeOpenError(e);
      return;
    }
    if (!this.isConnected) return; // removed while the store was opening
    this.controller.addEventListener('change', this._onChange);
    this._s = this.controller.state;
    await this.controller.init();
  }

  private _onChange = (): void => {
    this._s = this.controller?.state ?? null;
  };

  override render() {
    const s = this._s,
      ctl = this.controller;
    if (!s || !ctl)
      return this._openError
        ? html`<p class="alert" role="alert">${this._openError}</p>`
        : html`<p>Opening the search store…</p>
            ${this._blockedNote ? html`<p class="alert" role="alert">${this._blockedNote}</p>` : nothing}`;
    const detail = ctl.detail;
    return html`
      <div class="alert" role="alert">${s.error}</div>
      <div class="status muted" role="status">${s.message}</div>
      <section aria-labelledby="new-h">
        <h2 id="new-h">New search</h2>
        <spn-search-settings-form .errors=${s.settingsErrors} ?working=${s.working !== null} .initial=${ctl.enteredSettings}
          @settings-change=${(e: CustomEvent<SearchSettingsChangeDetail>) => ctl.setDraft(e.detail.settings)}
          @search-start=${(e: CustomEvent<SearchStartDetail>) => void ctl.start(e.detail.settings)} @search-stop=${() => ctl.stop()}>
          <spn-cost-estimate slot="cost" .estimate=${s.estimate} .options=${s.fit} .budget=${FIT_BUDGET_SECONDS} ?measuring=${s.measuring} .reason=${s.estimateNote}
            @fit-apply=${(e: CustomEvent<FitApplyDetail>) => this.renderRoot.querySelector('spn-search-settings-form')?.applySettings(e.detail.settings)}
            @device-measure=${() => void ctl.measureDevice()}></spn-cost-estimate>
        </spn-search-settings-form>
        ${this._renderLive(s)}
      </section>
      <section aria-labelledby="runs-h">
        <h2 id="runs-h">Runs</h2>
        <spn-run-list .runs=${s.runs} .openRunId=${s.run?.id ?? null} .workingRunId=${s.working} @run-action=${this._runAction}></spn-run-list>
      </section>
      ${s.run ? this._renderRun(s) : nothing}
      ${
        detail
          ? html`<section aria-labelledby="detail-h"><h2 id="detail-h">Candidate</h2>
            <spn-candidate-detail .candidate=${detail.candidate} .layers=${detail.layers} ?exportable=${detail.exportable}
              @model-export=${(e: CustomEvent<ModelExportDetail>) => void ctl.exportModel(e.detail.format, e.detail.index)}
              @patches-open=${this._openPatches}></spn-candidate-detail></section>`
          : nothing
      }
      <section aria-labelledby="import-h">
        <h2 id="import-h">Import a model</h2>
        <spn-file-drop accept=".json,application/json" label="Drop a model file (.json) exported by this app here, or"
          @file-chosen=${(e: CustomEvent<FileChosenDetail>) => void ctl.importModel(e.detail.file)}></spn-file-drop>
        <div class="alert import-error" role="alert">${s.importError}</div>
        <h3>Models stored in this browser</h3>
        <spn-stored-models .models=${s.models}
          @stored-model-action=${(e: CustomEvent<StoredModelActionDetail>) =>
            e.detail.action === 'export' ? ctl.exportStoredModel(e.detail.id) : void ctl.deleteStoredModel(e.detail.id)}
        ></spn-stored-models>
      </section>
      <section aria-labelledby="storage-h">
        <h2 id="storage-h">Storage</h2>
        <p class="storage">${
          s.storage.persisted === null
            ? 'Persistent storage: not supported or not asked.'
            : s.storage.persisted
              ? 'Persistent storage granted: the browser will not evict runs and models on its own.'
              : 'Persistent storage not granted: the browser may evict stored runs when space runs low.'
        }
          This site uses ${mb(s.storage.usage)} of ${mb(s.storage.quota)} (runs, models, marks and the app's offline copy).</p>
      </section>
      <section aria-labelledby="backends-h">
        <h2 id="backends-h">Backends on this device</h2>
        ${
          s.probe
            ? html`<table class="probe" aria-label="Backend probe"><tr><th>backend</th><th>ms per probe step</th><th>note</th></tr>
              ${s.probe.timings.map((t) => html`<tr><td>${t.name}</td><td>${t.msPerStep === null ? '—' : t.msPerStep.toFixed(0)}</td><td>${t.note}</td></tr>`)}
              ${
                // A probe stored before missing backends were recorded lists only those it found: the rest say why.
                s.availability
                  .filter((a) => !a.available && !s.probe!.timings.some((t) => t.name === a.name))
                  .map((a) => html`<tr><td>${a.name}</td><td>—</td><td>not available: ${a.detail}</td></tr>`)
              }</table>
              <p class="muted">Measured ${new Date(s.probe.measuredAt).toLocaleString()}; "auto" trains on the fastest. Each result stores the backend that really ran and why.</p>`
            : html`<p class="muted">Not measured yet: a run with backend "auto" times a few training steps on each available backend and picks the fastest.</p>
              ${
                s.availability.length
                  ? html`<ul class="found" aria-label="Backends found">${s.availability.map(
                      (a) =>
                        html`<li>${a.name}: ${a.available ? (a.software ? `software, not timed by auto (${a.detail})` : a.detail) : `not available (${a.detail})`}</li>`,
                    )}</ul>`
                  : nothing
              }`
        }
      </section>`;
  }

  private _renderLive(s: SearchState) {
    const ds = s.dataset;
    return html`
      ${
        ds
          ? html`<div class="dataset"><progress aria-label="Data set build" max=${ds.total} .value=${ds.done}></progress>
        Building the data set: ${ds.done.toLocaleString()} / ${ds.total.toLocaleString()} patches · ${
          // The last report comes as generation ends and standardisation begins: no rate to give then.
          ds.done >= ds.total ? 'standardising…' : `${Math.round(ds.patchesPerS).toLocaleString()} patches/s`
        }</div>`
          : nothing
      }
      ${
        s.live.length
          ? html`<ul class="live" aria-label="Candidates in training">${s.live.map(
              (l) => html`<li>
          #${l.index}: epoch ${l.progress.epoch + 1} / ${s.run?.settings.maxEpochs ?? '?'}, step ${l.progress.step} / ${l.progress.maxSteps}, val acc ${pct(l.progress.valAcc ?? s.liveCurves[l.index]?.at(-1)?.acc)}, on ${l.backend || '…'}</li>`,
            )}</ul>`
          : nothing
      }`;
  }

  private _renderRun(s: SearchState) {
    const ctl = this.controller as SearchController;
    const select = (e: CustomEvent<CandidateSelectDetail>) => ctl.selectCandidate(e.detail.index);
    const hasBest = s.rows.some((r) => s.withWeights.has(r.id));
    return html`<section aria-labelledby="board-h">
      <h2 id="board-h">Leaderboard — ${s.run?.name}</h2>
      <spn-run-summary .run=${s.run} .savings=${s.savings}></spn-run-summary>
      ${s.run ? html`<p class="data-settings muted">Patches: ${generatorOf(s.run.settings.dataset)} generator · scores: validation on ${VALIDATION_SET_LABELS[validationSetOf(s.run.settings.dataset)]}.</p>` : nothing}
      <p>
        <button type="button" class="export-best" ?disabled=${!hasBest} @click=${() => void ctl.exportModel('json')}>Export best model (JSON)</button>
        <button type="button" class="export-best-tfjs" ?disabled=${!hasBest} @click=${() => void ctl.exportModel('tfjs')}>Export best model (tfjs pair)</button>
      </p>
      <div class="cols">
        <spn-leaderboard-table .rows=${s.rows} .selected=${s.selectedIndex} .filterIds=${this._brushIds} @candidate-select=${select}></spn-leaderboard-table>
        <spn-pareto-scatter .rows=${s.rows} .selected=${s.selectedIndex} @candidate-select=${select}></spn-pareto-scatter>
      </div>
      <spn-run-plots .rows=${s.rows} .candidates=${s.candidates} .curves=${s.curves} .rungs=${s.rungs} .importance=${s.importance} .selected=${s.selectedIndex}
        @candidate-select=${select} @brush-change=${(e: CustomEvent<BrushChangeDetail>) => (this._brushIds = e.detail.ids)}></spn-run-plots>
    </section>`;
  }

  /** A confusion cell's misclassified test patches: asks the app to show them in the Data gallery (the run's seed, test profile). */
  private _openPatches = (e: CustomEvent<PatchesOpenDetail>): void => {
    const run = this._s?.run,
      c = this.controller?.detail?.candidate;
    if (!run || !c) return;
    const d = e.detail;
    const names = ['not BSR', 'BSR'];
    const shown = d.indices.slice(0, GALLERY_MAX);
    const ds = run.settings.dataset;
    const detail: GalleryRequest = {
      seed: run.settings.seed,
      profile: 'test',
      generator: generatorOf(ds),
      indices: shown.map((i) => testPatchIndex(ds, i)),
      title: `Candidate #${c.index} (${run.name}): ${names[d.trueClass]} test patches predicted ${names[d.predicted]}${d.indices.length > shown.length ? ` — the first ${shown.length} of ${d.indices.length}` : ''}`,
    };
    this.dispatchEvent(new CustomEvent<GalleryRequest>('gallery-open', { detail, bubbles: true, composed: true }));
  };

  private _runAction = (e: CustomEvent<RunActionDetail>): void => {
    const ctl = this.controller;
    const d = e.detail;
    if (!ctl) return;
    if (d.action === 'import') void ctl.importResults(d.file);
    else if (d.action === 'export') void ctl.exportResults(d.runId, d.format);
    else if (d.action === 'open') void ctl.openRun(d.runId);
    else if (d.action === 'resume') void ctl.resume(d.runId);
    else void ctl.deleteRun(d.runId);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'spn-search-view': SearchView;
  }
  interface HTMLElementEventMap {
    'gallery-open': CustomEvent<GalleryRequest>;
  }
}
