/**
 * <spn-run-plots>: the open run's plots — history with the best so far, every validation curve overlaid (live, ASHA
 * rungs, smoothing, log-y), parallel coordinates of the searched parameters with brushing, and parameter
 * importance. Only lays them out and passes data down; their events (`candidate-select`, `brush-change`) bubble.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { LeaderboardRow } from '../app/leaderboard-rows';
import type { CurveSeries } from '../app/curve-series';
import type { CandidateRecord } from '../db/schema';
import type { Importance } from '../core/search/spec-params';
import './history-plot';
import './curves-overlay';
import './parallel-coords';
import './importance-view';

@customElement('spn-run-plots')
export class RunPlots extends LitElement {
  static override styles = css`
    :host { display: block; }
    .cols { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; margin-top: 12px; }
    h3 { font-size: 13px; margin: 0 0 4px; }
  `;

  @property({ attribute: false }) rows: LeaderboardRow[] = [];
  @property({ attribute: false }) candidates: CandidateRecord[] = [];
  @property({ attribute: false }) curves: CurveSeries[] = [];
  @property({ attribute: false }) rungs: number[] = [];
  @property({ attribute: false }) importance: Importance[] = [];
  @property({ attribute: false }) selected: number | null = null;

  override render() {
    const scored = this.rows.filter((r) => !Number.isNaN(r.meanTop5)).length;
    const score = new Map(this.rows.map((r) => [r.index, r.meanTop5]));
    return html`<div class="cols">
        <div><h3>History</h3><spn-history-plot .rows=${this.rows} .selected=${this.selected}></spn-history-plot></div>
        <div><h3>Validation curves</h3><spn-curves-overlay .series=${this.curves} .rungs=${this.rungs} .selected=${this.selected}></spn-curves-overlay></div>
      </div>
      <div class="cols">
        <div><h3>Parameters (drag along an axis to filter the leaderboard)</h3>
          <spn-parallel-coords .items=${this.candidates.map((c) => ({ id: c.id, index: c.index, spec: c.spec, score: score.get(c.index) ?? NaN }))}></spn-parallel-coords></div>
        <div><h3>Importance</h3><spn-importance-view .importance=${this.importance} .n=${scored}></spn-importance-view></div>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'spn-run-plots': RunPlots;
  }
}
