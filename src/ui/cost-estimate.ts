/**
 * <spn-cost-estimate>: how long the entered search will take on this device, shown next to Start, and — when that
 * is over the budget (an hour) — one-click settings that fit it, each saying what the search gives up. Emits
 * `fit-apply` with the chosen settings and `device-measure` when the device has no probe yet.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { FocusKeeper } from './focus-keeper';
import { formatDuration, formatRange, type CostEstimate } from '../core/search/cost';
import type { FitOption } from '../core/search/fit-budget';
import type { SearchSettings } from '../core/search/settings';
import { outlineButtonStyles } from './shared-styles';

/** Settings chosen to fit the budget. */
export interface FitApplyDetail {
  settings: SearchSettings;
  kind: FitOption['kind'];
}

@customElement('spn-cost-estimate')
export class CostEstimateView extends LitElement {
  static override styles = [
    outlineButtonStyles,
    css`
      :host { display: block; font-size: 12px; color: #3b4754; max-width: 560px; }
      .estimate { font-size: 14px; font-weight: 600; color: #14202e; }
      .estimate.over { color: #9a3b00; }
      .basis { color: #6b7785; }
      ul { margin: 4px 0 0; padding-left: 0; list-style: none; }
      li { margin: 4px 0; }
      button { padding: 3px 10px; }
    `,
  ];

  /** Estimate of the entered settings; null when the device is not measured yet (or the settings are refused). */
  @property({ attribute: false }) estimate: CostEstimate | null = null;
  /** Settings changes that fit the budget (empty when the run fits already). */
  @property({ attribute: false }) options: FitOption[] = [];
  /** Budget the options fit, in seconds. */
  @property({ type: Number }) budget = 3600;
  /** The device probe is running. */
  @property({ type: Boolean }) measuring = false;
  /** Why there is no estimate (e.g. refused settings); empty: the device is unmeasured. */
  @property() reason = '';

  // Measure and a chosen fit option go away with the estimate they make: focus moves to the first way left to fit it,
  // else to the estimate (it fell to <body>, and a screen reader lost its place).
  protected readonly focusKeeper = new FocusKeeper(
    this,
    () =>
      this.shadowRoot?.querySelector<HTMLElement>('ul.fit button') ??
      this.shadowRoot?.querySelector<HTMLElement>('.estimate'),
  );

  override render() {
    const e = this.estimate;
    if (!e) {
      if (this.reason) return html`<p class="basis" role="status">${this.reason}</p>`;
      return html`<p role="status">Duration unknown: this device's speed has not been measured yet.
        <button type="button" class="measure" ?disabled=${this.measuring} @click=${this._measure}>${this.measuring ? 'Measuring…' : 'Measure this device (a few seconds)'}</button></p>`;
    }
    const over = e.seconds > this.budget;
    return html`<div role="status" aria-live="polite">
        <span class="estimate ${over ? 'over' : ''}" tabindex="-1" title=${`centre ${formatDuration(e.seconds)}`}>≈ ${formatRange(e.low, e.high)} on this device (${e.device})</span>
        <div class="basis">${e.basis}; one candidate ${formatRange(e.perCandidate.min, e.perCandidate.max)}; data set ${formatDuration(e.datasetSeconds)}.</div>
      </div>
      ${
        over && this.options.length
          ? html`<p>That is over ${formatDuration(this.budget)}. To fit in ${formatDuration(this.budget)}:</p>
            <ul class="fit" aria-label=${`Ways to fit in ${formatDuration(this.budget)}`}>${this.options.map(
              (o) => html`<li>
              <button type="button" data-kind=${o.kind} @click=${() => this._apply(o)}>Fit in ${formatDuration(this.budget)}: ${o.change}</button>
              → ≈ ${formatDuration(o.estimate.seconds)}. <span class="basis">Trade: ${o.trade}</span></li>`,
            )}</ul>`
          : over
            ? html`<p class="basis">No single change fits it in ${formatDuration(this.budget)}; lower several settings or use a faster device.</p>`
            : nothing
      }`;
  }

  private _apply(o: FitOption): void {
    this.dispatchEvent(
      new CustomEvent<FitApplyDetail>('fit-apply', {
        detail: { settings: o.settings, kind: o.kind },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private _measure = (): void => {
    this.dispatchEvent(new CustomEvent<null>('device-measure', { detail: null, bubbles: true, composed: true }));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'spn-cost-estimate': CostEstimateView;
  }
  interface HTMLElementEventMap {
    'fit-apply': CustomEvent<FitApplyDetail>;
    'device-measure': CustomEvent<null>;
  }
}
