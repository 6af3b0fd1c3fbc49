/**
 * Threshold contour of a grid by marching squares: line segments where the bilinear interpolation between grid
 * points crosses `threshold`. The probability map is drawn bilinearly between patch centres, so the contour lies on
 * the drawn map's threshold crossing. Squares with a NaN corner (no patch) give no segment.
 */

/** A grid of values, row after row: values[row * columns + col]. */
export interface ContourGrid {
  readonly columns: number;
  readonly rows: number;
  readonly values: ArrayLike<number>;
}

/** The crossing point on one edge of a cell. */
type Point = () => [number, number];
/** A cell edge: top, right, bottom, left. */
type Edge = 0 | 1 | 2 | 3;
const [TOP, RIGHT, BOTTOM, LEFT] = [0, 1, 2, 3] as const;

/**
 * The edges the contour crosses in a cell, by corner code (tl 8, tr 4, br 2, bl 1 above the threshold), for the
 * codes with one segment: a code and its complement cross the same edges.
 */
const CROSSED: ReadonlyArray<readonly [Edge, Edge] | undefined> = (() => {
  const t: Array<readonly [Edge, Edge] | undefined> = [];
  const pairs: Array<[number, readonly [Edge, Edge]]> = [
    [1, [LEFT, BOTTOM]],
    [2, [BOTTOM, RIGHT]],
    [3, [LEFT, RIGHT]],
    [4, [TOP, RIGHT]],
    [6, [TOP, BOTTOM]],
    [7, [LEFT, TOP]],
  ];
  for (const [code, edges] of pairs) t[code] = t[15 - code] = edges;
  return t;
})();
/** Saddle segments: cutting off the top-left and bottom-right corners, or the top-right and bottom-left ones. */
const CUT_TL_BR = [
  [LEFT, TOP],
  [BOTTOM, RIGHT],
] as const;
const CUT_TR_BL = [
  [LEFT, BOTTOM],
  [TOP, RIGHT],
] as const;

/**
 * Segments as [x0, y0, x1, y1, …] in grid coordinates (x = fractional column, y = fractional row). A corner equal to
 * the threshold counts as above it. Saddles are split by the mean of the four corners.
 */
export function contourSegments(g: ContourGrid, threshold: number): Float32Array {
  const { columns: w, rows: h, values } = g;
  if (values.length < w * h) throw new Error(`contour: ${values.length} values for a ${w} × ${h} grid`);
  const out: number[] = [];
  const at = (c: number, r: number) => values[r * w + c] as number;
  // Crossing point on the edge from corner a (xa, ya, va) to corner b.
  const cross = (xa: number, ya: number, va: number, xb: number, yb: number, vb: number): [number, number] => {
    const f = va === vb ? 0.5 : (threshold - va) / (vb - va);
    return [xa + f * (xb - xa), ya + f * (yb - ya)];
  };
  for (let r = 0; r + 1 < h; r++) {
    for (let c = 0; c + 1 < w; c++) {
      const tl = at(c, r),
        tr = at(c + 1, r),
        br = at(c + 1, r + 1),
        bl = at(c, r + 1);
      if (Number.isNaN(tl) || Number.isNaN(tr) || Number.isNaN(br) || Number.isNaN(bl)) continue;
      const code =
        (tl >= threshold ? 8 : 0) | (tr >= threshold ? 4 : 0) | (br >= threshold ? 2 : 0) | (bl >= threshold ? 1 : 0);
      if (code === 0 || code === 15) continue;
      // The cell's edges, clockwise from the top (Edge order).
      const edge: [Point, Point, Point, Point] = [
        () => cross(c, r, tl, c + 1, r, tr),
        () => cross(c + 1, r, tr, c + 1, r + 1, br),
        () => cross(c, r + 1, bl, c + 1, r + 1, br),
        () => cross(c, r, tl, c, r + 1, bl),
      ];
      const seg = ([a, b]: readonly [Edge, Edge]) => {
        const p = edge[a](),
          q = edge[b]();
        out.push(p[0], p[1], q[0], q[1]);
      };
      const crossed = CROSSED[code];
      if (crossed) {
        seg(crossed);
        continue;
      }
      // Saddle (5 or 10): the centre's side decides which corners connect.
      const centreAbove = (tl + tr + br + bl) / 4 >= threshold;
      const pairs = (code === 5) === centreAbove ? CUT_TL_BR : CUT_TR_BL;
      seg(pairs[0]);
      seg(pairs[1]);
    }
  }
  return Float32Array.from(out);
}
