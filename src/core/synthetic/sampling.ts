/**
 * Pixel sampling as OpenCV does it: warpAffine / warpPerspective / remap quantise source
 * coordinates to 1/32 pixel (INTER_BITS = 5) and read outside pixels as the constant 0.
 * The quantisation matters for the generator's statistics: the BSR code replaces *exact*
 * zeros of the rotated reflector with background, and a 1/32 grid makes exact zeros at
 * the reflector's edge about as frequent as in the Python reference.
 */

/** Inverse of a 2x3 affine matrix [m00 m01 m02 m10 m11 m12], as cv2.invertAffineTransform. */
export function invertAffine(m: ArrayLike<number>, out: Float64Array): Float64Array {
  const [m00, m01, m02, m10, m11, m12] = [m[0]!, m[1]!, m[2]!, m[3]!, m[4]!, m[5]!];
  const det = m00 * m11 - m01 * m10;
  const d = det !== 0 ? 1 / det : 0;
  const a00 = m11 * d,
    a01 = -m01 * d,
    a10 = -m10 * d,
    a11 = m00 * d;
  out[0] = a00;
  out[1] = a01;
  out[2] = -a00 * m02 - a01 * m12;
  out[3] = a10;
  out[4] = a11;
  out[5] = -a10 * m02 - a11 * m12;
  return out;
}

/**
 * Destination->source map of the seed's `_rotate` on a side x side image: cv2.getRotationMatrix2D
 * about (side/2, side/2) by `angleDeg` (counter-clockwise) with zoom sqrt(2), inverted as warpAffine does.
 */
export function rotationInverse(side: number, angleDeg: number, out: Float64Array): Float64Array {
  const scale = Math.sqrt(side * side + side * side) / side;
  const rad = (angleDeg * Math.PI) / 180;
  const a = scale * Math.cos(rad),
    b = scale * Math.sin(rad);
  const c = side / 2;
  const fwd = [a, b, (1 - a) * c - b * c, -b, a, b * c + (1 - a) * c];
  return invertAffine(fwd, out);
}

/** Source coordinate s on cv2's 1/32-px grid, in fixed point: pixel X >> 5, fraction {@link gridFraction}(X). */
export const toGrid = (s: number): number => Math.floor(s * 32 + 0.5);

/** The fraction of grid coordinate X: a multiple of 1/32 in [0, 1). */
export const gridFraction = (X: number): number => (X & 31) * 0.03125;

/** Linear interpolation of rows[] (outside = 0) at source row sy quantised to 1/32 px. */
export function rowValue(rows: Float32Array, n: number, sy: number): number {
  const Y = toGrid(sy);
  const iy = Y >> 5,
    fy = gridFraction(Y);
  const r0 = iy >= 0 && iy < n ? rows[iy]! : 0;
  const r1 = iy + 1 >= 0 && iy + 1 < n ? rows[iy + 1]! : 0;
  return (1 - fy) * r0 + fy * r1;
}

/**
 * Bilinear sample of an image whose rows are constant (value rows[r]) and `cols` wide, at source
 * (sx, sy) quantised to 1/32 px, outside = 0. Factorised because layered backgrounds and flat
 * reflectors are row profiles until rotated: 2 reads instead of 4.
 */
export function sampleRowProfile(rows: Float32Array, n: number, cols: number, sx: number, sy: number): number {
  const X = toGrid(sx);
  const ix = X >> 5,
    fx = gridFraction(X);
  const wc = (ix >= 0 && ix < cols ? 1 - fx : 0) + (ix + 1 >= 0 && ix + 1 < cols ? fx : 0);
  return wc === 0 ? 0 : wc * rowValue(rows, n, sy);
}

/** Bilinear sample of a w x h image at (sx, sy) quantised to 1/32 px, outside = 0 (cv2 BORDER_CONSTANT). */
export function sampleBilinear(img: Float32Array, w: number, h: number, sx: number, sy: number): number {
  const X = toGrid(sx),
    Y = toGrid(sy);
  const ix = X >> 5,
    iy = Y >> 5;
  const fx = gridFraction(X),
    fy = gridFraction(Y);
  if (ix >= 0 && iy >= 0 && ix + 1 < w && iy + 1 < h) {
    const p = iy * w + ix;
    const top = img[p]! + fx * (img[p + 1]! - img[p]!);
    const bot = img[p + w]! + fx * (img[p + w + 1]! - img[p + w]!);
    return top + fy * (bot - top);
  }
  if (ix < -1 || iy < -1 || ix >= w || iy >= h) return 0;
  let v = 0;
  for (let dy = 0; dy < 2; dy++) {
    const y = iy + dy;
    if (y < 0 || y >= h) continue;
    const wy = dy === 0 ? 1 - fy : fy;
    for (let dx = 0; dx < 2; dx++) {
      const x = ix + dx;
      if (x < 0 || x >= w) continue;
      v += wy * (dx === 0 ? 1 - fx : fx) * img[y * w + x]!;
    }
  }
  return v;
}

/** OpenCV's cubic convolution weights (A = -0.75) for fractional offset t in [0,1), written into w[0..3]. */
export function cubicWeights(t: number, w: Float64Array): void {
  const A = -0.75;
  const t1 = t + 1,
    u = 1 - t;
  w[0] = ((A * t1 - 5 * A) * t1 + 8 * A) * t1 - 4 * A;
  w[1] = ((A + 2) * t - (A + 3)) * t * t + 1;
  w[2] = ((A + 2) * u - (A + 3)) * u * u + 1;
  w[3] = 1 - w[0] - w[1] - w[2];
}

/** Cubic weights at the 32 quantised fractions (OpenCV's INTER_TAB_SIZE table), [f·4 + tap]. */
export const CUBIC_TABLE = (() => {
  const t = new Float64Array(32 * 4),
    w = new Float64Array(4);
  for (let f = 0; f < 32; f++) {
    cubicWeights(f / 32, w);
    t.set(w, f * 4);
  }
  return t;
})();

/** Bicubic sample (cv2.remap INTER_CUBIC) at (sx, sy) quantised to 1/32 px, outside = 0. */
export function sampleBicubic(img: Float32Array, w: number, h: number, sx: number, sy: number): number {
  const X = toGrid(sx),
    Y = toGrid(sy);
  const ix = (X >> 5) - 1,
    iy = (Y >> 5) - 1;
  if (ix + 3 < 0 || iy + 3 < 0 || ix >= w || iy >= h) return 0;
  const tx = (X & 31) * 4,
    ty = (Y & 31) * 4;
  const T = CUBIC_TABLE;
  if (ix >= 0 && iy >= 0 && ix + 3 < w && iy + 3 < h) {
    const x0 = T[tx]!,
      x1 = T[tx + 1]!,
      x2 = T[tx + 2]!,
      x3 = T[tx + 3]!;
    let v = 0;
    for (let dy = 0, p = iy * w + ix; dy < 4; dy++, p += w) {
      v += T[ty + dy]! * (x0 * img[p]! + x1 * img[p + 1]! + x2 * img[p + 2]! + x3 * img[p + 3]!);
    }
    return v;
  }
  let v = 0;
  for (let dy = 0; dy < 4; dy++) {
    const y = iy + dy;
    if (y < 0 || y >= h) continue;
    let row = 0;
    for (let dx = 0; dx < 4; dx++) {
      const x = ix + dx;
      if (x >= 0 && x < w) row += T[tx + dx]! * img[y * w + x]!;
    }
    v += T[ty + dy]! * row;
  }
  return v;
}
