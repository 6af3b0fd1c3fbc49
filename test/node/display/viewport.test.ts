/** Zoom and vertical exaggeration of the section viewer (pure view arithmetic). */
import { describe, expect, it } from 'vitest';
import { MAX_PX_PER_CELL, exaggerate, fitView, zoomAt } from '../../../src/ui/viewport';

// A 400-trace, 700-sample line in a 400 x 162 px plot: 1 px per trace, 0.23 px per sample at fit.
const extent = { traces: 400, samples: 700, width: 400, height: 162 };
const aspect = (v: { pxPerTrace: number; pxPerSample: number }) => v.pxPerSample / v.pxPerTrace;

describe('section viewport', () => {
  it('zooms both axes alike, stopping where the first reaches its limit, so zooming back out restores the fit', () => {
    const fit = fitView(extent);
    let v = fit;
    for (let i = 0; i < 14; i++) v = zoomAt(v, extent, 1.5, 200, 81);
    expect(v.pxPerTrace).toBeCloseTo(MAX_PX_PER_CELL, 9);
    expect(aspect(v)).toBeCloseTo(aspect(fit), 12); // not stretched: the sample axis stopped with the trace axis
    for (let i = 0; i < 14; i++) v = zoomAt(v, extent, 1 / 1.5, 200, 81);
    expect(v.pxPerTrace).toBeCloseTo(fit.pxPerTrace, 12);
    expect(v.pxPerSample).toBeCloseTo(fit.pxPerSample, 12);
  });

  it('keeps the middle of what is on show when the exaggeration changes, also from a section shorter than the plot', () => {
    const half = exaggerate(fitView(extent), extent, 1, 0.5); // the section fills the top half of the plot
    const tall = exaggerate(half, { ...extent, exaggeration: 0.5 }, 0.5, 8);
    const middle = tall.sample0 + extent.height / 2 / tall.pxPerSample;
    expect(middle).toBeCloseTo(350, 6); // the line's middle, not its bottom (samples 612-700 were shown)
  });
});
