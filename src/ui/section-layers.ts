/**
 * Layers drawn per frame over the section image: wiggle / variable-area traces (only the traces in view, paths from
 * core/display/wiggle) and the threshold contour of the probability map (segments from core/display/contour).
 */
import { WIGGLE_MIN_PX_PER_TRACE, wigglePath } from '../core/display/wiggle';
import { clipToBox, type PlotBox, type ViewerSection } from './section-paint';
import type { ProbabilityGrid } from '../core/classify/results';
import type { WiggleMode } from '../core/display/settings';
import type { View } from './viewport';

/** Whether wiggles are drawn at this view: traces at least {@link WIGGLE_MIN_PX_PER_TRACE} CSS px apart. */
export function wigglesShown(mode: WiggleMode, v: View): boolean {
  return mode !== 'off' && v.pxPerTrace >= WIGGLE_MIN_PX_PER_TRACE;
}

/**
 * Wiggle traces with filled positive lobes, for the traces in view. `values` are the displayed amplitudes (raw or
 * AGC), `clip` the displayed clip: an amplitude of `clip` deflects one trace spacing. Returns the traces drawn.
 */
export function drawWiggles(
  ctx: CanvasRenderingContext2D,
  box: PlotBox,
  v: View,
  s: ViewerSection,
  values: Float32Array,
  clip: number,
  onWhite: boolean,
): number {
  clipToBox(ctx, box);
  if (onWhite) {
    ctx.fillStyle = '#fff';
    ctx.fillRect(box.left, box.top, box.width, box.height);
  }
  const ns = s.samplesPerTrace;
  const t0 = Math.max(0, Math.floor(v.trace0 - 1)),
    t1 = Math.min(s.traceCount - 1, Math.ceil(v.trace0 + box.width / v.pxPerTrace + 1));
  const first = Math.max(0, Math.floor(v.sample0)),
    last = Math.min(ns - 1, Math.ceil(v.sample0 + box.height / v.pxPerSample));
  const y0 = box.top + (0.5 - v.sample0) * v.pxPerSample;
  ctx.fillStyle = ctx.strokeStyle = '#000';
  ctx.lineWidth = 1;
  for (let t = t0; t <= t1; t++) {
    const path = wigglePath({
      values: values.subarray(t * ns, (t + 1) * ns),
      first,
      last,
      y0,
      pxPerSample: v.pxPerSample,
      baseX: box.left + (t + 0.5 - v.trace0) * v.pxPerTrace,
      pxPerUnit: v.pxPerTrace / clip,
      maxPx: v.pxPerTrace,
    });
    ctx.beginPath();
    for (const lobe of path.lobes) {
      ctx.moveTo(lobe[0] as number, lobe[1] as number);
      for (let i = 2; i < lobe.length; i += 2) ctx.lineTo(lobe[i] as number, lobe[i + 1] as number);
      ctx.closePath();
    }
    ctx.fill();
    ctx.beginPath();
    const l = path.line;
    if (l.length >= 2) ctx.moveTo(l[0] as number, l[1] as number);
    for (let i = 2; i < l.length; i += 2) ctx.lineTo(l[i] as number, l[i + 1] as number);
    ctx.stroke();
  }
  ctx.restore();
  return Math.max(0, t1 - t0 + 1);
}

/** Colour of the threshold contour: cyan, absent from inferno, grey and red-white-blue, so it reads on all of them. */
export const CONTOUR_COLOR = '#00e5ff';

/** Draws contour segments (grid coordinates, from contourSegments) of map `g` in data space through the view. */
export function drawContour(
  ctx: CanvasRenderingContext2D,
  box: PlotBox,
  v: View,
  g: ProbabilityGrid,
  segments: Float32Array,
  width = 2,
): void {
  if (segments.length === 0) return;
  clipToBox(ctx, box);
  const x = (col: number) => box.left + (g.originTrace + col * g.strideTraces - v.trace0) * v.pxPerTrace;
  const y = (row: number) => box.top + (g.originSample + row * g.strideSamples - v.sample0) * v.pxPerSample;
  ctx.strokeStyle = CONTOUR_COLOR;
  ctx.lineWidth = width;
  ctx.lineCap = 'round';
  ctx.beginPath();
  for (let i = 0; i < segments.length; i += 4) {
    ctx.moveTo(x(segments[i] as number), y(segments[i + 1] as number));
    ctx.lineTo(x(segments[i + 2] as number), y(segments[i + 3] as number));
  }
  ctx.stroke();
  ctx.restore();
}
