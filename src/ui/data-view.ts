/**
 * Data view: preview generated patches (generator, seed, profile, augmentation toggles, colormap) and build a whole
 * data set in the worker pool with progress and cancel. Renders state and sends intents to DataController.
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { DataController, classMix, type ClassMix, type Gallery, type GalleryRequest } from '../app/data-controller';
import {
  DEFAULT_DATASET_SETTINGS,
  VALIDATION_SETS,
  VALIDATION_SET_LABELS,
  SEED_MESSAGE,
  datasetBytes,
  validateDatasetSettings,
  validationSetOf,
  type DatasetSettings,
  type FieldErrors,
  type ValidationSet,
} from '../core/dataset-settings';
import {
  AUGMENTATIONS,
  KIND_LABELS,
  KIND_NAMES,
  SYNTHETIC_GENERATORS,
  type AugmentationName,
  type AugmentationProfile,
  type SyntheticGenerator,
} from '../core/synthetic/types';
import { REALISTIC_KINDS, kindShares, type AugmentOptions } from '../core/synthetic';
import type { ColormapName } from '../core/colormap';
import { isDatasetSeed } from '../core/dataset-draft';
import type { DatasetProgress } from '../app/search-dataset';
import './patch-gallery';
import './requested-patches';
import { actionButtonStyles, viewStyles } from './shared-styles';
import { AUG_LABELS, kindWords } from './patch-words';

const GENERATOR_LABELS: Record<SyntheticGenerator, string> = {
  paper: "Paper (the authors' generator)",
  realistic: 'Realistic (real wavelets, seabed, multiples, bright strata, noise)',
};

/** The Data view's state that its draft keeps over a reload. */
const DRAFT_STATE = ['_seed', '_profile', '_generator', '_colormap', '_enabled', '_only', '_settings'] as const;

/** What a data set build is generating or doing, in words. */
const PHASE_WORDS: Record<DatasetProgress['phase'], string> = {
  train: 'training-profile patches',
  test: 'test-profile patches',
  standardise: 'standardising',
};

@customElement('spn-data-view')
export class DataView extends LitElement {
  static override styles = [
    actionButtonStyles,
    viewStyles,
    css`
    .row { display: flex; flex-wrap: wrap; gap: 14px 22px; align-items: flex-start; margin-bottom: 10px; }
    label { display: flex; flex-direction: column; gap: 3px; font-size: 12px; color: #3b4754; }
    fieldset { border: 1px solid #dde3ea; border-radius: 6px; padding: 4px 10px 8px; font-size: 12px; }
    fieldset label { flex-direction: row; align-items: center; gap: 5px; }
    input[type='number'] { width: 110px; padding: 4px 6px; }
    .error { color: #b0161b; font-size: 12px; }
    progress { width: 320px; height: 14px; }
    table { border-collapse: collapse; font-size: 12px; margin-top: 8px; }
    td, th { padding: 3px 10px; border-bottom: 1px solid #eef1f4; text-align: right; }
    th:first-child, td:first-child { text-align: left; }
    table.legend td { text-align: left; white-space: normal; }
    .bsr { color: #b0161b; font-weight: 600; }
  `,
  ];

  private readonly controller = new DataController();

  /** Patches another view asked to show (a candidate's misclassified test patches), shown above the preview. */
  @property({ attribute: false }) request: GalleryRequest | null = null;

  /** What the fields held before a reload of this tab (the defaults in a new tab), wrong values included. */
  private readonly _draft = this.controller.readDraft();
  /** The seed as typed; while it is not a seed, nothing is previewed or built until it is mended. */
  @state() private _seed = this._draft.seed;
  @state() private _profile: AugmentationProfile = this._draft.profile;
  @state() private _generator: SyntheticGenerator = this._draft.generator;
  @state() private _colormap: ColormapName = this._draft.colormap;
  @state() private _enabled = new Set<AugmentationName>(this._draft.enabled);
  @state() private _only: AugmentationName | '' = this._draft.only;
  @state() private _gallery: Gallery | null = null;
  @state() private _galleryError = '';
  @state() private _settings: DatasetSettings = {
    ...DEFAULT_DATASET_SETTINGS,
    generator: this._draft.generator,
    validation: this._draft.validation,
    size: this._draft.size,
    testSize: this._draft.testSize,
  };
  @state() private _errors: FieldErrors<DatasetSettings> = validateDatasetSettings(this._settings);
  @state() private _progress: DatasetProgress | null = null;
  @state() private _building = false;
  @state() private _buildMessage = '';
  @state() private _mix: ClassMix | null = null;
  /** First patch of the page of the built data set on show. */
  @state() private _browseFrom = 0;
  @state() private _browse: Gallery | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    if (this._seedInvalid) this._galleryError = SEED_MESSAGE;
    else void this._refreshGallery();
  }

  override updated(changed: PropertyValues<this>): void {
    // Every field the draft keeps is state: whenever one changes, the tab keeps the lot for a reload.
    if (DRAFT_STATE.some((k) => changed.has(k as keyof DataView))) {
      this.controller.saveDraft({
        seed: this._seed,
        profile: this._profile,
        generator: this._generator,
        colormap: this._colormap,
        enabled: AUGMENTATIONS.filter((a) => this._enabled.has(a)),
        only: this._only,
        validation: validationSetOf(this._settings),
        size: this._settings.size,
        testSize: this._settings.testSize,
      });
    }
  }

  private get _seedInvalid(): boolean {
    return !isDatasetSeed(this._seed);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.controller.dispose();
  }

  override render() {
    return html`
      ${this.request ? html`<spn-requested-patches .request=${this.request} .controller=${this.controller} .colormap=${this._colormap}></spn-requested-patches>` : nothing}
      <section aria-labelledby="preview-h">
        <h2 id="preview-h">Synthetic patches</h2>
        <div class="row">
          <fieldset><legend>Generator</legend>
            ${SYNTHETIC_GENERATORS.map(
              (g) =>
                html`<label><input type="radio" name="generator" value=${g} .checked=${this._generator === g} @change=${() =>
                  this._set(() => {
                    this._generator = g;
                    this._settings = { ...this._settings, generator: g };
                  })} />${GENERATOR_LABELS[g]}</label>`,
            )}
          </fieldset>
          <label>Seed <input type="number" min="0" step="1" name="seed" .value=${Number.isFinite(this._seed) ? String(this._seed) : ''} aria-invalid=${this._seedInvalid ? 'true' : 'false'} @change=${this._onSeed} aria-describedby="seed-err" /></label>
          <fieldset><legend>Profile</legend>
            ${(['train', 'test'] as const).map((p) => html`<label><input type="radio" name="profile" .checked=${this._profile === p} @change=${() => this._set(() => (this._profile = p))} />${p === 'train' ? 'Train' : 'Test (stronger)'}</label>`)}
          </fieldset>
          <fieldset><legend>Colormap</legend>
            ${(['gray', 'rwb'] as const).map((c) => html`<label><input type="radio" name="cmap" .checked=${this._colormap === c} @change=${() => (this._colormap = c)} />${c === 'gray' ? 'Grayscale' : 'Red-white-blue'}</label>`)}
          </fieldset>
          <fieldset><legend>Augmentations</legend>
            ${AUGMENTATIONS.map((a) => html`<label><input type="checkbox" .checked=${this._enabled.has(a)} ?disabled=${this._only !== ''} @change=${(e: Event) => this._toggle(a, (e.target as HTMLInputElement).checked)} />${AUG_LABELS[a]}</label>`)}
          </fieldset>
          <label>Preview one augmentation on every patch
            <select @change=${(e: Event) => this._set(() => (this._only = (e.target as HTMLSelectElement).value as AugmentationName | ''))}>
              <option value="">— off (each with its probability) —</option>
              ${AUGMENTATIONS.map((a) => html`<option value=${a} ?selected=${this._only === a}>${AUG_LABELS[a]}</option>`)}
            </select>
          </label>
        </div>
        <div id="seed-err" class="error" role="alert">${this._galleryError}</div>
        ${
          // Not the last good seed's patches under a refused seed, as if they were its (a reload showed none either).
          this._gallery && !this._seedInvalid
            ? html`<spn-patch-gallery .patches=${this._gallery.patches} .side=${this._gallery.side} .labels=${this._gallery.labels} .kinds=${this._gallery.kinds} .applied=${this._gallery.applied} .colormap=${this._colormap}></spn-patch-gallery>`
            : this._seedInvalid
              ? nothing
              : html`<p>Generating…</p>`
        }
        ${this._generator === 'realistic' ? this._renderLegend() : nothing}
      </section>
      <section aria-labelledby="build-h">
        <h2 id="build-h">Build a data set</h2>
        <p>Patches split ${Math.round((1 - this._settings.valFraction) * 100)}/${Math.round(this._settings.valFraction * 100)} into training (train profile) and validation, plus a held-out test set of the test profile; one keep-polarity scale over each generated set.</p>
        <div class="row">
          <label>Validation patches
            <select name="validation" @change=${(e: Event) => (this._settings = { ...this._settings, validation: (e.target as HTMLSelectElement).value as ValidationSet })}>
              ${VALIDATION_SETS.map((v) => html`<option value=${v} ?selected=${this._settings.validation === v}>${VALIDATION_SET_LABELS[v]}</option>`)}
            </select>
          </label>
          ${this._numberField('size', 'Data set size (training + validation patches)', 20)}
          ${this._numberField('testSize', 'Test set size (held-out patches)', 0)}
          <div>
            <button
              @click=${this._build}
              ?disabled=${this._building || this._seedInvalid || this._sizesInvalid}
              title=${this._seedInvalid ? 'mend the seed first' : this._sizesInvalid ? 'mend the sizes first' : ''}
            >
              Build data set
            </button>
            <button class="secondary" @click=${() => this.controller.cancel()} ?disabled=${!this._building}>Cancel</button>
            ${
              // Only for sizes that can be built: a refused size's figure would be the last good one's, or NaN.
              this._sizesInvalid
                ? nothing
                : html`<div style="font-size:12px;color:#6b7785;margin-top:4px">
                    ${Math.round(datasetBytes(this._settings) / 1024 ** 2)} MB of patches
                  </div>`
            }
          </div>
        </div>
        ${
          this._progress
            ? html`<div class="progress"><progress max=${this._progress.total} .value=${this._progress.done}></progress>
              <span>${this._progress.done.toLocaleString()} / ${this._progress.total.toLocaleString()} patches · ${
                // Standardising reports no rate until the build's own is known.
                this._progress.patchesPerS
                  ? `${Math.round(this._progress.patchesPerS).toLocaleString()} patches/s · `
                  : ''
              }${
                // Once built the bar is the whole build's: its last phase ("standardising") stayed under "Built …".
                this._building ? PHASE_WORDS[this._progress.phase] : 'done'
              }</span></div>`
            : nothing
        }
        <div role="status">${this._buildMessage}</div>
        ${this._mix ? this._renderMix(this._mix) : nothing}
      </section>
      ${this._browse ? this._renderBrowse(this._browse) : nothing}
    `;
  }

  private _numberField(field: 'size' | 'testSize', label: string, min: number) {
    return html`<label>${label}
      <input type="number" min=${min} step="1" name=${field} .value=${Number.isFinite(this._settings[field]) ? String(this._settings[field]) : ''} aria-invalid=${this._errors[field] ? 'true' : 'false'}
        @change=${(e: Event) => this._setSetting(field, (e.target as HTMLInputElement).valueAsNumber)} />
      <span class="error">${this._errors[field] ?? ''}</span></label>`;
  }

  private _renderBrowse(g: Gallery) {
    const total = this.controller.builtCount;
    const go = (from: number): void => {
      this._browseFrom = Math.max(0, Math.min(from, total - 1));
      this._browse = this.controller.page(this._browseFrom, 24);
    };
    return html`<section aria-labelledby="browse-h">
      <h2 id="browse-h">Built data set (standardised, one scale over all patches)</h2>
      <div class="row">
        <button class="secondary" @click=${() => go(this._browseFrom - 24)} ?disabled=${this._browseFrom === 0}>Previous</button>
        <span>patches ${this._browseFrom + 1}–${this._browseFrom + g.labels.length} of ${total.toLocaleString()} (training, then validation, then test)</span>
        <button class="secondary" @click=${() => go(this._browseFrom + 24)} ?disabled=${this._browseFrom + 24 >= total}>Next</button>
      </div>
      <spn-patch-gallery .patches=${g.patches} .side=${g.side} .labels=${g.labels} .kinds=${g.kinds} .applied=${g.applied} .colormap=${this._colormap}></spn-patch-gallery>
    </section>`;
  }

  private _renderMix(mix: ClassMix) {
    const shares = kindShares(this._settings.generator ?? 'paper');
    const shown = KIND_NAMES.map((_, i) => ({ i })).filter(
      ({ i }) => (shares[i] ?? 0) > 0 || (mix.perKind[i] ?? 0) > 0,
    );
    return html`<table aria-label="Class mix">
      <tr><th>Kind</th><th>Patches</th><th>Share</th><th>Expected</th></tr>
      ${shown.map(({ i }) => html`<tr><td>${kindWords(i)}</td><td>${mix.perKind[i]}</td><td>${((100 * (mix.perKind[i] ?? 0)) / mix.total).toFixed(1)} %</td><td>${(100 * (shares[i] ?? 0)).toFixed(0)} %</td></tr>`)}
      <tr><td>BSR (label 1)</td><td colspan="2">${(100 * mix.bsrFraction).toFixed(1)} %</td><td>50 %</td></tr>
    </table>`;
  }

  /** The realistic profile's kinds: what each imitates, its label and share (one table in the core). */
  private _renderLegend() {
    return html`<table class="legend" aria-label="Realistic kinds">
      <tr><th>Kind</th><th>Label</th><th>Share</th><th>Imitates</th></tr>
      ${REALISTIC_KINDS.map((k) => html`<tr><td>${kindWords(k.kind)}</td><td class=${KIND_LABELS[k.kind] ? 'bsr' : ''}>${KIND_LABELS[k.kind] ? 'BSR' : 'not BSR'}</td><td>${(100 * k.share).toFixed(0)} %</td><td>${k.imitates}</td></tr>`)}
    </table>`;
  }

  private _set(change: () => void): void {
    change();
    void this._refreshGallery();
  }

  private _onSeed = (e: Event): void => {
    const v = (e.target as HTMLInputElement).valueAsNumber;
    if (!isDatasetSeed(v)) {
      this._seed = v; // kept as typed, for a reload, but nothing is previewed with it
      this._galleryError = SEED_MESSAGE;
      return;
    }
    this._set(() => (this._seed = v));
  };

  private _toggle(a: AugmentationName, on: boolean): void {
    const next = new Set(this._enabled);
    if (on) next.add(a);
    else next.delete(a);
    this._set(() => (this._enabled = next));
  }

  /** A size field holds what the data set cannot be built with (its message is beside it). */
  private get _sizesInvalid(): boolean {
    return this._errors.size !== undefined || this._errors.testSize !== undefined;
  }

  private _setSetting(field: 'size' | 'testSize', value: number): void {
    this._settings = { ...this._settings, [field]: value };
    this._errors = validateDatasetSettings(this._settings);
  }

  private async _refreshGallery(): Promise<void> {
    const augment: false | AugmentOptions = this._only
      ? { forceAugmentation: this._only }
      : this._enabled.size === 0
        ? false
        : { disable: AUGMENTATIONS.filter((a) => !this._enabled.has(a)) };
    try {
      this._galleryError = '';
      this._gallery = await this.controller.preview(this._seed, this._profile, 24, augment, this._generator);
      this.setAttribute('data-gallery-ready', 'true');
    } catch (e) {
      this._galleryError = (e as Error).message;
    }
  }

  private _build = async (): Promise<void> => {
    if (this._seedInvalid) return;
    const settings = { ...this._settings, seed: this._seed };
    this._errors = validateDatasetSettings(settings);
    if (Object.keys(this._errors).length) return;
    this._building = true;
    this._mix = null;
    this._browse = null;
    this._buildMessage = '';
    const t0 = performance.now();
    try {
      // A report can arrive after a cancel has ended the build: it must not bring the bar back.
      const ds = await this.controller.build(settings, (p) => {
        if (this._building) this._progress = p;
      });
      const total = ds.train.count + ds.val.count + ds.test.count;
      this._mix = classMix(ds.kinds.train, ds.kinds.val);
      this._browseFrom = 0;
      this._browse = this.controller.page(0, 24);
      const s = (performance.now() - t0) / 1000;
      // The last report's rate is its own last moment's; the bar ends with the whole build's, as the summary says.
      if (this._progress) this._progress = { ...this._progress, patchesPerS: total / s };
      this._buildMessage = `Built ${ds.train.count.toLocaleString()} training, ${ds.val.count.toLocaleString()} validation and ${ds.test.count.toLocaleString()} test patches in ${s < 0.05 ? 'under 0.1' : s.toFixed(1)} s (${Math.round(total / s).toLocaleString()} patches/s).`;
    } catch (e) {
      this._building = false;
      this._progress = null;
      this._buildMessage =
        (e as Error).name === 'CancelledError'
          ? 'Cancelled; nothing was kept.'
          : `Could not build the data set: ${(e as Error).message}`;
    } finally {
      this._building = false;
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'spn-data-view': DataView;
  }
}
