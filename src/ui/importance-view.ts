/**
 * <spn-importance-view>: a simple parameter-importance view — each searched parameter's Spearman rank correlation
 * with mean top-5 over the scored candidates (parameterImportance, in the core), strongest first, as signed bars in a
 * table (readable as text). The method is named on the plot; with few candidates it is only a hint.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Importance } from '../core/search/spec-params';

@customElement('spn-importance-view')
export class ImportanceView extends LitElement {
  static override styles = css`
    :host { display: block; font-size: 12px; color: #3b4754; max-width: 460px; }
    table { border-collapse: collapse; width: 100%; }
    td, th { padding: 2px 6px; text-align: left; }
    td.rho { text-align: right; font-variant-numeric: tabular-nums; width: 56px; }
    .bar { position: relative; height: 10px; width: 200px; background: #f1f4f8; }
    .bar span { position: absolute; top: 0; height: 10px; }
    .pos { left: 50%; background: #d0461c; } .neg { right: 50%; background: #2f6fb8; }
    caption { text-align: left; font-weight: 600; margin-bottom: 4px; }
    .muted { color: #6b7785; }
  `;

  @property({ attribute: false }) importance: Importance[] = [];
  /** Scored candidates the correlations are over. */
  @property({ type: Number }) n = 0;

  override render() {
    if (this.n < 3) return html`<p>Parameter importance needs at least 3 scored candidates.</p>`;
    const varying = this.importance.filter((i) => !i.constant);
    const constant = this.importance.filter((i) => i.constant);
    return html`<table aria-label="Parameter importance">
      <caption>Parameter importance: Spearman rank correlation with mean top-5 (n = ${this.n})</caption>
      <tr><th>parameter</th><th>ρ</th><th>−1 … 0 … +1</th></tr>
      ${varying.map(
        (
          i,
        ) => html`<tr data-key=${i.key}><td>${i.label}</td><td class="rho">${Number.isNaN(i.rho) ? '—' : i.rho.toFixed(2)}</td>
        <td><div class="bar">${Number.isNaN(i.rho) ? '' : html`<span class=${i.rho >= 0 ? 'pos' : 'neg'} style="width: ${(50 * Math.abs(i.rho)).toFixed(1)}%"></span>`}</div></td></tr>`,
      )}
    </table>
    <p class="muted">ρ &gt; 0: larger values went with higher scores. Correlation over ${this.n} candidates is a hint, not a cause${constant.length ? `; constant in this run: ${constant.map((c) => c.label).join(', ')}` : ''}.</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'spn-importance-view': ImportanceView;
  }
}
