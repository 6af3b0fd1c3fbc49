/**
 * Perspective transform (imgaug 0.3.0 PerspectiveTransform, keep_size): each corner is jittered
 * inwards by |N(0, scale)| mod 1 of the side, the quadrilateral is warped to a maxW x maxH
 * rectangle (bilinear, constant-0 border) and resized back with cv2's bicubic resize.
 */
import type { Rng } from '../../prng';
import { cvResize } from '../cv-resize';
import { gridFraction, toGrid } from '../sampling';
import { squareSide } from '../types';
import type { AugmentationSettings } from './settings';

/**
 * Zero border around the copied source, px: bilinear taps at -2..side+1 read zeros, which is
 * cv2's constant-0 border, and farther samples are 0 anyway, so the warp needs no per-tap tests.
 */
const PAD = 2;
let padded = new Float32Array((48 + 2 * PAD) * (48 + 2 * PAD));
let warped = new Float32Array(96 * 96);
const homography = new Float64Array(9);

/** Warps `patch` in place; the jitter scale is drawn per patch from the settings' range. */
export function perspectiveTransform(patch: Float32Array, rng: Rng, settings: AugmentationSettings): Float32Array {
  return perspectiveWith(patch, rng, rng.uniform(settings.perspectiveScale[0], settings.perspectiveScale[1]));
}

/** Perspective warp with corner-jitter sigma `scale` (fraction of the side). */
export function perspectiveWith(patch: Float32Array, rng: Rng, scale: number): Float32Array {
  const side = squareSide(patch);
  const j = (): number => Math.abs(rng.normal(0, scale)) % 1;
  // imgaug's point order: (x, 1-y), (1-x, 1-y), (1-x, y), (x, y) for jitters x, y per point.
  const px = [j(), 1 - j(), 1 - j(), j()];
  const py = [1 - j(), 1 - j(), j(), j()];
  for (let i = 0; i < 4; i++) {
    px[i] = px[i]! * side;
    py[i] = py[i]! * side;
  }
  const [tl, tr, br, bl] = orderPoints(px, py);
  const dist = (a: number, b: number): number => Math.hypot(px[a]! - px[b]!, py[a]! - py[b]!);
  const mw = Math.max(Math.trunc(dist(br, bl)), Math.trunc(dist(tr, tl)));
  const mh = Math.max(Math.trunc(dist(tr, br)), Math.trunc(dist(tl, bl)));
  if (mw < 2 || mh < 2) return patch; // degenerate quadrilateral: cv2 would fail; leave the patch alone
  // Map from the output rectangle back to the quadrilateral (what warpPerspective samples with).
  solveHomography(
    [0, mw - 1, mw - 1, 0],
    [0, 0, mh - 1, mh - 1],
    [px[tl]!, px[tr]!, px[br]!, px[bl]!],
    [py[tl]!, py[tr]!, py[br]!, py[bl]!],
    homography,
  );
  if (warped.length < mw * mh) warped = new Float32Array(mw * mh);
  const ps = side + 2 * PAD;
  if (padded.length !== ps * ps) padded = new Float32Array(ps * ps); // border stays 0: only the centre is written
  const src = padded,
    out = warped;
  for (let y = 0; y < side; y++) src.set(patch.subarray(y * side, (y + 1) * side), (y + PAD) * ps + PAD);
  const h0 = homography[0]!,
    h1 = homography[1]!,
    h2 = homography[2]!,
    h3 = homography[3]!,
    h4 = homography[4]!;
  const h5 = homography[5]!,
    h6 = homography[6]!,
    h7 = homography[7]!,
    h8 = homography[8]!;
  for (let y = 0; y < mh; y++) {
    for (let x = 0; x < mw; x++) {
      const w = h6 * x + h7 * y + h8;
      const iw = w !== 0 ? 1 / w : 0;
      // Bilinear at the 1/32-px grid of cv2.warpPerspective (as sampling.ts's sampleBilinear).
      const X = toGrid((h0 * x + h1 * y + h2) * iw),
        Y = toGrid((h3 * x + h4 * y + h5) * iw);
      const ix = (X >> 5) + PAD,
        iy = (Y >> 5) + PAD;
      let v = 0;
      if (ix >= 0 && iy >= 0 && ix + 1 < ps && iy + 1 < ps) {
        const fx = gridFraction(X),
          fy = gridFraction(Y),
          p = iy * ps + ix;
        const top = src[p]! + fx * (src[p + 1]! - src[p]!);
        const bot = src[p + ps]! + fx * (src[p + ps + 1]! - src[p + ps]!);
        v = top + fy * (bot - top);
      }
      out[y * mw + x] = v;
    }
  }
  cvResize(warped, mw, mh, patch, side, side, 'cubic');
  return patch;
}

/** imgaug's _order_points: indices of top-left (min x+y), top-right (min y-x), bottom-right, bottom-left. */
function orderPoints(px: number[], py: number[]): [number, number, number, number] {
  let tl = 0,
    br = 0,
    tr = 0,
    bl = 0;
  for (let i = 1; i < 4; i++) {
    if (px[i]! + py[i]! < px[tl]! + py[tl]!) tl = i;
    if (px[i]! + py[i]! > px[br]! + py[br]!) br = i;
    if (py[i]! - px[i]! < py[tr]! - px[tr]!) tr = i;
    if (py[i]! - px[i]! > py[bl]! - px[bl]!) bl = i;
  }
  return [tl, tr, br, bl];
}

/** 3x3 homography (h22 = 1) taking the 4 points (sx, sy) to (dx, dy), by Gaussian elimination. */
export function solveHomography(
  sx: number[],
  sy: number[],
  dx: number[],
  dy: number[],
  out: Float64Array,
): Float64Array {
  const a: number[][] = [];
  for (let i = 0; i < 4; i++) {
    a.push([sx[i]!, sy[i]!, 1, 0, 0, 0, -sx[i]! * dx[i]!, -sy[i]! * dx[i]!, dx[i]!]);
    a.push([0, 0, 0, sx[i]!, sy[i]!, 1, -sx[i]! * dy[i]!, -sy[i]! * dy[i]!, dy[i]!]);
  }
  for (let c = 0; c < 8; c++) {
    let p = c;
    for (let r = c + 1; r < 8; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
    [a[c], a[p]] = [a[p]!, a[c]!];
    const pivot = a[c]![c]!;
    if (pivot === 0) {
      out.fill(0);
      out[0] = out[4] = out[8] = 1;
      return out;
    }
    for (let r = 0; r < 8; r++) {
      if (r === c) continue;
      const f = a[r]![c]! / pivot;
      if (f !== 0) for (let k = c; k < 9; k++) a[r]![k] = a[r]![k]! - f * a[c]![k]!;
    }
  }
  for (let i = 0; i < 8; i++) out[i] = a[i]![8]! / a[i]![i]!;
  out[8] = 1;
  return out;
}
