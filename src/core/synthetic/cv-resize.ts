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
      index[2 * d] = clampIndex(s, src); weight[2 * d] = 1 - t;
      index[2 * d + 1] = clampIndex(s + 1, src); weight[2 * d + 1] = t;
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
  src: ArrayLike<number>, sw: number, sh: number,
  dst: Float32Array, dw: number, dh: number, mode: CvInterpolation,
): Float32Array {
  const tx = axisTaps(sw, dw, mode), ty = axisTaps(sh, dh, mode);
  if (scratch.length < sh * dw) scratch = new Float64Array(sh * dw);
  const tmp = scratch;
  const kx = tx.taps, ky = ty.taps;
  for (let y = 0; y < sh; y++) {
    const row = y * sw;
    for (let x = 0; x < dw; x++) {
      let v = 0;
      for (let k = 0; k < kx; k++) v += tx.weight[x * kx + k]! * (src[row + tx.index[x * kx + k]!] as number);
      tmp[y * dw + x] = v;
    }
  }
  for (let y = 0; y < dh; y++) {
    const out = y * dw;
    for (let x = 0; x < dw; x++) {
      let v = 0;
      for (let k = 0; k < ky; k++) v += ty.weight[y * ky + k]! * tmp[ty.index[y * ky + k]! * dw + x]!;
      dst[out + x] = v;
    }
  }
  return dst;
}
