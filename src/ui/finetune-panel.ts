/**
 * <spn-finetune-panel>: fine-tune the model of the last map on the marks — settings (epochs, synthetic patches per
 * marked patch, frozen stem, held-out marks), Start / Cancel, progress with ETA, then the scores before and after
 * (held-out marks, synthetic test patches) and a before/after toggle of the map. Emits intents only.
 */
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import {
  DEFAULT_FINETUNE_SETTINGS,
  FineTuneSettingError,
  resolveFineTuneSettings,
  type FineTuneProgress,
  type FineTuneSettings,
} from '../core/finetune/finetune';
import type { FineTuneDone } from '../core/finetune/results';
import type { PatchScore } from '../core/finetune/score';
import { sendIntent } from './intent';
import { controlInputStyles, panelStyles } from './shared-styles';
import { formatEta } from '../core/jobs/eta';
import type { MapChoice } from '../app/classify-controller';
import { ranOn } from './ran-on';
import { FocusKeeper, enabledButton } from './focus-keeper';

export type { MapChoice };

const pct = (v: number | null | undefined): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '–' : `${(v * 100).toFixed(1)} %`;
const ap = (s: PatchScore | null | undefined): string =>
  s?.ap === null || s?.ap === undefined ? '–' : s.ap.toFixed(3);

/** The held-out marks scored worse after tuning: lower AP (both kinds held out) or, without AP, lower accuracy. */
function heldWorse(held: { before: PatchScore; after: PatchScore | null } | null | undefined): boolean {
  const after = held?.after;
  if (!held || !after) return false;
  return held.before.ap !== null && after.ap !== null
    ? after.ap < held.before.ap
    : after.accuracy < held.before.accuracy;
}

const FIELD_WORDS: Record<string, string> = {
  epochs: 'epochs',
  syntheticRatio: 'synthetic per marked patch',
  holdOutEvery: 'hold out every',
  forgetBudget: 'forgetting budget',
};

/** Why the panel's settings would be refused ('' when they would not), naming the field by its label. */
export function settingsProblem(s: Partial<FineTuneSettings>): string {
  try {
    resolveFineTuneSettings(s);
    return '';
  } catch (e) {
    if (!(e instanceof FineTuneSettingError)) throw e;
    return `${FIELD_WORDS[e.field] ?? e.field} ${e.problem}`;
  }
}

/** The toggle's "before" when it is the base model's map. */
export const BEFORE_BASE = 'before (base model)';
/** ...and when it is a tuned model's map, made again since: the map the last fine-tuning started from. */
export const BEFORE_LAST = 'before (the map this fine-tuning started from)';

/**
 * The before/after radio group (this panel's, and the Classify view's under the section): `name` tells the two
 * groups' inputs apart, `label` is the group's accessible name.
 */
export function mapToggle(
  o: { name: string; label: string; showing: MapChoice; beforeWords: string },
  choose: (m: MapChoice) => void,
): TemplateResult {
  return html`<div class="row" role="radiogroup" aria-label=${o.label}>map:
    ${(['before', 'after'] as const).map(
      (m) => html`<label><input type="radio" name=${o.name} value=${m} .checked=${o.showing === m}
        @change=${() => choose(m)} /> ${m === 'before' ? o.beforeWords : 'after (tuned model)'}</label>`,
    )}</div>`;
}

@customElement('spn-finetune-panel')
export class FineTunePanel extends LitElement {
  static override styles = [panelStyles, controlInputStyles];

  /** Why it cannot start now ('' = it can). */
  @property() blocked = '';
  /** What the marks lack to train on with a hold-out of every n-th mark ('' = enough); the panel's own hold-out setting decides. */
  @property({ attribute: false }) shortfall: (holdOutEvery: number) => string = () => '';
  @property({ type: Boolean }) running = false;
  @property({ attribute: false }) progress: FineTuneProgress | null = null;
  @property({ attribute: false }) done: FineTuneDone | null = null;
  /** The tuned model was stored in this browser (else it is kept in this tab only). */
  @property({ type: Boolean }) stored = true;
  /** Which map is shown once there is an "after". */
  @property() showing: MapChoice = 'after';
  @property({ type: Boolean }) hasAfter = false;
  /** How the toggle names the map before (the base model's, or the map a later round started from). */
  @property() beforeWords = BEFORE_BASE;
  @state() private _s: Pick<
    FineTuneSettings,
    'epochs' | 'syntheticRatio' | 'freezeStem' | 'holdOutEvery' | 'forgetBudget'
  > = {
    epochs: DEFAULT_FINETUNE_SETTINGS.epochs,
    syntheticRatio: DEFAULT_FINETUNE_SETTINGS.syntheticRatio,
    freezeStem: DEFAULT_FINETUNE_SETTINGS.freezeStem,
    holdOutEvery: DEFAULT_FINETUNE_SETTINGS.holdOutEvery,
    forgetBudget: DEFAULT_FINETUNE_SETTINGS.forgetBudget,
  };

  // Fine-tune greys out while it runs and its Cancel goes with the run: focus follows to the one that is there. At the
  // end of a run the line is classified again with the tuned model (Fine-tune greyed meanwhile): focus goes to the
  // result's own button, beside what the run did, not back to the first field.
  protected readonly focusKeeper = new FocusKeeper(
    this,
    () =>
      enabledButton(this.shadowRoot, this.running ? 'Cancel fine-tuning' : 'Fine-tune') ??
      enabledButton(this.shadowRoot, 'Download the tuned model') ??
      this.shadowRoot?.querySelector<HTMLInputElement>('input[name=epochs]'),
  );

  private _setNumber(key: 'epochs' | 'syntheticRatio' | 'holdOutEvery' | 'forgetBudget', value: number): void {
    this._s = { ...this._s, [key]: value };
    if (key === 'holdOutEvery') sendIntent(this, 'finetune-holdout', value);
  }

  override render() {
    const s = this._s,
      p = this.progress,
      d = this.done;
    const num = (
      label: string,
      key: 'epochs' | 'syntheticRatio' | 'holdOutEvery' | 'forgetBudget',
      step: string,
      title: string,
    ) => html`<label title=${title}>${label}
      <input type="number" min=${key === 'epochs' ? '1' : '0'} step=${step} name=${key} .value=${String(s[key])} @change=${(e: Event) => this._setNumber(key, Number((e.target as HTMLInputElement).value))} /></label>`;
    const held = d?.result.heldOut;
    // A field out of range is said beside the button, by the field's label (it was refused after the click, in the
    // view's alert, by its name in code).
    const blocked = this.blocked || settingsProblem(s) || this.shortfall(s.holdOutEvery);
    const blendedBack = d?.result.forgetting?.baseShare ?? 0;
    return html`
      <div class="row"><strong>Fine-tune on the marks</strong>
        ${num('epochs', 'epochs', '1', 'Passes over the marked patches')}
        ${num('synthetic per marked patch', 'syntheticRatio', '0.25', "Synthetic patches from the model's own training stream mixed in, so it does not forget")}
        ${num('hold out every', 'holdOutEvery', '1', 'Every n-th mark is held out to score the result (0 = none), unless marks are flagged "check"')}
        ${num('forgetting budget (accuracy; 0.015 = 1.5 points)', 'forgetBudget', '0.005', 'Largest drop of accuracy on synthetic test patches the tuned model may show; beyond it the base weights are blended back (0 = no check)')}
        <label><input type="checkbox" name="freezeStem" .checked=${s.freezeStem} @change=${(e: Event) => (this._s = { ...this._s, freezeStem: (e.target as HTMLInputElement).checked })} /> freeze stem</label>
        <button type="button" ?disabled=${this.running || !!blocked} title=${blocked} @click=${() => sendIntent(this, 'finetune-start', { ...this._s })}>Fine-tune</button>
        ${this.running ? html`<button type="button" @click=${() => sendIntent(this, 'finetune-cancel', null)}>Cancel fine-tuning</button>` : nothing}
        ${blocked && !this.running ? html`<span class="blocked">${blocked}</span>` : nothing}
      </div>
      ${
        this.running
          ? p
            ? html`<div class="row" role="status"><progress max=${p.totalSteps} .value=${p.step}></progress>
        epoch ${p.epoch + 1}, step ${p.step} / ${p.totalSteps} · loss ${p.loss.toFixed(3)} · ${
          // After the last step the worker still scores the tuned model on synthetic test patches (and blends base
          // weights back if it forgot too much): seconds in which "0 s left" would read as stuck.
          p.step >= p.totalSteps
            ? 'trained; checking the tuned model on synthetic test patches'
            : formatEta(p.etaSeconds)
        }</div>`
            : html`<div class="row" role="status">Preparing: cutting the marked patches and drawing the synthetic ones…</div>`
          : nothing
      }
      ${
        d
          ? html`<div role="status" class="finetune-result" data-backend=${d.backend} data-threads=${d.threads ?? ''}>${
              this.stored
                ? html`Stored as a new model: <strong>${d.name}</strong>.`
                : html`Kept as a new model in this tab only (the browser gives the page no storage): <strong>${d.name}</strong>; download it to keep it.`
            }
        ${held ? html`Held-out marks (${held.before.count} patches): accuracy ${pct(held.before.accuracy)} → ${pct(held.after?.accuracy)}${held.before.ap === null ? ' (AP needs held-out marks of both kinds, BSR and not BSR)' : html`, AP ${ap(held.before)} → ${ap(held.after)}`}.` : 'No marks held out.'}
        ${heldWorse(held) ? html`<strong class="worse">The tuned model scores the held-out marks worse than the base model.</strong> It is kept all the same; compare the maps before and after, and keep the base model if the map after does not look better.` : nothing}
        ${d.syntheticTest ? html`Synthetic test patches: ${pct(d.syntheticTest.before)} → ${pct(d.syntheticTest.after)}.` : nothing}
        ${
          d.result.trainPatches.contradictory > 0
            ? html`${d.result.trainPatches.contradictory} patches that a BSR and a not-BSR mark both gave were left out (near the line's edges a patch is moved inside the line, so marks apart there can share one).`
            : nothing
        }
        ${blendedBack > 0 ? html`${Math.round(blendedBack * 100)} % of the base model's weights blended back to keep its synthetic accuracy.` : nothing}
        Marked patches cut at time scale × ${d.scaleFactor.toFixed(2)}; the map after is made at the same scale, where
        the tuned model learned your marks (the presentation panel says so).
        ${d.result.steps} steps in ${d.result.seconds.toFixed(1)} s ${ranOn(d.backend, d.threads)}.
        <button type="button" @click=${() => sendIntent(this, 'finetune-download', null)}>Download the tuned model</button></div>`
          : nothing
      }
      ${
        this.hasAfter
          ? mapToggle({ name: 'map', label: 'map shown', showing: this.showing, beforeWords: this.beforeWords }, (m) =>
              sendIntent(this, 'finetune-show', m),
            )
          : nothing
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'spn-finetune-panel': FineTunePanel;
  }
  interface HTMLElementEventMap {
    /** The hold-out setting changed: the marks list shows which marks it holds out. */
    'finetune-holdout': CustomEvent<number>;
    'finetune-start': CustomEvent<Partial<FineTuneSettings>>;
    'finetune-cancel': CustomEvent<null>;
    'finetune-download': CustomEvent<null>;
    'finetune-show': CustomEvent<MapChoice>;
  }
}
