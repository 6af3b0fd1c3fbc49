/**
 * <spn-classify-view>: drag in a seismic line, look at it, and map BSR probability over it. Renders the state of its
 * ClassifyController (src/app) and sends it the intents of the drop zone, header panel, line picker, viewer,
 * classify controls, presentation, marks and fine-tune panels; every long job shows its progress with the time
 * left and a Cancel button. The last good state stays on screen when something fails (the alert says why).
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import {
  BIG_LINE_SAMPLES,
  CLASSIFY_WHILE_TUNING,
  ClassifyController,
  type ClassifyState,
} from '../app/classify-controller';
import {
  fineTuneBlocked,
  autoHeldOut,
  marksShortfallFor,
  strongestOf,
  marksNote,
  knownSampleMs,
  marksSampleMs,
  formatThreshold,
  horizonOnView,
  horizonTitle,
  markCounts,
  marksOnView,
  seabedOnView,
  multiplesOnView,
  shownGrid,
  shownMap,
  shownModelLabel,
  userSeabed,
  reviewOnView,
  reviewPlaces,
  reviewUnavailable,
} from '../app/classify-overlays';
import type { SegyClient } from '../app/segy-client';
import type { ClassifyClient } from '../app/classify-client';
import type { FineTuneClient } from '../app/finetune-client';
import { demoSection } from '../app/demo-line';
import { exportStem } from '../app/map-export';
import { volumeProblem } from '../app/volume-export';
import { DEFAULT_FINETUNE_SETTINGS, type FineTuneSettings } from '../core/finetune/finetune';
import type { Mark } from '../core/finetune/marks';
import type { MapResult } from '../core/classify/results';
import type { LineChoice, Section } from '../core/line/segy-types';
import { MARK_COLORS, type MarkCheckDetail, type MarkMode } from './marks-panel';
import { BEFORE_BASE, BEFORE_LAST, mapToggle, type MapChoice } from './finetune-panel';
import type { ClassifyStartDetail } from './classify-controls';
import type { FileChosenDetail } from './file-drop';
import type { LineChosenDetail } from './line-picker';
import type { JobCancelDetail } from './job-progress';
import type { MarkDrawnDetail, SectionClickDetail, ViewerHorizon, ViewerMark } from './section-viewer';
import type { DisplayChangeDetail } from './display-controls';
import type { PresentationFlipDetail, SeabedEditDetail } from './presentation-panel';
import './file-drop';
import './segy-header-panel';
import './line-picker';
import './section-viewer';
import './classify-controls';
import './saliency-view';
import './presentation-panel';
import './marks-panel';
import './finetune-panel';
import { REVIEW_COLOR, type ReviewLookDetail } from './review-places';
import './job-progress';
import { ranOn } from './ran-on';

export { BIG_LINE_SAMPLES };

/** What a cancelled map holds (a run cancelled before its map began leaves none: the controller keeps no map). */
function cancelledNote(map: MapResult): string {
  return `partial: cancelled after ${map.done} patches`;
}

@customElement('spn-classify-view')
export class ClassifyView extends LitElement {
  static override styles = css`
    :host {
      display: grid;
      gap: 12px;
      font:
        13px system-ui,
        sans-serif;
    }
    [role='alert']:not(:empty) {
      background: #fdecea;
      color: #7a1c12;
      border: 1px solid #f5c2bc;
      padding: 8px 12px;
      border-radius: 6px;
      white-space: pre-wrap;
    }
    .row {
      display: flex;
      gap: 10px;
      align-items: center;
      flex-wrap: wrap;
    }
    .busy,
    .notice {
      color: #345;
    }
  `;

  /** Holds the clients, the database access and the state; this element renders it. */
  readonly controller = new ClassifyController();

  // The controller's clients and sizes as the element's own properties (read and written through to the
  // controller, see CONTROLLER_PROPERTIES below), so tests replace them before use.
  /** Reads SEG-Y/SU files off the main thread (replaceable for tests). */
  declare segy: SegyClient;
  /** Runs the network off the main thread (replaceable for tests). */
  declare classifier: ClassifyClient;
  /** Fine-tunes models on the marks off the main thread (replaceable for tests). */
  declare finetuner: FineTuneClient;
  /** A 2D file with more samples than this is shown as a decimated preview and classified in bands from the file. */
  declare bigLineSamples: number;
  /** Samples a decimated preview may hold. */
  declare previewSamples: number;
  /** Samples one band of a big file may hold while it is classified. */
  declare bandSamples: number;
  /** Fine-tune settings merged over the panel's (tests shorten runs). */
  declare fineTuneOverrides: Partial<FineTuneSettings>;
  /** Synthetic test patches scored before and after fine-tuning ("did it forget?"). */
  declare fineTuneTestPatches: number;
  /** Samples the marked traces of a big file may hold while fine-tuning reads them. */
  declare tuneWindowSamples: number;

  private readonly _changed = (): void => this.requestUpdate();
  /** The fine-tune panel's "hold out every" (the marks list shows the marks it holds out). */
  @state() private _holdOutEvery = DEFAULT_FINETUNE_SETTINGS.holdOutEvery;

  override connectedCallback(): void {
    super.connectedCallback();
    this.controller.addEventListener('change', this._changed);
    void this.refreshModels();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.controller.removeEventListener('change', this._changed);
    this.controller.dispose(); // workers come back lazily if the element is attached again
  }

  // Intents callable from outside (tests, other views).
  refreshModels(): Promise<void> {
    return this.controller.refreshModels();
  }
  tryDemo(): Promise<void> {
    return this.controller.tryDemo();
  }
  openFile(file: File): Promise<void> {
    return this.controller.openFile(file);
  }
  showLine(choice: LineChoice): Promise<void> {
    return this.controller.showLine(choice);
  }
  showSection(section: Section): void {
    this.controller.showSection(section);
  }
  addModelFile(file: Blob & { name?: string }): Promise<void> {
    return this.controller.addModelFile(file);
  }
  importMarks(file: Blob): Promise<void> {
    return this.controller.importMarks(file);
  }
  fineTune(panel: Partial<FineTuneSettings> = {}): Promise<void> {
    return this.controller.fineTune(panel);
  }

  override render() {
    const c = this.controller,
      st = c.state,
      s = st.section,
      // The map on screen: after fine-tuning, the toggle's choice; the panels describe it.
      shown = shownMap(st);
    const classifying = st.jobs.find((j) => j.kind === 'classify');
    return html` <spn-file-drop
        @file-chosen=${(e: CustomEvent<FileChosenDetail>) => this.openFile(e.detail.file)}
      ></spn-file-drop>
      <div class="row">
        <button type="button" @click=${() => this.tryDemo()} ?disabled=${classifying !== undefined || st.busy !== ''}>
          Try the demo
        </button>
        <button type="button" @click=${() => this.showSection(demoSection(1))}>Use the synthetic demo line</button>
        <span class="busy" aria-live="polite">${st.busy}</span>
      </div>
      ${st.jobs
        .filter((j) => j.kind !== 'classify')
        .map(
          (job) =>
            html`<spn-job-progress
              .job=${job}
              @job-cancel=${(e: CustomEvent<JobCancelDetail>) => c.cancel(e.detail.kind)}
            ></spn-job-progress>`,
        )}
      <div role="alert">${st.error}</div>
      ${st.notice ? html`<div role="status" class="notice">${st.notice}</div>` : nothing}
      ${st.demoResult ? html`<div role="status" class="demo-result">${st.demoResult}</div>` : nothing}
      <spn-segy-header-panel .summary=${st.summary}></spn-segy-header-panel>
      ${st.summary ? html`<spn-line-picker .geometry=${st.summary.geometry} @line-chosen=${(e: CustomEvent<LineChosenDetail>) => this.showLine(e.detail.choice)}></spn-line-picker>` : nothing}
      ${s ? html`<h3>${s.file} — ${s.label}: ${s.traceCount} trace${s.traceCount === 1 ? '' : 's'} × ${s.samplesPerTrace} samples</h3>` : nothing}
      <!-- The model and Classify sit above the section: on a small screen they stay in reach of the map they make. -->
      <spn-classify-controls
        .models=${st.models}
        .modelChoice=${st.modelChoice}
        .progress=${st.classifyProgress}
        .eta=${classifying?.progress?.etaSeconds ?? null}
        ?running=${classifying !== undefined}
        .flipPolarity=${st.flip}
        .lineTraces=${s?.traceCount ?? 0}
        blocked=${s ? (st.tuning ? CLASSIFY_WHILE_TUNING : '') : 'open a line first'}
        @classify-start=${(e: CustomEvent<ClassifyStartDetail>) => c.classify(e.detail)}
        @classify-cancel=${() => c.cancel('classify')}
        @model-chosen=${(e: CustomEvent<string>) => c.chooseModel(e.detail)}
        @file-chosen=${(e: CustomEvent<FileChosenDetail>) => {
          e.stopPropagation();
          void this.addModelFile(e.detail.file);
        }}
      ></spn-classify-controls>
      ${st.classifyError ? html`<div role="alert" class="classify-error">${st.classifyError}</div>` : nothing}
      <spn-section-viewer
        .section=${s}
        .traceStep=${st.big?.step ?? 1}
        .probability=${shownGrid(st)}
        .contourThreshold=${st.contourThreshold}
        .horizons=${this._horizons(st)}
        .marks=${this._viewerMarks(st)}
        .exportName=${s ? exportStem(s.file, s.label) : 'section'}
        emptyHint="No line open: drop a SEG-Y or SU file above, choose one, or use the synthetic demo line."
        .markColor=${st.markMode === 'off' ? null : MARK_COLORS[st.markMode]}
        @section-click=${(e: CustomEvent<SectionClickDetail>) => c.clickSection(e.detail)}
        @mark-drawn=${(e: CustomEvent<MarkDrawnDetail>) => c.addMarkFromView(e.detail)}
        @display-change=${(e: CustomEvent<DisplayChangeDetail>) => {
          // The horizon follows the contour's threshold; the viewer keeps its other display settings to itself.
          if (e.detail.contourThreshold !== undefined) c.setContourThreshold(e.detail.contourThreshold);
        }}
      ></spn-section-viewer>
      ${
        // The before/after toggle right under the map too (the fine-tuning panel's is far below it on a small
        // screen): the two maps are compared by looking at them.
        st.before && st.map
          ? mapToggle(
              {
                name: 'map-under-section',
                label: 'map shown under the section',
                showing: st.showing,
                beforeWords: beforeWords(st),
              },
              (m) => c.showMap(m),
            )
          : nothing
      }
      ${shown && s ? this._renderRun(shown, knownSampleMs(st), shownModelLabel(st), st.contourThreshold, horizonOnView(st) !== null) : nothing}
      ${
        st.map
          ? html`<div class="row">
              Download the map: <button type="button" @click=${() => c.download('png')}>PNG</button>
              <button type="button" @click=${() => c.download('csv')}>CSV</button>
              <button
                type="button"
                title="P(BSR) at every sample, on the line's trace headers: load it beside the seismic"
                @click=${() => c.download('segy')}
              >
                SEG-Y</button
              >
              <button
                type="button"
                ?disabled=${!horizonOnView(st)}
                title=${horizonTitle(st)}
                @click=${() => c.download('horizon')}
              >
                BSR horizon (CSV)</button
              >${shown?.cancelled ? html` (${cancelledNote(shown)})` : nothing}
            </div>
            ${this._renderVolume(st)}`
          : nothing
      }
      <spn-saliency-view .saliency=${st.saliency}></spn-saliency-view>
      ${
        shown
          ? html`<spn-presentation-panel
              .presentation=${shown.presentation}
              .selection=${shown.scaleSelection}
              .grid=${shown.grid}
              ?matchedScaleKept=${shown.matchedScaleKept === true}
              .dtUs=${st.big?.dtUs ?? s?.sampleIntervalUs ?? 0}
              .masked=${shown.masked}
              .baseRate=${shown.bsrBaseRate}
              .seabedContext=${shown.seabedContextTraces}
              ?editing=${st.editingSeabed}
              .points=${st.seabedPoints.length}
              @presentation-flip=${(e: CustomEvent<PresentationFlipDetail>) => c.flipAndRerun(e.detail.flip)}
              @seabed-edit=${(e: CustomEvent<SeabedEditDetail>) => c.editSeabed(e.detail.editing)}
              @seabed-apply=${() => c.applySeabed()}
              @seabed-reset=${() => c.resetSeabed()}
            ></spn-presentation-panel>`
          : nothing
      }
      ${this._renderMarks(st)}`;
  }

  /**
   * What ran: patches (and those the time-scale probes classified), time, the network's throughput over both and the
   * backend (with wasm threads), so users and tests see which path ran.
   */
  private _renderRun(m: MapResult, sampleMs: number, model: string | null, threshold: number, hasHorizon: boolean) {
    const probed = m.scaleSelection?.probePatches ?? 0;
    const rate =
      m.seconds > 0
        ? ((m.done + probed) / m.seconds).toLocaleString(undefined, {
            minimumFractionDigits: 1,
            maximumFractionDigits: 1,
          })
        : '–';
    const top = strongestOf(m);
    // Where the map is surest, and how sure: a map with no P at the contour's threshold shows no contour, yet its
    // strongest patches may sit on the BSR: the slider under the map brings the contour and the horizon down to them.
    // The horizon follows the patches' own P, which can pass the threshold where the map (averaged along the seabed)
    // does not, so the text says which of the two is drawn.
    const under = ` (no patch${m.cancelled ? ' classified before the cancel' : ''} of the map reaches ${formatThreshold(threshold)}`;
    const strongest = top
      ? html`<span class="strongest"
          >Strongest P(BSR) ${top.probability.toFixed(2)} at trace ${Math.floor(top.trace)},
          ${sampleMs > 0 ? `${Math.round(top.sample * sampleMs)} ms` : `sample ${Math.round(top.sample)}`}${
            top.probability >= threshold
              ? ''
              : hasHorizon
                ? `${under}: no contour is drawn; the horizon follows patches whose own P, before the averaging along the seabed, does)`
                : `${under}: no contour or horizon is drawn; the contour's threshold under the section moves both)`
          }.</span
        >`
      : nothing;
    // Said in the live region too: "partial" beside the download buttons is not announced, and a verdict on part of
    // the line would otherwise read as one on the whole line.
    const partial = m.cancelled
      ? html`<span class="partial">Cancelled: a partial map of ${m.done.toLocaleString()} patches; Classify again for the whole line.</span>`
      : nothing;
    return html`<div role="status" class="classify-result" data-backend=${m.backend} data-threads=${m.threads ?? ''}>
      ${m.done.toLocaleString()} patches${probed > 0 ? ` (and ${probed.toLocaleString()} probing the time scale)` : ''} in
      ${m.seconds.toFixed(1)} s
      (${rate} patches/s) ${ranOn(m.backend, m.threads)}${model ? html`, by <span class="map-model">${model}</span>` : nothing}.
      ${strongest} ${partial}
    </div>`;
  }

  /**
   * A 3D post-stack file: classify every inline or crossline with the map's model and settings and save the maps as one
   * SEG-Y volume.
   */
  private _renderVolume(st: ClassifyState) {
    if (st.summary?.geometry.kind !== '3d-poststack') return nothing;
    const c = this.controller,
      g = st.summary.geometry,
      running = st.jobs.some((j) => j.kind === 'volume');
    // A direction whose lines are all narrower than a patch is not offered, and says why.
    const problem = { inline: '', crossline: '' };
    if (st.lastRun) for (const d of ['inline', 'crossline'] as const) problem[d] = volumeProblem(g, d, st.lastRun);
    const said = [problem.inline, problem.crossline].filter((p) => p !== '');
    return html`<div class="row">
      The whole volume as SEG-Y (this map's model, settings and time scale):
      <button type="button" ?disabled=${running || !!problem.inline} @click=${() => c.classifyVolume('inline')}>
        Every inline (${g.inlines.length})</button
      >
      <button type="button" ?disabled=${running || !!problem.crossline} @click=${() => c.classifyVolume('crossline')}>
        Every crossline (${g.crosslines.length})
      </button>
      ${said.length ? html`<span class="volume-note">(${said.join('; ')})</span>` : nothing}
    </div>`;
  }

  /** Seabed (dashed cyan), its masked multiples (dotted grey), the user's seabed points while editing, and the BSR horizon (green), in the section's cells. */
  private _horizons(st: ClassifyState): ViewerHorizon[] {
    const out: ViewerHorizon[] = [];
    const seabed = seabedOnView(st),
      user = userSeabed(st),
      bsr = horizonOnView(st);
    if (seabed)
      out.push({
        label: seabed.corrected ? 'seabed (corrected)' : 'seabed (picked)',
        color: '#14b8c8',
        dash: [6, 4],
        samples: seabed.samples,
      });
    for (const m of multiplesOnView(st)) {
      out.push({ label: `seabed multiple (${m.order}×, masked)`, color: '#8fa3b8', dash: [2, 4], samples: m.samples });
    }
    if (user) out.push({ label: 'your seabed', color: '#f0a020', samples: user, points: [...st.seabedPoints] });
    if (bsr && st.map) {
      out.push({
        label: `BSR horizon (P ≥ ${formatThreshold(st.contourThreshold)})`,
        color: '#22c55e',
        samples: bsr,
        // A jump of more than half a patch between traces is a pick moving to another event: drawn as two pieces.
        maxStepSamples: st.map.presentation.patchSamples / 2 / (st.big?.step ?? 1),
      });
    }
    return out;
  }

  /** A place to review's "Look": the patch is shown in the saliency view, above the marks, so it is scrolled to. */
  private async _look(at: ReviewLookDetail): Promise<void> {
    await this.controller.lookAt(at);
    await this.updateComplete;
    this.renderRoot.querySelector('spn-saliency-view')?.scrollIntoView({ block: 'nearest' });
  }

  private _viewerMarks(st: ClassifyState): ViewerMark[] {
    return [
      ...marksOnView(st).map((m) => ({
        traceFrom: m.traceFrom,
        traceTo: m.traceTo,
        sampleFrom: m.sampleFrom,
        sampleTo: m.sampleTo,
        color: MARK_COLORS[m.label === 1 ? 'bsr' : 'not-bsr'],
        dashed: m.check,
      })),
      ...reviewOnView(st).map((b) => ({ ...b, color: REVIEW_COLOR, dashed: true })),
    ];
  }

  private _renderMarks(st: ClassifyState) {
    const c = this.controller,
      session = st.marks,
      s = st.section;
    if (!s) return nothing;
    if (!session) return html`<div class="busy">Reading the line's marks…</div>`;
    return html` <spn-marks-panel
        .marks=${session.marks}
        .counts=${markCounts(st)}
        .mode=${st.markMode}
        ?canUndo=${session.canUndo}
        .sampleMs=${marksSampleMs(st)}
        .note=${marksNote(st)}
        .autoHeldOut=${autoHeldOut(session.marks, this._holdOutEvery)}
        @marks-mode=${(e: CustomEvent<MarkMode>) => c.setMarkMode(e.detail)}
        @mark-add=${(e: CustomEvent<Mark>) => c.addMark(e.detail)}
        @mark-delete=${(e: CustomEvent<number>) => c.removeMark(e.detail)}
        @mark-check=${(e: CustomEvent<MarkCheckDetail>) => c.setMarkCheck(e.detail.index, e.detail.check)}
        @marks-undo=${() => c.undoMarks()}
        @marks-export=${() => c.exportMarks()}
        @marks-import=${(e: CustomEvent<File>) => void c.importMarks(e.detail)}
      ></spn-marks-panel>
      ${st.marksError ? html`<div role="alert" class="marks-error">${st.marksError}</div>` : nothing}
      ${
        // Also while a map is being made (the panel says its places follow), so the layout does not jump.
        st.map || st.jobs.some((j) => j.kind === 'classify')
          ? html`<spn-review-places
              .places=${reviewPlaces(st)}
              .model=${shownModelLabel(st) ?? ''}
              .unavailable=${reviewUnavailable(st)}
              ?busy=${st.tuning}
              @review-look=${(e: CustomEvent<ReviewLookDetail>) => void this._look(e.detail)}
              @mark-add=${(e: CustomEvent<Mark>) => c.addMark(e.detail)}
            ></spn-review-places>`
          : nothing
      }
      <spn-finetune-panel
        .blocked=${fineTuneBlocked(st)}
        .shortfall=${marksShortfallFor(session.marks)}
        ?running=${st.tuning}
        .progress=${st.tuneProgress}
        .done=${st.tuneDone}
        ?stored=${st.tuneStored}
        ?hasAfter=${st.before !== null && st.map !== null}
        .showing=${st.showing}
        .beforeWords=${beforeWords(st)}
        @finetune-start=${(e: CustomEvent<Partial<FineTuneSettings>>) => void c.fineTune(e.detail)}
        @finetune-cancel=${() => c.cancelFineTune()}
        @finetune-download=${() => c.downloadTuned()}
        @finetune-show=${(e: CustomEvent<MapChoice>) => c.showMap(e.detail)}
        @finetune-holdout=${(e: CustomEvent<number>) => (this._holdOutEvery = e.detail)}
      ></spn-finetune-panel>`;
  }
}

/** The ClassifyView properties that are the controller's own (same name, same type). */
const CONTROLLER_PROPERTIES = [
  'segy',
  'classifier',
  'finetuner',
  'bigLineSamples',
  'previewSamples',
  'bandSamples',
  'fineTuneOverrides',
  'fineTuneTestPatches',
  'tuneWindowSamples',
] as const satisfies readonly (keyof ClassifyController & keyof ClassifyView)[];
for (const key of CONTROLLER_PROPERTIES) {
  Object.defineProperty(ClassifyView.prototype, key, {
    get(this: ClassifyView) {
      return this.controller[key];
    },
    // `never`: the value is the type of the controller property of the same name, which TypeScript cannot pair here.
    set(this: ClassifyView, value: never) {
      this.controller[key] = value;
    },
    configurable: true,
  });
}

declare global {
  interface HTMLElementTagNameMap {
    'spn-classify-view': ClassifyView;
  }
}

/** How the before/after toggles name the map before. */
function beforeWords(st: ClassifyState): string {
  return st.before?.ofBase === false ? BEFORE_LAST : BEFORE_BASE;
}
