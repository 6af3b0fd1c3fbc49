/**
 * <spn-curves-overlay>: every candidate's validation curve on one plot (accuracy or loss against step), live for
 * candidates in training, with the run's ASHA rungs as dashed lines, an EMA smoothing slider and a log y axis for
 * the loss. The legend lists each candidate as a button (keyboard: Tab + Enter) that emits `candidate-select`;
 * with the plot's label it is the text alternative.
 */
import { LitElement, css, html, nothing, svg } from 'lit';
import { sendIntent } from './intent';
import { customElement, property, state } from 'lit/decorators.js';
import type { CurveSeries } from '../app/curve-series';
import { emaSmooth, linearTicks, logTicks } from '../core/search/plots';
import { plotStyles } from './shared-styles';

const W = 460,
  H = 240;
const PAD = { left: 52, right: 12, top: 10, bottom: 34 };
const fmt = (v: number, loss: boolean) => (loss ? v.toPrecision(3) : `${(100 * v).toFixed(1)} %`);

@customElement('spn-curves-overlay')
export class CurvesOverlay extends LitElement {
  static override styles = [
    plotStyles,
    css`
    .rung { stroke: #9a5b00; stroke-dasharray: 3 3; }
    polyline { fill: none; stroke: #7a8ca3; stroke-width: 1.2; opacity: 0.7; cursor: pointer; }
    polyline.live { stroke: #2f6fb8; stroke-dasharray: 5 2; }
    polyline.selected { stroke: #d0461c; stroke-width: 2.5; opacity: 1; }
    circle.end { fill: #7a8ca3; pointer-events: none; }
    circle.end.live { fill: #2f6fb8; }
    circle.end.selected { fill: #d0461c; }
    .controls { display: flex; gap: 14px; align-items: center; flex-wrap: wrap; margin-bottom: 4px; }
    ul { display: flex; flex-wrap: wrap; gap: 4px; list-style: none; padding: 0; margin: 4px 0 0; }
    ul button { font: inherit; font-size: 11px; border: 1px solid #dde3ea; border-radius: 4px; background: #fff; cursor: pointer; padding: 1px 5px; }
    ul button[aria-pressed='true'] { border-color: #d0461c; color: #d0461c; }
  `,
  ];

  @property({ attribute: false }) series: CurveSeries[] = [];
  /** ASHA rung step budgets of the run (empty without pruning). */
  @property({ attribute: false }) rungs: number[] = [];
  @property({ attribute: false }) selected: number | null = null;
  @state() metric: 'acc' | 'loss' = 'acc';
  /** EMA weight, 0 = raw. */
  @state() smoothing = 0;
  @state() logY = true;

  override render() {
    const loss = this.metric === 'loss';
    const log = loss && this.logY;
    const lines = this.series.map((s) => ({
      s,
      ys: emaSmooth(
        s.points.map((p) => p[this.metric]),
        this.smoothing,
      ),
    }));
    const all = lines.flatMap((l) => l.ys).filter((v) => Number.isFinite(v) && (!log || v > 0));
    const steps = this.series.flatMap((s) => s.points.map((p) => p.step));
    const controls = html`<div class="controls">
      <label>Show <select class="metric" @change=${(e: Event) => (this.metric = (e.target as HTMLSelectElement).value as 'acc' | 'loss')}>
        <option value="acc" ?selected=${!loss}>validation accuracy</option><option value="loss" ?selected=${loss}>validation loss</option></select></label>
      <label>Smoothing <input type="range" class="smoothing" min="0" max="0.95" step="0.05" .value=${String(this.smoothing)}
        aria-valuetext=${this.smoothing ? `EMA weight ${this.smoothing}` : 'off'} @input=${(e: Event) => (this.smoothing = (e.target as HTMLInputElement).valueAsNumber)} />
        ${this.smoothing ? this.smoothing.toFixed(2) : 'off'}</label>
      <label><input type="checkbox" class="log-y" .checked=${this.logY} ?disabled=${!loss}
        title=${loss ? '' : 'applies to the loss: accuracy is plotted on a linear axis'} @change=${(e: Event) => (this.logY = (e.target as HTMLInputElement).checked)} /> log y (loss)</label>
    </div>`;
    if (!all.length) return html`${controls}<p>Validation curves appear as candidates train.</p>`;
    const xMax = Math.max(...steps, 1);
    const tr = (v: number) => (log ? Math.log10(v) : v);
    // A margin above and below, so the highest and lowest points (and the dots where curves end) clear the frame.
    const [min, max] = [Math.min(...all.map(tr)), Math.max(...all.map(tr))];
    const margin = (max - min) * 0.06 || 0.01;
    const [lo, hi] = [min - margin, max + margin];
    const sx = (x: number) => PAD.left + (x / xMax) * (W - PAD.left - PAD.right);
    const sy = (v: number) => H - PAD.bottom - ((tr(v) - lo) / (hi - lo || 1)) * (H - PAD.top - PAD.bottom);
    const yTicks = log ? logTicks(10 ** lo, 10 ** hi) : linearTicks(lo, hi, 4);
    const shownRungs = this.rungs.filter((r) => r <= xMax);
    return html`${controls}<svg viewBox="0 0 ${W} ${H}" width=${W} height=${H} role="group"
        aria-label=${`Validation ${loss ? 'loss' : 'accuracy'} of ${this.series.length} candidates against training step${shownRungs.length ? `; ASHA rungs at steps ${shownRungs.join(', ')}` : ''}${this.smoothing ? `; smoothed (EMA ${this.smoothing})` : ''}`}>
      ${yTicks.map(
        (t) => svg`<line class="grid" x1=${PAD.left} x2=${W - PAD.right} y1=${sy(t)} y2=${sy(t)}></line>
        <text x=${PAD.left - 6} y=${sy(t) + 3} text-anchor="end">${loss ? t.toPrecision(2) : `${(100 * t).toFixed(0)} %`}</text>`,
      )}
      ${linearTicks(0, xMax, 5).map((t) => svg`<text x=${sx(t)} y=${H - PAD.bottom + 14} text-anchor="middle">${t}</text>`)}
      ${shownRungs.map(
        (r) => svg`<line class="rung" data-step=${r} x1=${sx(r)} x2=${sx(r)} y1=${PAD.top} y2=${H - PAD.bottom}></line>
        <text x=${sx(r) + 3} y=${PAD.top + 9} fill="#9a5b00">rung ${r}</text>`,
      )}
      <line class="axis" x1=${PAD.left} x2=${W - PAD.right} y1=${H - PAD.bottom} y2=${H - PAD.bottom}></line>
      <line class="axis" x1=${PAD.left} x2=${PAD.left} y1=${PAD.top} y2=${H - PAD.bottom}></line>
      <text x=${(W + PAD.left) / 2} y=${H - 6} text-anchor="middle">training step${log ? ' — log y' : ''}</text>
      ${lines.map(({ s, ys }) => {
        const shown = s.points
          .map((p, i) => [p.step, ys[i] as number] as const)
          .filter(([, v]) => Number.isFinite(v) && (!log || v > 0));
        const cls = `${s.live ? 'live' : ''} ${s.index === this.selected ? 'selected' : ''}`;
        const end = shown[shown.length - 1];
        // A dot where each curve ends: a candidate validated once (a short run) has no line to draw, only the dot.
        return svg`<polyline data-index=${s.index} class=${cls} points=${shown.map(([x, v]) => `${sx(x)},${sy(v)}`).join(' ')}
        @click=${() => sendIntent(this, 'candidate-select', { index: s.index })}><title>#${s.index}${s.live ? ' (training)' : ''}</title></polyline>
        ${end ? svg`<circle class="end ${cls}" data-index=${s.index} cx=${sx(end[0])} cy=${sy(end[1])} r="2.5"></circle>` : nothing}`;
      })}
    </svg>
    <ul aria-label="Candidates on the plot">${lines.map(({ s, ys }) => {
      const last = s.points[s.points.length - 1];
      return html`<li><button type="button" data-index=${s.index} aria-pressed=${s.index === this.selected ? 'true' : 'false'} @click=${() => sendIntent(this, 'candidate-select', { index: s.index })}
        title=${`last at step ${last?.step}: ${fmt(ys[ys.length - 1] as number, loss)}`}>#${s.index}${s.live ? ' ●' : ''}</button></li>`;
    })}</ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'spn-curves-overlay': CurvesOverlay;
  }
}
