/**
 * Classifying a line too large to hold standardised in memory: the keep-polarity bounds come from the streaming
 * two-pass accumulator over trace chunks (sectionBounds), then the patch grid is cut into bands of whole patch
 * columns; each band reads only the traces its patches cover, [firstCol * strideTraces, lastCol * strideTraces +
 * patchTraces), standardises them with the line's bounds and runs classifySection on them, and its map columns
 * are copied into the line's map. Patches are the same as over the whole section, so the map is too; memory is
 * one band of traces plus the map.
 */
import type * as tf from '@tensorflow/tfjs';
import { nowMs } from '../clock';
import { applyKeepPolarity, type KeepPolarityBounds } from '../synthetic/standardise';
import { PATCH_SIDE } from '../synthetic/types';
import { classifySection, cutNetworkPatch, type ClassifyHooks, type ClassifyOptions } from './classify';
import { ClassifyError, emptyMap, makePatchGrid, type PatchGrid, type ProbabilityMap } from './grid';
import { sectionBounds, type TraceSource } from './section';

/** Samples a band may hold by default (16 Mi float32 = 64 MiB). */
export const DEFAULT_BAND_SAMPLES = 2 ** 24;

/** One band: patch columns [firstCol, firstCol+cols) and the traces they cover. */
export interface Band {
  firstCol: number;
  cols: number;
  firstTrace: number;
  traces: number;
}

/** Patch columns per band so that a band holds at most `maxBandSamples` samples (at least one column). */
export function bandColumns(grid: PatchGrid, maxBandSamples: number): number {
  if (!(maxBandSamples > 0)) throw new ClassifyError(`maxBandSamples must be positive, got ${maxBandSamples}`);
  const traces = Math.floor(maxBandSamples / grid.samples);
  return Math.max(1, Math.min(grid.cols, Math.floor((traces - grid.patchTraces) / grid.strideTraces) + 1));
}

/** The bands of `bandCols` patch columns covering the grid, left to right. */
export function planBands(grid: PatchGrid, bandCols: number): Band[] {
  if (!Number.isInteger(bandCols) || bandCols < 1)
    throw new ClassifyError(`bandCols must be a positive integer, got ${bandCols}`);
  const bands: Band[] = [];
  for (let firstCol = 0; firstCol < grid.cols; firstCol += bandCols) {
    const cols = Math.min(bandCols, grid.cols - firstCol);
    bands.push({
      firstCol,
      cols,
      firstTrace: firstCol * grid.strideTraces,
      traces: (cols - 1) * grid.strideTraces + grid.patchTraces,
    });
  }
  return bands;
}

/** Options of {@link classifyInBands}. */
export interface BandedOptions extends ClassifyOptions {
  /** Largest band, samples (default {@link DEFAULT_BAND_SAMPLES}). */
  maxBandSamples?: number;
  /** Keep-polarity bounds of the whole line, when already known (otherwise two streaming passes compute them). */
  bounds?: KeepPolarityBounds;
  /**
   * Turns a band's raw traces into what the network sees (a new array); default: keep-polarity standardisation with
   * `bounds`. The line pipeline passes its presentation (flip, trend removal, standardisation), which works trace by
   * trace, so bands equal the whole line.
   */
  present?: (raw: Float32Array, traces: number, samples: number) => Float32Array;
}

/** Hooks of {@link classifyInBands}: progress over the whole grid, and each band as it starts. */
export interface BandedHooks extends ClassifyHooks {
  onBand?(band: Band, index: number, total: number): void;
}

/** BSR probability of every patch of the line read band by band from `src`; same map as classifySection on the whole line. */
export async function classifyInBands(
  model: tf.LayersModel,
  src: TraceSource,
  options: BandedOptions = {},
  hooks: BandedHooks = {},
): Promise<{ map: ProbabilityMap; bounds: KeepPolarityBounds; bands: number }> {
  const grid = makePatchGrid(src.traceCount, src.samplesPerTrace, options);
  const bounds = options.bounds ?? (await sectionBounds(src));
  const bands = planBands(grid, bandColumns(grid, options.maxBandSamples ?? DEFAULT_BAND_SAMPLES));
  const map = emptyMap(grid);
  const ns = grid.samples;
  const t0 = nowMs();
  for (const [i, band] of bands.entries()) {
    if (hooks.isCancelled?.()) {
      map.cancelled = true;
      break;
    }
    hooks.onBand?.(band, i, bands.length);
    const raw = await src.readChunk(band.firstTrace, band.traces);
    if (raw.length !== band.traces * ns)
      throw new ClassifyError(
        `trace read ${band.firstTrace}+${band.traces} returned ${raw.length} samples, expected ${band.traces * ns}`,
      );
    // A copy: the source may hand out a view of its own buffer (sectionTraceSource does).
    const data = options.present
      ? options.present(raw, band.traces, ns)
      : applyKeepPolarity(raw, bounds, new Float32Array(raw.length));
    const before = map.done;
    const part = await classifySection(
      model,
      { traces: band.traces, samples: ns, dtUs: src.sampleIntervalUs, data },
      options,
      {
        isCancelled: () => hooks.isCancelled?.() ?? false,
        onProgress: (done) =>
          hooks.onProgress?.(before + done, grid.count, (before + done) / Math.max(1e-9, (nowMs() - t0) / 1000)),
      },
    );
    for (let row = 0; row < grid.rows; row++) {
      map.values.set(part.values.subarray(row * band.cols, (row + 1) * band.cols), row * grid.cols + band.firstCol);
    }
    map.done += part.done;
    if (part.cancelled) {
      map.cancelled = true;
      break;
    }
  }
  return { map, bounds, bands: bands.length };
}

/**
 * The network's input for patch (col, row) of `grid`, read from `src` alone: the traces the patch covers, presented
 * with `present` as its band was. Presentation works trace by trace, so this is the patch the band classified, without
 * holding the band (a click on the map of a line too big to hold asks for one patch).
 */
export async function readGridPatch(
  src: TraceSource,
  grid: PatchGrid,
  col: number,
  row: number,
  present: (raw: Float32Array, traces: number, samples: number) => Float32Array,
): Promise<Float32Array<ArrayBuffer>> {
  if (!(col >= 0 && col < grid.cols && row >= 0 && row < grid.rows))
    throw new ClassifyError(`patch (${col}, ${row}) is outside the ${grid.cols} x ${grid.rows} patch grid`);
  const ns = grid.samples,
    firstTrace = col * grid.strideTraces;
  const raw = await src.readChunk(firstTrace, grid.patchTraces);
  if (raw.length !== grid.patchTraces * ns)
    throw new ClassifyError(
      `trace read ${firstTrace}+${grid.patchTraces} returned ${raw.length} samples, expected ${grid.patchTraces * ns}`,
    );
  const data = present(raw, grid.patchTraces, ns);
  const out = new Float32Array(PATCH_SIDE * PATCH_SIDE);
  const traces = { traces: grid.patchTraces, samples: ns, dtUs: src.sampleIntervalUs, data };
  cutNetworkPatch(traces, 0, row * grid.strideSamples, grid.patchTraces, grid.patchSamples, out, 0);
  return out;
}
