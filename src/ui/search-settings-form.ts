/**
 * <spn-search-settings-form>: the settings of a new search run. Each refused field shows its message right after
 * the input (aria-invalid + aria-describedby); the form emits `search-start` with the settings only when none is refused.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { FocusKeeper, enabledButton } from './focus-keeper';
import {
  BACKEND_SETTINGS,
  DEFAULT_BUDGET_MINUTES,
  DEFAULT_CANDIDATES,
  DEFAULT_SEARCH_SETTINGS,
  quickSettingsFrom,
  validateSearchSettings,
  type BackendSetting,
  type SearchSettings,
} from '../core/search/settings';
import { EARLY_STOP_RULES, type EarlyStopRule } from '../core/train/early-stop';
import { VALIDATION_SETS, VALIDATION_SET_LABELS, type ValidationSet } from '../core/dataset-settings';
import { SYNTHETIC_GENERATORS, type SyntheticGenerator } from '../core/synthetic/types';
import { sendIntent } from './intent';
import { actionButtonStyles } from './shared-styles';

/** Settings the user asked to start a run with. */
export interface SearchStartDetail {
  settings: SearchSettings;
}
/** The settings as now entered (sent on every change, and once when the form appears, so their cost can be shown). */
export interface SearchSettingsChangeDetail {
  settings: SearchSettings;
}

const EARLY_STOP_HELP: Record<EarlyStopRule, string> = {
  authors:
    "Authors' rule: stop when validation loss has not improved 0.5 % for 3 epochs (noisy: one lucky value resets it).",
  smoothed:
    'Smoothed: the same patience on a moving average of the validation loss, so noise neither resets nor stops it.',
  none: 'None: always train to the max epochs (slowest; pruning can still stop weak candidates).',
};

const VALIDATION_HELP: Record<ValidationSet, string> = {
  'test-profile':
    "Validate on test-profile patches (stronger augmentation), as the authors' search does: early stopping and mean top-5 mean what the paper means.",
  'train-split':
    'Validate on held-out train-profile patches (the older protocol): scores come out higher and are not comparable with the paper.',
};

const GENERATOR_HELP: Record<SyntheticGenerator, string> = {
  paper: "The authors' generator, ported faithfully.",
  realistic:
    'Real wavelets, band-limited strata, and the look-alikes of real lines as negatives (seabed, multiple, bright strata, water noise).',
};

type NumberField =
  | 'seed'
  | 'candidates'
  | 'minutes'
  | 'datasetSize'
  | 'testSize'
  | 'maxEpochs'
  | 'workers'
  | 'batchSize'
  | 'learningRate'
  | 'widthFactor';

@customElement('spn-search-settings-form')
export class SearchSettingsForm extends LitElement {
  static override styles = [
    actionButtonStyles,
    css`
      :host { display: block; }
      .grid { display: flex; flex-wrap: wrap; gap: 10px 20px; align-items: flex-start; }
      label, fieldset { font-size: 12px; color: #3b4754; }
      label.field { display: flex; flex-direction: column; gap: 3px; }
      fieldset { border: 1px solid #dde3ea; border-radius: 6px; padding: 4px 10px 8px; }
      fieldset label { display: block; }
      input[type='number'] { width: 110px; padding: 4px 6px; }
      [aria-invalid='true'] { border-color: #b0161b; outline: 1px solid #b0161b; }
      .error { color: #b0161b; font-size: 12px; max-width: 220px; }
      .help { color: #6b7785; font-size: 12px; margin: 4px 0 0; max-width: 260px; }
      .actions { margin-top: 10px; display: flex; flex-wrap: wrap; gap: 8px; align-items: flex-start; }
    `,
  ];

  /** Messages from outside (e.g. the runner refused the settings), by field; merged with the form's own. */
  @property({ attribute: false }) errors: Record<string, string> = {};
  /** Settings to start from instead of the defaults (those entered before a reload); read once, when first shown. */
  @property({ attribute: false }) initial: SearchSettings | null = null;
  /** A run is being worked on in this tab: Start is disabled, Stop enabled. */
  @property({ type: Boolean }) working = false;
  @state() private _s: SearchSettings = structuredClone(DEFAULT_SEARCH_SETTINGS);
  @state() private _own: Record<string, string> = {};
  /** Both limits are kept so switching between them loses nothing. */
  @state() private _candidates = DEFAULT_CANDIDATES;
  @state() private _minutes = DEFAULT_BUDGET_MINUTES;
  /** `initial` has been entered (on the first connection only: a later one keeps what the user typed since). */
  private _startedFromInitial = false;

  // Start greys out while the run goes and Stop with it: focus follows to the one that is there (it fell to <body>).
  protected readonly focusKeeper = new FocusKeeper(this, () =>
    enabledButton(this.shadowRoot, this.working ? 'Stop' : 'Start search'),
  );

  /** The settings as currently entered. */
  get settings(): SearchSettings {
    return this._s;
  }

  /** Replaces the entered settings (e.g. a "fit in 1 h" choice); they are validated like typed ones. */
  applySettings(settings: SearchSettings): void {
    this._enter(settings);
    this._changed();
  }

  private _enter(settings: SearchSettings): void {
    const s = structuredClone(settings);
    if (s.limit.kind === 'count') this._candidates = s.limit.candidates;
    else this._minutes = s.limit.minutes;
    this._s = s;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.initial && !this._startedFromInitial) {
      this._startedFromInitial = true;
      this._enter(this.initial);
      // Values that were wrong before the reload are marked again, as they were.
      this._own = validateSearchSettings(this._s);
    }
    sendIntent(this, 'settings-change', { settings: structuredClone(this._s) });
  }

  override render() {
    const s = this._s;
    return html`
      <div class="grid">
        ${this._number('seed', 'Seed', s.seed)}
        <fieldset><legend>Stop after</legend>
          <label><input type="radio" name="limit" .checked=${s.limit.kind === 'count'} @change=${() => this._limit('count')} /> a number of candidates</label>
          <label><input type="radio" name="limit" .checked=${s.limit.kind === 'time'} @change=${() => this._limit('time')} /> a time budget</label>
        </fieldset>
        ${s.limit.kind === 'count' ? this._number('candidates', 'Candidates', this._candidates) : this._number('minutes', 'Time budget (minutes)', this._minutes, 'any')}
        ${this._number('datasetSize', 'Data set size (patches)', s.dataset.size)}
        ${this._number('testSize', 'Test set size (patches)', s.dataset.testSize)}
        ${this._number('maxEpochs', 'Max epochs', s.maxEpochs)}
        ${this._number('workers', 'Workers', s.workers)}
        ${this._number('batchSize', 'Batch size', s.batchSize)}
        ${this._number('learningRate', 'Learning rate', s.learningRate, 'any')}
        ${this._number('widthFactor', 'Width factor (1 = paper space; less = cheaper nets on CPU)', s.widthFactor, 'any')}
        <label class="field">Generator
          <select name="generator" @change=${(e: Event) => this._update({ dataset: { ...this._s.dataset, generator: (e.target as HTMLSelectElement).value as SyntheticGenerator } })}
            aria-invalid=${this._msg('generator') ? 'true' : 'false'} aria-describedby="generator-error">
            ${SYNTHETIC_GENERATORS.map((g) => html`<option value=${g} ?selected=${(s.dataset.generator ?? 'paper') === g}>${g}</option>`)}
          </select>
          <span class="help">${GENERATOR_HELP[s.dataset.generator ?? 'paper']}</span>
          <span class="error" id="generator-error">${this._msg('generator') ?? ''}</span>
        </label>
        <label class="field">Validation set
          <select name="validation" @change=${(e: Event) => this._update({ dataset: { ...this._s.dataset, validation: (e.target as HTMLSelectElement).value as ValidationSet } })}
            aria-invalid=${this._msg('validation') ? 'true' : 'false'} aria-describedby="validation-error">
            ${VALIDATION_SETS.map((v) => html`<option value=${v} ?selected=${(s.dataset.validation ?? 'train-split') === v}>${VALIDATION_SET_LABELS[v]}</option>`)}
          </select>
          <span class="help">${VALIDATION_HELP[s.dataset.validation ?? 'train-split']}</span>
          <span class="error" id="validation-error">${this._msg('validation') ?? ''}</span>
        </label>
        <label class="field">Backend
          <select name="backend" @change=${(e: Event) => this._update({ backend: (e.target as HTMLSelectElement).value as BackendSetting })}>
            ${BACKEND_SETTINGS.map((b) => html`<option value=${b} ?selected=${s.backend === b}>${b}</option>`)}
          </select>
        </label>
        <label><input type="checkbox" name="pruning" .checked=${s.pruning} @change=${(e: Event) => this._update({ pruning: (e.target as HTMLInputElement).checked })} />
          Pruning (stop weak candidates early)</label>
      </div>
      <fieldset><legend>Early stop</legend>
        ${EARLY_STOP_RULES.map((r) => html`<label><input type="radio" name="earlyStop" value=${r} .checked=${s.earlyStop === r} @change=${() => this._update({ earlyStop: r })} /> ${r}</label>`)}
        <p class="help">${EARLY_STOP_HELP[s.earlyStop]}</p>
      </fieldset>
      <div class="actions">
        <button type="button" class="secondary" @click=${this._quick}
          title="A small, fast search: 5 candidates, 2,000 patches, 5 epochs, width 0.25; the seed, generator, validation set and backend stay as chosen">Quick preset</button>
        <button type="button" class="start" @click=${this._start} ?disabled=${this.working}>Start search</button>
        <button type="button" class="stop secondary" @click=${() => sendIntent(this, 'search-stop', null)} ?disabled=${!this.working}>Stop</button>
        <slot name="cost"></slot>
      </div>`;
  }

  private _msg(field: string): string | undefined {
    return this._own[field] ?? this.errors[field];
  }

  private _number(field: NumberField, label: string, value: number, step = '1') {
    const msg = this._msg(field);
    return html`<label class="field">${label}
      <input type="number" name=${field} step=${step} .value=${Number.isFinite(value) ? String(value) : ''}
        aria-invalid=${msg ? 'true' : 'false'} aria-describedby=${`${field}-error`}
        @change=${(e: Event) => this._setNumber(field, (e.target as HTMLInputElement).valueAsNumber)} />
      <span class="error" id=${`${field}-error`}>${msg ?? ''}</span></label>`;
  }

  private _setNumber(field: NumberField, v: number): void {
    const s = this._s;
    switch (field) {
      case 'candidates':
        this._candidates = v;
        return this._update({ limit: { kind: 'count', candidates: v } });
      case 'minutes':
        this._minutes = v;
        return this._update({ limit: { kind: 'time', minutes: v } });
      case 'datasetSize':
        return this._update({ dataset: { ...s.dataset, size: v } });
      case 'testSize':
        return this._update({ dataset: { ...s.dataset, testSize: v } });
      default:
        return this._update({ [field]: v });
    }
  }

  private _limit(kind: 'count' | 'time'): void {
    this._update({
      limit: kind === 'count' ? { kind, candidates: this._candidates } : { kind, minutes: this._minutes },
    });
  }

  private _update(patch: Partial<SearchSettings>): void {
    this._s = { ...this._s, ...patch };
    this._changed();
  }

  private _changed(): void {
    this._own = validateSearchSettings(this._s);
    this.errors = {};
    sendIntent(this, 'settings-change', { settings: structuredClone(this._s) });
  }

  private _quick = (): void => {
    const q = quickSettingsFrom(this._s);
    if (q.limit.kind === 'count') this._candidates = q.limit.candidates;
    this._s = q;
    this._changed();
  };

  private _start = (): void => {
    this._own = validateSearchSettings(this._s);
    if (Object.keys(this._own).length) {
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    sendIntent(this, 'search-start', { settings: structuredClone(this._s) });
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'spn-search-settings-form': SearchSettingsForm;
  }
  interface HTMLElementEventMap {
    'search-start': CustomEvent<SearchStartDetail>;
    'search-stop': CustomEvent<null>;
    'settings-change': CustomEvent<SearchSettingsChangeDetail>;
  }
}
