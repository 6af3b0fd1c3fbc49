/**
 * <spn-candidate-detail>: one candidate — training curves (uPlot: accuracy and loss, training vs validation),
 * its layer table, and the held-out test result (<spn-test-results>: confusion matrix, accuracy per kind). Emits `model-export` for its buttons.
 */
import { LitElement, css, html, nothing, unsafeCSS, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import type { CandidateRecord } from '../db/schema';
import type { LayerRow } from '../core/model';
import { INPUT_SIZE } from '../core/model/graph';
import { PATCH_SIDE } from '../core/synthetic/types';
import type { CurvePoint, StopReason } from '../core/train/trainer';
import './test-results';
import { numberTableStyles, outlineButtonStyles } from './shared-styles';

/** A download of a candidate's model: the app's JSON file or the tfjs pair (model.json + weights.bin). */
export interface ModelExportDetail {
  index: number;
  format: 'json' | 'tfjs';
}

/** How training ended, in words (the trainer's codes). */
const STOPPED_BY: Readonly<Record<StopReason, string>> = {
  'max-epochs': 'trained to its epoch limit',
  'early-stop': 'stopped early (validation loss no longer improving)',
  pruned: 'pruned at a rung (behind its peers)',
  cancelled: 'cancelled',
};

/**
 * How long it trained, in words: an epoch limit is reached at an epoch's end, but a candidate pruned, stopped early or
 * cancelled stops at a validation step, within its last epoch ("after 2 epochs (30 steps)" read as two whole epochs
 * where 30 steps were one and a few).
 */
function trainedFor(r: { stoppedBy: StopReason; epochs: number; steps: number }): string {
  const steps = `${r.steps.toLocaleString()} step${r.steps === 1 ? '' : 's'}`;
  return r.stoppedBy === 'max-epochs'
    ? `after ${r.epochs} epoch${r.epochs === 1 ? '' : 's'} (${steps})`
    : `in epoch ${r.epochs} (after ${steps})`;
}

/** Why a candidate has no weights to export: merged from a results file (they carry none), or not among the best kept. */
function noWeightsReason(c: CandidateRecord | null): string {
  if (c && c.origin !== 'local') return `its result was merged from ${c.origin}: results files carry no weights`;
  // Not trained (yet): "not among the best" would blame a candidate that has no result to be ranked by.
  if (c?.status === 'queued' || c?.status === 'running')
    return `it is ${c.status === 'queued' ? 'waiting to be trained' : 'training'}: weights are kept when it finishes among the run's best`;
  if (c?.status === 'failed') return 'it failed: no weights were kept';
  return "weights are kept only for the run's best candidates";
}

@customElement('spn-candidate-detail')
export class CandidateDetail extends LitElement {
  static override styles = [
    numberTableStyles,
    outlineButtonStyles,
    unsafeCSS(uplotCss),
    css`
      :host { display: block; font-size: 12px; }
      h3 { font-size: 14px; margin: 0 0 6px; }
      .charts { display: flex; flex-wrap: wrap; gap: 12px; }
      .layers { max-height: 260px; overflow: auto; }
      .layers caption { text-align: left; font-size: 12px; color: #6b7785; padding: 2px 0 4px; }
      .error { color: #b0161b; }
      .u-legend { font-size: 12px; }
      .u-title { font-size: 13px; }
      button { padding: 4px 10px; }
    `,
  ];

  /** The candidate shown. */
  @property({ attribute: false }) candidate: CandidateRecord | null = null;
  /** Its layer table (layerTable(spec)). */
  @property({ attribute: false }) layers: LayerRow[] = [];
  /** Its weights are stored, so it can be exported. */
  @property({ type: Boolean }) exportable = false;
  private charts: uPlot[] = [];

  override render() {
    const c = this.candidate;
    if (!c) return html`<p>Select a candidate in the leaderboard.</p>`;
    const r = c.result;
    return html`
      <h3>Candidate #${c.index} <code>${c.id}</code> — ${c.status}${r ? html`, ${STOPPED_BY[r.stoppedBy]} ${trainedFor(r)}` : nothing}</h3>
      ${c.backend ? html`<p>Backend: ${c.backend}${c.backendReason ? ` (${c.backendReason})` : ''}${c.retried ? html` — retried after failing on ${c.retried.firstBackend}: ${c.retried.error}` : nothing}</p>` : nothing}
      ${c.error ? html`<p class="error">Failed: ${c.error}</p>` : nothing}
      <div>
        <button type="button" ?disabled=${!this.exportable} @click=${() => this._export('json')}>Export model JSON</button>
        <button type="button" ?disabled=${!this.exportable} @click=${() => this._export('tfjs')}>Export tfjs model.json + weights.bin</button>
        ${this.exportable ? nothing : html`<span>(${noWeightsReason(this.candidate)})</span>`}
      </div>
      <div class="charts"><div class="chart acc"></div><div class="chart loss"></div></div>
      <spn-test-results .test=${r?.test ?? null}></spn-test-results>
      <div class="layers"><table aria-label="Layers">
        <caption>Layers at the network's ${INPUT_SIZE} × ${INPUT_SIZE} input (the ${PATCH_SIDE} × ${PATCH_SIDE} patches are resized to it)</caption>
        <thead><tr><th>Layer</th><th>Kind</th><th>Kernel</th><th>Stride</th><th>Width</th><th>Output</th><th>Activation</th><th>Params</th><th>MACs</th></tr></thead>
        <tbody>${this.layers.map(
          (
            l,
          ) => html`<tr><td>${l.layer}</td><td>${l.kind}</td><td>${l.kernel}</td><td>${l.stride}</td><td>${l.width}</td>
          <td>${l.outputShape.join('×')}</td><td>${l.activation}</td><td>${l.params.toLocaleString()}</td><td>${l.macs.toLocaleString()}</td></tr>`,
        )}</tbody>
      </table></div>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('candidate')) this._drawCharts();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._destroyCharts();
  }

  private _drawCharts(): void {
    this._destroyCharts();
    const curves = this.candidate?.result?.curves;
    const acc = this.renderRoot.querySelector<HTMLElement>('.chart.acc');
    const loss = this.renderRoot.querySelector<HTMLElement>('.chart.loss');
    if (!curves || !acc || !loss) return;
    const width = Math.max(280, Math.min(460, (this.clientWidth || 920) / 2 - 12));
    const chart = (el: HTMLElement, title: string, pick: (p: CurvePoint) => number, percent = false) => {
      const data = uPlot.join([
        [curves.train.map((p) => p.step), curves.train.map(pick)],
        [curves.val.map((p) => p.step), curves.val.map(pick)],
      ]);
      const opts: uPlot.Options = {
        title,
        width,
        height: 200,
        legend: { live: false },
        scales: { x: { time: false } },
        // Accuracy in % as the leaderboard gives it (uPlot would label fractions).
        axes: [
          { label: 'step' },
          percent ? { values: (_u, ticks) => ticks.map((v) => `${+(v * 100).toFixed(1)} %`) } : {},
        ],
        series: [
          { label: 'step' },
          { label: 'training', stroke: '#7a8ca3', spanGaps: true },
          { label: 'validation', stroke: '#d0461c', width: 2, spanGaps: true },
        ],
      };
      this.charts.push(new uPlot(opts, data, el));
    };
    chart(acc, 'Accuracy', (p) => p.acc, true);
    chart(loss, 'Loss', (p) => p.loss);
  }

  private _destroyCharts(): void {
    for (const c of this.charts) c.destroy();
    this.charts = [];
  }

  private _export(format: 'json' | 'tfjs'): void {
    if (!this.candidate) return;
    this.dispatchEvent(
      new CustomEvent<ModelExportDetail>('model-export', {
        detail: { index: this.candidate.index, format },
        bubbles: true,
        composed: true,
      }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'spn-candidate-detail': CandidateDetail;
  }
  interface HTMLElementEventMap {
    'model-export': CustomEvent<ModelExportDetail>;
  }
}
