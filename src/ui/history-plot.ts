/**
 * <spn-history-plot>: the run's history — each scored candidate's mean top-5 validation accuracy in the order it
 * was sampled, with the best-so-far line (how the search improved over time). One tab stop, arrows along the
 * points (roving-points.ts); Enter or a click emits `candidate-select`. A data table under a disclosure is the text alternative.
 */
import { LitElement, css, html, svg } from 'lit';
import { sendIntent } from './intent';
import { RovingPoints } from './roving-points';
import { customElement, property } from 'lit/decorators.js';
import type { LeaderboardRow } from '../app/leaderboard-rows';
import { bestSoFar, linearTicks } from '../core/search/plots';
import { plotStyles } from './shared-styles';

const W = 460,
  H = 220;
const PAD = { left: 48, right: 12, top: 10, bottom: 34 };
const pct = (v: number) => (Number.isNaN(v) ? '—' : `${(100 * v).toFixed(1)} %`);

@customElement('spn-history-plot')
export class HistoryPlot extends LitElement {
  static override styles = [
    plotStyles,
    css`
    circle { cursor: pointer; fill: #2f6fb8; }
    circle.pruned { fill: #fff; stroke: #2f6fb8; stroke-width: 1.5; }
    circle.selected { stroke: #d0461c; stroke-width: 3; }
    circle:focus-visible { outline: none; stroke: #3b7ddd; stroke-width: 3; }
    polyline.best { fill: none; stroke: #d0461c; stroke-width: 2; }
    table { border-collapse: collapse; } td, th { padding: 1px 8px; text-align: right; }
  `,
  ];

  @property({ attribute: false }) rows: LeaderboardRow[] = [];
  @property({ attribute: false }) selected: number | null = null;
  private readonly _roving: RovingPoints = new RovingPoints(this);

  override render() {
    const byIndex = [...this.rows].sort((a, b) => a.index - b.index);
    const scored = byIndex.filter((r) => !Number.isNaN(r.meanTop5));
    if (!scored.length) return html`<p>The history appears when candidates have results.</p>`;
    const best = bestSoFar(scored.map((r) => r.meanTop5));
    const n = Math.max(...byIndex.map((r) => r.index)) + 1;
    const ys = scored.map((r) => r.meanTop5);
    const [y0, y1] = [Math.max(0, Math.min(...ys) - 0.02), Math.min(1, Math.max(...ys) + 0.02)];
    const sx = (i: number) => PAD.left + ((i + 0.5) / n) * (W - PAD.left - PAD.right);
    const sy = (v: number) => H - PAD.bottom - ((v - y0) / (y1 - y0 || 1)) * (H - PAD.top - PAD.bottom);
    const line = scored.flatMap((r, k) => {
      const next = scored[k + 1];
      const b = best[k] as number;
      return [`${sx(r.index)},${sy(b)}`, `${sx(next ? next.index : n - 0.5)},${sy(b)}`];
    });
    const top = scored[best.indexOf(best[best.length - 1] as number)] as LeaderboardRow;
    const order = scored.map((r) => r.index);
    const tabStop = this._roving.tabStop(order, this.selected);
    return html`<svg viewBox="0 0 ${W} ${H}" width=${W} height=${H} role="group"
        aria-label=${`History: ${scored.length} scored candidates in sampling order; best so far ${pct(top.meanTop5)}, reached at #${top.index}`}>
      ${linearTicks(y0, y1, 4).map(
        (t) => svg`<line class="grid" x1=${PAD.left} x2=${W - PAD.right} y1=${sy(t)} y2=${sy(t)}></line>
        <text x=${PAD.left - 6} y=${sy(t) + 3} text-anchor="end">${(100 * t).toFixed(0)}%</text>`,
      )}
      ${linearTicks(0, n - 1, 6)
        .filter((t) => Number.isInteger(t))
        .map((t) => svg`<text x=${sx(t)} y=${H - PAD.bottom + 14} text-anchor="middle">#${t}</text>`)}
      <line class="axis" x1=${PAD.left} x2=${W - PAD.right} y1=${H - PAD.bottom} y2=${H - PAD.bottom}></line>
      <line class="axis" x1=${PAD.left} x2=${PAD.left} y1=${PAD.top} y2=${H - PAD.bottom}></line>
      <text x=${(W + PAD.left) / 2} y=${H - 6} text-anchor="middle">candidate (sampling order) — mean top-5 val acc; red: best so far</text>
      <polyline class="best" points=${line.join(' ')}></polyline>
      ${scored.map((r) => {
        const label = `#${r.index}: ${pct(r.meanTop5)} (${r.status})`;
        const select = (): void => sendIntent(this, 'candidate-select', { index: r.index });
        return svg`<circle data-index=${r.index} cx=${sx(r.index)} cy=${sy(r.meanTop5)} r="4.5" tabindex=${r.index === tabStop ? 0 : -1} role="button" aria-label=${label}
          class="${r.status === 'pruned' ? 'pruned' : ''} ${r.index === this.selected ? 'selected' : ''}" @click=${select}
          @focus=${() => this._roving.focused(r.index)} @keydown=${(e: KeyboardEvent) => this._roving.keydown(e, r.index, order, select)}><title>${label}</title></circle>`;
      })}
    </svg>
    <details><summary>History as a table</summary><table aria-label="History">
      <tr><th>candidate</th><th>mean top-5</th><th>best so far</th><th>status</th></tr>
      ${scored.map((r, k) => html`<tr><td>#${r.index}</td><td>${pct(r.meanTop5)}</td><td class="best">${pct(best[k] as number)}</td><td>${r.status}</td></tr>`)}
    </table></details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'spn-history-plot': HistoryPlot;
  }
}
