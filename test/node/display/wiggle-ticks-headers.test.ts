/** Wiggle paths, axis ticks and the header readout. */
import { describe, expect, it } from 'vitest';
import { WIGGLE_MIN_PX_PER_TRACE, wigglePath, wiggleStep } from '../../../src/core/display/wiggle';
import { axisTicks, integerTicks, niceTicks } from '../../../src/core/display/ticks';
import { headerFields, headerReadout } from '../../../src/core/display/headers';

describe('wigglePath', () => {
  it('follows the trace, clips deflection, and fills each positive lobe between its zero crossings', () => {
    const values = Float32Array.from([0, 1, 2, 1, -1, -3, -1, 1, 1, 5]);
    const p = wigglePath({ values, first: 0, last: 9, baseX: 100, y0: 10, pxPerSample: 4, pxPerUnit: 2, maxPx: 6 });
    expect(Array.from(p.line.filter((_, i) => i % 2 === 0))).toEqual([100, 102, 104, 102, 98, 94, 98, 102, 102, 106]);
    expect(Array.from(p.line.filter((_, i) => i % 2 === 1))).toEqual([10, 14, 18, 22, 26, 30, 34, 38, 42, 46]);
    expect(p.lobes).toHaveLength(2);
    const [a, b] = p.lobes as [Float32Array, Float32Array];
    // First lobe: opens at sample 0 (value 0 → crossing at y 10), closes halfway between samples 3 and 4 (y 24).
    expect(Array.from(a)).toEqual([100, 10, 102, 14, 104, 18, 102, 22, 100, 24]);
    // Second lobe: opens halfway between samples 6 and 7, runs to the end and closes on the zero line.
    expect(Array.from(b.slice(0, 2))).toEqual([100, 36]);
    expect(Array.from(b.slice(-2))).toEqual([100, 46]);
    for (const lobe of p.lobes) for (let i = 0; i < lobe.length; i += 2) expect(lobe[i]).toBeGreaterThanOrEqual(100);
  });

  it('steps over samples denser than pixels; the zoom threshold is a positive width', () => {
    expect([wiggleStep(2), wiggleStep(1), wiggleStep(0.5), wiggleStep(0.3)]).toEqual([1, 1, 2, 3]);
    const p = wigglePath({
      values: new Float32Array(100),
      first: 10,
      last: 89,
      baseX: 0,
      y0: 0,
      pxPerSample: 0.25,
      pxPerUnit: 1,
      maxPx: 1,
    });
    expect(p.line.length / 2).toBe(20);
    expect(p.lobes).toHaveLength(0);
    expect(WIGGLE_MIN_PX_PER_TRACE).toBeGreaterThan(1);
  });
});

describe('axis ticks', () => {
  it('are round values about the requested spacing apart', () => {
    expect(niceTicks(0, 100, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(axisTicks(1003, 6003, 250, 50)).toEqual([2000, 3000, 4000, 5000, 6000]);
    expect(axisTicks(1003, 6003, 500, 50)).toHaveLength(10); // twice the length: ticks 500 apart
    expect(integerTicks(1, 6, 300, 40)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(integerTicks(1, 3, 400, 50)).toEqual([1, 2, 3]);
    expect(niceTicks(5, 5, 3)).toEqual([]);
  });
});

describe('header readout', () => {
  const n = 3;
  const base = {
    traceCount: n,
    cdp: Int32Array.from([101, 102, 103]),
    inline: new Int32Array(n),
    crossline: new Int32Array(n),
  };
  it('names only the fields the line has', () => {
    const f = headerFields(base);
    expect(f).toEqual({ cdp: true, inlineCrossline: false, xy: null });
    expect(headerReadout(base, f, 1)).toEqual(['CDP 102']);
  });
  it('prefers CDP X/Y, else the source-receiver midpoint', () => {
    const withCdpXY = {
      ...base,
      inline: Int32Array.from([7, 7, 7]),
      crossline: Int32Array.from([20, 21, 22]),
      cdpX: Float64Array.from([500000.25, 500012.5, 500025]),
      cdpY: Float64Array.from([6.1e6, 6.1e6, 6.1e6]),
    };
    const f = headerFields(withCdpXY);
    expect(f).toEqual({ cdp: true, inlineCrossline: true, xy: 'cdp' });
    expect(headerReadout(withCdpXY, f, 2)).toEqual(['CDP 103', 'inline 7 / crossline 22', 'X 500025 Y 6100000']);
    const mid = {
      traceCount: n,
      sourceX: Float64Array.from([0, 10, 20]),
      receiverX: Float64Array.from([100, 110, 120]),
      sourceY: new Float64Array(n),
      receiverY: Float64Array.from([1, 1, 1]),
    };
    const g = headerFields(mid);
    expect(g).toEqual({ cdp: false, inlineCrossline: false, xy: 'midpoint' });
    expect(headerReadout(mid, g, 1)).toEqual(['X 60 Y 0.5']);
  });
  it('leaves out coordinates that stay put while the CDP number changes (31_81_PR: 6000 / 65536 on every trace)', () => {
    const junk = { ...base, cdpX: new Float64Array(n).fill(6000), cdpY: new Float64Array(n).fill(65536) };
    expect(headerFields(junk).xy).toBeNull();
    const gather = {
      traceCount: n,
      cdp: new Int32Array(n).fill(7),
      cdpX: new Float64Array(n).fill(6000),
      cdpY: new Float64Array(n).fill(9),
    };
    expect(headerFields(gather).xy).toBe('cdp'); // a CDP gather: one location for all its traces
  });
});
