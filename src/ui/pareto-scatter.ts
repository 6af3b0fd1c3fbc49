/**
 * <spn-pareto-scatter>: mean top-5 validation accuracy against parameter count (log axis) for the scored
 * candidates, with the Pareto front (onFront, computed in the core) drawn as filled points joined by a step line.
 * Clicking a point emits `candidate-select`, like the leaderboard.
 */
import { LitElement, css, html, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { LeaderboardRow } from '../app/leaderboard-rows';
import type { CandidateSelectDetail } from './leaderboard-table';

const W = 460, H = 260;
const PAD = { left: 52, right: 14, top: 12, bottom: 38 };

/** Round, readable ticks of a log axis between lo and hi (parameter counts). */
function logTicks(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= lo && v <= hi) out.push(v);
    }
  }
  return out;
}

@customElement('spn-pareto-scatter')
export class ParetoScatter extends LitElement {
  static override styles = css`
    :host { display: block; }
    svg { font-size: 10px; background: #fff; }
    .axis { stroke: #9aa7b8; }
    .grid { stroke: #eef1f4; }
    circle { cursor: pointer; }
    circle.off { fill: #fff; stroke: #7a8ca3; stroke-width: 1.5; }
    circle.front { fill: #d0461c; stroke: #7d2508; stroke-width: 1; }
    circle.selected { stroke: #1a4fa0; stroke-width: 3; }
    polyline { fill: none; stroke: #d0461c; stroke-dasharray: 4 3; }
    .legend { font-size: 12px; color: #3b4754; }
  `;

  @property({ attribute: false }) rows: LeaderboardRow[] = [];
  @property({ attribute: false }) selected: number | null = null;

  override render() {
    const pts = this.rows.filter((r) => !Number.isNaN(r.meanTop5) && r.params > 0);
    if (!pts.length) return html`<p class="legend">The accuracy-vs-size plot appears when candidates have results.</p>`;
    const lx = pts.map((p) => Math.log10(p.params));
    const ys = pts.map((p) => p.meanTop5);
    const [x0, x1] = [Math.min(...lx) - 0.1, Math.max(...lx) + 0.1];
    const [y0, y1] = [Math.max(0, Math.min(...ys) - 0.02), Math.min(1, Math.max(...ys) + 0.02)];
    const sx = (params: number) => PAD.left + ((Math.log10(params) - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
    const sy = (acc: number) => H - PAD.bottom - ((acc - y0) / (y1 - y0 || 1)) * (H - PAD.top - PAD.bottom);
    const front = pts.filter((p) => p.onFront).sort((a, b) => a.params - b.params);
    // Step line: from each front point, accuracy holds until the next (larger, more accurate) one.
    const line = front.flatMap((p, i) => {
      const next = front[i + 1];
      return next ? [`${sx(p.params)},${sy(p.meanTop5)}`, `${sx(next.params)},${sy(p.meanTop5)}`] : [`${sx(p.params)},${sy(p.meanTop5)}`];
    });
    const yTicks = Array.from({ length: 5 }, (_, i) => y0 + ((y1 - y0) * i) / 4);
    return html`<svg viewBox="0 0 ${W} ${H}" width=${W} height=${H} role="img" aria-label="Mean top-5 validation accuracy against parameters; Pareto front in red">
      ${logTicks(10 ** x0, 10 ** x1).map((t) => svg`<line class="grid" x1=${sx(t)} x2=${sx(t)} y1=${PAD.top} y2=${H - PAD.bottom}></line>
        <text x=${sx(t)} y=${H - PAD.bottom + 14} text-anchor="middle">${t >= 1e6 ? `${t / 1e6}M` : `${t / 1e3}k`}</text>`)}
      ${yTicks.map((t) => svg`<line class="grid" x1=${PAD.left} x2=${W - PAD.right} y1=${sy(t)} y2=${sy(t)}></line>
        <text x=${PAD.left - 6} y=${sy(t) + 3} text-anchor="end">${(100 * t).toFixed(1)}%</text>`)}
      <line class="axis" x1=${PAD.left} x2=${W - PAD.right} y1=${H - PAD.bottom} y2=${H - PAD.bottom}></line>
      <line class="axis" x1=${PAD.left} x2=${PAD.left} y1=${PAD.top} y2=${H - PAD.bottom}></line>
      <text x=${(W + PAD.left) / 2} y=${H - 6} text-anchor="middle">parameters (log scale)</text>
      <polyline points=${line.join(' ')}></polyline>
      ${pts.map((p) => svg`<circle data-id=${p.id} data-index=${p.index} cx=${sx(p.params)} cy=${sy(p.meanTop5)} r="5"
          class="${p.onFront ? 'front' : 'off'} ${p.index === this.selected ? 'selected' : ''}" @click=${() => this._select(p.index)}>
          <title>#${p.index} ${p.id}: ${(100 * p.meanTop5).toFixed(1)} %, ${(p.params / 1e6).toFixed(2)} M params${p.onFront ? ' (Pareto front)' : ''}</title></circle>`)}
    </svg>
    <div class="legend">● Pareto front: no other candidate is as accurate with fewer parameters. ○ dominated.</div>`;
  }

  private _select(index: number): void {
    this.dispatchEvent(new CustomEvent<CandidateSelectDetail>('candidate-select', { detail: { index }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap { 'spn-pareto-scatter': ParetoScatter }
}
