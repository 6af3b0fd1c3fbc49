/** A grid of patches, each painted with a seismic colormap and captioned with its kind, label and augmentations. */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { colormapLut, paintValues, type ColormapName } from '../core/colormap';
import { AUGMENTATIONS } from '../core/synthetic/types';
import { AUG_LABELS, kindWords } from './patch-words';

/**
 * The label, then the kind where it says more than the label: "BSR", "BSR: gapped BSR", "not BSR: seabed" (the kind
 * and label side by side read "BSR · BSR").
 */
export function caption(label: number, kind: number): string {
  const labelWords = label ? 'BSR' : 'not BSR';
  const kindText = kindWords(kind);
  return kindText === labelWords ? labelWords : `${labelWords}: ${kindText}`;
}

@customElement('spn-patch-gallery')
export class PatchGallery extends LitElement {
  static override styles = css`
    :host { display: grid; grid-template-columns: repeat(auto-fill, minmax(118px, 1fr)); gap: 10px; }
    figure { margin: 0; background: #fff; border: 1px solid #dde3ea; border-radius: 6px; padding: 5px; }
    canvas { width: 106px; height: 106px; image-rendering: pixelated; display: block; margin: 0 auto; }
    figcaption { font-size: 11px; line-height: 1.3; margin-top: 3px; color: #3b4754; }
    .bsr { color: #b0161b; font-weight: 600; }
    .aug { color: #6b7785; }
  `;

  /** Patches, patch-major, `side`x`side` each, values in [-1, 1]. */
  @property({ attribute: false }) patches: Float32Array = new Float32Array(0);
  @property({ type: Number }) side = 48;
  @property({ attribute: false }) labels: Uint8Array = new Uint8Array(0);
  @property({ attribute: false }) kinds: Uint8Array = new Uint8Array(0);
  @property({ attribute: false }) applied: Uint8Array = new Uint8Array(0);
  @property() colormap: ColormapName = 'gray';

  override render() {
    return html`${Array.from(this.labels, (label, i) => {
      const augs = AUGMENTATIONS.filter((_, k) => ((this.applied[i] ?? 0) >> k) & 1);
      return html`<figure>
        <canvas width=${this.side} height=${this.side} data-index=${i} aria-label="patch ${i}"></canvas>
        <figcaption>
          <span class=${label ? 'bsr' : ''}>${caption(label, this.kinds[i] ?? 0)}</span><br />
          <span class="aug">${augs.length ? augs.map((a) => AUG_LABELS[a].toLowerCase()).join(', ') : 'no augmentation'}</span>
        </figcaption>
      </figure>`;
    })}`;
  }

  override updated(): void {
    const lut = colormapLut(this.colormap);
    const cells = this.side * this.side;
    for (const canvas of this.renderRoot.querySelectorAll('canvas')) {
      const i = Number(canvas.dataset.index);
      const ctx = canvas.getContext('2d');
      if (!ctx) continue;
      const img = ctx.createImageData(this.side, this.side);
      paintValues(this.patches.subarray(i * cells, (i + 1) * cells), this.side, this.side, 1, lut, img.data);
      ctx.putImageData(img, 0, 0);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'spn-patch-gallery': PatchGallery;
  }
}
