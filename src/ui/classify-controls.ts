/**
 * <spn-classify-controls>: model choice, patch width and stride, how the line is shown to the network (time scale,
 * seabed mask, polarity flip), Classify / Cancel, and a progress bar with the time left and patches/s. Emits intents (`classify-start`, `classify-cancel`, `model-file-chosen`); runs nothing itself.
 */
import { LitElement, css, html, nothing } from 'lit';
import { controlInputStyles } from './shared-styles';
import { customElement, property, state } from 'lit/decorators.js';
import type { ClassifyProgress } from '../core/classify/results';
import { formatEta } from '../core/jobs/eta';
import type { PolarityChoice } from '../core/line/presentation';
import { DEFAULT_PATCH_TRACES, defaultPatchTraces } from '../core/classify/grid';
import { DEFAULT_SEABED_CONTEXT_TRACES } from '../core/classify/seabed-context';
import type { ClassifyStartDetail, ModelOption } from '../app/classify-controller';
import './file-drop';

/** The time-scale choice's words: the default, the period match alone, or a fixed factor. */
function scaleLabel(value: string): string {
  if (value === 'auto') return 'auto (matched, chosen by the network)';
  if (value === 'matched') return 'matched period only';
  return `× ${value}`;
}
import { sendIntent } from './intent';
import { FocusKeeper, enabledButton } from './focus-keeper';

/** The polarity choices of the controls, in menu order. */
const POLARITY_CHOICES: ReadonlyArray<readonly [PolarityChoice, string]> = [
  ['auto', 'auto (seabed positive first)'],
  [false, 'as recorded'],
  [true, 'flipped'],
];

export type { ClassifyStartDetail, ModelOption };

@customElement('spn-classify-controls')
export class ClassifyControls extends LitElement {
  static override styles = [
    controlInputStyles,
    css`
    :host { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; font: 13px system-ui, sans-serif; }
    spn-file-drop { flex-basis: 100%; }
    /* A fine-tuned model's long name must not push the other controls onto a second row; the option shows it whole. */
    select[aria-label='model'] { max-width: 26em; text-overflow: ellipsis; }
  `,
  ];

  @property({ attribute: false }) models: readonly ModelOption[] = [];
  /** A run is in progress: Classify is disabled and Cancel shown. */
  @property({ type: Boolean }) running = false;
  /** Why Classify cannot run now ('' = it can). */
  @property() blocked = '';
  @property({ attribute: false }) progress: ClassifyProgress | null = null;
  /** Seconds left of the running classification (rate over its recent progress); null while unknown. */
  @property({ attribute: false }) eta: number | null = null;
  @state() private _modelId = '';
  /** The model to show chosen (the one that made the map on screen, or one just added); the user can choose another. */
  @property() modelChoice = '';
  /** Traces of the line shown: the patch width defaults to defaultPatchTraces of it until the user types one. */
  @property({ type: Number }) lineTraces = 0;
  @state() private _patchTraces: number | null = null;
  @state() private _stride = 8;
  /** 'auto' (matched, then selected by the network), 'matched' (the period match alone) or a fixed factor ('1' = as recorded). */
  @state() private _scale = 'auto';
  @state() private _seabedMask = true;
  /** BSR share of patches the map's probabilities are reported at. */
  @state() private _baseRate = '0.05';
  /** Half-width of the averaging along the seabed, traces ('0' = off). */
  @state() private _seabedContext = String(DEFAULT_SEABED_CONTEXT_TRACES);
  /** The line's polarity for the network: 'auto', flipped (true) or as recorded (false); the panel's offers set it too. */
  @property({ attribute: false }) flipPolarity: PolarityChoice = 'auto';

  // Classify greys out while its run goes and Cancel goes with the run: focus follows to the one that is there.
  protected readonly focusKeeper = new FocusKeeper(this, () =>
    enabledButton(this.shadowRoot, this.running ? 'Cancel' : 'Classify'),
  );

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('modelChoice') && this.modelChoice) this._modelId = this.modelChoice;
  }

  protected override updated(): void {
    // An option's `selected` attribute no longer moves a select the user has changed: set its value once the options
    // exist, so the list shows the model Classify will run.
    const select = this.renderRoot.querySelector<HTMLSelectElement>('select[aria-label="model"]');
    const model = this._model;
    if (select && model && select.value !== model) select.value = model;
  }

  /** The model Classify runs: the one chosen while the list holds it (a model deleted meanwhile is not), else the first. */
  private get _model(): string {
    return this.models.some((m) => m.id === this._modelId) ? this._modelId : (this.models[0]?.id ?? '');
  }

  /** The user chose a model: kept here, and said to the page (so a demo that uses another model can show its own). */
  private _onModel = (e: Event): void => {
    this._modelId = (e.target as HTMLSelectElement).value;
    sendIntent(this, 'model-chosen', this._modelId);
  };

  override render() {
    const model = this._model;
    const p = this.progress;
    const eta = this.running ? formatEta(this.eta) : '';
    const num = (label: string, value: number, set: (v: number) => void) => html`<label>${label}
      <input type="number" min="1" step="1" .value=${String(value)} @change=${(e: Event) => set(Number((e.target as HTMLInputElement).value))} /></label>`;
    return html`
      <label>model <select aria-label="model" @change=${this._onModel}>
        ${this.models.map((m) => html`<option value=${m.id} ?selected=${m.id === model}>${m.label}</option>`)}
      </select></label>
      ${num('patch traces', this._patchTraceCount(), (v) => (this._patchTraces = v))}
      ${num('stride (traces and samples)', this._stride, (v) => (this._stride = v))}
      <label title="Line samples per patch row. Auto matches the line's dominant period to the one the network was trained on, then tries 1.25, 1.5 and 1.8 times that and keeps the scale the network answers most strongly (about twice the work); 'matched period' stops at the match; 1 shows the line as recorded.">time scale
        <select aria-label="time scale" @change=${(e: Event) => (this._scale = (e.target as HTMLSelectElement).value)}>
          ${['auto', 'matched', '0.5', '0.75', '1', '1.5', '2', '3', '4'].map((v) => html`<option value=${v} ?selected=${v === this._scale}>${scaleLabel(v)}</option>`)}
        </select></label>
      <label title="A BSR lies below the seabed: the seabed is picked and P(BSR) set to 0 above it.">
        <input type="checkbox" .checked=${this._seabedMask} @change=${(e: Event) => (this._seabedMask = (e.target as HTMLInputElement).checked)} /> seabed mask</label>
      <label title="The network was trained on half BSR patches; on a line a BSR is one horizon. P(BSR) is reported at this share of BSR patches (Bayes' rule); 50 % shows the network's own output. The ranking of patches does not change.">P(BSR) at
        <select aria-label="P(BSR) at BSR base rate" @change=${(e: Event) => (this._baseRate = (e.target as HTMLSelectElement).value)}>
          ${[
            ['0.02', '2 %'],
            ['0.05', '5 % of patches'],
            ['0.1', '10 %'],
            ['0.5', '50 % (network output)'],
          ].map(([v, l]) => html`<option value=${v} ?selected=${v === this._baseRate}>${l}</option>`)}
        </select></label>
      <label title="A BSR follows the seabed (the base of the hydrate stability zone), strata need not. Each P(BSR) is averaged with its neighbours along the line at the same depth below the seabed, so a BSR's run of patches stays and look-alikes that cross that depth fade. Needs the seabed mask.">along the seabed
        <select aria-label="averaging along the seabed" ?disabled=${!this._seabedMask} @change=${(e: Event) => (this._seabedContext = (e.target as HTMLSelectElement).value)}>
          ${['0', '16', '32', '48'].map((v) => html`<option value=${v} ?selected=${v === this._seabedContext}>${v === '0' ? 'off' : `± ${v} traces`}</option>`)}
        </select></label>
      <label title="The network learned the seabed positive first and a BSR the reverse. Auto flips a line whose seabed reads negative first (reverse-polarity data, or a phase-rotated wavelet).">polarity
        <select aria-label="polarity" @change=${(e: Event) => (this.flipPolarity = POLARITY_CHOICES[Number((e.target as HTMLSelectElement).value)]![0])}>
          ${POLARITY_CHOICES.map(([v, l], i) => html`<option value=${i} ?selected=${v === this.flipPolarity}>${l}</option>`)}
        </select></label>
      <button type="button" ?disabled=${this.running || !!this.blocked || !model} title=${this.blocked} @click=${() => this._start(model)}>Classify</button>
      ${this.running ? html`<button type="button" @click=${() => sendIntent(this, 'classify-cancel', null)}>Cancel</button>` : nothing}
      ${
        p
          ? html`<progress max=${p.total} .value=${p.done}></progress>
        <span class="count">${p.done.toLocaleString()} / ${p.total.toLocaleString()} patches${eta ? ` · ${eta}` : ''} · ${p.patchesPerS.toFixed(1)} patches/s${
          p.probing
            ? ` · probing time scale × ${p.probing.factor.toFixed(2)} (${p.probing.probe} of ${p.probing.of})`
            : ''
        }</span>`
          : this.running
            ? // Loading the model, the worker and reading the line's presentation come before the first patch: said,
              // so Cancel does not stand alone for seconds on a slow device.
              html`<span class="count">starting: loading the model and reading the line…</span>`
            : nothing
      }
      <spn-file-drop accept=".json" label="Add a model file (.json):"></spn-file-drop>`;
  }

  private _patchTraceCount(): number {
    // Before a line is open the field shows the default width itself, not the narrowest-line fallback.
    return this._patchTraces ?? (this.lineTraces > 0 ? defaultPatchTraces(this.lineTraces) : DEFAULT_PATCH_TRACES);
  }

  private _start(modelId: string): void {
    const detail: ClassifyStartDetail = {
      modelId,
      patchTraces: this._patchTraceCount(),
      stride: this._stride,
      scale: this._scale === 'auto' || this._scale === 'matched' ? this._scale : Number(this._scale),
      seabed: this._seabedMask ? 'auto' : 'off',
      flipPolarity: this.flipPolarity,
      bsrBaseRate: Number(this._baseRate),
      seabedContextTraces: Number(this._seabedContext),
    };
    sendIntent(this, 'classify-start', detail);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'spn-classify-controls': ClassifyControls;
  }
  interface HTMLElementEventMap {
    'classify-start': CustomEvent<ClassifyStartDetail>;
    'classify-cancel': CustomEvent<null>;
    /** The model chosen in the list (an id of `models`). */
    'model-chosen': CustomEvent<string>;
  }
}
