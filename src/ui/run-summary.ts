/**
 * <spn-run-summary>: one paragraph on the open run — how pruning saved time, and, once the run has been worked on,
 * how long it took against the duration estimated before its start (actual / estimate, so the estimate's quality
 * on this device is visible).
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { RunRecord } from '../db/schema';
import { formatDuration, formatRange } from '../core/search/cost';

@customElement('spn-run-summary')
export class RunSummary extends LitElement {
  static override styles = css`
    :host { display: block; font-size: 12px; color: #6b7785; }
    p { margin: 4px 0; }
    strong { color: #14202e; }
  `;

  @property({ attribute: false }) run: RunRecord | null = null;
  @property({ attribute: false }) savings: { savedMinutes: number; prunedCount: number } = {
    savedMinutes: 0,
    prunedCount: 0,
  };

  override render() {
    const run = this.run;
    if (!run) return nothing;
    const s = this.savings;
    return html`<p class="savings">${
      s.prunedCount
        ? `Pruning stopped ${s.prunedCount} candidate${s.prunedCount === 1 ? '' : 's'} early, saving about ${s.savedMinutes.toFixed(1)} minutes of training.`
        : run.settings.pruning
          ? run.status === 'running' || run.status === 'interrupted'
            ? 'Pruning is on; no candidate has been stopped early yet.'
            : 'Pruning was on; no candidate was stopped early.'
          : 'Pruning is off for this run.'
    }</p>
      ${this._duration(run)}${this._overrun(run)}`;
  }

  /**
   * A time budget limits when candidates START: one that started just before it ran out trains to its end, so a short
   * budget can be overrun several times (0.1 min took 31 s) — said, not left for the user to wonder at.
   */
  private _overrun(run: RunRecord) {
    const limit = run.settings.limit;
    const spent = run.timings.budgetSeconds ?? 0;
    if (limit.kind !== 'time' || run.status !== 'finished' || !(spent > limit.minutes * 60 * 1.05)) return nothing;
    return html`<p class="overrun">The time budget of ${formatDuration(limit.minutes * 60)} ran out while candidates
      trained; those that had started finished, so training took ${formatDuration(spent)}.</p>`;
  }

  private _duration(run: RunRecord) {
    const worked = run.timings.workSeconds;
    const e = run.estimate;
    if (!worked)
      return e
        ? html`<p class="duration">Estimated before the start: ≈ ${formatRange(e.low, e.high)} (${e.device}).</p>`
        : nothing;
    const finished = run.status === 'finished';
    const took = html`${finished ? 'Took' : 'Worked on so far'} <strong>${formatDuration(worked)}</strong>`;
    if (!e)
      return html`<p class="duration">${took} (no estimate was made before the start: the device was not measured).</p>`;
    // Judged on the figure shown: 0.497 reads "0.50", which is not "off by more than a factor of 2".
    const ratio = Number((worked / e.seconds).toFixed(2));
    return html`<p class="duration">${took}; estimated ≈ ${formatRange(e.low, e.high)} before the start (${e.device}).
      ${finished ? html`Actual / estimate: <strong class="ratio">${ratio.toFixed(2)}</strong>${ratio > 2 || ratio < 0.5 ? ' — off by more than a factor of 2 on this device.' : '.'}` : nothing}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'spn-run-summary': RunSummary;
  }
}
