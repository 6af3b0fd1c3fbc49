/**
 * Colour bars and the amplitude histogram drawn on a 2D canvas context: the display controls and the PNG export
 * draw them with the same code, so the exported picture carries the legend the screen showed.
 */
import type { Histogram } from '../core/display/histogram';
import { lutCss } from '../core/display/colormaps';

/** A colour bar: the LUT left (low) to right (high) with labelled ticks under it. */
export interface ColourBar {
  readonly lut: Uint8ClampedArray;
  readonly lo: number;
  readonly hi: number;
  readonly title: string;
  /** Values to label under the bar. */
  readonly ticks: readonly number[];
  /** A value marked across the bar (e.g. the contour threshold). */
  readonly mark?: number;
}

/** Where a bar or histogram is drawn, px. */
export interface BarRect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** The x of value v on a scale from lo to hi across `r`. */
const xOf = (r: BarRect, lo: number, hi: number, v: number): number => r.x + ((v - lo) / (hi - lo || 1)) * r.w;

/** The thin frame around `r`. */
function frame(ctx: CanvasRenderingContext2D, r: BarRect): void {
  ctx.strokeStyle = '#556';
  ctx.strokeRect(r.x - 0.5, r.y - 0.5, r.w + 1, r.h + 1);
}

/** Draws `bar` in `r`; labels go below it (about 26 px). */
export function drawColourBar(ctx: CanvasRenderingContext2D, bar: ColourBar, r: BarRect): void {
  const { x, y, w, h } = r;
  ctx.save();
  for (let i = 0; i < w; i++) {
    ctx.fillStyle = lutCss(bar.lut, Math.min(255, Math.floor((i / Math.max(1, w - 1)) * 255)));
    ctx.fillRect(x + i, y, 1, h);
  }
  frame(ctx, r);
  const at = (v: number) => xOf(r, bar.lo, bar.hi, v);
  ctx.fillStyle = '#223';
  ctx.font = '11px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const v of bar.ticks) {
    ctx.fillRect(Math.round(at(v)), y + h, 1, 4);
    ctx.fillText(formatTick(v), at(v), y + h + 5);
  }
  if (bar.mark !== undefined) {
    ctx.fillStyle = '#00e5ff';
    ctx.fillRect(Math.round(at(bar.mark)) - 1, y - 3, 3, h + 6);
  }
  ctx.fillStyle = '#223';
  ctx.textAlign = 'left';
  ctx.textBaseline = 'bottom';
  ctx.fillText(bar.title, x, y - 2);
  ctx.restore();
}

/** Counts per bin as bars (square-root scale, so the tails show next to the peak), with the clip marked at ±clip. */
export function drawHistogram(ctx: CanvasRenderingContext2D, hist: Histogram, clip: number, r: BarRect): void {
  const { x, y, w, h } = r;
  ctx.save();
  ctx.fillStyle = '#fff';
  ctx.fillRect(x, y, w, h);
  const n = hist.counts.length;
  let max = 1;
  for (const c of hist.counts) max = Math.max(max, c);
  ctx.fillStyle = '#778';
  for (let i = 0; i < n; i++) {
    const bh = Math.sqrt((hist.counts[i] as number) / max) * h;
    ctx.fillRect(x + (i * w) / n, y + h - bh, Math.max(1, w / n - 0.5), bh);
  }
  ctx.fillStyle = '#c0392b';
  for (const c of [-clip, clip]) {
    const cx = xOf(r, hist.lo, hist.hi, c);
    if (cx >= x && cx <= x + w) ctx.fillRect(Math.round(cx) - 1, y, 2, h);
  }
  frame(ctx, r);
  ctx.restore();
}

/** Tick label: up to 3 significant digits, no trailing zeros. */
export function formatTick(v: number): string {
  return String(Number(v.toPrecision(3)));
}
