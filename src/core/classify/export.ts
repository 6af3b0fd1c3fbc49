/**
 * Outputs of a probability map: CSV with one row per classified patch centre, and an RGBA image over the line (one
 * pixel per trace and sample, time down) that the UI turns into a PNG with a canvas. Pure: no DOM.
 */
import { infernoLut } from '../display/colormaps';
import { paintValues } from '../colormap';
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
 * The map as a picture over the line: one pixel per trace and sample (every k-th past `maxSide` each way), P as the
 * SEG-Y map holds it (mapSamples: bilinear between patch centres, held beyond the outermost), on inferno, time down;
 * where no classified centre reaches (a cancelled map's rest) it is see-through. It lies pixel for pixel over the
 * section exported at full resolution, so it can be laid over the seismic elsewhere. The default cap keeps a big
 * line's picture within 64 MiB of pixels (a Pi 4's tab has little to spare).
 */
export function mapToLineRgba(
  map: ProbabilityMap,
  maxSide = 4096,
): { width: number; height: number; data: Uint8ClampedArray } {
  const { traces, samples } = map.grid;
  const width = Math.min(traces, maxSide),
    height = Math.min(samples, maxSide);
  const values = new Float32Array(width * height); // trace-major, as mapSamples gives them
  const column = new Float32Array(samples);
  for (let x = 0; x < width; x++) {
    mapSamples(map, Math.floor((x * traces) / width), 1, samples, column, NaN);
    for (let y = 0; y < height; y++) values[x * height + y] = column[Math.floor((y * samples) / height)]!;
  }
  const data = paintValues(values, width, height, 1, infernoLut(), undefined, { traceMajor: true, symmetric: false });
  for (let x = 0; x < width; x++)
    for (let y = 0; y < height; y++) if (Number.isNaN(values[x * height + y])) data[(y * width + x) * 4 + 3] = 0;
  return { width, height, data };
}
