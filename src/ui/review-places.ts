/**
 * <spn-review-places>: where the current model's map is surest of a BSR outside the marks (core/finetune/review.ts),
 * strongest first, each with "Look" (the patch the network saw there, in the saliency view) and one-click answers
 * that add a BSR or a not-BSR mark around it. The places are outlined on the section too. Renders and emits intents.
 */
import { LitElement, css, html, nothing, unsafeCSS } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ReviewPlace } from '../core/finetune/review';
import type { Mark } from '../core/finetune/marks';
import { sendIntent } from './intent';
import { panelStyles } from './shared-styles';
import { FocusKeeper, enabledButton } from './focus-keeper';

/** Detail of `review-look`: the patch centre to show, in the whole line's traces and samples. */
export interface ReviewLookDetail {
  trace: number;
  sample: number;
}

/** The colour the section outlines places to review in (neither a mark's pink nor blue, nor the horizon's green). */
export const REVIEW_COLOR = '#f59e0b';

/** A patch centre's trace as the run line names the strongest patch's (a centre between two traces: the first). */
function traceWords(trace: number): string {
  return String(Math.floor(trace));
}

@customElement('spn-review-places')
export class ReviewPlaces extends LitElement {
  static override styles = [
    panelStyles,
    css`
      table { border-collapse: collapse; }
      td, th { padding: 2px 8px; text-align: right; }
      td.answer { text-align: left; white-space: nowrap; }
      .swatch { display: inline-block; width: 10px; height: 10px; border: 2px dashed ${unsafeCSS(REVIEW_COLOR)}; vertical-align: middle; }
      .note { color: #4b5563; }
    `,
  ];

  @property({ attribute: false }) places: readonly ReviewPlace[] = [];
  /** The model whose map the places come from, as the model list names it. */
  @property() model = '';
  /** Why no places are offered now ('' = they are): the "before" map on screen, a map still running. */
  @property() unavailable = '';
  /** A fine-tuning runs: answers wait (it trains on the marks as they were when it started). */
  @property({ type: Boolean }) busy = false;

  // An answered place leaves the list with its buttons: focus moves to the next place's Look (the first one left).
  protected readonly focusKeeper = new FocusKeeper(this, () => enabledButton(this.shadowRoot, 'Look'));

  override render() {
    const head = html`<div class="row">
      <strong>Places to review</strong>
      <span class="note"
        ><span class="swatch" aria-hidden="true"></span> where ${this.model || 'the model'} is surest of a BSR outside your
        marks: look, then say whether it is one; each answer adds a mark to teach it with</span
      >
    </div>`;
    if (this.unavailable) return html`${head}<div class="note">${this.unavailable}</div>`;
    if (this.places.length === 0)
      return html`${head}<div class="note">None: the map calls nothing a BSR (P ≥ 0.05) away from your marks.</div>`;
    return html`${head}
      <table aria-label="places to review">
        <thead>
          <tr><th>#</th><th>trace</th><th>time (ms)</th><th>P(BSR)</th><th aria-label="answers"></th></tr>
        </thead>
        <tbody>
          ${repeat(
            this.places,
            // Keyed by place: an answered place's row goes with its buttons, so focus moves on (FocusKeeper) instead of
            // staying on a button that would then answer the next place, unseen.
            (p) => `${p.trace},${p.sample}`,
            (p, i) => html`<tr>
              <td>${i + 1}</td><td>${traceWords(p.trace)}</td><td>${Math.round(p.timeMs)}</td><td>${p.probability.toFixed(2)}</td>
              <td class="answer">
                <button type="button" aria-label=${`look at place ${i + 1}`}
                  @click=${() => sendIntent(this, 'review-look', { trace: p.trace, sample: p.sample })}>Look</button>
                <button type="button" ?disabled=${this.busy} aria-label=${`place ${i + 1} is a BSR: add a BSR mark`}
                  @click=${() => this._answer(p.marks[1])}>BSR</button>
                <button type="button" ?disabled=${this.busy} aria-label=${`place ${i + 1} is not a BSR: add a not-BSR mark`}
                  @click=${() => this._answer(p.marks[0])}>not BSR</button>
              </td>
            </tr>`,
          )}
        </tbody>
      </table>
      ${nothing}`;
  }

  private _answer(mark: Mark): void {
    sendIntent(this, 'mark-add', { ...mark });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'spn-review-places': ReviewPlaces;
  }
  interface HTMLElementEventMap {
    'review-look': CustomEvent<ReviewLookDetail>;
  }
}
