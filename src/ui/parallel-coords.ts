/**
 * <spn-parallel-coords>: one line per candidate across the searched parameters (widths, kernel, pool sizes,
 * dropout), coloured by mean top-5 (grey: not scored yet). Dragging along an axis brushes a range (a click clears
 * it); the same ranges can be typed in the "Filter by range" form (keyboard). Emits `brush-change` with the ids
 * that pass every brush (null when nothing is brushed), which filters the leaderboard.
 */
import { LitElement, css, html, svg } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { CandidateSpec } from '../core/model';
import { SPEC_PARAMETERS, brushFilter, type Brushes } from '../core/search/spec-params';
import { plotStyles } from './shared-styles';

export interface ParallelItem {
  id: string;
  index: number;
  spec: CandidateSpec;
  score: number;
}
/** Ids that pass every brush; null when no axis is brushed. */
export interface BrushChangeDetail {
  ids: Set<string> | null;
  brushes: Brushes;
}

const W = 900,
  H = 250,
  PAD = { left: 30, right: 30, top: 24, bottom: 30 };
const lerp = (a: number, b: number, t: number) => Math.round(a + (b - a) * t);
/** Low score blue → high score orange-red. */
const colour = (t: number) => `rgb(${lerp(47, 208, t)},${lerp(111, 70, t)},${lerp(184, 28, t)})`;

@customElement('spn-parallel-coords')
export class ParallelCoords extends LitElement {
  static override styles = [
    plotStyles,
    css`
      svg { max-width: 100%; height: auto; touch-action: none; }
      .hit { fill: transparent; cursor: ns-resize; }
      .brush { fill: #3b7ddd33; stroke: #3b7ddd; }
      polyline { fill: none; stroke-width: 1.3; opacity: 0.8; }
      polyline.out { stroke: #dde3ea !important; opacity: 0.5; }
      details input { width: 70px; }
      .ranges { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: 2px 14px; }
    `,
  ];

  @property({ attribute: false }) items: ParallelItem[] = [];
  @state() brushes: Record<string, readonly [number, number]> = {};
  private drag: { key: string; from: number } | null = null;

  private _axes() {
    return SPEC_PARAMETERS.map((p, i) => {
      const vs = this.items.map((c) => p.value(c.spec));
      const lo = Math.min(...vs),
        hi = Math.max(...vs);
      const x = PAD.left + (i / (SPEC_PARAMETERS.length - 1)) * (W - PAD.left - PAD.right);
      const y = (v: number) =>
        hi === lo
          ? (PAD.top + H - PAD.bottom) / 2
          : H - PAD.bottom - ((v - lo) / (hi - lo)) * (H - PAD.top - PAD.bottom);
      const value = (py: number) =>
        hi === lo ? lo : lo + ((H - PAD.bottom - py) / (H - PAD.top - PAD.bottom)) * (hi - lo);
      return { p, x, lo, hi, y, value };
    });
  }

  override render() {
    if (this.items.length < 2) return html`<p>Parallel coordinates appear with two or more candidates.</p>`;
    const axes = this._axes();
    const scores = this.items.map((c) => c.score).filter(Number.isFinite);
    const [s0, s1] = [Math.min(...scores), Math.max(...scores)];
    const pass = this._pass();
    return html`<svg viewBox="0 0 ${W} ${H}" width=${W} height=${H} role="group"
        aria-label=${`Parallel coordinates of ${this.items.length} candidates over ${axes.length} parameters, coloured by mean top-5 (blue low, red high)${pass ? `; ${pass.size} inside the brushed ranges` : ''}`}>
      ${this.items.map(
        (c) => svg`<polyline data-index=${c.index} class=${pass && !pass.has(c.id) ? 'out' : ''}
          stroke=${Number.isFinite(c.score) ? colour(s1 > s0 ? (c.score - s0) / (s1 - s0) : 1) : '#b8c2cf'}
          points=${axes.map((a) => `${a.x},${a.y(a.p.value(c.spec))}`).join(' ')}><title>#${c.index}: ${Number.isFinite(c.score) ? `${(100 * c.score).toFixed(1)} %` : 'not scored'}</title></polyline>`,
      )}
      ${axes.map((a) => {
        const b = this.brushes[a.p.key];
        return svg`<line class="axis" x1=${a.x} x2=${a.x} y1=${PAD.top} y2=${H - PAD.bottom}></line>
          <text x=${a.x} y=${PAD.top - 8} text-anchor="middle">${a.p.label}</text>
          <text x=${a.x} y=${H - PAD.bottom + 12} text-anchor="middle">${+a.lo.toFixed(2)}</text>
          <text x=${a.x} y=${PAD.top + 2} dx="4" text-anchor="start">${+a.hi.toFixed(2)}</text>
          ${b ? svg`<rect class="brush" x=${a.x - 7} width="14" y=${Math.min(a.y(b[0]), a.y(b[1]))} height=${Math.max(2, Math.abs(a.y(b[0]) - a.y(b[1])))}></rect>` : ''}
          <rect class="hit" data-key=${a.p.key} x=${a.x - 12} width="24" y=${PAD.top} height=${H - PAD.top - PAD.bottom}
            @pointerdown=${(e: PointerEvent) => this._down(e, a.p.key)} @pointermove=${(e: PointerEvent) => this._move(e)} @pointerup=${(e: PointerEvent) => this._up(e)}></rect>`;
      })}
    </svg>
    <p class="note">${SPEC_PARAMETERS.filter((p) => p.layerMean)
      .map((p) => p.label)
      .join(', ')}: means over the three perception layers (whole numbers when the layers share their scales).</p>
    <details><summary>Filter by range (keyboard)</summary><div class="ranges">${axes.map(
      (a) => html`<label>${a.p.label}
      <input type="number" step="any" data-key=${a.p.key} data-end="0" aria-label=${`${a.p.label} from`} .value=${String(this.brushes[a.p.key]?.[0] ?? '')} placeholder=${String(+a.lo.toFixed(2))} @change=${this._typed} />–
      <input type="number" step="any" data-key=${a.p.key} data-end="1" aria-label=${`${a.p.label} to`} .value=${String(this.brushes[a.p.key]?.[1] ?? '')} placeholder=${String(+a.hi.toFixed(2))} @change=${this._typed} /></label>`,
    )}</div>
      <button type="button" class="clear" @click=${() => this._set({})}>Clear all ranges</button></details>`;
  }

  private _pass(): Set<string> | null {
    if (!Object.keys(this.brushes).length) return null;
    return brushFilter(
      this.items.map((c) => ({
        id: c.id,
        values: Object.fromEntries(SPEC_PARAMETERS.map((p) => [p.key, p.value(c.spec)])),
      })),
      this.brushes,
    );
  }

  /** Pointer y in viewBox units. */
  private _y(e: PointerEvent): number {
    const r = (this.renderRoot.querySelector('svg') as SVGSVGElement).getBoundingClientRect();
    return ((e.clientY - r.top) / r.height) * H;
  }

  private _down(e: PointerEvent, key: string): void {
    try {
      (e.target as Element).setPointerCapture(e.pointerId);
    } catch {
      /* not an active pointer (synthetic events): moves still arrive on the axis */
    }
    this.drag = { key, from: this._y(e) };
  }

  private _move(e: PointerEvent): void {
    if (!this.drag) return;
    const a = this._axes().find((x) => x.p.key === this.drag?.key);
    if (!a || Math.abs(this._y(e) - this.drag.from) < 3) return;
    this._set(
      {
        ...this.brushes,
        [a.p.key]: [
          a.value(Math.max(this.drag.from, this._y(e))),
          a.value(Math.min(this.drag.from, this._y(e))),
        ] as const,
      },
      false,
    );
  }

  private _up(e: PointerEvent): void {
    const d = this.drag;
    this.drag = null;
    if (!d) return;
    if (Math.abs(this._y(e) - d.from) < 3) {
      const { [d.key]: _, ...rest } = this.brushes;
      this._set(rest);
    } else this._set(this.brushes);
  }

  private _typed = (e: Event): void => {
    const input = e.target as HTMLInputElement;
    const key = input.dataset['key'] as string;
    const a = this._axes().find((x) => x.p.key === key);
    if (!a) return;
    const cur = this.brushes[key] ?? [a.lo, a.hi];
    const v = input.valueAsNumber;
    const next: [number, number] =
      input.dataset['end'] === '0' ? [Number.isNaN(v) ? a.lo : v, cur[1]] : [cur[0], Number.isNaN(v) ? a.hi : v];
    this._set({ ...this.brushes, [key]: next });
  };

  private _set(brushes: Record<string, readonly [number, number]>, emit = true): void {
    this.brushes = brushes;
    if (emit)
      this.dispatchEvent(
        new CustomEvent<BrushChangeDetail>('brush-change', {
          detail: { ids: this._pass(), brushes },
          bubbles: true,
          composed: true,
        }),
      );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'spn-parallel-coords': ParallelCoords;
  }
  interface HTMLElementEventMap {
    'brush-change': CustomEvent<BrushChangeDetail>;
  }
}
