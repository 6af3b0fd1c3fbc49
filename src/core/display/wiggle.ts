/**
 * Wiggle / variable-area traces: the polyline of one trace's amplitudes and the filled positive lobes, in screen
 * pixels. The viewer draws them only when traces are at least {@link WIGGLE_MIN_PX_PER_TRACE} wide on screen (below
 * that they would merge into a grey blur: variable density shows it better), and only for the traces in view.
 */

/** Narrowest trace spacing on screen, CSS px, at which wiggles are drawn instead of variable density. */
export const WIGGLE_MIN_PX_PER_TRACE = 8;

/** Where one trace goes on screen. */
export interface WiggleTrace {
  /** The trace's amplitudes (display-gained), from sample `first`. */
  readonly values: ArrayLike<number>;
  readonly first: number;
  /** Last sample drawn (inclusive). */
  readonly last: number;
  /** Screen x of the trace's zero line, px. */
  readonly baseX: number;
  /** Screen y of sample 0's centre and px per sample. */
  readonly y0: number;
  readonly pxPerSample: number;
  /** Px of deflection per unit amplitude; deflection is clipped to ±maxPx. */
  readonly pxPerUnit: number;
  readonly maxPx: number;
}

export interface WigglePath {
  /** The wiggle line: [x, y, x, y, …]. */
  readonly line: Float32Array;
  /** Positive lobes as closed polygons [x, y, …] running down the curve and back up the zero line. */
  readonly lobes: Float32Array[];
}

/** Step between drawn samples: about one per screen pixel when samples are denser than pixels. */
export function wiggleStep(pxPerSample: number): number {
  return pxPerSample >= 1 ? 1 : Math.max(1, Math.floor(1 / pxPerSample));
}

/** The wiggle line and variable-area lobes of one trace (zero crossings interpolated, so lobes close on the line). */
export function wigglePath(t: WiggleTrace): WigglePath {
  const step = wiggleStep(t.pxPerSample);
  const n = t.last >= t.first ? Math.floor((t.last - t.first) / step) + 1 : 0;
  const line = new Float32Array(n * 2);
  const lobes: Float32Array[] = [];
  let lobe: number[] | null = null;
  let py = 0,
    pd = 0;
  for (let i = 0; i < n; i++) {
    const s = t.first + i * step;
    const v = t.values[s] as number;
    const d = Math.max(-t.maxPx, Math.min(t.maxPx, (Number.isFinite(v) ? v : 0) * t.pxPerUnit));
    const x = t.baseX + d,
      y = t.y0 + s * t.pxPerSample;
    line[i * 2] = x;
    line[i * 2 + 1] = y;
    if (d > 0 && !lobe) {
      // A lobe opens on the zero line: where the curve crossed it, or at the first sample drawn.
      lobe = [t.baseX, i === 0 ? y : py + ((y - py) * -pd) / (d - pd)];
    } else if (d <= 0 && lobe) {
      lobe.push(t.baseX, py + ((y - py) * pd) / (pd - d || 1));
      lobes.push(Float32Array.from(lobe));
      lobe = null;
    }
    if (lobe) lobe.push(x, y);
    py = y;
    pd = d;
  }
  if (lobe) {
    lobe.push(t.baseX, py);
    lobes.push(Float32Array.from(lobe));
  }
  return { line, lobes };
}
