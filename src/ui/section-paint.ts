/**
 * Canvas painting for the section viewer: the full-resolution section image (painted once per colormap/clip),
 * the probability overlay image (one pixel per map cell) and the axes. Zoom and pan never repaint the images.
 */
import { colormapLut, paintValues, type ColormapName } from '../core/colormap';
import { niceTicks, type View } from './viewport';
import type { ProbabilityGrid } from '../core/classify/results';

/** What the viewer needs of a section (the SEG-Y client's Section satisfies it). */
export interface ViewerSection {
  readonly traceCount: number;
  readonly samplesPerTrace: number;
  /** Sample interval, µs; 0 = unknown (the time axis then counts samples). */
  readonly sampleIntervalUs: number;
  /** Time of sample 0, ms. */
  readonly delayMs: number;
  /** traceCount × samplesPerTrace amplitudes, trace after trace. */
  readonly samples: Float32Array;
  /** CDP number per trace, for the CDP axis and the readout. */
  readonly cdp?: Int32Array;
}

export type { ProbabilityGrid } from '../core/classify/results';

/** A picked horizon drawn over the section: one sample (fractional) per trace, NaN where there is no pick. */
export interface ViewerHorizon {
  /** Legend text, e.g. 'seabed' or 'BSR'. */
  readonly label: string;
  /** CSS colour of the line. */
  readonly color: string;
  readonly samples: Float32Array;
  /** Dash pattern in CSS px ([] = solid). */
  readonly dash?: readonly number[];
  /** Control points to mark (e.g. a user's seabed corrections). */
  readonly points?: readonly { trace: number; sample: number }[];
}

/** Plot area inside the canvas, CSS px. */
export interface PlotBox {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** Longest image side painted; larger sections are decimated (canvas size limits, memory). */
export const MAX_IMAGE_SIDE = 8192;

/** Paints the section at full resolution (decimated past MAX_IMAGE_SIDE): one pixel per sample, traces as columns. */
export function paintSection(s: ViewerSection, colormap: ColormapName, clip: number): OffscreenCanvas {
  const stepT = Math.ceil(s.traceCount / MAX_IMAGE_SIDE), stepS = Math.ceil(s.samplesPerTrace / MAX_IMAGE_SIDE);
  const w = Math.ceil(s.traceCount / stepT), h = Math.ceil(s.samplesPerTrace / stepS);
  let values = s.samples;
  if (stepT > 1 || stepS > 1) {
    values = new Float32Array(w * h);
    for (let x = 0; x < w; x++) for (let y = 0; y < h; y++) values[x * h + y] = s.samples[x * stepT * s.samplesPerTrace + y * stepS] as number;
  }
  const canvas = new OffscreenCanvas(w, h);
  const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  const image = ctx.createImageData(w, h);
  paintValues(values, w, h, clip, colormapLut(colormap), image.data, { traceMajor: true });
  ctx.putImageData(image, 0, 0);
  return canvas;
}

/** Paints the map one pixel per cell with the heat colormap; alpha grows with probability so 0 (and NaN) stay see-through. */
export function paintProbability(g: ProbabilityGrid): OffscreenCanvas {
  const canvas = new OffscreenCanvas(g.columns, g.rows);
  const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  const image = ctx.createImageData(g.columns, g.rows);
  paintValues(g.values, g.columns, g.rows, 1, colormapLut('heat'), image.data, { symmetric: false });
  for (let i = 0; i < g.columns * g.rows; i++) {
    const p = g.values[i] as number;
    image.data[i * 4 + 3] = Number.isNaN(p) ? 0 : Math.round(255 * Math.min(1, Math.max(0, p)));
  }
  ctx.putImageData(image, 0, 0);
  return canvas;
}

/** Nearest map cell's probability at fractional data coordinates, or undefined outside the map. */
export function probabilityAt(g: ProbabilityGrid, trace: number, sample: number): number | undefined {
  const col = Math.round((trace - g.originTrace) / g.strideTraces), row = Math.round((sample - g.originSample) / g.strideSamples);
  if (col < 0 || row < 0 || col >= g.columns || row >= g.rows) return undefined;
  const p = g.values[row * g.columns + col] as number;
  return Number.isNaN(p) ? undefined : p;
}

/** Time of sample `s`, ms (or the sample index when the interval is unknown). */
export function sampleTime(s: ViewerSection, sample: number): number {
  return s.sampleIntervalUs > 0 ? s.delayMs + (sample * s.sampleIntervalUs) / 1000 : sample;
}

/** Draws the section image and overlay through the view transform, clipped to the plot box. */
export function drawImages(ctx: CanvasRenderingContext2D, box: PlotBox, v: View, s: ViewerSection, image: OffscreenCanvas,
  overlay: { grid: ProbabilityGrid; image: OffscreenCanvas; opacity: number } | null): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(box.left, box.top, box.width, box.height);
  ctx.clip();
  const x = (t: number) => box.left + (t - v.trace0) * v.pxPerTrace, y = (smp: number) => box.top + (smp - v.sample0) * v.pxPerSample;
  // Zoomed in: show samples as crisp cells; zoomed out: smooth, so downsampling does not alias as badly.
  ctx.imageSmoothingEnabled = v.pxPerTrace < 1 || v.pxPerSample < 1;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(image, x(0), y(0), s.traceCount * v.pxPerTrace, s.samplesPerTrace * v.pxPerSample);
  if (overlay && overlay.opacity > 0) {
    const g = overlay.grid;
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'low'; // bilinear: interpolates between cell centres, where 'high' (bicubic) blurs them
    ctx.globalAlpha = overlay.opacity;
    const t0 = g.originTrace - g.strideTraces / 2, s0 = g.originSample - g.strideSamples / 2;
    ctx.drawImage(overlay.image, x(t0), y(s0), g.columns * g.strideTraces * v.pxPerTrace, g.rows * g.strideSamples * v.pxPerSample);
  }
  ctx.restore();
}

/** Draws each horizon as a polyline through trace centres (broken at NaN), clipped to the plot box. */
export function drawHorizons(ctx: CanvasRenderingContext2D, box: PlotBox, v: View, horizons: readonly ViewerHorizon[]): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(box.left, box.top, box.width, box.height);
  ctx.clip();
  const x = (t: number) => box.left + (t + 0.5 - v.trace0) * v.pxPerTrace, y = (smp: number) => box.top + (smp + 0.5 - v.sample0) * v.pxPerSample;
  for (const h of horizons) {
    ctx.strokeStyle = h.color;
    ctx.lineWidth = 2;
    ctx.setLineDash([...(h.dash ?? [])]);
    ctx.beginPath();
    let open = false;
    for (let t = 0; t < h.samples.length; t++) {
      const smp = h.samples[t]!;
      if (Number.isNaN(smp)) { open = false; continue; }
      if (open) ctx.lineTo(x(t), y(smp));
      else { ctx.moveTo(x(t), y(smp)); open = true; }
    }
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = h.color;
    for (const p of h.points ?? []) ctx.fillRect(x(p.trace) - 4, y(p.sample) - 4, 8, 8);
  }
  ctx.restore();
}

/** Axes: time (ms) on the left, trace number (1-based) or CDP along the bottom. */
export function drawAxes(ctx: CanvasRenderingContext2D, box: PlotBox, v: View, s: ViewerSection, xAxis: 'trace' | 'cdp'): void {
  ctx.save();
  ctx.strokeStyle = '#556';
  ctx.fillStyle = '#223';
  ctx.font = '11px system-ui, sans-serif';
  ctx.strokeRect(box.left - 0.5, box.top - 0.5, box.width + 1, box.height + 1);
  const sampleSpan = box.height / v.pxPerSample;
  const tLo = sampleTime(s, v.sample0 - 0.5), tHi = sampleTime(s, v.sample0 + sampleSpan - 0.5);
  const perSample = sampleTime(s, 1) - sampleTime(s, 0);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of niceTicks(tLo, tHi, Math.max(2, Math.floor(box.height / 50)))) {
    const yy = box.top + ((t - sampleTime(s, 0)) / perSample + 0.5 - v.sample0) * v.pxPerSample;
    ctx.fillRect(box.left - 5, Math.round(yy), 5, 1);
    ctx.fillText(String(t), box.left - 7, yy);
  }
  ctx.save();
  ctx.translate(12, box.top + box.height / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.fillText(s.sampleIntervalUs > 0 ? 'time (ms)' : 'sample', 0, 0);
  ctx.restore();
  const traceSpan = box.width / v.pxPerTrace;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const useCdp = xAxis === 'cdp' && s.cdp !== undefined;
  for (const n of niceTicks(Math.max(1, v.trace0 + 0.5), Math.min(s.traceCount, v.trace0 + traceSpan + 0.5), Math.max(2, Math.floor(box.width / 80)))) {
    if (!Number.isInteger(n)) continue;
    const xx = box.left + (n - 0.5 - v.trace0) * v.pxPerTrace;
    ctx.fillRect(Math.round(xx), box.top + box.height, 1, 5);
    ctx.fillText(String(useCdp ? s.cdp?.[n - 1] : n), xx, box.top + box.height + 7);
  }
  ctx.fillText(useCdp ? 'CDP' : 'trace', box.left + box.width / 2, box.top + box.height + 21);
  ctx.restore();
}

/** A box drawn over the section (a user's BSR / not-BSR mark), inclusive trace and sample bounds. */
export interface ViewerMark {
  readonly traceFrom: number;
  readonly traceTo: number;
  readonly sampleFrom: number;
  readonly sampleTo: number;
  readonly color: string;
  /** Dashed outline (e.g. a mark held out to check the result). */
  readonly dashed?: boolean;
}

/** Outlines the marks (and a box being drawn) in the plot box. */
export function drawMarks(ctx: CanvasRenderingContext2D, box: PlotBox, v: View, marks: readonly ViewerMark[]): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(box.left, box.top, box.width, box.height);
  ctx.clip();
  for (const m of marks) {
    const x0 = box.left + (m.traceFrom - v.trace0) * v.pxPerTrace, x1 = box.left + (m.traceTo + 1 - v.trace0) * v.pxPerTrace;
    const y0 = box.top + (m.sampleFrom - v.sample0) * v.pxPerSample, y1 = box.top + (m.sampleTo + 1 - v.sample0) * v.pxPerSample;
    ctx.strokeStyle = m.color;
    ctx.lineWidth = 2;
    ctx.setLineDash(m.dashed ? [4, 3] : []);
    ctx.strokeRect(x0, y0, x1 - x0, y1 - y0);
  }
  ctx.restore();
}
