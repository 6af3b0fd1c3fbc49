/**
 * cv2.resize for the augmentations' small images (noise grids, warped patches, dropout masks):
 * half-pixel centres, replicated border; INTER_NEAREST uses floor(dst * src/dst) as OpenCV does.
 * Separable: a horizontal pass into a scratch buffer, then a vertical pass.
 */
import { cubicWeights } from './sampling';

export type CvInterpolation = 'nearest' | 'linear' | 'cubic';

/** Per-axis taps: for output i, `taps` source indices and weights at [i*taps, (i+1)*taps). */
interface AxisTaps {
  taps: number;
  index: Int32Array;
  weight: Float64Array;
}

const tapCache = new Map<number, AxisTaps>();
const cw = new Float64Array(4);

function clampIndex(i: number, n: number): number {
  return i < 0 ? 0 : i >= n ? n - 1 : i;
}

function axisTaps(src: number, dst: number, mode: CvInterpolation): AxisTaps {
  const key = (src * 65_536 + dst) * 4 + (mode === 'nearest' ? 0 : mode === 'linear' ? 1 : 2); // numeric: no garbage
  const hit = tapCache.get(key);
  if (hit) return hit;
  const taps = mode === 'nearest' ? 1 : mode === 'linear' ? 2 : 4;
  const index = new Int32Array(dst * taps);
  const weight = new Float64Array(dst * taps);
  const scale = src / dst;
  for (let d = 0; d < dst; d++) {
    if (mode === 'nearest') {
      index[d] = Math.min(Math.floor(d * scale), src - 1);
      weight[d] = 1;
      continue;
    }
    const f = (d + 0.5) * scale - 0.5;
    const s = Math.floor(f);
    const t = f - s;
    if (mode === 'linear') {
      index[2 * d] = clampIndex(s, src);
      weight[2 * d] = 1 - t;
      index[2 * d + 1] = clampIndex(s + 1, src);
      weight[2 * d + 1] = t;
    } else {
      cubicWeights(t, cw);
      for (let k = 0; k < 4; k++) {
        index[4 * d + k] = clampIndex(s - 1 + k, src);
        weight[4 * d + k] = cw[k]!;
      }
    }
  }
  const out = { taps, index, weight };
  if (tapCache.size > 256) tapCache.clear(); // sizes vary per perspective warp; keep the cache bounded
  tapCache.set(key, out);
  return out;
}

let scratch = new Float64Array(64 * 64);

/** Resizes a sw x sh image into dst (dw x dh) like cv2.resize with the given interpolation. */
export function cvResize(
  src: Float32Array,
  sw: number,
  sh: number,
  dst: Float32Array,
  dw: number,
  dh: number,
  mode: CvInterpolation,
): Float32Array {
  const tx = axisTaps(sw, dw, mode),
    ty = axisTaps(sh, dh, mode);
  if (scratch.length < sh * dw) scratch = new Float64Array(sh * dw);
  const tmp = scratch;
  const xi = tx.index,
    xw = tx.weight,
    yi = ty.index,
    yw = ty.weight;
  // One loop per tap count (1, 2, 4) with the taps unrolled: these run for every frequency-noise
  // grid, perspective warp and dropout mask, and a generic tap loop was several times slower.
  if (tx.taps === 1) {
    for (let y = 0; y < sh; y++) {
      const row = y * sw,
        o = y * dw;
      for (let x = 0; x < dw; x++) tmp[o + x] = src[row + xi[x]!]!;
    }
  } else if (tx.taps === 2) {
    for (let y = 0; y < sh; y++) {
      const row = y * sw,
        o = y * dw;
      for (let x = 0, k = 0; x < dw; x++, k += 2)
        tmp[o + x] = xw[k]! * src[row + xi[k]!]! + xw[k + 1]! * src[row + xi[k + 1]!]!;
    }
  } else {
    for (let y = 0; y < sh; y++) {
      const row = y * sw,
        o = y * dw;
      for (let x = 0, k = 0; x < dw; x++, k += 4) {
        tmp[o + x] =
          xw[k]! * src[row + xi[k]!]! +
          xw[k + 1]! * src[row + xi[k + 1]!]! +
          xw[k + 2]! * src[row + xi[k + 2]!]! +
          xw[k + 3]! * src[row + xi[k + 3]!]!;
      }
    }
  }
  // Vertical pass: whole rows at a time (contiguous reads of the horizontal result).
  for (let y = 0; y < dh; y++) {
    const out = y * dw;
    if (ty.taps === 1) {
      const r0 = yi[y]! * dw;
      for (let x = 0; x < dw; x++) dst[out + x] = tmp[r0 + x]!;
    } else if (ty.taps === 2) {
      const k = 2 * y,
        w0 = yw[k]!,
        w1 = yw[k + 1]!,
        r0 = yi[k]! * dw,
        r1 = yi[k + 1]! * dw;
      for (let x = 0; x < dw; x++) dst[out + x] = w0 * tmp[r0 + x]! + w1 * tmp[r1 + x]!;
    } else {
      const k = 4 * y,
        w0 = yw[k]!,
        w1 = yw[k + 1]!,
        w2 = yw[k + 2]!,
        w3 = yw[k + 3]!;
      const r0 = yi[k]! * dw,
        r1 = yi[k + 1]! * dw,
        r2 = yi[k + 2]! * dw,
        r3 = yi[k + 3]! * dw;
      for (let x = 0; x < dw; x++)
        dst[out + x] = w0 * tmp[r0 + x]! + w1 * tmp[r1 + x]! + w2 * tmp[r2 + x]! + w3 * tmp[r3 + x]!;
    }
  }
  return dst;
}
