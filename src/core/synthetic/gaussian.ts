/**
 * Gaussian kernels and separable filtering with the reflect-101 border (cv2 BORDER_REFLECT_101,
 * scipy.ndimage mode 'mirror' and skimage mode 'reflect' are all this border: d c b | a b c d | c b a).
 */

/** imgaug's kernel size for a Gaussian blur of `sigma` px (odd, at least 5). */
export function imgaugKernelSize(sigma: number): number {
  const k = Math.trunc(Math.max(sigma < 3 ? 3.3 * sigma : sigma < 5 ? 2.9 * sigma : 2.6 * sigma, 5));
  return k % 2 === 0 ? k + 1 : k;
}

/** cv2.getGaussianKernel(ksize, sigma): normalised exp(-x²/2σ²) over ksize taps centred on (ksize-1)/2. */
export function cvGaussianKernel(ksize: number, sigma: number): Float64Array {
  const k = new Float64Array(ksize);
  const c = (ksize - 1) / 2;
  let sum = 0;
  for (let i = 0; i < ksize; i++) {
    k[i] = Math.exp(-((i - c) * (i - c)) / (2 * sigma * sigma));
    sum += k[i]!;
  }
  for (let i = 0; i < ksize; i++) k[i] = k[i]! / sum;
  return k;
}

/** scipy.ndimage.gaussian_filter1d's kernel: radius int(truncate·σ + 0.5), truncate = 4. */
export function scipyGaussianKernel(sigma: number, truncate = 4): Float64Array {
  const radius = Math.trunc(truncate * sigma + 0.5);
  return cvGaussianKernel(2 * radius + 1, sigma);
}

/** Index i reflected into [0, n) without repeating the edge sample (reflect-101). */
export function reflect101(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * n - 2;
  let r = i % period;
  if (r < 0) r += period;
  return r < n ? r : period - r;
}

let line = new Float64Array(256);
let cols = new Float64Array(48 * 48);

/** Fills buf[0 .. n+2r) with src[at + i·step] for i in [-r, n+r), reflect-101 beyond the ends. */
function loadPadded(src: Float32Array | Float64Array, at: number, step: number, n: number, r: number, buf: Float64Array): void {
  for (let i = 0; i < n; i++) buf[i + r] = src[at + i * step]!;
  for (let i = 1; i <= r; i++) {
    buf[r - i] = src[at + reflect101(-i, n) * step]!;
    buf[r + n - 1 + i] = src[at + reflect101(n - 1 + i, n) * step]!;
  }
}

/**
 * Convolves rows then columns of a w x h image with the same odd `kernel`, reflect-101 border,
 * writing into `dst` (may alias `src`).
 */
export function filterSeparable(src: Float32Array, w: number, h: number, kernel: Float64Array, dst: Float32Array): Float32Array {
  const r = (kernel.length - 1) >> 1, taps = kernel.length;
  const need = Math.max(w, h) + 2 * r;
  if (line.length < need) line = new Float64Array(need);
  if (cols.length < w * h) cols = new Float64Array(w * h);
  const buf = line, mid = cols;
  for (let y = 0; y < h; y++) {
    loadPadded(src, y * w, 1, w, r, buf);
    for (let x = 0; x < w; x++) {
      let v = 0;
      for (let k = 0; k < taps; k++) v += kernel[k]! * buf[x + k]!;
      mid[y * w + x] = v;
    }
  }
  // Column pass as whole-row updates (contiguous, vectorisable), reflect-101 on the row index.
  for (let y = 0; y < h; y++) {
    const o = y * w;
    for (let x = 0; x < w; x++) buf[x] = 0;
    for (let k = 0; k < taps; k++) {
      const wk = kernel[k]!;
      const s = reflect101(y + k - r, h) * w;
      for (let x = 0; x < w; x++) buf[x] = buf[x]! + wk * mid[s + x]!;
    }
    for (let x = 0; x < w; x++) dst[o + x] = buf[x]!;
  }
  return dst;
}

/**
 * "Valid" separable convolution: from a (side+2r)² field to its side² centre, no border needed.
 * Used where the seed pads a random field and crops it after blurring.
 */
export function filterValid(src: Float32Array, side: number, kernel: Float64Array, dst: Float32Array): Float32Array {
  const taps = kernel.length, r = (taps - 1) >> 1, fs = side + 2 * r;
  if (cols.length < fs * side) cols = new Float64Array(fs * side);
  const mid = cols; // fs rows x side cols
  for (let y = 0; y < fs; y++) {
    const row = y * fs;
    for (let x = 0; x < side; x++) {
      let v = 0;
      for (let k = 0; k < taps; k++) v += kernel[k]! * src[row + x + k]!;
      mid[y * side + x] = v;
    }
  }
  for (let y = 0; y < side; y++) {
    const o = y * side;
    for (let x = 0; x < side; x++) dst[o + x] = 0;
    for (let k = 0; k < taps; k++) {
      const wk = kernel[k]!, s = (y + k) * side;
      for (let x = 0; x < side; x++) dst[o + x] = dst[o + x]! + wk * mid[s + x]!;
    }
  }
  return dst;
}
