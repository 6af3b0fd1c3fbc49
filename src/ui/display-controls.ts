/**
 * <spn-display-controls>: the section viewer's display settings (colour map, reverse, clip with its histogram and
 * colour bar, gain and AGC, vertical exaggeration, wiggles; the BSR map's opacity, contour and inferno colour bar).
 * Renders the settings it is given and emits `display-change` with what the user changed; the viewer owns them.
 */
import { LitElement, css, html, nothing } from 'lit';
import { controlInputStyles } from './shared-styles';
import { customElement, property, query } from 'lit/decorators.js';
import { EXAGGERATIONS, type DisplaySettings, type WiggleMode } from '../core/display/settings';
import { infernoLut, sectionLut, type SectionColormap } from '../core/display/colormaps';
import type { Histogram } from '../core/display/histogram';
import { drawColourBar, drawHistogram, type ColourBar } from './colour-bar-paint';

export type DisplayChangeDetail = Partial<DisplaySettings>;

const BAR_W = 180;

@customElement('spn-display-controls')
export class DisplayControls extends LitElement {
  static override styles = [
    controlInputStyles,
    css`
    :host { display: flex; flex-wrap: wrap; gap: 8px 18px; align-items: flex-start; font: 12px system-ui, sans-serif; }
    fieldset { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: center; border: 1px solid #dde; border-radius: 6px;
      padding: 4px 8px; margin: 0; }
    legend { color: #445; }
    canvas { display: block; }
  `,
  ];

  @property({ attribute: false }) settings!: DisplaySettings;
  /** Histogram of the displayed amplitudes (after AGC, before the constant gain). */
  @property({ attribute: false }) histogram: Histogram | null = null;
  /** The displayed clip, in the histogram's units (the percentile's value over the constant gain). */
  @property({ type: Number }) clip = 1;
  /** Whether a BSR map is shown (its controls appear then). */
  @property({ type: Boolean }) hasMap = false;

  @query('canvas.histogram') private _hist!: HTMLCanvasElement | null;
  @query('canvas.amplitude-bar') private _ampBar!: HTMLCanvasElement | null;
  @query('canvas.map-bar') private _mapBar!: HTMLCanvasElement | null;

  private _set(detail: DisplayChangeDetail): void {
    this.dispatchEvent(
      new CustomEvent<DisplayChangeDetail>('display-change', { detail, bubbles: true, composed: true }),
    );
  }

  private _num = (key: keyof DisplaySettings) => (e: Event) => {
    const input = e.target as HTMLInputElement | HTMLSelectElement;
    let v = Number(input.value);
    if (!Number.isFinite(v)) return;
    // Typed numbers are held to the field's own range (min/max bind only the spinner), and the field shows what holds.
    const min = input instanceof HTMLInputElement && input.min !== '' ? Number(input.min) : -Infinity,
      max = input instanceof HTMLInputElement && input.max !== '' ? Number(input.max) : Infinity;
    v = Math.min(max, Math.max(min, v));
    if (String(v) !== input.value) input.value = String(v);
    this._set({ [key]: v });
  };

  override render() {
    const s = this.settings;
    if (!s) return nothing;
    return html`
      ${
        // The map's controls come first, right under the section: on a small screen (a Pi 4's 800 x 480) the contour
        // threshold, which moves the contour and the BSR horizon, is then in sight of the map it moves.
        this.hasMap
          ? html`<fieldset><legend>BSR map</legend>
        <label>opacity <input type="range" name="opacity" min="0" max="1" step="0.05" .value=${String(s.overlayOpacity)}
          @input=${this._num('overlayOpacity')} /></label>
        <label><input type="checkbox" name="contour" .checked=${s.showContour}
          @change=${(e: Event) => this._set({ showContour: (e.target as HTMLInputElement).checked })} /> contour</label>
        <label>at P ≥ <input type="range" name="threshold" min="0.05" max="0.95" step="0.05" .value=${String(s.contourThreshold)}
          @input=${this._num('contourThreshold')} /> ${s.contourThreshold.toFixed(2)}</label>
        <canvas class="map-bar" width=${BAR_W + 40} height="46" role="img" aria-label="P(BSR) colour bar (inferno)"></canvas>
      </fieldset>`
          : nothing
      }
      <fieldset><legend>Amplitudes</legend>
        <label>colour map <select @change=${(e: Event) => this._set({ colormap: (e.target as HTMLSelectElement).value as SectionColormap })}>
          <option value="gray" ?selected=${s.colormap === 'gray'}>grey</option>
          <option value="rwb" ?selected=${s.colormap === 'rwb'}>red-white-blue</option></select></label>
        <label><input type="checkbox" name="reverse" .checked=${s.reverse}
          @change=${(e: Event) => this._set({ reverse: (e.target as HTMLInputElement).checked })} /> reverse</label>
        <label>clip <input type="range" name="clip" min="50" max="100" step="0.5" .value=${String(s.clipPercentile)}
          @change=${this._num('clipPercentile')} /> ${s.clipPercentile} %</label>
        <label>gain (dB) <input type="number" name="gain" min="-40" max="60" step="1" .value=${String(s.gainDb)}
          @change=${this._num('gainDb')} /></label>
        <label>AGC window (ms, 0 = off) <input type="number" name="agc" min="0" max="10000" step="50" .value=${String(s.agcMs)}
          @change=${this._num('agcMs')} /></label>
        <label>vertical exaggeration <select name="exaggeration" @change=${this._num('verticalExaggeration')}>
          ${EXAGGERATIONS.map((v) => html`<option value=${v} ?selected=${v === s.verticalExaggeration}>× ${v}</option>`)}</select></label>
        <label>zoomed in <select name="wiggle" @change=${(e: Event) => this._set({ wiggle: (e.target as HTMLSelectElement).value as WiggleMode })}>
          <option value="va" ?selected=${s.wiggle === 'va'}>wiggle / variable area</option>
          <option value="va-on-vd" ?selected=${s.wiggle === 'va-on-vd'}>wiggles over density</option>
          <option value="off" ?selected=${s.wiggle === 'off'}>variable density only</option></select></label>
        <canvas class="histogram" width=${BAR_W} height="40" role="img"
          aria-label=${`amplitude histogram; clip at ±${this.clip.toPrecision(3)}`}></canvas>
        <canvas class="amplitude-bar" width=${BAR_W + 40} height="46" role="img" aria-label="amplitude colour bar"></canvas>
      </fieldset>`;
  }

  protected override updated(): void {
    const s = this.settings;
    if (!s) return;
    const h = this._hist?.getContext('2d');
    if (h && this._hist) {
      h.clearRect(0, 0, this._hist.width, this._hist.height);
      if (this.histogram) drawHistogram(h, this.histogram, this.clip, { x: 0.5, y: 0.5, w: BAR_W - 1, h: 39 });
    }
    const c = this.clip;
    paintBar(this._ampBar, {
      lut: sectionLut(s.colormap, s.reverse),
      lo: -c,
      hi: c,
      title: 'amplitude',
      ticks: [-c, 0, c],
    });
    paintBar(this._mapBar, {
      lut: infernoLut(),
      lo: 0,
      hi: 1,
      title: 'P(BSR)',
      ticks: [0, 0.5, 1],
      ...(s.showContour ? { mark: s.contourThreshold } : {}),
    });
  }
}

/** Clears a colour-bar canvas (absent while its fieldset is hidden) and draws `bar` across it. */
function paintBar(canvas: HTMLCanvasElement | null, bar: ColourBar): void {
  const ctx = canvas?.getContext('2d');
  if (!ctx || !canvas) return;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  drawColourBar(ctx, bar, { x: 20, y: 14, w: BAR_W, h: 12 });
}

declare global {
  interface HTMLElementTagNameMap {
    'spn-display-controls': DisplayControls;
  }
  interface HTMLElementEventMap {
    'display-change': CustomEvent<DisplayChangeDetail>;
  }
}
