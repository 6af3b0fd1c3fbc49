/** <spn-file-drop>: a drop zone with a file picker; emits `file-chosen` with the File. Reads nothing itself. */
import { LitElement, css, html } from 'lit';
import { sendIntent } from './intent';
import { customElement, property, query, state } from 'lit/decorators.js';

/** The file the user dropped or picked. */
export interface FileChosenDetail {
  file: File;
}

@customElement('spn-file-drop')
export class FileDrop extends LitElement {
  static override styles = css`
    .zone { border: 2px dashed #9aa7b8; border-radius: 8px; padding: 14px 18px; text-align: center; color: #334; }
    .zone.over { border-color: #3b7ddd; background: #eef4ff; }
    input { display: none; }
    .note { margin-top: 6px; font-size: 12px; color: #7a4b00; }
  `;

  /** File types offered by the picker (the drop zone takes any file; the reader decides). */
  @property() accept = '.sgy,.segy,.su';
  /** Prompt shown in the zone. */
  @property() label = 'Drop a SEG-Y (.sgy, .segy) or Seismic Unix (.su) file here, or';
  @state() private _over = false;
  /** Said when several files were dropped: one is opened (one line at a time), and which. */
  @state() private _note = '';
  @query('input') private _input!: HTMLInputElement;

  override render() {
    return html`<div class="zone ${this._over ? 'over' : ''}" @dragover=${this._dragOver} @dragleave=${() => (this._over = false)} @drop=${this._drop}>
      ${this.label} <button type="button" @click=${() => this._input.click()}>choose a file…</button>
      <input type="file" accept=${this.accept} @change=${this._picked} />
      <div class="note" role="status">${this._note}</div>
    </div>`;
  }

  private _dragOver = (e: DragEvent): void => {
    e.preventDefault();
    this._over = true;
  };

  private _drop = (e: DragEvent): void => {
    e.preventDefault();
    this._over = false;
    const files = e.dataTransfer?.files;
    const file = files?.[0];
    this._note =
      file && files.length > 1 ? `${files.length} files dropped: opened the first, ${file.name} (one at a time).` : '';
    if (file) this._emit(file);
  };

  private _picked = (): void => {
    const file = this._input.files?.[0];
    this._note = '';
    if (file) this._emit(file);
    this._input.value = ''; // picking the same file again still fires change
  };

  private _emit(file: File): void {
    sendIntent(this, 'file-chosen', { file });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'spn-file-drop': FileDrop;
  }
  interface HTMLElementEventMap {
    'file-chosen': CustomEvent<FileChosenDetail>;
  }
}
