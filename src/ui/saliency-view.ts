/** <spn-saliency-view>: a clicked patch (grayscale) beside its saliency (red-white-blue), both 48 × 48 scaled up. */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { colormapLut, paintValues, type ColormapName } from '../core/colormap';
import type { PatchSaliency } from '../core/classify/results';

const SIDE = 48;

@customElement('spn-saliency-view')
export class SaliencyView extends LitElement {
  static override styles = css`
    :host { display: block; font: 13px system-ui, sans-serif; }
    .pair { display: flex; gap: 12px; }
    canvas { width: 144px; height: 144px; image-rendering: pixelated; border: 1px solid #ccd; }
    figure { margin: 0; } figcaption { color: #556; }
    .saliency-words:empty { margin: 0; }
  `;

  @property({ attribute: false }) saliency: PatchSaliency | null = null;

  override render() {
    const s = this.saliency;
    // The words are a live region that is always there (a region inserted with its text is not reliably announced):
    // Enter on the section explains a patch, and focus stays on the section.
    const words = s
      ? `Patch from trace ${s.firstTrace}, sample ${s.firstSample} (its top-left corner; counted from 0, as in the marks and CSV files): P(BSR) of this patch alone ${s.probability.toFixed(3)} (the map and the pointer's readout show P averaged with its neighbours along the seabed, so they may read higher or lower)`
      : '';
    return html`<p role="status" class="saliency-words">${words}</p>
      ${s ? this._pair() : nothing}`;
  }

  private _pair() {
    return html`<div class="pair">
        <figure><canvas id="patch" width=${SIDE} height=${SIDE}></canvas><figcaption>standardised patch</figcaption></figure>
        <figure><canvas id="saliency" width=${SIDE} height=${SIDE}></canvas><figcaption>saliency (blue raises P)</figcaption></figure>
      </div>`;
  }

  protected override updated(): void {
    if (!this.saliency) return;
    this._paint('patch', this.saliency.patch, 'gray');
    this._paint('saliency', this.saliency.saliency, 'rwb');
  }

  private _paint(id: string, values: Float32Array, map: ColormapName): void {
    const ctx = this.renderRoot.querySelector<HTMLCanvasElement>(`#${id}`)?.getContext('2d');
    if (!ctx) return;
    const image = ctx.createImageData(SIDE, SIDE);
    paintValues(values, SIDE, SIDE, 1, colormapLut(map), image.data);
    ctx.putImageData(image, 0, 0);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'spn-saliency-view': SaliencyView;
  }
}
