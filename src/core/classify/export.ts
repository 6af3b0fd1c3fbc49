/**
 * Outputs of a probability map: CSV with one row per classified patch centre, and an RGBA image
 * at stride resolution (one pixel per patch, time down) that the UI scales and turns into a PNG
 * with a canvas. Pure: no DOM.
 */
import { infernoLut } from '../display/colormaps';
import { patchCentre, type ProbabilityMap } from './grid';
import { mapSamples } from './map-samples';

/**
 * A probability for the CSV: 7 decimals, so that the small probabilities of a low base rate stay distinct (5
 * decimals tied hundreds of them at 0.00000 and changed ranking scores); trailing zeros trimmed.
 */
export function formatProbability(p: number): string {
  return String(+p.toFixed(7));
}

/**
 * CSV `trace,time_ms,probability`: trace = centre trace index (0-based, .5 for even patch
 * widths), time_ms = centre sample x dt. When dt is unknown (0) the second column is
 * `sample` (centre sample index) instead. Rows in patch order; unclassified patches skipped.
 */
export function mapToCsv(map: ProbabilityMap, dtUs: number): string {
  const { grid, values } = map;
  const lines = [dtUs > 0 ? 'trace,time_ms,probability' : 'trace,sample,probability'];
  for (let col = 0; col < grid.cols; col++) {
    for (let row = 0; row < grid.rows; row++) {
      const p = values[row * grid.cols + col]!;
      if (Number.isNaN(p)) continue;
      const c = patchCentre(grid, col, row);
      const t = dtUs > 0 ? +((c.sample * dtUs) / 1000).toFixed(3) : c.sample;
      lines.push(`${c.trace},${t},${formatProbability(p)}`);
    }
  }
  return lines.join('\n') + '\n';
}

/**
 * RGBA pixels of the map, `cols` wide and `rows` high, probability 0..1 on inferno (the colour map of the overlay and its
 * colour bar on screen); unclassified cells transparent.
 */
export function mapToRgba(
  map: ProbabilityMap,
  alpha = 255,
): { width: number; height: number; data: Uint8ClampedArray } {
  const { cols, rows } = map.grid;
  const lut = infernoLut();
  const data = new Uint8ClampedArray(cols * rows * 4);
  for (let i = 0; i < cols * rows; i++) {
    const p = map.values[i]!;
    if (Number.isNaN(p)) continue;
    const k = Math.round(Math.min(1, Math.max(0, p)) * 255) * 4;
    data[i * 4] = lut[k]!;
    data[i * 4 + 1] = lut[k + 1]!;
    data[i * 4 + 2] = lut[k + 2]!;
    data[i * 4 + 3] = alpha;
  }
  return { width: cols, height: rows, data };
}

/**
 * The map as a picture over the line: one pixel per trace and sample (every k-th past `maxSide` each way), P as the
 * SEG-Y map holds it (mapSamples: bilinear between patch centres, held beyond the outermost), on inferno, time down.
 * It lies pixel for pixel over the section exported at full resolution, so it can be laid over the seismic elsewhere.
 * The default cap keeps a big line's picture within 64 MiB of pixels (a Pi 4's tab has little to spare).
 */
export function mapToLineRgba(
  map: ProbabilityMap,
  maxSide = 4096,
): { width: number; height: number; data: Uint8ClampedArray } {
  const { traces, samples } = map.grid;
  const width = Math.min(traces, maxSide),
    height = Math.min(samples, maxSide);
  const lut = infernoLut();
  const data = new Uint8ClampedArray(width * height * 4);
  const column = new Float32Array(samples);
  for (let x = 0; x < width; x++) {
    mapSamples(map, Math.floor((x * traces) / width), 1, samples, column);
    for (let y = 0; y < height; y++) {
      const p = column[Math.floor((y * samples) / height)]!;
      const k = Math.round(Math.min(1, Math.max(0, Number.isNaN(p) ? 0 : p)) * 255) * 4;
      const i = (y * width + x) * 4;
      data[i] = lut[k]!;
      data[i + 1] = lut[k + 1]!;
      data[i + 2] = lut[k + 2]!;
      data[i + 3] = 255;
    }
  }
  return { width, height, data };
}
