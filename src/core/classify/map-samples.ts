/**
 * The map at every sample of the line: P(BSR) interpolated bilinearly between patch centres (the value of a patch
 * belongs to its centre), held at the outermost centres towards the line's ends and its top and bottom (the edge
 * patches cover those traces and samples too). Unclassified cells (a cancelled run) do not count; where all four
 * neighbours are unclassified the value is the caller's `unclassified`. This is the attribute an interpreter loads beside the seismic.
 */
import type { ProbabilityMap } from './grid';

/** Grid coordinate (fractional column or row) of index `i`, clamped to the centres [0, n-1]. */
function gridCoordinate(i: number, centre0: number, stride: number, n: number): number {
  return Math.min(n - 1, Math.max(0, (i - centre0) / stride));
}

/**
 * P(BSR) of every sample of traces [first, first + count), trace-major (`samples` per trace, the line's), into `out`
 * (a new array by default); `unclassified` where no classified patch centre reaches a sample (a cancelled map's
 * rest: -1 in the SEG-Y map, never read as "no BSR"; NaN for a picture that leaves it see-through).
 */
export function mapSamples(
  map: ProbabilityMap,
  first: number,
  count: number,
  samples: number,
  out = new Float32Array(count * samples),
  unclassified = 0,
): Float32Array {
  const { grid, values } = map;
  const { cols, rows } = grid;
  if (cols < 1 || rows < 1) return out.fill(unclassified);
  // Per sample, the row above it, the row below (the same at the last row) and the lower one's weight: the same for
  // every trace.
  const rowAbove = new Int32Array(samples),
    rowWeight = new Float32Array(samples);
  for (let s = 0; s < samples; s++) {
    const y = gridCoordinate(s, (grid.patchSamples - 1) / 2, grid.strideSamples, rows);
    rowAbove[s] = Math.floor(y);
    rowWeight[s] = y - rowAbove[s]!;
  }
  for (let k = 0; k < count; k++) {
    const x = gridCoordinate(first + k, (grid.patchTraces - 1) / 2, grid.strideTraces, cols);
    const c0 = Math.floor(x),
      c1 = Math.min(cols - 1, c0 + 1),
      cw = x - c0;
    const base = k * samples;
    for (let s = 0; s < samples; s++) {
      const r0 = rowAbove[s]!,
        r1 = Math.min(rows - 1, r0 + 1),
        rw = rowWeight[s]!;
      let sum = 0,
        weight = 0;
      const add = (col: number, row: number, wt: number): void => {
        const v = values[row * cols + col]!;
        if (wt > 0 && !Number.isNaN(v)) {
          sum += wt * v;
          weight += wt;
        }
      };
      add(c0, r0, (1 - cw) * (1 - rw));
      add(c1, r0, cw * (1 - rw));
      add(c0, r1, (1 - cw) * rw);
      add(c1, r1, cw * rw);
      out[base + s] = weight > 0 ? sum / weight : unclassified;
    }
  }
  return out;
}
