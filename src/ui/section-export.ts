/**
 * The section with its overlay as a PNG at full resolution: one pixel per trace and sample (the painted image,
 * which is the data's own resolution up to MAX_IMAGE_SIDE), the BSR map and its contour, the horizons, axes with
 * trace and time labels, and the amplitude and P(BSR) colour bars below.
 */
import { drawAxes } from './section-axes';
import { drawHorizons, drawOverlay, drawSectionImage, type ViewerHorizon, type ViewerSection } from './section-paint';
import { drawContour } from './section-layers';
import { drawColourBar } from './colour-bar-paint';
import { infernoLut } from '../core/display/colormaps';
import type { ProbabilityGrid } from '../core/classify/results';

/** Margins around the section in the exported picture, px (axes left and below, colour bars under them). */
export const EXPORT_MARGIN = { left: 58, top: 8, right: 12, bottom: 96 };
/** Narrowest picture: room for both colour bars. */
export const EXPORT_MIN_WIDTH = 480;
/** Longest canvas side Chromium encodes. */
export const EXPORT_MAX_SIDE = 32_767;

/** Width and height of the exported PNG for a section of `traces` × `samples`. */
export function exportSize(traces: number, samples: number): { width: number; height: number } {
  return {
    width: Math.max(EXPORT_MIN_WIDTH, EXPORT_MARGIN.left + traces + EXPORT_MARGIN.right),
    height: EXPORT_MARGIN.top + samples + EXPORT_MARGIN.bottom,
  };
}

export interface SectionExport {
  readonly section: ViewerSection;
  /** The painted section image and the colour map / clip it was painted with. */
  readonly image: OffscreenCanvas;
  readonly lut: Uint8ClampedArray;
  readonly clip: number;
  readonly overlay: { grid: ProbabilityGrid; image: OffscreenCanvas; opacity: number } | null;
  /** Contour segments (grid coordinates) and the threshold; null = no contour. */
  readonly contour: { segments: Float32Array; threshold: number } | null;
  readonly horizons: readonly ViewerHorizon[];
  readonly xAxis: 'trace' | 'cdp';
}

/** Draws the export on a new canvas. */
export function exportCanvas(e: SectionExport): HTMLCanvasElement {
  const s = e.section,
    { width, height } = exportSize(s.traceCount, s.samplesPerTrace);
  if (width > EXPORT_MAX_SIDE || height > EXPORT_MAX_SIDE) {
    throw new Error(
      `PNG export: ${s.traceCount} traces × ${s.samplesPerTrace} samples make a ${width} × ${height} px picture; ` +
        `a canvas holds at most ${EXPORT_MAX_SIDE.toLocaleString('en')} px a side`,
    );
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  const box = { left: EXPORT_MARGIN.left, top: EXPORT_MARGIN.top, width: s.traceCount, height: s.samplesPerTrace };
  const view = { trace0: 0, sample0: 0, pxPerTrace: 1, pxPerSample: 1 };
  drawSectionImage(ctx, box, view, s, e.image);
  if (e.overlay) drawOverlay(ctx, box, view, e.overlay.grid, e.overlay.image, e.overlay.opacity);
  if (e.overlay && e.contour) drawContour(ctx, box, view, e.overlay.grid, e.contour.segments, 1.5);
  if (e.horizons.length > 0) drawHorizons(ctx, box, view, e.horizons);
  drawAxes(ctx, box, view, s, e.xAxis);
  const barY = box.top + box.height + 52,
    barW = 180;
  drawColourBar(
    ctx,
    { lut: e.lut, lo: -e.clip, hi: e.clip, title: 'amplitude', ticks: [-e.clip, 0, e.clip] },
    { x: box.left, y: barY, w: barW, h: 12 },
  );
  if (e.overlay) {
    const mark = e.contour ? { mark: e.contour.threshold } : {};
    drawColourBar(
      ctx,
      { lut: infernoLut(), lo: 0, hi: 1, title: 'P(BSR)', ticks: [0, 0.5, 1], ...mark },
      { x: box.left + barW + 40, y: barY, w: barW, h: 12 },
    );
  }
  return canvas;
}

/** The export as a PNG blob. */
export function exportPngBlob(e: SectionExport): Promise<Blob> {
  const canvas = exportCanvas(e);
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG export: the canvas gave no image'))), 'image/png'),
  );
}
