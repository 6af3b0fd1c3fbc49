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
let cols = new Float64Array(64 * 64);

/** Fills buf[0 .. n+2r) with src[at + i] for i in [-r, n+r), reflect-101 beyond the ends. */
function loadPadded(src: Float32Array, at: number, n: number, r: number, buf: Float64Array): void {
  for (let i = 0; i < n; i++) buf[i + r] = src[at + i]!;
  for (let i = 1; i <= r; i++) {
    buf[r - i] = src[at + reflect101(-i, n)]!;
    buf[r + n - 1 + i] = src[at + reflect101(n - 1 + i, n)]!;
  }
}

/** True when kernel[k] = kernel[taps-1-k] exactly (Gaussians are: (i-c)² is symmetric in floats). */
function isSymmetric(kernel: Float64Array): boolean {
  for (let k = 0, j = kernel.length - 1; k < j; k++, j--) if (kernel[k] !== kernel[j]) return false;
  return true;
}

/**
 * dst[o + x·step] = Σ_k kernel[k]·src[at + x + k] for x in [0, n): a "valid" 1D correlation along
 * a line, written `step` apart. Both passes of a separable filter read rows this way (contiguous)
 * and write their result transposed, so the second pass's rows are the image's columns.
 * Symmetric 5- and 7-tap kernels (the augmentations' usual sizes) are unrolled with the taps
 * paired, which is several times faster than the generic tap loop in V8.
 */
function correlateLine(
  src: Float64Array,
  at: number,
  n: number,
  kernel: Float64Array,
  symmetric: boolean,
  dst: Float32Array | Float64Array,
  o: number,
  step: number,
): void {
  const taps = kernel.length;
  if (symmetric && taps === 5) {
    const k0 = kernel[0]!,
      k1 = kernel[1]!,
      k2 = kernel[2]!;
    for (let i = at, end = at + n, d = o; i < end; i++, d += step) {
      dst[d] = k0 * (src[i]! + src[i + 4]!) + k1 * (src[i + 1]! + src[i + 3]!) + k2 * src[i + 2]!;
    }
  } else if (symmetric && taps === 7) {
    const k0 = kernel[0]!,
      k1 = kernel[1]!,
      k2 = kernel[2]!,
      k3 = kernel[3]!;
    for (let i = at, end = at + n, d = o; i < end; i++, d += step) {
      dst[d] =
        k0 * (src[i]! + src[i + 6]!) +
        k1 * (src[i + 1]! + src[i + 5]!) +
        k2 * (src[i + 2]! + src[i + 4]!) +
        k3 * src[i + 3]!;
    }
  } else {
    for (let i = at, end = at + n, d = o; i < end; i++, d += step) {
      let v = 0;
      for (let k = 0; k < taps; k++) v += kernel[k]! * src[i + k]!;
      dst[d] = v;
    }
  }
}

/**
 * Convolves rows then columns of a w x h image with the same odd `kernel`, reflect-101 border,
 * writing into `dst` (may alias `src`).
 */
export function filterSeparable(
  src: Float32Array,
  w: number,
  h: number,
  kernel: Float64Array,
  dst: Float32Array,
): Float32Array {
  const r = (kernel.length - 1) >> 1,
    ph = h + 2 * r;
  const need = w + 2 * r;
  if (line.length < need) line = new Float64Array(need);
  if (cols.length < w * ph) cols = new Float64Array(w * ph);
  const buf = line,
    mid = cols, // the row pass transposed: w columns of h values with r reflect-101 values at each end
    symmetric = isSymmetric(kernel);
  for (let y = 0; y < h; y++) {
    loadPadded(src, y * w, w, r, buf);
    correlateLine(buf, 0, w, kernel, symmetric, mid, r + y, ph);
  }
  for (let x = 0, c = r; x < w; x++, c += ph) {
    for (let i = 1; i <= r; i++) {
      mid[c - i] = mid[c + reflect101(-i, h)]!;
      mid[c + h - 1 + i] = mid[c + reflect101(h - 1 + i, h)]!;
    }
  }
  for (let x = 0; x < w; x++) correlateLine(mid, x * ph, h, kernel, symmetric, dst, x, w);
  return dst;
}

/**
 * "Valid" separable convolution: from a (side+2r)² field to its side² centre, no border needed.
 * Used where the seed pads a random field and crops it after blurring.
 */
export function filterValid(src: Float64Array, side: number, kernel: Float64Array, dst: Float32Array): Float32Array {
  const taps = kernel.length,
    r = (taps - 1) >> 1,
    fs = side + 2 * r;
  if (cols.length < fs * side) cols = new Float64Array(fs * side);
  const mid = cols,
    symmetric = isSymmetric(kernel); // the row pass transposed: side columns of fs values
  for (let y = 0; y < fs; y++) correlateLine(src, y * fs, side, kernel, symmetric, mid, y, fs);
  for (let x = 0; x < side; x++) correlateLine(mid, x * fs, side, kernel, symmetric, dst, x, side);
  return dst;
}
