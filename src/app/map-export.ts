/** Downloads of a probability map: CSV rows per patch centre, a PNG over the line's traces and samples (core formats). */
import { mapToCsv, mapToLineRgba } from '../core/classify';
import { horizonToCsv, type BsrHorizon } from '../core/classify/horizon';
import type { MapResult } from '../core/classify/results';
import { fnv1a64 } from '../core/model/hash';
import { safeName } from './model-export';

/** CSV `trace,time_ms,probability` (core mapToCsv: 0-based centre trace, centre time from sample 0). */
export function mapCsvBlob(map: MapResult, sampleIntervalUs: number): Blob {
  return new Blob([mapToCsv(map, sampleIntervalUs)], { type: 'text/csv' });
}

/** CSV `trace,time_ms,probability` of the BSR horizon: one row per trace with a pick (core horizonToCsv). */
export function horizonCsvBlob(horizon: BsrHorizon, sampleIntervalUs: number): Blob {
  return new Blob([horizonToCsv(horizon, sampleIntervalUs)], { type: 'text/csv' });
}

/**
 * PNG of the map on inferno (as on screen), one pixel per trace and sample of the line (it was one pixel per patch,
 * 58 × 177 for a 534-trace line), time down: it lies over the section's full-resolution PNG.
 */
export async function mapPngBlob(map: MapResult): Promise<Blob> {
  const { width, height, data } = mapToLineRgba(map);
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  const image = ctx.createImageData(width, height);
  image.data.set(data);
  ctx.putImageData(image, 0, 0);
  return canvas.convertToBlob({ type: 'image/png' });
}

/** A file name stem from the SEG-Y file and line: "31_81_PR-all-traces". */
export function exportStem(file: string, line: string): string {
  return `${file.replace(/\.[^.]*$/, '')}-${line}`.replace(/[^\w.-]+/g, '-');
}

/**
 * The model's part of a map's file name: the first words of its name (at most 32 characters) and 6 hex digits of its
 * id, so maps of one line by two models (two searches' bests, a model tuned twice on the line) never share a name —
 * the names alone can run alike for their first 32 characters.
 */
export function modelFileTag(label: string, id: string): string {
  const slug = safeName(label);
  // Cut at a word's end (a dash), not inside a word: "Demo-model-bundled-BSR", not "…-BSR-classifie".
  const words = (
    slug.length <= 32
      ? slug
      : slug
          .slice(0, 33)
          .replace(/-[^-]*$/, '')
          .slice(0, 32)
  ).replace(/[-.]+$/, '');
  return `${words}-${fnv1a64(id).slice(0, 6)}`;
}
