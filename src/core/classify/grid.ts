/**
 * The sliding grid of patches over a section, and the probability map it fills. The map is kept
 * at stride resolution, one cell per patch holding that patch's BSR probability, placed at the
 * patch centre: a patch only says "a BSR lies in this window", so averaging overlapping patches
 * per sample would just blur that answer by the patch size, while one value per patch is exactly
 * what the CSV reports, costs cols x rows floats (a 534 x 1501 line at stride 8: 61 x 182), and is
 * upsampled for display.
 */

/** Classification input that cannot be used (grid does not fit, bad option...). */
export class ClassifyError extends Error {
  override name = 'ClassifyError';
  constructor(detail: string) {
    super(`classify: ${detail}`);
  }
}

/** Patch size and stride, in traces and samples. */
export interface GridOptions {
  /** Patch width in traces (default 48). */
  patchTraces?: number;
  /** Patch height in samples (default 48). */
  patchSamples?: number;
  /** Step between patches along the line, traces (default 8). */
  strideTraces?: number;
  /** Step between patches down in time, samples (default 8). */
  strideSamples?: number;
}

/** Patch positions: column i starts at trace i*strideTraces, row j at sample j*strideSamples. */
export interface PatchGrid {
  traces: number;
  samples: number;
  patchTraces: number;
  patchSamples: number;
  strideTraces: number;
  strideSamples: number;
  /** Patch columns (along the line). */
  cols: number;
  /** Patch rows (down in time). */
  rows: number;
  /** cols * rows. */
  count: number;
}

/**
 * Patch width of a classification when none is given, traces of the line, resized to the network's 48 columns like
 * the patch height: 72 traces squeeze the line by 3/2 along it, so a patch sees more of a reflector's run. Measured
 * with three draws of the shipped recipe and the map averaged along the seabed (session 11), mean AP at 64 / 68 / 72 /
 * 76 / 80 traces: real dev lines 0.474, 0.452, 0.522, 0.510, 0.476 (mean AUC 0.960–0.964 throughout); the evaluation
 * suite's BSR lines 0.313, 0.319, 0.325, 0.331, 0.330; worst suite false alarms 1.5–1.6 %. The three dev lines are
 * noisy (68 below 64) and the suite rises gently up to 76: 72 is at the top of both with the finer map. Session 7 had
 * chosen 64, before the averaging, for a finer map along the line. Fine-tuning cuts marked patches at the
 * classification's width.
 */
export const DEFAULT_PATCH_TRACES = 72;

/** Narrowest patch, traces: a line narrower than this cannot be classified (the network's own width). */
export const MIN_PATCH_TRACES = 48;

/** The default patch width on a line of `traces` traces: DEFAULT_PATCH_TRACES, or the whole line when it is narrower (never below MIN_PATCH_TRACES). */
export function defaultPatchTraces(traces: number): number {
  return Math.max(MIN_PATCH_TRACES, Math.min(DEFAULT_PATCH_TRACES, traces));
}

function positiveInt(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) throw new ClassifyError(`${name} must be a positive integer, got ${v}`);
  return v;
}

/**
 * The grid of whole patches inside a traces x samples section. Patches never hang over the edge,
 * so up to stride-1 traces/samples at the right and bottom may stay outside every patch.
 */
export function makePatchGrid(traces: number, samples: number, o: GridOptions = {}): PatchGrid {
  const patchTraces = positiveInt('patchTraces', o.patchTraces ?? MIN_PATCH_TRACES);
  const patchSamples = positiveInt('patchSamples', o.patchSamples ?? 48);
  const strideTraces = positiveInt('strideTraces', o.strideTraces ?? 8);
  const strideSamples = positiveInt('strideSamples', o.strideSamples ?? 8);
  if (traces < patchTraces || samples < patchSamples) {
    throw new ClassifyError(
      `a ${patchTraces} x ${patchSamples} patch does not fit a section of ${traces} traces x ${samples} samples`,
    );
  }
  const cols = Math.floor((traces - patchTraces) / strideTraces) + 1;
  const rows = Math.floor((samples - patchSamples) / strideSamples) + 1;
  return { traces, samples, patchTraces, patchSamples, strideTraces, strideSamples, cols, rows, count: cols * rows };
}

/** Position of patch k: patches run down each column, then along the line (trace-major, like the section). */
export function patchAt(
  grid: PatchGrid,
  k: number,
): { col: number; row: number; firstTrace: number; firstSample: number } {
  const col = Math.floor(k / grid.rows),
    row = k - col * grid.rows;
  return { col, row, firstTrace: col * grid.strideTraces, firstSample: row * grid.strideSamples };
}

/** The patch whose centre lies nearest (trace, sample), clamped to the grid: the patch a click on the map means. */
export function nearestPatch(grid: PatchGrid, trace: number, sample: number): { col: number; row: number } {
  const nearest = (at: number, first: number, stride: number, n: number) =>
    Math.min(n - 1, Math.max(0, Math.round((at - first) / stride)));
  return {
    col: nearest(trace, (grid.patchTraces - 1) / 2, grid.strideTraces, grid.cols),
    row: nearest(sample, (grid.patchSamples - 1) / 2, grid.strideSamples, grid.rows),
  };
}

/** Centre of patch (col, row) in fractional trace / sample indices. */
export function patchCentre(grid: PatchGrid, col: number, row: number): { trace: number; sample: number } {
  return {
    trace: col * grid.strideTraces + (grid.patchTraces - 1) / 2,
    sample: row * grid.strideSamples + (grid.patchSamples - 1) / 2,
  };
}

/** Where a map has values: its first and last patch centres, fractional trace / sample indices. */
export interface CentreSpan {
  firstTrace: number;
  lastTrace: number;
  firstSample: number;
  lastSample: number;
}

/**
 * The span of a grid's patch centres. A P belongs to its patch's centre and every patch lies within the line, so the
 * map stops about half a patch short of the line's ends and of its top and bottom (a stride's remainder more at the
 * far end): a BSR nearer the bottom of a window cut just under it gets no P.
 */
export function centreSpan(grid: PatchGrid): CentreSpan {
  const first = patchCentre(grid, 0, 0),
    last = patchCentre(grid, grid.cols - 1, grid.rows - 1);
  return { firstTrace: first.trace, lastTrace: last.trace, firstSample: first.sample, lastSample: last.sample };
}

/** BSR probabilities per patch; NaN where a patch was not classified (cancelled run). */
export interface ProbabilityMap {
  grid: PatchGrid;
  /** Row-major image order, time down: values[row * cols + col]. */
  values: Float32Array;
  /** Patches classified. */
  done: number;
  cancelled: boolean;
}

/** An empty (all-NaN) map over `grid`. */
export function emptyMap(grid: PatchGrid): ProbabilityMap {
  return { grid, values: new Float32Array(grid.count).fill(NaN), done: 0, cancelled: false };
}
