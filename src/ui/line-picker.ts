/**
 * <spn-line-picker>: for 3D or prestack files, which 2D line to show: an inline, a crossline or a gather, and its
 * value. Emits `line-chosen`; 2D files need no choice, so it renders nothing for them.
 */
import { LitElement, html, nothing } from 'lit';
import { sendIntent } from './intent';
import { customElement, property, state } from 'lit/decorators.js';
import { controlRowStyles } from './shared-styles';
import type { Geometry, GatherKey } from '../core/segy';
import type { LineChoice } from '../core/line/segy-types';

type Mode = 'inline' | 'crossline' | 'gather';
/** The line the user asked for. */
export interface LineChosenDetail {
  choice: LineChoice;
}

/** Longest value list offered (a big survey has thousands of gathers; the rest are reachable by number). */
const MAX_OPTIONS = 5000;
/** What the number 1 reads as with its four bytes swapped, to show a user why a field was read the other way. */
const SWAPPED_EXAMPLE = (2 ** 24).toLocaleString('en-US');
const gatherLabel = (g: GatherKey): string =>
  'fieldRecord' in g ? `shot ${g.fieldRecord}` : `CDP ${g.inline}/${g.crossline}`;

@customElement('spn-line-picker')
export class LinePicker extends LitElement {
  static override styles = controlRowStyles;

  /** Geometry scan of the open file. */
  @property({ attribute: false }) geometry: Geometry | null = null;
  @state() private _mode: Mode = 'inline';
  @state() private _index = 0;

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('geometry') && this.geometry) {
      this._mode = this.geometry.kind === 'prestack' && this.geometry.gathers.length > 0 ? 'gather' : 'inline';
      this._index = 0;
    }
  }

  /** The selector for the current mode and value; null for a 2D file. */
  get choice(): LineChoice {
    const g = this.geometry;
    if (!g || g.kind === '2d') return null;
    if (this._mode === 'gather') return { gather: g.gathers[this._index] ?? (g.gathers[0] as GatherKey) };
    // Prestack inline/crossline sections would mix offsets; show the nearest offset only.
    const offset = g.kind === 'prestack' ? { offset: g.offsets[0] as number } : {};
    return this._mode === 'inline'
      ? { inline: g.inlines[this._index] as number, ...offset }
      : { crossline: g.crosslines[this._index] as number, ...offset };
  }

  override render() {
    const g = this.geometry;
    if (!g || g.kind === '2d') return nothing;
    const values =
      this._mode === 'gather'
        ? g.gathers.map(gatherLabel)
        : (this._mode === 'inline' ? g.inlines : g.crosslines).map(String);
    return html`
      <label>line <select aria-label="line kind" @change=${(e: Event) => {
        this._mode = (e.target as HTMLSelectElement).value as Mode;
        this._index = 0;
      }}>
        <option value="inline" ?selected=${this._mode === 'inline'}>inline</option>
        <option value="crossline" ?selected=${this._mode === 'crossline'}>crossline</option>
        ${g.gathers.length ? html`<option value="gather" ?selected=${this._mode === 'gather'}>gather</option>` : nothing}
      </select></label>
      <select aria-label="line value" @change=${(e: Event) => (this._index = Number((e.target as HTMLSelectElement).value))}>
        ${values.slice(0, MAX_OPTIONS).map((v, i) => html`<option value=${i} ?selected=${i === this._index}>${v}</option>`)}
      </select>
      <button type="button" @click=${this._show}>Show line</button>
      ${
        g.swappedKeys?.length
          ? html`<p class="swapped" role="note">
            The ${g.swappedKeys.join(' and ')} numbers are read in the other byte order than the file's: its writer
            stored them swapped (as written they read ${SWAPPED_EXAMPLE} for 1).
          </p>`
          : nothing
      }`;
  }

  private _show = (): void => sendIntent(this, 'line-chosen', { choice: this.choice });
}

declare global {
  interface HTMLElementTagNameMap {
    'spn-line-picker': LinePicker;
  }
  interface HTMLElementEventMap {
    'line-chosen': CustomEvent<LineChosenDetail>;
  }
}
