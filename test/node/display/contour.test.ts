/** Marching-squares contour: segments lie on the bilinear threshold crossing, saddles and NaN squares handled. */
import { describe, expect, it } from 'vitest';
import { contourSegments } from '../../../src/core/display/contour';

/** Bilinear value of a row-major grid at fractional (x = column, y = row). */
function bilinear(values: ArrayLike<number>, columns: number, x: number, y: number): number {
  const c = Math.min(columns - 2, Math.floor(x)),
    r = Math.floor(y),
    fx = x - c,
    fy = y - r;
  const at = (cc: number, rr: number) => values[rr * columns + cc] as number;
  return (at(c, r) * (1 - fx) + at(c + 1, r) * fx) * (1 - fy) + (at(c, r + 1) * (1 - fx) + at(c + 1, r + 1) * fx) * fy;
}

describe('contourSegments', () => {
  it('traces a circle of a radial bump: every end point is on the threshold, all around', () => {
    const w = 21,
      h = 15;
    const values = Float32Array.from({ length: w * h }, (_, i) =>
      Math.exp(-(((i % w) - 10) ** 2 + (Math.floor(i / w) - 7) ** 2) / 20),
    );
    const seg = contourSegments({ columns: w, rows: h, values }, 0.5);
    expect(seg.length % 4).toBe(0);
    expect(seg.length / 4).toBeGreaterThan(12);
    const angles = new Set<number>();
    for (let i = 0; i < seg.length; i += 2) {
      const x = seg[i]!,
        y = seg[i + 1]!;
      expect(Math.abs(bilinear(values, w, x, y) - 0.5)).toBeLessThan(1e-5); // on an edge: linear = bilinear
      const r = Math.hypot(x - 10, y - 7);
      expect(r).toBeGreaterThan(3.2);
      expect(r).toBeLessThan(4.3); // exp(-r²/20) = 0.5 at r = 3.72
      angles.add(Math.floor(((Math.atan2(y - 7, x - 10) + Math.PI) / (2 * Math.PI)) * 8) % 8);
    }
    expect(angles.size).toBe(8); // closed all the way round
  });

  it('gives nothing for a grid entirely on one side, skips NaN squares, splits a saddle by the centre', () => {
    expect(contourSegments({ columns: 3, rows: 3, values: new Float32Array(9).fill(0.2) }, 0.5)).toHaveLength(0);
    expect(contourSegments({ columns: 2, rows: 2, values: [1, Number.NaN, 0, 0] }, 0.5)).toHaveLength(0);
    // Saddle: high at top-left and bottom-right; the centre (0.55) is above, so the two highs connect.
    const s = Array.from(
      contourSegments(
        { columns: 2, rows: 2, values: [1, 0.1, 1, 0.1].map((v, i) => (i === 2 ? 0.1 : i === 3 ? 1 : v)) },
        0.5,
      ),
    );
    expect(s).toHaveLength(8);
    // Segments cut off the low corners (top-right and bottom-left): each joins two edges meeting at a low corner.
    const ends = [
      [s[0], s[1], s[2], s[3]],
      [s[4], s[5], s[6], s[7]],
    ].map((q) => q.map((v) => Number(v!.toFixed(3))));
    expect(ends).toContainEqual([0, 0.556, 0.444, 1]); // left edge → bottom edge (around bottom-left)
    expect(ends).toContainEqual([0.556, 0, 1, 0.444]); // top edge → right edge (around top-right)
    expect(() => contourSegments({ columns: 3, rows: 3, values: [1, 2] }, 0.5)).toThrow(/2 values for a 3 × 3 grid/);
  });
});
