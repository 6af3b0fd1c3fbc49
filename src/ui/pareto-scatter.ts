/**
 * <spn-pareto-scatter>: mean top-5 validation accuracy against a chosen measure of cost — parameters, MACs,
 * inference patches/s or training time (log axis) — for the scored candidates, with the Pareto front for that
 * measure (paretoFrontBy, in the core) drawn as filled points joined by a step line. Points are focusable; Enter or
 * a click emits `candidate-select`, like the leaderboard.
 */
import { LitElement, css, html, svg } from 'lit';
import { sendIntent } from './intent';
import { RovingPoints } from './roving-points';
import { customElement, property, state } from 'lit/decorators.js';
import type { LeaderboardRow } from '../app/leaderboard-rows';
import { paretoFrontBy } from '../core/search/leaderboard';
import { linearTicks, logTicks } from '../core/search/plots';
import { plotStyles } from './shared-styles';
import { formatParams } from '../core/model/format-params';

const W = 460,
  H = 260;
const PAD = { left: 52, right: 14, top: 12, bottom: 38 };

export type ParetoX = 'params' | 'macs' | 'inferPatchesPerS' | 'trainSeconds';

/**
 * Ticks of the log x axis: 1, 2, 5 × 10^k, or, where the candidates span less than that (sizes 364 and 413 had only
 * "500" beside them), three round values across the range.
 */
function xTicks(lo: number, hi: number): number[] {
  const ticks = logTicks(lo, hi);
  return ticks.length >= 2 ? ticks : linearTicks(lo, hi, 3).filter((t) => t > 0);
}

const short = (v: number) => (v >= 1e9 ? `${v / 1e9}G` : v >= 1e6 ? `${v / 1e6}M` : v >= 1e3 ? `${v / 1e3}k` : `${v}`);
/** Each x axis: its label, which way is better, how a value reads, and "better" in words for the legend. */
export const PARETO_X: Record<
  ParetoX,
  { label: string; better: 'lower' | 'higher'; fmt: (v: number) => string; betterWords: string }
> = {
  params: { label: 'parameters', better: 'lower', fmt: formatParams, betterWords: 'fewer parameters' },
  macs: {
    label: 'multiply-adds per patch',
    better: 'lower',
    fmt: (v) => `${(v / 1e6).toFixed(1)} M MACs`,
    betterWords: 'fewer multiply-adds per patch',
  },
  inferPatchesPerS: {
    label: 'inference patches/s',
    better: 'higher',
    fmt: (v) => `${Math.round(v).toLocaleString('en')} patches/s`,
    betterWords: 'a faster inference',
  },
  trainSeconds: {
    label: 'training time (s)',
    better: 'lower',
    fmt: (v) => `${v.toFixed(1)} s training`,
    betterWords: 'a shorter training',
  },
};

@customElement('spn-pareto-scatter')
export class ParetoScatter extends LitElement {
  // plotStyles' host font and colour are what the legend and the x-axis label use.
  static override styles = [
    plotStyles,
    css`
      circle { cursor: pointer; }
      circle.off { fill: #fff; stroke: #7a8ca3; stroke-width: 1.5; }
      circle.front { fill: #d0461c; stroke: #7d2508; stroke-width: 1; }
      circle.selected { stroke: #1a4fa0; stroke-width: 3; }
      /* Last: the keyboard's ring must win over the classes' strokes (same specificity, so order decides). */
      circle:focus-visible { outline: none; stroke: #3b7ddd; stroke-width: 3; }
      polyline { fill: none; stroke: #d0461c; stroke-dasharray: 4 3; }
    `,
  ];

  @property({ attribute: false }) rows: LeaderboardRow[] = [];
  @property({ attribute: false }) selected: number | null = null;
  /** The cost measure on the x axis. */
  @state() x: ParetoX = 'params';
  private readonly _roving: RovingPoints = new RovingPoints(this);

  override render() {
    const ax = PARETO_X[this.x];
    const xv = (r: LeaderboardRow) => r[this.x];
    const pts = this.rows.filter((r) => !Number.isNaN(r.meanTop5) && xv(r) > 0 && Number.isFinite(xv(r)));
    const picker = html`<label>x axis <select class="x-axis" @change=${(e: Event) => (this.x = (e.target as HTMLSelectElement).value as ParetoX)}>
      ${Object.entries(PARETO_X).map(([k, v]) => html`<option value=${k} ?selected=${k === this.x}>${v.label}</option>`)}</select></label>`;
    if (!pts.length)
      return html`${picker}<p class="legend">The accuracy-vs-cost plot appears when candidates have results.</p>`;
    const front = paretoFrontBy(pts, xv, ax.better);
    const lx = pts.map((p) => Math.log10(xv(p)));
    const ys = pts.map((p) => p.meanTop5);
    const [x0, x1] = [Math.min(...lx) - 0.1, Math.max(...lx) + 0.1];
    const [y0, y1] = [Math.max(0, Math.min(...ys) - 0.02), Math.min(1, Math.max(...ys) + 0.02)];
    const sx = (v: number) => PAD.left + ((Math.log10(v) - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
    const sy = (acc: number) => H - PAD.bottom - ((acc - y0) / (y1 - y0 || 1)) * (H - PAD.top - PAD.bottom);
    // Step line along the front, from the cheapest end: accuracy holds until the next front point.
    const fp = pts
      .filter((p) => front.has(p.id))
      .sort((a, b) => (ax.better === 'lower' ? xv(a) - xv(b) : xv(b) - xv(a)));
    const line = fp.flatMap((p, i) => {
      const next = fp[i + 1];
      return next
        ? [`${sx(xv(p))},${sy(p.meanTop5)}`, `${sx(xv(next))},${sy(p.meanTop5)}`]
        : [`${sx(xv(p))},${sy(p.meanTop5)}`];
    });
    // Round percentages (they were the range cut in quarters: 31.3 %, 40.7 %, …).
    const yTicks = linearTicks(y0, y1, 4);
    // The keyboard goes along the x axis, cheapest first (the drawing order puts the front last).
    const order = [...pts].sort((a, b) => xv(a) - xv(b) || a.meanTop5 - b.meanTop5).map((p) => p.index);
    const tabStop = this._roving.tabStop(order, this.selected);
    return html`${picker}<svg viewBox="0 0 ${W} ${H}" width=${W} height=${H} role="group"
        aria-label=${`Mean top-5 validation accuracy against ${ax.label} (log scale); Pareto front in red: ${fp.map((p) => `#${p.index}`).join(', ')}`}>
      ${xTicks(10 ** x0, 10 ** x1).map(
        (t) => svg`<line class="grid" x1=${sx(t)} x2=${sx(t)} y1=${PAD.top} y2=${H - PAD.bottom}></line>
        <text x=${sx(t)} y=${H - PAD.bottom + 14} text-anchor="middle">${short(t)}</text>`,
      )}
      ${yTicks.map(
        (t) => svg`<line class="grid" x1=${PAD.left} x2=${W - PAD.right} y1=${sy(t)} y2=${sy(t)}></line>
        <text x=${PAD.left - 6} y=${sy(t) + 3} text-anchor="end">${+(100 * t).toFixed(1)}%</text>`,
      )}
      <line class="axis" x1=${PAD.left} x2=${W - PAD.right} y1=${H - PAD.bottom} y2=${H - PAD.bottom}></line>
      <line class="axis" x1=${PAD.left} x2=${PAD.left} y1=${PAD.top} y2=${H - PAD.bottom}></line>
      <text x=${(W + PAD.left) / 2} y=${H - 6} text-anchor="middle">${ax.label} (log scale)</text>
      <text class="y-label" transform="rotate(-90)" x=${-(PAD.top + (H - PAD.top - PAD.bottom) / 2)} y="11" text-anchor="middle">mean top-5 validation accuracy</text>
      <polyline points=${line.join(' ')}></polyline>
      ${
        // The front drawn last: a dominated candidate a pixel away must not hide a front point under its hollow circle.
        [...pts.filter((p) => !front.has(p.id)), ...pts.filter((p) => front.has(p.id))].map((p) => {
          const label = `#${p.index} ${p.id}: ${(100 * p.meanTop5).toFixed(1)} %, ${ax.fmt(xv(p))}${front.has(p.id) ? ' (Pareto front)' : ''}`;
          const select = (): void => sendIntent(this, 'candidate-select', { index: p.index });
          return svg`<circle data-id=${p.id} data-index=${p.index} cx=${sx(xv(p))} cy=${sy(p.meanTop5)} r="5" tabindex=${p.index === tabStop ? 0 : -1} role="button" aria-label=${label}
          class="${front.has(p.id) ? 'front' : 'off'} ${p.index === this.selected ? 'selected' : ''}" @click=${select}
          @focus=${() => this._roving.focused(p.index)} @keydown=${(e: KeyboardEvent) => this._roving.keydown(e, p.index, order, select)}><title>${label}</title></circle>`;
        })
      }
    </svg>
    <div class="legend">● Pareto front: no other candidate is at least as accurate with ${ax.betterWords}. ○ dominated.</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'spn-pareto-scatter': ParetoScatter;
  }
}
