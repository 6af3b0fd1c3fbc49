/**
 * Canvas painting for the section viewer: the full-resolution section image (painted once per colour map, clip and
 * gain), the probability overlay image (one pixel per map cell, inferno), horizons and marks. Zoom and pan never
 * repaint the images. Axes: section-axes.ts; wiggles and the contour: section-layers.ts.
 */
import { paintValues } from '../core/colormap';
import { infernoLut } from '../core/display/colormaps';
import type { TraceHeaderArrays } from '../core/display/headers';
import type { View } from './viewport';
import type { ProbabilityGrid } from '../core/classify/results';

export { drawAxes } from './section-axes';

/**
 * What the viewer needs of a section (the SEG-Y client's Section satisfies it). Header arrays are optional: the
 * readout names CDP, inline/crossline and X/Y where the line has them.
 */
export interface ViewerSection extends TraceHeaderArrays {
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
  /**
   * The line breaks where neighbouring picks are further apart than this, samples: a per-trace pick that jumps from
   * one event to another is two pieces, not a vertical wall between them.
   */
  readonly maxStepSamples?: number;
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

/** The section image and the pixels it was painted from, reused by the next paint of a section of the same size. */
export interface SectionImage {
  readonly canvas: OffscreenCanvas;
  readonly pixels: ImageData;
}

/**
 * Paints the section at full resolution (decimated past MAX_IMAGE_SIDE): one pixel per sample, traces as columns.
 * `values0` are the displayed amplitudes (the section's own, or its AGC copy), mapped from [-clip, clip] onto `lut`.
 * A `reuse` image of the same size is painted over instead of allocating a new one (slider moves allocate nothing).
 */
export function paintSection(
  s: ViewerSection,
  values0: Float32Array,
  lut: Uint8ClampedArray,
  clip: number,
  reuse: SectionImage | null = null,
): SectionImage {
  const stepT = Math.ceil(s.traceCount / MAX_IMAGE_SIDE),
    stepS = Math.ceil(s.samplesPerTrace / MAX_IMAGE_SIDE);
  const w = Math.ceil(s.traceCount / stepT),
    h = Math.ceil(s.samplesPerTrace / stepS);
  let values = values0;
  if (stepT > 1 || stepS > 1) {
    values = new Float32Array(w * h);
    for (let x = 0; x < w; x++)
      for (let y = 0; y < h; y++) values[x * h + y] = values0[x * stepT * s.samplesPerTrace + y * stepS] as number;
  }
  const same = reuse !== null && reuse.pixels.width === w && reuse.pixels.height === h;
  const canvas = same ? reuse.canvas : new OffscreenCanvas(w, h);
  const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  const pixels = same ? reuse.pixels : ctx.createImageData(w, h);
  paintValues(values, w, h, clip, lut, pixels.data, { traceMajor: true });
  ctx.putImageData(pixels, 0, 0);
  return { canvas, pixels };
}

/** Paints the map one pixel per cell on inferno; alpha grows with probability so 0 (and NaN) stay see-through. */
export function paintProbability(g: ProbabilityGrid): OffscreenCanvas {
  const canvas = new OffscreenCanvas(g.columns, g.rows);
  const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  const image = ctx.createImageData(g.columns, g.rows);
  paintValues(g.values, g.columns, g.rows, 1, infernoLut(), image.data, { symmetric: false });
  for (let i = 0; i < g.columns * g.rows; i++) {
    const p = g.values[i] as number;
    image.data[i * 4 + 3] = Number.isNaN(p) ? 0 : Math.round(255 * Math.min(1, Math.max(0, p)));
  }
  ctx.putImageData(image, 0, 0);
  return canvas;
}

/** Nearest map cell's probability at fractional data coordinates, or undefined outside the map. */
export function probabilityAt(g: ProbabilityGrid, trace: number, sample: number): number | undefined {
  const col = Math.round((trace - g.originTrace) / g.strideTraces),
    row = Math.round((sample - g.originSample) / g.strideSamples);
  if (col < 0 || row < 0 || col >= g.columns || row >= g.rows) return undefined;
  const p = g.values[row * g.columns + col] as number;
  return Number.isNaN(p) ? undefined : p;
}

/** Time of sample `s`, ms (or the sample index when the interval is unknown). */
export function sampleTime(s: ViewerSection, sample: number): number {
  return s.sampleIntervalUs > 0 ? s.delayMs + (sample * s.sampleIntervalUs) / 1000 : sample;
}

/** Clips drawing to the plot box (callers restore). */
export function clipToBox(ctx: CanvasRenderingContext2D, box: PlotBox): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(box.left, box.top, box.width, box.height);
  ctx.clip();
}

/** Draws the section image through the view transform, clipped to the plot box. */
export function drawSectionImage(
  ctx: CanvasRenderingContext2D,
  box: PlotBox,
  v: View,
  s: ViewerSection,
  image: OffscreenCanvas,
): void {
  clipToBox(ctx, box);
  // Zoomed in: show samples as crisp cells; zoomed out: smooth, so downsampling does not alias as badly.
  ctx.imageSmoothingEnabled = v.pxPerTrace < 1 || v.pxPerSample < 1;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(
    image,
    box.left - v.trace0 * v.pxPerTrace,
    box.top - v.sample0 * v.pxPerSample,
    s.traceCount * v.pxPerTrace,
    s.samplesPerTrace * v.pxPerSample,
  );
  ctx.restore();
}

/** Draws the probability image (one pixel per patch centre) at `opacity`, bilinear between centres. */
export function drawOverlay(
  ctx: CanvasRenderingContext2D,
  box: PlotBox,
  v: View,
  g: ProbabilityGrid,
  image: OffscreenCanvas,
  opacity: number,
): void {
  if (opacity <= 0) return;
  clipToBox(ctx, box);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'low'; // bilinear: interpolates between cell centres, where 'high' (bicubic) blurs them
  ctx.globalAlpha = opacity;
  const t0 = g.originTrace - g.strideTraces / 2,
    s0 = g.originSample - g.strideSamples / 2;
  ctx.drawImage(
    image,
    box.left + (t0 - v.trace0) * v.pxPerTrace,
    box.top + (s0 - v.sample0) * v.pxPerSample,
    g.columns * g.strideTraces * v.pxPerTrace,
    g.rows * g.strideSamples * v.pxPerSample,
  );
  ctx.restore();
}

/** Draws each horizon as a polyline through trace centres (broken at NaN and at jumps), clipped to the plot box. */
export function drawHorizons(
  ctx: CanvasRenderingContext2D,
  box: PlotBox,
  v: View,
  horizons: readonly ViewerHorizon[],
): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(box.left, box.top, box.width, box.height);
  ctx.clip();
  const x = (t: number) => box.left + (t + 0.5 - v.trace0) * v.pxPerTrace,
    y = (smp: number) => box.top + (smp + 0.5 - v.sample0) * v.pxPerSample;
  for (const h of horizons) {
    ctx.strokeStyle = h.color;
    ctx.lineWidth = 2;
    ctx.setLineDash([...(h.dash ?? [])]);
    ctx.beginPath();
    let open = false;
    const maxStep = h.maxStepSamples ?? Infinity;
    for (let t = 0; t < h.samples.length; t++) {
      const smp = h.samples[t]!;
      if (Number.isNaN(smp)) {
        open = false;
        continue;
      }
      if (open && Math.abs(smp - h.samples[t - 1]!) > maxStep) open = false;
      if (open) ctx.lineTo(x(t), y(smp));
      else {
        ctx.moveTo(x(t), y(smp));
        open = true;
      }
    }
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = h.color;
    for (const p of h.points ?? []) ctx.fillRect(x(p.trace) - 4, y(p.sample) - 4, 8, 8);
  }
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
    const x0 = box.left + (m.traceFrom - v.trace0) * v.pxPerTrace,
      x1 = box.left + (m.traceTo + 1 - v.trace0) * v.pxPerTrace;
    const y0 = box.top + (m.sampleFrom - v.sample0) * v.pxPerSample,
      y1 = box.top + (m.sampleTo + 1 - v.sample0) * v.pxPerSample;
    ctx.strokeStyle = m.color;
    ctx.lineWidth = 2;
    ctx.setLineDash(m.dashed ? [4, 3] : []);
    ctx.strokeRect(x0, y0, x1 - x0, y1 - y0);
  }
  ctx.restore();
}
