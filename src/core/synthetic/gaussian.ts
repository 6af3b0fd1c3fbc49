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

/**
 * Convolves rows then columns of a w x h image with the same odd `kernel`, reflect-101 border,
 * writing into `dst` (may alias `src`).
 */
export function filterSeparable(src: Float32Array, w: number, h: number, kernel: Float64Array, dst: Float32Array): Float32Array {
  const r = (kernel.length - 1) >> 1;
  const need = Math.max(w, h) + 2 * r;
  if (line.length < need) line = new Float64Array(need);
  const buf = line;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let i = -r; i < w + r; i++) buf[i + r] = src[row + reflect101(i, w)]!;
    for (let x = 0; x < w; x++) {
      let v = 0;
      for (let k = 0; k < kernel.length; k++) v += kernel[k]! * buf[x + k]!;
      dst[row + x] = v;
    }
  }
  for (let x = 0; x < w; x++) {
    for (let i = -r; i < h + r; i++) buf[i + r] = dst[reflect101(i, h) * w + x]!;
    for (let y = 0; y < h; y++) {
      let v = 0;
      for (let k = 0; k < kernel.length; k++) v += kernel[k]! * buf[y + k]!;
      dst[y * w + x] = v;
    }
  }
  return dst;
}
