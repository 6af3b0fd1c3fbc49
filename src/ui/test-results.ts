/**
 * <spn-test-results>: a candidate's held-out test result — accuracy, the confusion matrix, and accuracy per generator
 * kind (named by KIND_WORDS; ids it does not know are shown as "kind N"). The off-diagonal cells are buttons
 * that emit `patches-open` with the misclassified test patches of that cell, which the app shows in the Data gallery.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { TestResult } from '../core/train/trainer';
import { kindWords } from './patch-words';
import { numberTableStyles } from './shared-styles';

/** Misclassified test patches of one confusion cell (true class → predicted class), by test-set index. */
export interface PatchesOpenDetail {
  trueClass: number;
  predicted: number;
  indices: number[];
}

const CLASS_NAMES = ['not BSR', 'BSR'] as const;
const pct = (v: number) => `${(100 * v).toFixed(1)} %`;

@customElement('spn-test-results')
export class TestResults extends LitElement {
  static override styles = [
    numberTableStyles,
    css`
      :host { display: flex; flex-wrap: wrap; gap: 24px; font-size: 12px; }
      table.confusion td { min-width: 60px; font-variant-numeric: tabular-nums; }
      td button { font: inherit; color: #b0161b; background: #fff5f4; border: 1px solid #e8b4b0; border-radius: 4px; cursor: pointer; padding: 1px 8px; }
      caption { text-align: left; }
    `,
  ];

  @property({ attribute: false }) test: TestResult | null = null;

  override render() {
    const t = this.test;
    if (!t) return html`<p>No held-out test result.</p>`;
    const wrong = t.wrong;
    return html`<table class="confusion" aria-label="Confusion matrix">
        <caption>Held-out test accuracy: <strong class="test-accuracy">${pct(t.accuracy)}</strong>${wrong ? html`<br />Errors open in the Data gallery.` : ''}</caption>
        <thead><tr><th>true \\ predicted</th>${CLASS_NAMES.map((n) => html`<th scope="col">${n}</th>`)}</tr></thead>
        <tbody>${t.confusion.map(
          (row, tc) =>
            html`<tr><th scope="row">${CLASS_NAMES[tc]}</th>${row.map(
              (v, pc) =>
                html`<td>${
                  tc !== pc && wrong?.[tc]?.length
                    ? html`<button type="button" data-true=${tc} data-predicted=${pc} aria-label=${`${v} ${CLASS_NAMES[tc]} patches predicted ${CLASS_NAMES[pc]}: open in the Data gallery`}
              @click=${() => this._open(tc, pc)}>${v}</button>`
                    : v
                }</td>`,
            )}</tr>`,
        )}</tbody>
      </table>
      ${
        t.perKind
          ? html`<table class="per-kind" aria-label="Test accuracy per generator kind">
        <caption>Test accuracy per generator kind</caption>
        <thead><tr><th>kind</th><th>patches</th><th>correct</th><th>accuracy</th></tr></thead>
        <tbody>${t.perKind
          .filter((k) => k.count > 0)
          .map(
            (k) => html`<tr data-kind=${k.kind}><td>${kindWords(k.kind)}</td>
          <td>${k.count}</td><td>${k.correct}</td><td>${pct(k.correct / k.count)}</td></tr>`,
          )}</tbody>
      </table>`
          : html`<p>No per-kind result (this candidate was trained before kinds were recorded).</p>`
      }`;
  }

  private _open(trueClass: number, predicted: number): void {
    const indices = this.test?.wrong?.[trueClass as 0 | 1];
    if (!indices) return;
    this.dispatchEvent(
      new CustomEvent<PatchesOpenDetail>('patches-open', {
        detail: { trueClass, predicted, indices },
        bubbles: true,
        composed: true,
      }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'spn-test-results': TestResults;
  }
  interface HTMLElementEventMap {
    'patches-open': CustomEvent<PatchesOpenDetail>;
  }
}
