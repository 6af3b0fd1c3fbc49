/**
 * <spn-presentation-panel>: how the last classification showed the line to the network, in words an interpreter
 * checks: the time scale factor and dominant period, the seabed pick and its mask (or why there is none), and the
 * polarity read at the seabed, with the actions that change them (flip polarity, correct the seabed). Emits
 * intents only: `presentation-flip` ({ flip }), `seabed-edit` ({ editing }), `seabed-apply`, `seabed-reset`.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { LinePresentation } from '../core/line/presentation';
import type { ScaleSelection } from '../core/classify/scale-selection';
import { centreSpan, type PatchGrid } from '../core/classify/grid';
import { sendIntent } from './intent';
import { PATCH_SIDE } from '../core/synthetic/types';
import { INPUT_SIZE } from '../core/model/graph';

/** Detail of `seabed-edit`: whether clicks on the section now add seabed points. */
export interface SeabedEditDetail {
  editing: boolean;
}
/** Classify again with the line flipped (true) or as recorded (false). */
export interface PresentationFlipDetail {
  flip: boolean;
}

const ms = (samples: number, dtUs: number): string => (dtUs > 0 ? ` (${((samples * dtUs) / 1000).toFixed(0)} ms)` : '');

@customElement('spn-presentation-panel')
export class PresentationPanel extends LitElement {
  static override styles = css`
    :host { display: block; font: 13px system-ui, sans-serif; }
    ul { margin: 4px 0; padding-left: 18px; }
    .warn { color: #8a4b00; font-weight: 600; }
    button { margin-left: 6px; }
  `;

  /** What the classification decided; null hides the panel. */
  @property({ attribute: false }) presentation: LinePresentation | null = null;
  /** The time scales the network was probed at, when the scale was selected by its response. */
  @property({ attribute: false }) selection: ScaleSelection | null = null;
  /** The map's patch grid over the line (its own traces and samples); null leaves out where the map reaches. */
  @property({ attribute: false }) grid: PatchGrid | null = null;
  /** The selection was asked for, but the model was fine-tuned at the matched scale and keeps it (MapResult). */
  @property({ type: Boolean }) matchedScaleKept = false;
  /** Sample interval of the line, µs (0 = unknown). */
  @property({ type: Number }) dtUs = 0;
  /** Patch centres the seabed and dead-zone masks set to 0. */
  @property({ type: Number }) masked = 0;
  /** BSR share of patches the probabilities are reported at. */
  @property({ type: Number }) baseRate = 0.5;
  /** Half-width of the averaging along the seabed that was applied, traces (0 = none). */
  @property({ type: Number }) seabedContext = 0;
  /** The user is placing seabed points. */
  @property({ type: Boolean }) editing = false;
  /** Seabed points placed so far. */
  @property({ type: Number }) points = 0;

  /** The probes of the time-scale selection, in words: each factor tried and the network's response to it. */
  private probes() {
    const s = this.selection;
    if (!s || s.responses.length === 0) return nothing;
    const tried = s.responses.map((r, i) => {
      const f = s.factors[i]!;
      const text = `× ${f.toFixed(2)}: ${Number.isNaN(r) ? 'no patch' : r.toFixed(2)}`;
      return f === s.factor ? html`<b>${text}</b>` : text;
    });
    return html`<br /><span class="probes"
        >Tried at the period match × ${s.autoFactor.toFixed(2)} and larger scales; mean P(BSR) of the strongest patches:
        ${tried.map((t, i) => html`${i > 0 ? ', ' : ''}${t}`)}.</span
      >`;
  }

  /**
   * Where the map has values and why not beyond: figures are often cut just below the BSR, and a BSR within half a
   * patch of the window's bottom then gets no P, which an empty band at the bottom would not explain by itself.
   */
  private coverage() {
    const g = this.grid;
    if (!g) return nothing;
    const span = centreSpan(g);
    const at = (sample: number): string =>
      this.dtUs > 0 ? `${Math.round((sample * this.dtUs) / 1000).toLocaleString()} ms` : `sample ${Math.round(sample)}`;
    const below = g.samples - 1 - span.lastSample;
    return html`<li class="coverage">
      The map reaches traces ${Math.floor(span.firstTrace)}–${Math.ceil(span.lastTrace)} of ${g.traces} and
      ${at(span.firstSample)} to ${at(span.lastSample)}: each P(BSR) belongs to the centre of a patch
      ${g.patchTraces} traces × ${g.patchSamples} samples that lies wholly within the line, so the last
      ${Math.round(below)} samples${ms(below, this.dtUs)} above the line's bottom have none. A BSR that close to the
      bottom is not mapped; classify a longer window of the file if it has one.
    </li>`;
  }

  override render() {
    const p = this.presentation;
    if (!p) return nothing;
    const sb = p.seabed;
    return html`<ul aria-label="how the line was shown to the network">
      <li class="scale">Time scale × ${p.scaleFactor.toFixed(2)} (${p.scaleSource === 'auto' ? (this.matchedScaleKept ? 'matched: this model was fine-tuned on patches cut at the matched scale, so its maps are made there' : 'matched') : p.scaleSource === 'selected' ? 'selected by the network' : 'as chosen'}): dominant period
        ${Number.isFinite(p.periodSamples) ? `${p.periodSamples.toFixed(1)} samples${ms(p.periodSamples, this.dtUs)}` : 'unknown'}; each patch is
        ${p.patchSamples} samples tall, resized to ${PATCH_SIDE} rows as the training patches were (the network takes
        both at ${INPUT_SIZE} × ${INPUT_SIZE}).${this.probes()}</li>
      ${this.coverage()}
      <li class="seabed">${
        sb === null
          ? 'Seabed mask off.'
          : sb.found
            ? `Seabed ${sb.source === 'user' ? 'corrected by you' : `picked (${Math.round(sb.confidence * 100)} % of traces agree)`}; P(BSR) = 0 above it and ${p.maskMarginSamples} samples${ms(p.maskMarginSamples, this.dtUs)} below (${p.seabedMargin === 'wavelet' ? "the seabed's own reflection" : "half a patch: this model learned the seabed only at its patches' centre"}; ${this.masked} patches).`
            : html`<span class="warn">No seabed detected</span>: ${sb.reason}. Classified without a mask.`
      }
        ${
          this.editing
            ? html`<span class="hint">Click the seabed on the section (${this.points} point${this.points === 1 ? '' : 's'}).</span>
            <button type="button" ?disabled=${this.points === 0} @click=${() => sendIntent(this, 'seabed-apply', null)}>Apply and classify again</button>
            <button type="button" @click=${() => sendIntent(this, 'seabed-edit', { editing: false })}>Cancel</button>`
            : html`<button type="button" @click=${() => sendIntent(this, 'seabed-edit', { editing: true })}>Correct the seabed</button>
            ${sb?.source === 'user' ? html`<button type="button" @click=${() => sendIntent(this, 'seabed-reset', null)}>Back to the automatic pick</button>` : nothing}`
        }</li>
      ${
        p.multiples.length > 0
          ? html`<li class="multiples">Seabed multiple${p.multiples.length > 1 ? 's' : ''} found at
        ${p.multiples.map((m) => `${m.order}× the seabed time (energy × ${m.energyRatio.toFixed(1)} its surroundings)`).join(' and ')}: P(BSR) = 0
        within ${p.multipleMarginSamples} samples${ms(p.multipleMarginSamples, this.dtUs)} of ${p.multiples.length > 1 ? 'them' : 'it'} (a multiple
        parallels the seabed with reversed polarity, like a BSR).</li>`
          : nothing
      }
      ${
        this.seabedContext > 0
          ? html`<li class="seabed-context">Each P(BSR) is the mean over the patches within ± ${this.seabedContext} traces at the same depth below
        the seabed (a BSR follows the seabed; strata that cross that depth fade). Clicking a patch shows its own P(BSR).</li>`
          : nothing
      }
      <li class="base-rate">P(BSR) is reported at a base rate of ${+(this.baseRate * 100).toFixed(1)} % BSR patches${this.baseRate === 0.5 ? " (the network's own output)" : " (the network saw 50 %; Bayes' rule re-weights its odds)"}.</li>
      <li class="polarity">${
        p.flipped && p.flipSource === 'auto'
          ? html`Polarity: the seabed read negative first as recorded (reverse-polarity data, or a phase-rotated wavelet), so the line
          was flipped to show it positive first, as the network learned it.
          <button type="button" @click=${() => sendIntent(this, 'presentation-flip', { flip: false })}>Classify as recorded</button>`
          : p.polarity.polarity === 'reversed'
            ? html`<span class="warn">The seabed reads negative first (reverse polarity)</span>: the network expects it positive first, so BSRs would look
          like ordinary reflectors.${p.flipped ? nothing : html`<button type="button" @click=${() => sendIntent(this, 'presentation-flip', { flip: true })}>Flip polarity and classify again</button>`}`
            : p.polarity.polarity === 'normal'
              ? `Polarity: the seabed reads positive first, as the network learned it${p.flipped ? ' (after flipping the line)' : ''}.`
              : sb?.found
                ? html`<span class="warn">Polarity unknown</span>: the seabed's first strong lobe changes sign along the line (a wavelet
          rotated near 90°?), so the line is shown ${p.flipped ? 'flipped, as asked' : 'as recorded'}; if BSRs look like ordinary
          reflectors, try it the other way.
          <button type="button" @click=${() => sendIntent(this, 'presentation-flip', { flip: !p.flipped })}>${
            p.flipped ? 'Classify as recorded' : 'Flip polarity and classify again'
          }</button>`
                : `Polarity unknown (no seabed to read it from)${p.flipped ? '; the line was flipped as asked' : ''}.`
      }</li>
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'spn-presentation-panel': PresentationPanel;
  }
  interface HTMLElementEventMap {
    'presentation-flip': CustomEvent<PresentationFlipDetail>;
    'seabed-edit': CustomEvent<SeabedEditDetail>;
    'seabed-apply': CustomEvent<null>;
    'seabed-reset': CustomEvent<null>;
  }
}
