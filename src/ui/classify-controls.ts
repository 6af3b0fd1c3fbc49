/**
 * <spn-classify-controls>: model choice, patch size and stride, Classify / Cancel, and a progress bar with
 * patches/s and ETA. Emits intents (`classify-start`, `classify-cancel`, `model-file-chosen`); runs nothing itself.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ClassifyProgress } from '../app/classify-types';
import type { ClassifySettings } from '../app/classify-client';
import './file-drop';

/** A model the user can pick: an id and what to show. */
export interface ModelOption { readonly id: string; readonly label: string }
/** Start a run with this model and grid. */
export interface ClassifyStartDetail extends ClassifySettings { modelId: string }

@customElement('spn-classify-controls')
export class ClassifyControls extends LitElement {
  static override styles = css`
    :host { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; font: 13px system-ui, sans-serif; }
    input[type='number'] { width: 4.5em; }
    progress { width: 180px; }
    spn-file-drop { flex-basis: 100%; }
  `;

  @property({ attribute: false }) models: readonly ModelOption[] = [];
  /** A run is in progress: Classify is disabled and Cancel shown. */
  @property({ type: Boolean }) running = false;
  /** Why Classify cannot run now ('' = it can). */
  @property() blocked = '';
  @property({ attribute: false }) progress: ClassifyProgress | null = null;
  @state() private _modelId = '';
  @state() private _patchTraces = 48;
  @state() private _patchSamples = 48;
  @state() private _stride = 8;

  override render() {
    const model = this._modelId || this.models[0]?.id || '';
    const p = this.progress;
    const eta = p && p.patchesPerS > 0 ? Math.ceil((p.total - p.done) / p.patchesPerS) : null;
    const num = (label: string, value: number, set: (v: number) => void) => html`<label>${label}
      <input type="number" min="1" step="1" .value=${String(value)} @change=${(e: Event) => set(Number((e.target as HTMLInputElement).value))} /></label>`;
    return html`
      <label>model <select aria-label="model" @change=${(e: Event) => (this._modelId = (e.target as HTMLSelectElement).value)}>
        ${this.models.map((m) => html`<option value=${m.id} ?selected=${m.id === model}>${m.label}</option>`)}
      </select></label>
      ${num('patch traces', this._patchTraces, (v) => (this._patchTraces = v))}
      ${num('× samples', this._patchSamples, (v) => (this._patchSamples = v))}
      ${num('stride', this._stride, (v) => (this._stride = v))}
      <button type="button" ?disabled=${this.running || !!this.blocked || !model} title=${this.blocked} @click=${() => this._start(model)}>Classify</button>
      ${this.running ? html`<button type="button" @click=${() => this._emit('classify-cancel', null)}>Cancel</button>` : nothing}
      ${p ? html`<progress max=${p.total} .value=${p.done}></progress>
        <span>${p.done} / ${p.total} patches · ${p.patchesPerS.toFixed(1)} patches/s${eta !== null && this.running ? ` · ETA ${eta} s` : ''}</span>` : nothing}
      <spn-file-drop accept=".json" label="Add a model file (.json):"></spn-file-drop>`;
  }

  private _start(modelId: string): void {
    this._emit('classify-start', { modelId, patchTraces: this._patchTraces, patchSamples: this._patchSamples, stride: this._stride });
  }

  private _emit<T>(type: string, detail: T): void {
    this.dispatchEvent(new CustomEvent<T>(type, { detail, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap { 'spn-classify-controls': ClassifyControls }
  interface HTMLElementEventMap {
    'classify-start': CustomEvent<ClassifyStartDetail>;
    'classify-cancel': CustomEvent<null>;
  }
}
