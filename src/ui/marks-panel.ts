/**
 * <spn-marks-panel>: the marks on the line — how to draw them (BSR / not BSR / off), a keyboard form that adds a
 * box by numbers, the list with each mark's patch count, a "check" flag (held out to score the tuned model) and a
 * delete button, undo, and CSV export/import. Renders state and emits intents; the Classify view owns the marks.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Mark, MarkLabel } from '../core/finetune/marks';
import { sendIntent } from './intent';
import { panelStyles } from './shared-styles';
import type { MarkMode } from '../app/classify-controller';
import { FocusKeeper, enabledButton } from './focus-keeper';

export type { MarkMode };
/** Detail of `mark-check`: hold mark `index` out to check the tuned model (or not). */
export interface MarkCheckDetail {
  index: number;
  check: boolean;
}
export const MARK_COLORS: Readonly<Record<'bsr' | 'not-bsr', string>> = { bsr: '#ff3b8d', 'not-bsr': '#2f7cf6' };

/** The form's number fields and the words the form shows them by. */
const FORM_FIELDS = [
  ['traceFrom', 'traces from'],
  ['traceTo', 'traces to'],
  ['timeFromMs', 'time from (ms)'],
  ['timeToMs', 'time to (ms)'],
] as const;

@customElement('spn-marks-panel')
export class MarksPanel extends LitElement {
  static override styles = [
    panelStyles,
    css`
    input[type='number'] { width: 5.5em; }
    table { border-collapse: collapse; }
    td, th { padding: 2px 8px; text-align: right; }
    /* A line marked by the dozen keeps the panel short: the list scrolls under its header. */
    .marks-list { max-height: 18em; overflow-y: auto; display: inline-block; }
    thead th { position: sticky; top: 0; background: #fff; }
    .bsr { color: #c0145e; }
    .not-bsr { color: #1d5fc9; }
    .auto { color: #6b7785; font-size: 11px; }
    /* The tick boxes line up whether or not "held out" follows them. */
    td.check { text-align: left; }
    .form-error { color: #b42318; }
  `,
  ];

  @property({ attribute: false }) marks: readonly Mark[] = [];
  /** Patches each mark gives (same order as marks), or null while unknown. */
  @property({ attribute: false }) counts: readonly number[] | null = null;
  @property() mode: MarkMode = 'off';
  @property({ type: Boolean }) canUndo = false;
  /** Marks fine-tuning holds out to score its result without a tick (every n-th while none is ticked), one per mark. */
  @property({ attribute: false }) autoHeldOut: readonly boolean[] = [];
  /** A line under the header (a big file's preview: the marks are in the file's traces, not the preview's). */
  @property() note = '';
  /** Sample interval, ms (for the form's default times). */
  @property({ type: Number }) sampleMs = 4;
  @state() private _form = { traceFrom: 0, traceTo: 15, timeFromMs: 0, timeToMs: 80, label: 1 as MarkLabel };
  /** A field of the form left empty (or not a number) when "Add mark" was pressed, and what is said about it. */
  @state() private _formError: { field: string; text: string } = { field: '', text: '' };

  // Undo greys out with the last mark undone, a deleted mark's button goes: focus stays in the form.
  protected readonly focusKeeper = new FocusKeeper(
    this,
    () => enabledButton(this.shadowRoot, 'Undo') ?? enabledButton(this.shadowRoot, 'Add mark'),
  );

  override render() {
    const f = this._form;
    // A screen reader hears each field's own name ("traces to", "time to (ms)"), not the visible "to" twice.
    const num = (
      label: string,
      key: 'traceFrom' | 'traceTo' | 'timeFromMs' | 'timeToMs',
      name = label,
    ) => html`<label>${label}
      <input type="number" step="any" name=${key} aria-label=${name} .value=${Number.isNaN(f[key]) ? '' : String(f[key])}
        aria-invalid=${this._formError.field === key ? 'true' : 'false'}
        @change=${(e: Event) => (this._form = { ...this._form, [key]: (e.target as HTMLInputElement).valueAsNumber })} /></label>`;
    const bsr = this.marks.filter((m) => m.label === 1).length;
    return html`
      <div class="row" role="radiogroup" aria-label="draw marks">
        <strong>Marks</strong> (${bsr} BSR, ${this.marks.length - bsr} not BSR) · drag on the section to draw:
        ${(['off', 'bsr', 'not-bsr'] as const).map(
          (m) => html`<label><input type="radio" name="mode" value=${m} .checked=${this.mode === m}
          @change=${() => sendIntent(this, 'marks-mode', m)} /> ${m === 'off' ? 'off (pan)' : m === 'bsr' ? 'BSR' : 'not BSR'}</label>`,
        )}
      </div>
      ${this.note ? html`<div class="row note">${this.note}</div>` : nothing}
      <form class="row" aria-label="add a mark by numbers" @submit=${this._add}>
        ${num('traces from', 'traceFrom')}${num('to', 'traceTo', 'traces to')}${num('time from (ms)', 'timeFromMs')}${num('to', 'timeToMs', 'time to (ms)')}
        <label>label <select name="label" @change=${(e: Event) => (this._form = { ...this._form, label: Number((e.target as HTMLSelectElement).value) as MarkLabel })}>
          <option value="1" ?selected=${f.label === 1}>BSR</option><option value="0" ?selected=${f.label === 0}>not BSR</option></select></label>
        <button type="submit">Add mark</button>
        ${this._formError.text ? html`<span role="alert" class="form-error">${this._formError.text}</span>` : nothing}
      </form>
      <div class="row">
        <button type="button" ?disabled=${!this.canUndo} @click=${() => sendIntent(this, 'marks-undo', null)}>Undo</button>
        <button type="button" ?disabled=${this.marks.length === 0} @click=${() => sendIntent(this, 'marks-export', null)}>Export marks CSV</button>
        <button type="button" @click=${() => this.renderRoot.querySelector<HTMLInputElement>('input.marks-file')?.click()}>
          Import marks CSV…</button>
        <!-- A button as the other file choices are; the native control's "No file chosen" said nothing useful. -->
        <input class="marks-file" type="file" hidden aria-label="Import marks CSV" accept=".csv,text/csv" @change=${this._import} />
      </div>
      ${
        this.marks.length === 0
          ? html`<div>No marks yet.</div>`
          : html`<div class="marks-list" role="region" aria-label="marks list" tabindex="0"><table aria-label="marks">
        <thead><tr><th>#</th><th>label</th><th>traces</th><th>time (ms)</th><th>patches</th><th>check</th><th aria-label="delete"></th></tr></thead>
        <tbody>${this.marks.map(
          (m, i) => html`<tr class=${m.label === 1 ? 'bsr' : 'not-bsr'}>
          <td>${i + 1}</td><td>${m.label === 1 ? 'BSR' : 'not BSR'}</td><td>${m.traceFrom}–${m.traceTo}</td><td>${+m.timeFromMs.toFixed(1)}–${+m.timeToMs.toFixed(1)}</td>
          <td>${this.counts?.[i] ?? '…'}</td>
          <td class="check"><input type="checkbox" aria-label=${`hold out mark ${i + 1} to check`} .checked=${m.check === true}
            @change=${(e: Event) => sendIntent(this, 'mark-check', { index: i, check: (e.target as HTMLInputElement).checked })} />${
              // Held out without a tick: the fine-tuning panel's "hold out every" picks it while no mark is ticked.
              this.autoHeldOut[i]
                ? html` <span class="auto" title="held out to score the tuned model: every n-th mark, while no mark is ticked">held out</span>`
                : nothing
            }</td>
          <td><button type="button" aria-label=${`delete mark ${i + 1}`} @click=${() => sendIntent(this, 'mark-delete', i)}>✕</button></td></tr>`,
        )}</tbody></table></div>`
      }
      ${nothing}`;
  }

  private _add = (e: Event): void => {
    e.preventDefault();
    const f = this._form;
    // An emptied field reads as NaN (valueAsNumber), never as 0: a box silently reaching trace 0 or time 0 is wrong.
    const empty = FORM_FIELDS.find(([key]) => !Number.isFinite(f[key]));
    this._formError = empty
      ? { field: empty[0], text: `${empty[1]} is empty: enter a number` }
      : { field: '', text: '' };
    if (empty) return;
    sendIntent(this, 'mark-add', {
      traceFrom: f.traceFrom,
      traceTo: f.traceTo,
      timeFromMs: f.timeFromMs,
      timeToMs: f.timeToMs,
      label: f.label,
    });
  };

  private _import = (e: Event): void => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file) sendIntent(this, 'marks-import', file);
    input.value = '';
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'spn-marks-panel': MarksPanel;
  }
  interface HTMLElementEventMap {
    'marks-mode': CustomEvent<MarkMode>;
    'mark-add': CustomEvent<Mark>;
    'mark-delete': CustomEvent<number>;
    'mark-check': CustomEvent<MarkCheckDetail>;
    'marks-undo': CustomEvent<null>;
    'marks-export': CustomEvent<null>;
    'marks-import': CustomEvent<File>;
  }
}
