/**
 * <spn-section-viewer>: a seismic section (traces × time) on a canvas: variable density (grey or red-white-blue,
 * reversible, percentile clip, constant gain and AGC for display only), wiggle / variable area when zoomed in far
 * enough, zoom, pan, vertical exaggeration, axes, a hover readout with the trace headers, and the BSR map as an
 * inferno overlay with its threshold contour. The section is painted once into an offscreen image per display
 * setting; zoom and pan only redraw it through a transform (and the wiggles of the traces in view). The display
 * settings sit in <spn-display-controls> below the canvas. Emits `section-click`, `mark-drawn`, `section-rendered`.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { sectionLut, type SectionColormap } from '../core/display/colormaps';
import type { DisplaySettings, WiggleMode } from '../core/display/settings';
import {
  drawAxes,
  drawHorizons,
  drawMarks,
  drawOverlay,
  drawSectionImage,
  sampleTime,
  type PlotBox,
  type ProbabilityGrid,
  type ViewerHorizon,
  type ViewerMark,
  type ViewerSection,
} from './section-paint';
import { SectionCache } from './section-cache';
import { drawContour, drawWiggles, wigglesShown } from './section-layers';
import { exportPngBlob } from './section-export';
import { clampView, dataAt, exaggerate, fitView, panBy, resizeView, zoomAt, type Extent, type View } from './viewport';
import type { DisplayChangeDetail } from './display-controls';
import './display-controls';

export type { ProbabilityGrid, ViewerHorizon, ViewerMark, ViewerSection } from './section-paint';

/** A click on the section: 0-based trace index and sample index, and the sample's time in ms. */
export interface SectionClickDetail {
  trace: number;
  sample: number;
  timeMs: number;
}
/** A box dragged on the section in mark mode: inclusive 0-based trace and sample bounds. */
export interface MarkDrawnDetail {
  traceFrom: number;
  traceTo: number;
  sampleFrom: number;
  sampleTo: number;
}
/** Time from a new section (or display setting) to its first paint, ms. */
export interface SectionRenderedDetail {
  ms: number;
}

/** The shortest plot, CSS px, however small the window. */
const MIN_PLOT_HEIGHT = 240;
/** Window height left for the toolbar, the axis labels and the page's tabs around the plot, CSS px. */
const SCREEN_ROOM = 150;
const MARGIN = { left: 58, top: 8, right: 10, bottom: 36 };
/** Properties whose change paints the section image again. */
const REPAINT = ['section', 'colormap', 'clipPercentile', 'reverse', 'gainDb', 'agcMs'] as const;
const SETTINGS: readonly (keyof DisplaySettings)[] = [
  'colormap',
  'reverse',
  'clipPercentile',
  'gainDb',
  'agcMs',
  'verticalExaggeration',
  'wiggle',
  'overlayOpacity',
  'showContour',
  'contourThreshold',
];

@customElement('spn-section-viewer')
export class SectionViewer extends LitElement {
  static override styles = css`
    :host { display: block; font: 13px system-ui, sans-serif; }
    .bar { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; margin: 6px 0; }
    canvas.section { display: block; width: 100%; background: #f4f5f7; cursor: crosshair; touch-action: none; }
    canvas.section:focus-visible { outline: 2px solid #3b7ddd; }
    .error { color: #7a1c12; }
    output { display: block; min-height: 1.4em; font-variant-numeric: tabular-nums; color: #223; }
    .plot { position: relative; }
    .empty { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; margin: 0;
      padding: 0 24px; text-align: center; color: #445; font-size: 15px; pointer-events: none; }
  `;

  /** The section to show (traces × samples, trace-major). Never written to: display gain works on a copy. */
  @property({ attribute: false }) section: ViewerSection | null = null;
  /** Shown over the empty plot while there is no section (what to do to get one). */
  @property() emptyHint = 'No line open.';
  @property() colormap: SectionColormap = 'gray';
  /** Read the colour map from the other end. */
  @property({ type: Boolean }) reverse = false;
  /** Clip at this percentile (0-100) of |displayed amplitude|. */
  @property({ type: Number }) clipPercentile = 99;
  /** Constant display gain, dB. */
  @property({ type: Number }) gainDb = 0;
  /** AGC window, ms (0 = off). */
  @property({ type: Number }) agcMs = 0;
  /** Vertical exaggeration relative to the fitted view. */
  @property({ type: Number }) verticalExaggeration = 1;
  /** How traces show past the wiggle zoom threshold. */
  @property() wiggle: WiggleMode = 'va';
  /** Optional probability map drawn over the section on inferno. */
  @property({ attribute: false }) probability: ProbabilityGrid | null = null;
  /** Picked horizons drawn over the section (seabed, BSR), with a legend. */
  @property({ attribute: false }) horizons: readonly ViewerHorizon[] = [];
  /** Marks (boxes) drawn over the section. */
  @property({ attribute: false }) marks: readonly ViewerMark[] = [];
  /** When set, dragging draws a box in this colour (emits `mark-drawn`) instead of panning. */
  @property({ attribute: false }) markColor: string | null = null;
  /** Overlay opacity, 0-1. */
  @property({ type: Number }) overlayOpacity = 0.6;
  /** Draw the map's threshold contour at {@link contourThreshold}. */
  @property({ type: Boolean }) showContour = true;
  @property({ type: Number }) contourThreshold = 0.5;
  /** Horizontal axis labels: trace index (0-based, as in marks and the CSV files) or the trace's CDP. */
  @property() xAxis: 'trace' | 'cdp' = 'trace';
  /**
   * Traces of the file per column shown: a big file's decimated preview shows 1 in `traceStep`, and the axis and the
   * readout name the file's trace, as the marks, the run line and the CSV files do.
   */
  @property({ type: Number }) traceStep = 1;
  /** Canvas height, CSS px, at most: on a small screen (a Pi 4's 800 × 480) the plot and its toolbar fit the window. */
  @property({ type: Number }) plotHeight = 520;
  /** File name stem of the PNG export ("<stem>-section.png"). */
  @property() exportName = 'section';
  /** Milliseconds the last full paint took from its trigger (section or display setting change). */
  renderMs = 0;
  /** Traces drawn as wiggles in the last frame (0 below the wiggle zoom threshold). */
  wiggleTraces = 0;

  @state() private _readout = '';
  @state() private _exportError = '';
  @query('canvas.section') private _canvas!: HTMLCanvasElement;
  private _view: View | null = null;
  /** The extent the view was last drawn in (a resize of the plot re-fits the axes that showed the whole line). */
  private _extent: Extent | null = null;
  private _cache = new SectionCache();
  private _settings: DisplaySettings | null = null;
  private _paintFrom = 0;
  /** The pointer pressed on the section (the one whose moves pan or draw), where it was, and how far it moved. */
  private _drag: { x: number; y: number; moved: number; pointerId: number } | null = null;
  /** The box being dragged in mark mode (section cells). */
  private _box: { t0: number; s0: number; t1: number; s1: number } | null = null;
  private _resize = new ResizeObserver(() => this._draw());

  /** The display settings now in force (a new object only when one changes, so the controls re-render only then). */
  get settings(): DisplaySettings {
    return (this._settings ??= {
      colormap: this.colormap,
      reverse: this.reverse,
      clipPercentile: this.clipPercentile,
      gainDb: this.gainDb,
      agcMs: this.agcMs,
      verticalExaggeration: this.verticalExaggeration,
      wiggle: this.wiggle,
      overlayOpacity: this.overlayOpacity,
      showContour: this.showContour,
      contourThreshold: this.contourThreshold,
    });
  }

  /** The current view (data coordinates at the plot's corner, CSS px per trace and per sample), null before a paint. */
  get view(): View | null {
    return this._view;
  }

  /** Amplitude mapped to the ends of the colour map: the clip percentile's value over the constant gain. */
  get displayClip(): number {
    return this._cache.clip(this.clipPercentile, this.gainDb);
  }

  override render() {
    return html`
      <div class="bar">
        <button ?disabled=${!this.section} @click=${() => this._zoom(1.5)} aria-label="zoom in">+</button>
        <button ?disabled=${!this.section} @click=${() => this._zoom(1 / 1.5)} aria-label="zoom out">−</button>
        <button ?disabled=${!this.section} @click=${() => {
          this._view = null;
          this._draw();
        }}>fit</button>
        <button class="export" ?disabled=${!this.section} @click=${() => void this._export()}>Export section PNG</button>
        <span role="alert" class="error">${this._exportError}</span>
        ${this.horizons.map(
          (
            h,
          ) => html`<span class="legend"><svg width="22" height="8" aria-hidden="true"><line x1="0" y1="4" x2="22" y2="4"
          stroke=${h.color} stroke-width="2" stroke-dasharray=${(h.dash ?? []).join(' ')} /></svg> ${h.label}</span>`,
        )}
        ${
          // The legend names a line that is drawn: no map value at the threshold, no contour, no legend.
          this.probability && this.showContour && (this._cache.contour?.length ?? 0) > 0
            ? html`<span class="legend"><svg width="22" height="8" aria-hidden="true"><line x1="0" y1="4"
          x2="22" y2="4" stroke="#00e5ff" stroke-width="2" /></svg> P(BSR) = ${this.contourThreshold.toFixed(2)}</span>`
            : nothing
        }
      </div>
      <div class="plot">
        <canvas class="section" tabindex=${this.section ? 0 : -1}
          style="height:min(${this.plotHeight}px, max(${MIN_PLOT_HEIGHT}px, 100vh - ${SCREEN_ROOM}px))"
          aria-label="seismic section; arrows pan, + and - zoom, 0 fits, Enter picks the point at the middle of the view"
          @pointerdown=${this._down} @pointermove=${this._move} @pointerup=${this._up} @pointercancel=${this._cancel}
          @pointerleave=${() => (this._readout = '')}
          @wheel=${this._wheel} @keydown=${this._key}></canvas>
        ${this.section ? nothing : html`<p class="empty">${this.emptyHint}</p>`}
      </div>
      <output>${this._readout}</output>
      <spn-display-controls .settings=${this.settings} .histogram=${this._cache.histogram} .clip=${this.displayClip} ?hasMap=${this.probability !== null}
        @display-change=${(e: CustomEvent<DisplayChangeDetail>) => Object.assign(this, e.detail)}></spn-display-controls>`;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this._resize.observe(this._canvas);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._resize.disconnect();
  }

  protected override firstUpdated(): void {
    this._resize.observe(this._canvas);
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    const c = this._cache;
    if (SETTINGS.some((k) => changed.has(k))) this._settings = null;
    if (changed.has('section')) this._view = null;
    if (changed.has('section') || changed.has('agcMs')) c.setSection(this.section, this.agcMs);
    if (REPAINT.some((k) => changed.has(k))) {
      this._paintFrom = performance.now();
      c.imageCurrent = false;
    }
    if (changed.has('probability')) c.setMap(this.probability, this.contourThreshold);
    else if (changed.has('contourThreshold')) c.setThreshold(this.probability, this.contourThreshold);
    const oldVe = changed.get('verticalExaggeration') as number | undefined;
    const g = this._geometry();
    if (oldVe !== undefined && this._view && g)
      this._view = exaggerate(this._view, g.extent, oldVe, this.verticalExaggeration);
  }

  protected override updated(): void {
    const s = this.section;
    if (s && this._cache.paint(s, sectionLut(this.colormap, this.reverse), this.displayClip)) {
      this._draw();
      this.renderMs = performance.now() - this._paintFrom;
      this.dispatchEvent(
        new CustomEvent<SectionRenderedDetail>('section-rendered', {
          detail: { ms: this.renderMs },
          bubbles: true,
          composed: true,
        }),
      );
    } else this._draw();
  }

  /** The section as shown, with its overlay, contour, horizons, axes and colour bars, one pixel per trace and sample. */
  async exportPng(): Promise<Blob> {
    const s = this.section,
      c = this._cache,
      p = this.probability;
    if (!s || !c.image) throw new Error('nothing to export: no section is shown');
    const overlay = p && c.overlay ? { grid: p, image: c.overlay, opacity: this.overlayOpacity } : null;
    return exportPngBlob({
      section: s,
      image: c.image.canvas,
      lut: sectionLut(this.colormap, this.reverse),
      clip: this.displayClip,
      overlay,
      contour:
        overlay && this.showContour && c.contour ? { segments: c.contour, threshold: this.contourThreshold } : null,
      horizons: this.horizons,
      xAxis: this.xAxis,
    });
  }

  private async _export(): Promise<void> {
    let blob: Blob;
    try {
      blob = await this.exportPng();
      this._exportError = '';
    } catch (e) {
      this._exportError = e instanceof Error ? e.message : String(e);
      return;
    }
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `${this.exportName}-section.png`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  }

  /** Plot box and data extent for the canvas's current CSS size. */
  private _geometry(): { box: PlotBox; extent: Extent } | null {
    const s = this.section,
      c = this._canvas;
    if (!s || !c) return null;
    const r = c.getBoundingClientRect();
    const box = {
      left: MARGIN.left,
      top: MARGIN.top,
      width: Math.max(1, r.width - MARGIN.left - MARGIN.right),
      height: Math.max(1, r.height - MARGIN.top - MARGIN.bottom),
    };
    return {
      box,
      extent: {
        traces: s.traceCount,
        samples: s.samplesPerTrace,
        width: box.width,
        height: box.height,
        exaggeration: this.verticalExaggeration,
      },
    };
  }

  private _draw(): void {
    const c = this._canvas,
      g = this._geometry(),
      s = this.section;
    if (!c) return;
    const dpr = globalThis.devicePixelRatio || 1,
      r = c.getBoundingClientRect();
    if (c.width !== Math.round(r.width * dpr) || c.height !== Math.round(r.height * dpr)) {
      c.width = Math.round(r.width * dpr);
      c.height = Math.round(r.height * dpr);
    }
    const ctx = c.getContext('2d') as CanvasRenderingContext2D;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, r.width, r.height);
    const cache = this._cache,
      image = cache.image,
      display = cache.display;
    if (!g || !s || !image || !display) return;
    const last = this._extent;
    this._extent = g.extent;
    const v = (this._view = !this._view
      ? fitView(g.extent)
      : last && (last.width !== g.extent.width || last.height !== g.extent.height)
        ? resizeView(this._view, last, g.extent)
        : clampView(this._view, g.extent));
    const wiggles = wigglesShown(this.wiggle, v);
    if (!wiggles || this.wiggle === 'va-on-vd') drawSectionImage(ctx, g.box, v, s, image.canvas);
    this.wiggleTraces = wiggles ? drawWiggles(ctx, g.box, v, s, display, this.displayClip, this.wiggle === 'va') : 0;
    const p = this.probability;
    if (p && cache.overlay) drawOverlay(ctx, g.box, v, p, cache.overlay, this.overlayOpacity);
    if (p && cache.contour && this.showContour) drawContour(ctx, g.box, v, p, cache.contour);
    if (this.horizons.length > 0) drawHorizons(ctx, g.box, v, this.horizons);
    const b = this._box;
    const boxes =
      b && this.markColor
        ? [
            ...this.marks,
            {
              traceFrom: Math.min(b.t0, b.t1),
              traceTo: Math.max(b.t0, b.t1),
              sampleFrom: Math.min(b.s0, b.s1),
              sampleTo: Math.max(b.s0, b.s1),
              color: this.markColor,
              dashed: true,
            },
          ]
        : this.marks;
    if (boxes.length > 0) drawMarks(ctx, g.box, v, boxes);
    drawAxes(ctx, g.box, v, s, this.xAxis, this.traceStep);
  }

  /** Section cell (0-based trace, sample) under a pointer event, or null outside the data. */
  cellAt(clientX: number, clientY: number): { trace: number; sample: number; fx: number; fy: number } | null {
    const at = this._dataAtClient(clientX, clientY);
    if (!at) return null;
    const trace = Math.floor(at.trace),
      sample = Math.floor(at.sample);
    if (trace < 0 || sample < 0 || trace >= at.traces || sample >= at.samples) return null;
    return { trace, sample, fx: at.trace, fy: at.sample };
  }

  /** Data coordinates (fractional trace, sample) under a client point, with the line's size; null without a line. */
  private _dataAtClient(
    clientX: number,
    clientY: number,
  ): { trace: number; sample: number; traces: number; samples: number } | null {
    const g = this._geometry(),
      v = this._view,
      s = this.section;
    if (!g || !v || !s) return null;
    const r = this._canvas.getBoundingClientRect();
    const d = dataAt(v, clientX - r.left - g.box.left, clientY - r.top - g.box.top);
    return { ...d, traces: s.traceCount, samples: s.samplesPerTrace };
  }

  /** The cell under a point, or the nearest cell of the line when the point is past its edge. */
  private _cellClamped(clientX: number, clientY: number): { trace: number; sample: number } | null {
    const at = this._dataAtClient(clientX, clientY);
    if (!at) return null;
    return {
      trace: Math.min(Math.max(Math.floor(at.trace), 0), at.traces - 1),
      sample: Math.min(Math.max(Math.floor(at.sample), 0), at.samples - 1),
    };
  }

  private _zoom(factor: number, clientX?: number, clientY?: number): void {
    const g = this._geometry();
    if (!g) return;
    const r = this._canvas.getBoundingClientRect();
    const x = clientX === undefined ? g.box.width / 2 : clientX - r.left - g.box.left,
      y = clientY === undefined ? g.box.height / 2 : clientY - r.top - g.box.top;
    this._view = zoomAt(this._view ?? fitView(g.extent), g.extent, factor, x, y);
    this._draw();
  }

  private _pan(dx: number, dy: number): void {
    const g = this._geometry();
    if (!g || !this._view) return;
    this._view = panBy(this._view, g.extent, dx, dy);
    this._draw();
  }

  private _wheel = (e: WheelEvent): void => {
    e.preventDefault();
    this._zoom(e.deltaY < 0 ? 1.25 : 0.8, e.clientX, e.clientY);
  };

  private _key = (e: KeyboardEvent): void => {
    const g = this._geometry();
    if (!g) return;
    const step = { ArrowLeft: [-0.1, 0], ArrowRight: [0.1, 0], ArrowUp: [0, -0.1], ArrowDown: [0, 0.1] }[e.key];
    if (step) this._pan((step[0] as number) * g.box.width, (step[1] as number) * g.box.height);
    else if (e.key === '+' || e.key === '=') this._zoom(1.5);
    else if (e.key === '-') this._zoom(1 / 1.5);
    else if (e.key === '0') {
      this._view = null;
      this._draw();
    } else if (e.key === 'Enter') this._pickMiddle(g.box);
    else return;
    e.preventDefault();
  };

  /** Enter: the keyboard's click, at the middle of the plot (pan and zoom bring a point there). */
  private _pickMiddle(box: PlotBox): void {
    const r = this._canvas.getBoundingClientRect();
    const cell = this.cellAt(r.left + box.left + box.width / 2, r.top + box.top + box.height / 2);
    if (!cell || !this.section) return;
    this._readout = this._describe(r.left + box.left + box.width / 2, r.top + box.top + box.height / 2);
    const detail: SectionClickDetail = {
      trace: cell.trace,
      sample: cell.sample,
      timeMs: sampleTime(this.section, cell.sample),
    };
    this.dispatchEvent(new CustomEvent<SectionClickDetail>('section-click', { detail, bubbles: true, composed: true }));
  }

  private _down = (e: PointerEvent): void => {
    // A second finger on a touch screen must not restart the drag or the box the first one is drawing.
    if (this._drag && e.pointerId !== this._drag.pointerId) return;
    const cell = this.markColor ? this.cellAt(e.clientX, e.clientY) : null;
    this._box = cell ? { t0: cell.trace, s0: cell.sample, t1: cell.trace, s1: cell.sample } : null;
    this._drag = { x: e.clientX, y: e.clientY, moved: 0, pointerId: e.pointerId };
    try {
      this._canvas.setPointerCapture?.(e.pointerId);
    } catch {
      // NotFoundError: the pointer is no longer active (lifted or cancelled before this ran); the drag goes on uncaptured.
    }
  };

  private _move = (e: PointerEvent): void => {
    if (this._drag && e.pointerId !== this._drag.pointerId) return;
    if (this._drag && this._box) {
      // Past the plot's edge the box stops at the line's edge (it kept the last cell inside before).
      const cell = this._cellClamped(e.clientX, e.clientY);
      if (cell) {
        this._box = { ...this._box, t1: cell.trace, s1: cell.sample };
        this._draw();
      }
    } else if (this._drag) {
      const dx = e.clientX - this._drag.x,
        dy = e.clientY - this._drag.y;
      this._drag = {
        x: e.clientX,
        y: e.clientY,
        moved: this._drag.moved + Math.abs(dx) + Math.abs(dy),
        pointerId: e.pointerId,
      };
      this._pan(-dx, -dy);
    }
    this._readout = this._describe(e.clientX, e.clientY);
  };

  /**
   * The browser took the pointer (a system gesture, a touch turned into a scroll, the pen left): the box being drawn
   * is dropped, not added as a mark, and no later move pans as if the button were still down.
   */
  private _cancel = (): void => {
    const hadBox = this._box !== null;
    this._drag = null;
    this._box = null;
    if (hadBox) this._draw();
  };

  private _up = (e: PointerEvent): void => {
    if (this._drag && e.pointerId !== this._drag.pointerId) return;
    const drag = this._drag,
      box = this._box;
    this._drag = null;
    this._box = null;
    if (box) {
      this._draw();
      // A click without a drag is no box: it made a mark one trace by one sample.
      if (box.t0 === box.t1 && box.s0 === box.s1) return;
      const detail: MarkDrawnDetail = {
        traceFrom: Math.min(box.t0, box.t1),
        traceTo: Math.max(box.t0, box.t1),
        sampleFrom: Math.min(box.s0, box.s1),
        sampleTo: Math.max(box.s0, box.s1),
      };
      this.dispatchEvent(new CustomEvent<MarkDrawnDetail>('mark-drawn', { detail, bubbles: true, composed: true }));
      return;
    }
    const cell = this.cellAt(e.clientX, e.clientY);
    if (!drag || drag.moved > 4 || !cell || !this.section) return;
    const detail: SectionClickDetail = {
      trace: cell.trace,
      sample: cell.sample,
      timeMs: sampleTime(this.section, cell.sample),
    };
    this.dispatchEvent(new CustomEvent<SectionClickDetail>('section-click', { detail, bubbles: true, composed: true }));
  };

  /** Readout text for the cell under the pointer: trace (0-based), its headers, time, amplitude (raw) and P(BSR). */
  private _describe(clientX: number, clientY: number): string {
    const cell = this.cellAt(clientX, clientY),
      s = this.section;
    return cell && s ? this._cache.readout(s, cell, this.probability, this.traceStep) : '';
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'spn-section-viewer': SectionViewer;
  }
  interface HTMLElementEventMap {
    'section-click': CustomEvent<SectionClickDetail>;
    'section-rendered': CustomEvent<SectionRenderedDetail>;
    'mark-drawn': CustomEvent<MarkDrawnDetail>;
  }
}
