/**
 * <spn-stored-models>: the models stored in this browser (imported here or made by fine-tuning), each with its
 * size, when it came, a download of its file and a delete that asks first. Search candidates are not listed: they go
 * with their run. Emits `stored-model-action`; the view carries it out.
 */
import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ImportedModelRecord } from '../db/schema';
import { formatParams } from '../core/model/format-params';
import { outlineButtonStyles, storedListStyles } from './shared-styles';

/** What the user asked to do with a stored model. */
export interface StoredModelActionDetail {
  action: 'export' | 'delete';
  id: string;
}

@customElement('spn-stored-models')
export class StoredModels extends LitElement {
  static override styles = [outlineButtonStyles, storedListStyles];

  @property({ attribute: false }) models: readonly ImportedModelRecord[] = [];
  /** The model whose delete waits for the user's yes. */
  @state() private _confirming: string | null = null;

  override render() {
    if (this.models.length === 0) return html`<p>No model stored in this browser yet.</p>`;
    return html`<ul aria-label="Stored models">
      ${this.models.map(
        (m) => html`<li data-model=${m.id}>
          <span class="name">${m.name}</span>
          <span>${m.origin === 'fine-tuned' ? 'fine-tuned' : 'imported'} · ${formatParams(m.params)} ·
            ${new Date(m.importedAt).toLocaleString()}</span>
          <button type="button" @click=${() => this._emit({ action: 'export', id: m.id })}>Download</button>
          ${
            this._confirming === m.id
              ? html`<span class="confirm" role="alert">Delete “${m.name}” from this browser?</span>
                <button type="button" class="danger confirm-delete" @click=${() => this._delete(m.id)}>Yes, delete</button>
                <button type="button" class="cancel-delete" @click=${() => (this._confirming = null)}>Keep it</button>`
              : html`<button type="button" class="danger delete" @click=${() => (this._confirming = m.id)}>Delete…</button>`
          }
        </li>`,
      )}
    </ul>`;
  }

  private _delete(id: string): void {
    this._confirming = null;
    this._emit({ action: 'delete', id });
  }

  private _emit(detail: StoredModelActionDetail): void {
    this.dispatchEvent(
      new CustomEvent<StoredModelActionDetail>('stored-model-action', { detail, bubbles: true, composed: true }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'spn-stored-models': StoredModels;
  }
  interface HTMLElementEventMap {
    'stored-model-action': CustomEvent<StoredModelActionDetail>;
  }
}
