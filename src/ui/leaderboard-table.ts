/**
 * <spn-leaderboard-table>: the run's candidates, sortable by any column (click or Enter on a header, aria-sort),
 * rows navigable with the arrow keys (Home/End too) and chosen with Enter or a click; emits `candidate-select`.
 * Rows arrive ranked (see leaderboardRows); this element only orders, filters (by status, and by the ids a
 * parallel-coordinates brush lets through) and formats them. The best candidate (rank 1) is marked ★.
 */
import { LitElement, css, html } from 'lit';
import { sendIntent } from './intent';
import { customElement, property, state } from 'lit/decorators.js';
import type { LeaderboardRow } from '../app/leaderboard-rows';
import { VALIDATION_SET_LABELS, type ValidationSet } from '../core/dataset-settings';
import { formatTrainTime } from '../core/search/cost';

/** The candidate chosen in the table (its index in the run). */
export interface CandidateSelectDetail {
  index: number;
}

type SortKey =
  | 'rank'
  | 'index'
  | 'meanTop5'
  | 'meanTop3'
  | 'max'
  | 'params'
  | 'macs'
  | 'trainSeconds'
  | 'inferPatchesPerS'
  | 'backend'
  | 'status'
  | 'valSet';

/** Short names of the validation sets for the "Scored on" column. */
const VAL_SET_SHORT: Record<ValidationSet, string> = { 'test-profile': 'test profile', 'train-split': 'train split' };

const pct = (v: number) => (Number.isNaN(v) ? '—' : `${(100 * v).toFixed(1)} %`);
/** Millions to three significant figures: the paper's 0.726 and a tiny candidate's 0.0227 alike (not 0.00). */
const mega = (v: number) => (v / 1e6).toPrecision(3);
const secs = formatTrainTime;
const rate = (v: number) => (Number.isNaN(v) ? '—' : Math.round(v).toLocaleString());

const STATUSES: readonly LeaderboardRow['status'][] = ['finished', 'pruned', 'failed', 'running', 'queued'];

const COLUMNS: ReadonlyArray<{ key: SortKey; label: string; cell: (r: LeaderboardRow) => unknown }> = [
  {
    key: 'rank',
    label: 'Rank',
    cell: (r) =>
      r.rank === 1 ? html`<span class="best-mark" title="Best candidate of the run">★</span> 1` : (r.rank ?? '—'),
  },
  // The candidate's number in the run (sampling order), as the plots, the history and the model list name it.
  { key: 'index', label: '#', cell: (r) => `#${r.index}` },
  // Early, so a narrow screen (a Pi's 800 px) shows what each candidate is doing without scrolling the table.
  { key: 'status', label: 'Status', cell: (r) => r.status },
  { key: 'meanTop5', label: 'Mean top-5', cell: (r) => pct(r.meanTop5) },
  { key: 'meanTop3', label: 'Top-3', cell: (r) => pct(r.meanTop3) },
  { key: 'max', label: 'Max val acc', cell: (r) => pct(r.max) },
  // Whole counts: a search at a small width factor makes networks of a few thousand parameters ("0.00383 M").
  {
    key: 'params',
    label: 'Parameters',
    cell: (r) => (Number.isFinite(r.params) ? r.params.toLocaleString('en') : '—'),
  },
  { key: 'macs', label: 'MACs (M)', cell: (r) => mega(r.macs) },
  { key: 'trainSeconds', label: 'Train time', cell: (r) => secs(r.trainSeconds) },
  { key: 'inferPatchesPerS', label: 'Inference patches/s', cell: (r) => rate(r.inferPatchesPerS) },
  {
    key: 'backend',
    label: 'Backend',
    cell: (r) =>
      html`${r.backend || '—'}${r.retried ? html` <span class="retried" title=${`Retried: failed on ${r.retried.firstBackend} (${r.retried.error})`}>↻ retried</span>` : ''}`,
  },
  {
    key: 'valSet',
    label: 'Scored on',
    cell: (r) =>
      html`<span title=${`Validation accuracies measured on ${VALIDATION_SET_LABELS[r.valSet]}`}>${VAL_SET_SHORT[r.valSet]}</span>`,
  },
];

/** Sort value; missing numbers (NaN, unranked) always sort last whatever the direction. */
function sortValue(r: LeaderboardRow, key: SortKey): number | string | null {
  const v = key === 'rank' ? r.rank : r[key];
  return typeof v === 'number' && Number.isNaN(v) ? null : v;
}

@customElement('spn-leaderboard-table')
export class LeaderboardTable extends LitElement {
  static override styles = css`
    :host { display: block; overflow-x: auto; }
    table { border-collapse: collapse; font-size: 12px; width: 100%; }
    th, td { padding: 4px 8px; border-bottom: 1px solid #eef1f4; text-align: right; white-space: nowrap; }
    th button { font: inherit; font-weight: 600; background: none; border: 0; cursor: pointer; padding: 2px; color: #223; }
    th button:focus-visible, tr:focus-visible { outline: 2px solid #3b7ddd; outline-offset: -2px; }
    tbody tr { cursor: pointer; }
    tbody tr:hover { background: #f4f7fb; }
    tr[aria-selected='true'] { background: #dde9fb; }
    .retried { color: #9a5b00; }
    caption { text-align: left; font-size: 12px; color: #6b7785; padding: 2px 8px 4px; }
    .best-mark { color: #c98a00; }
    tr.best td { font-weight: 600; }
    fieldset.status { border: 0; padding: 0; margin: 0 0 6px; font-size: 12px; display: flex; gap: 10px; flex-wrap: wrap; }
    fieldset.status legend { float: left; margin-right: 6px; color: #3b4754; }
  `;

  /** Rows in rank order. */
  @property({ attribute: false }) rows: LeaderboardRow[] = [];
  /** Index of the selected candidate. */
  @property({ attribute: false }) selected: number | null = null;
  /** Ids let through by a brush on the parallel coordinates; null: no brush. */
  @property({ attribute: false }) filterIds: ReadonlySet<string> | null = null;
  /** Statuses shown. */
  @state() shownStatuses: ReadonlySet<LeaderboardRow['status']> = new Set(STATUSES);
  @state() private _sort: { key: SortKey; dir: 1 | -1 } = { key: 'rank', dir: 1 };
  /** Row with the keyboard focus (roving tabindex), as an index into the sorted rows. */
  @state() private _active = 0;

  /** The rows shown (status filter and brush), in display order. */
  get sortedRows(): LeaderboardRow[] {
    const { key, dir } = this._sort;
    const shown = this.rows.filter(
      (r) => this.shownStatuses.has(r.status) && (!this.filterIds || this.filterIds.has(r.id)),
    );
    return shown.sort((a, b) => {
      const x = sortValue(a, key),
        y = sortValue(b, key);
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      return (x < y ? -1 : x > y ? 1 : 0) * dir;
    });
  }

  override render() {
    const rows = this.sortedRows;
    const active = Math.min(this._active, Math.max(0, rows.length - 1));
    const sets = [...new Set(rows.map((r) => r.valSet))];
    const counts = new Map(STATUSES.map((st) => [st, this.rows.filter((r) => r.status === st).length]));
    return html`<fieldset class="status"><legend>Show</legend>${STATUSES.map(
      (st) => html`<label><input type="checkbox" name="status" value=${st}
        .checked=${this.shownStatuses.has(st)} @change=${(e: Event) => this._toggleStatus(st, (e.target as HTMLInputElement).checked)} /> ${st} (${counts.get(st)})</label>`,
    )}</fieldset>
      ${this.filterIds ? html`<p class="brushed">Showing ${rows.length} of ${this.rows.length}: filtered by the parallel-coordinates brush.</p>` : ''}
      <table role="grid" aria-label="Leaderboard" aria-readonly="true">
      ${sets.length ? html`<caption>Mean top-5, top-3 and max: validation accuracy on ${sets.map((v) => VALIDATION_SET_LABELS[v]).join(' / ')}</caption>` : ''}
      <thead><tr>${COLUMNS.map(
        (
          c,
        ) => html`<th scope="col" aria-sort=${this._sort.key === c.key ? (this._sort.dir === 1 ? 'ascending' : 'descending') : 'none'}>
        <button type="button" data-key=${c.key} @click=${() => this._sortBy(c.key)}>${c.label}</button></th>`,
      )}</tr></thead>
      <tbody @keydown=${this._keydown}>
        ${rows.map(
          (
            r,
            i,
          ) => html`<tr class=${r.rank === 1 ? 'best' : ''} data-index=${r.index} data-id=${r.id} tabindex=${i === active ? 0 : -1} aria-selected=${r.index === this.selected ? 'true' : 'false'}
          @click=${() => this._choose(i)}>${COLUMNS.map((c) => html`<td>${c.cell(r)}</td>`)}</tr>`,
        )}
      </tbody>
    </table>${rows.length ? '' : html`<p>${this.rows.length ? 'No candidate matches the filter.' : 'No candidates yet.'}</p>`}`;
  }

  private _toggleStatus(st: LeaderboardRow['status'], on: boolean): void {
    const next = new Set(this.shownStatuses);
    if (on) next.add(st);
    else next.delete(st);
    this.shownStatuses = next;
    this._active = 0;
  }

  private _sortBy(key: SortKey): void {
    // A new column starts in its natural order: best first for accuracies and speed, smallest first otherwise.
    const descFirst: SortKey[] = ['meanTop5', 'meanTop3', 'max', 'inferPatchesPerS'];
    this._sort =
      this._sort.key === key
        ? { key, dir: this._sort.dir === 1 ? -1 : 1 }
        : { key, dir: descFirst.includes(key) ? -1 : 1 };
  }

  private _keydown = (e: KeyboardEvent): void => {
    const n = this.sortedRows.length;
    if (!n) return;
    const moves: Record<string, number> = {
      ArrowDown: this._active + 1,
      ArrowUp: this._active - 1,
      Home: 0,
      End: n - 1,
    };
    if (e.key in moves) {
      e.preventDefault();
      this._active = Math.max(0, Math.min(n - 1, moves[e.key] as number));
      void this.updateComplete.then(() =>
        this.renderRoot.querySelector<HTMLElement>('tbody tr[tabindex="0"]')?.focus(),
      );
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this._choose(this._active);
    }
  };

  private _choose(i: number): void {
    const row = this.sortedRows[i];
    if (!row) return;
    this._active = i;
    sendIntent(this, 'candidate-select', { index: row.index });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'spn-leaderboard-table': LeaderboardTable;
  }
  interface HTMLElementEventMap {
    'candidate-select': CustomEvent<CandidateSelectDetail>;
  }
}
