/**
 * <spn-run-list>: the stored search runs with their status. Open one, resume an interrupted one, delete one
 * (asks to confirm inline), export its results as JSON or CSV, or import a results file from elsewhere.
 * Emits `run-action` intents; the view carries them out.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { RunRecord } from '../db/schema';
import type { FileChosenDetail } from './file-drop';
import './file-drop';
import { outlineButtonStyles, storedListStyles } from './shared-styles';

/** What the user asked to do with a run (or, for 'import', with a results file). */
export type RunActionDetail =
  | { action: 'open' | 'resume' | 'delete'; runId: string }
  | { action: 'export'; runId: string; format: 'json' | 'csv' }
  | { action: 'import'; file: File };

const STATUS_TEXT: Record<RunRecord['status'], string> = {
  running: 'running',
  interrupted: 'interrupted (can be resumed)',
  finished: 'finished',
  cancelled: 'cancelled',
};

@customElement('spn-run-list')
export class RunList extends LitElement {
  static override styles = [
    outlineButtonStyles,
    storedListStyles,
    css`
      li.open { background: #eef4ff; }
      .status { color: #3b4754; }
      .status.interrupted { color: #9a5b00; }
    `,
  ];

  @property({ attribute: false }) runs: RunRecord[] = [];
  /** The run shown in the leaderboard. */
  @property({ attribute: false }) openRunId: string | null = null;
  /** The run this tab is working on (it cannot be resumed or deleted meanwhile). */
  @property({ attribute: false }) workingRunId: string | null = null;
  /** The run whose deletion awaits confirmation. */
  @state() private _confirming: string | null = null;

  /** The focused control before a render: its run, its class and the run's place in the list. */
  private _held: { el: HTMLElement; run: string; cls: string; at: number } | null = null;

  protected override willUpdate(): void {
    const el = this.shadowRoot?.activeElement as HTMLElement | null;
    const li = el?.closest('li');
    this._held =
      el && li
        ? { el, run: li.dataset['run'] ?? '', cls: el.className, at: [...li.parentElement!.children].indexOf(li) }
        : null;
  }

  protected override updated(): void {
    // A control that goes or greys out with its action (Delete… → the confirmation, Yes, delete → the run gone, Resume,
    // Open) dropped focus to <body>: it moves to the control that carries on, in the same run's row when it is there.
    const held = this._held;
    this._held = null;
    if (!held || (held.el.isConnected && !(held.el as HTMLButtonElement).disabled)) return;
    const enabled = (root: ParentNode | null | undefined, selector: string): HTMLElement | undefined =>
      [...(root?.querySelectorAll<HTMLButtonElement>(selector) ?? [])].find((b) => !b.disabled);
    const items = [...(this.shadowRoot?.querySelectorAll('li') ?? [])];
    const row = items.find((li) => li.dataset['run'] === held.run);
    const next = row
      ? held.cls.includes('delete') && !held.cls.includes('confirm') && !held.cls.includes('cancel')
        ? enabled(row, '.confirm-delete')
        : held.cls.includes('confirm-delete') || held.cls.includes('cancel-delete')
          ? (enabled(row, '.delete') ?? enabled(row, 'button'))
          : enabled(row, 'button')
      : (enabled(items[Math.min(held.at, items.length - 1)], 'button') ??
        enabled(this.shadowRoot?.querySelector('spn-file-drop')?.shadowRoot, 'button'));
    next?.focus();
  }

  override render() {
    return html`
      ${this.runs.length ? nothing : html`<p>No runs yet: start a search or import results.</p>`}
      <ul aria-label="Search runs">${this.runs.map((r) => this._item(r))}</ul>
      <spn-file-drop accept=".json,application/json" label="Import results (a run's exported .results.json): drop it here, or"
        @file-chosen=${this._import}></spn-file-drop>`;
  }

  private _item(r: RunRecord) {
    const busy = r.id === this.workingRunId;
    // A run another tab trains cannot be deleted from here (that tab would lose its work without a word).
    const elsewhere = r.status === 'running' && !busy;
    return html`<li class=${r.id === this.openRunId ? 'open' : ''} data-run=${r.id}>
      <span class="name">${r.name}</span>
      <span class="status ${r.status}">${busy ? 'running here' : STATUS_TEXT[r.status]}</span>
      <span>${r.created} candidate${r.created === 1 ? '' : 's'} · ${new Date(r.createdAt).toLocaleString()}${r.origin !== 'local' ? ` · from ${r.origin}` : ''}</span>
      ${r.error ? html`<span class="confirm">Last error: ${r.error}</span>` : nothing}
      <button type="button" class="open" @click=${() => this._emit({ action: 'open', runId: r.id })} ?disabled=${r.id === this.openRunId}>Open</button>
      ${
        r.status === 'interrupted' && !busy
          ? html`<button type="button" class="resume" ?disabled=${this.workingRunId !== null} @click=${() => this._emit({ action: 'resume', runId: r.id })}>Resume</button>`
          : nothing
      }
      <button type="button" @click=${() => this._emit({ action: 'export', runId: r.id, format: 'json' })}>Results JSON</button>
      <button type="button" @click=${() => this._emit({ action: 'export', runId: r.id, format: 'csv' })}>Results CSV</button>
      ${
        this._confirming === r.id
          ? html`<span class="confirm" role="alert">Delete “${r.name}” with all its results and weights?</span>
            <button type="button" class="danger confirm-delete" @click=${() => this._delete(r.id)}>Yes, delete</button>
            <button type="button" class="cancel-delete" @click=${() => (this._confirming = null)}>Keep it</button>`
          : html`<button type="button" class="danger delete" ?disabled=${busy || elsewhere}
              title=${busy ? 'stop the run first' : elsewhere ? 'another tab is training this run: stop it there first' : ''}
              @click=${() => (this._confirming = r.id)}>Delete…</button>`
      }
    </li>`;
  }

  private _delete(runId: string): void {
    this._confirming = null;
    this._emit({ action: 'delete', runId });
  }

  private _import = (e: CustomEvent<FileChosenDetail>): void => {
    e.stopPropagation();
    this._emit({ action: 'import', file: e.detail.file });
  };

  private _emit(detail: RunActionDetail): void {
    this.dispatchEvent(new CustomEvent<RunActionDetail>('run-action', { detail, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'spn-run-list': RunList;
  }
  interface HTMLElementEventMap {
    'run-action': CustomEvent<RunActionDetail>;
  }
}
