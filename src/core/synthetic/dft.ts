/**
 * Real part of an unscaled 2D inverse DFT (cv2.idft of a 2-channel complex image), computed
 * directly and separably with cos/sin tables. The frequency-noise grids are at most 47 x 47 and
 * of any size (not powers of two), where a table-driven O(n³) transform is simpler than
 * mixed-radix FFTs and fast enough (~0.1 ms at 47 x 47).
 */

interface Twiddles { n: number; cos: Float64Array; sin: Float64Array }
const twiddleCache = new Map<number, Twiddles>();

function twiddles(n: number): Twiddles {
  let t = twiddleCache.get(n);
  if (!t) {
    const cos = new Float64Array(n), sin = new Float64Array(n);
    for (let k = 0; k < n; k++) { cos[k] = Math.cos((2 * Math.PI * k) / n); sin[k] = Math.sin((2 * Math.PI * k) / n); }
    t = { n, cos, sin };
    twiddleCache.set(n, t);
  }
  return t;
}

let tmpRe = new Float64Array(64 * 64);
let tmpIm = new Float64Array(64 * 64);

/**
 * out[y·w + x] = Re Σ_u Σ_v (re + i·im)[u·w + v] · exp(+2πi (u·y/h + v·x/w)), for an h x w spectrum.
 */
export function inverseDftReal(re: Float64Array, im: Float64Array, h: number, w: number, out: Float32Array): Float32Array {
  if (tmpRe.length < h * w) { tmpRe = new Float64Array(h * w); tmpIm = new Float64Array(h * w); }
  const tw = twiddles(w), th = twiddles(h);
  // Along rows: T[u][x] = Σ_v X[u][v] e^{2πi v x / w}
  for (let u = 0; u < h; u++) {
    const row = u * w;
    for (let x = 0; x < w; x++) {
      let sr = 0, si = 0, k = 0;
      for (let v = 0; v < w; v++) {
        const c = tw.cos[k]!, s = tw.sin[k]!;
        const a = re[row + v]!, b = im[row + v]!;
        sr += a * c - b * s;
        si += a * s + b * c;
        k += x;
        if (k >= w) k -= w;
      }
      tmpRe[row + x] = sr;
      tmpIm[row + x] = si;
    }
  }
  // Down columns, keeping only the real part: Re Σ_u T[u][x] e^{2πi u y / h}
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let sr = 0, k = 0;
      for (let u = 0; u < h; u++) {
        sr += tmpRe[u * w + x]! * th.cos[k]! - tmpIm[u * w + x]! * th.sin[k]!;
        k += y;
        if (k >= h) k -= h;
      }
      out[y * w + x] = sr;
    }
  }
  return out;
}
