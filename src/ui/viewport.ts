/**
 * Zoom and pan of the section viewer as pure arithmetic: a view maps data coordinates (trace t spans [t, t+1),
 * sample s spans [s, s+1)) to CSS pixels inside the plot area. The image is painted once; a view only changes
 * the drawImage transform.
 */

/** Data coordinate at the plot's top-left corner and the scale in CSS px per trace / per sample. */
export interface View {
  readonly trace0: number;
  readonly sample0: number;
  readonly pxPerTrace: number;
  readonly pxPerSample: number;
}

/** The extent being viewed: section size in traces × samples and the plot area in CSS px. */
export interface Extent {
  readonly traces: number;
  readonly samples: number;
  readonly width: number;
  readonly height: number;
  /** Vertical exaggeration: the fitted vertical scale times this (2 = twice as tall as the plot; 0.5 = half). */
  readonly exaggeration?: number;
}

/** Most zoomed in: CSS px per trace or sample. */
export const MAX_PX_PER_CELL = 64;

/** The whole section stretched over the plot area, its height times the vertical exaggeration. */
export function fitView(e: Extent): View {
  const ve = e.exaggeration ?? 1;
  return {
    trace0: 0,
    sample0: 0,
    pxPerTrace: e.width / Math.max(1, e.traces),
    pxPerSample: (e.height / Math.max(1, e.samples)) * ve,
  };
}

/** The view after the vertical exaggeration changed from `from` to `to`, keeping the sample at the plot's middle. */
export function exaggerate(v: View, e: Extent, from: number, to: number): View {
  // The middle of what is on show: at × 0.5 the section fills half the plot, and the plot's middle lay past its end
  // (× 0.5 → × 8 jumped to the line's bottom).
  const shown = Math.min(e.height / v.pxPerSample, Math.max(0, e.samples - v.sample0));
  const mid = v.sample0 + shown / 2,
    k = v.pxPerSample * (to / from);
  return clampView({ ...v, pxPerSample: k, sample0: mid - e.height / 2 / k }, { ...e, exaggeration: to });
}

/** Keeps the scale between fit and {@link MAX_PX_PER_CELL} and the image covering the plot where it can. */
export function clampView(v: View, e: Extent): View {
  const fit = fitView(e);
  const kx = Math.min(Math.max(v.pxPerTrace, fit.pxPerTrace), Math.max(fit.pxPerTrace, MAX_PX_PER_CELL));
  const ky = Math.min(Math.max(v.pxPerSample, fit.pxPerSample), Math.max(fit.pxPerSample, MAX_PX_PER_CELL));
  const maxT = Math.max(0, e.traces - e.width / kx),
    maxS = Math.max(0, e.samples - e.height / ky);
  return {
    pxPerTrace: kx,
    pxPerSample: ky,
    trace0: Math.min(Math.max(v.trace0, 0), maxT),
    sample0: Math.min(Math.max(v.sample0, 0), maxS),
  };
}

/**
 * The view after the plot area changed size (a narrower window): an axis that showed the whole section stays whole
 * in the new size (a cut-off right part read as a shorter line), a zoomed-in axis keeps its scale and position.
 */
export function resizeView(v: View, from: Extent, to: Extent): View {
  const fitFrom = fitView(from),
    fitTo = fitView(to);
  const near = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
  const wholeTraces = near(v.trace0, 0) && near(v.pxPerTrace, fitFrom.pxPerTrace);
  const wholeSamples = near(v.sample0, 0) && near(v.pxPerSample, fitFrom.pxPerSample);
  return clampView(
    {
      trace0: wholeTraces ? 0 : v.trace0,
      pxPerTrace: wholeTraces ? fitTo.pxPerTrace : v.pxPerTrace,
      sample0: wholeSamples ? 0 : v.sample0,
      pxPerSample: wholeSamples ? fitTo.pxPerSample : v.pxPerSample,
    },
    to,
  );
}

/** Zooms by `factor` (> 1 = in) about plot pixel (x, y), keeping the data under it in place. */
export function zoomAt(v: View, e: Extent, factor: number, x: number, y: number): View {
  // Both axes by the same factor, stopped where the first reaches its limit: capped on its own, one axis stopped at
  // 64 px while the other went on, and zooming back out left the section stretched (× 4.3 under "× 1").
  const fit = fitView(e);
  const most = Math.min(
    Math.max(fit.pxPerTrace, MAX_PX_PER_CELL) / v.pxPerTrace,
    Math.max(fit.pxPerSample, MAX_PX_PER_CELL) / v.pxPerSample,
  );
  const least = Math.max(fit.pxPerTrace / v.pxPerTrace, fit.pxPerSample / v.pxPerSample);
  const f = factor > 1 ? Math.min(factor, Math.max(most, 1)) : Math.max(factor, Math.min(least, 1));
  const t = v.trace0 + x / v.pxPerTrace,
    s = v.sample0 + y / v.pxPerSample;
  const kx = v.pxPerTrace * f,
    ky = v.pxPerSample * f;
  return clampView({ pxPerTrace: kx, pxPerSample: ky, trace0: t - x / kx, sample0: s - y / ky }, e);
}

/** Moves the view by (dx, dy) CSS px: positive dx shows traces further right. */
export function panBy(v: View, e: Extent, dx: number, dy: number): View {
  return clampView({ ...v, trace0: v.trace0 + dx / v.pxPerTrace, sample0: v.sample0 + dy / v.pxPerSample }, e);
}

/** Data coordinates (fractional trace, sample) under plot pixel (x, y). */
export function dataAt(v: View, x: number, y: number): { trace: number; sample: number } {
  return { trace: v.trace0 + x / v.pxPerTrace, sample: v.sample0 + y / v.pxPerSample };
}

export { niceTicks } from '../core/display/ticks';
