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
      const top = () => cross(c, r, tl, c + 1, r, tr),
        right = () => cross(c + 1, r, tr, c + 1, r + 1, br);
      const bottom = () => cross(c, r + 1, bl, c + 1, r + 1, br),
        left = () => cross(c, r, tl, c, r + 1, bl);
      const seg = (p: [number, number], q: [number, number]) => out.push(p[0], p[1], q[0], q[1]);
      switch (code) {
        case 1:
        case 14:
          seg(left(), bottom());
          break;
        case 2:
        case 13:
          seg(bottom(), right());
          break;
        case 3:
        case 12:
          seg(left(), right());
          break;
        case 4:
        case 11:
          seg(top(), right());
          break;
        case 6:
        case 9:
          seg(top(), bottom());
          break;
        case 7:
        case 8:
          seg(left(), top());
          break;
        case 5:
        case 10: {
          // Saddle: the centre's side decides which corners connect.
          const centreAbove = (tl + tr + br + bl) / 4 >= threshold;
          if ((code === 5) === centreAbove) {
            seg(left(), top());
            seg(bottom(), right());
          } else {
            seg(left(), bottom());
            seg(top(), right());
          }
          break;
        }
      }
    }
  }
  return Float32Array.from(out);
}
