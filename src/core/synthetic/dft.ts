/**
 * Real part of an unscaled 2D inverse DFT (cv2.idft of a 2-channel complex image), computed
 * directly and separably. The frequency-noise grids are at most 47 x 47 and of any size (often
 * prime), where a direct transform is simpler than Bluestein FFTs. Three symmetries cut the work
 * to about h·w·(h+w)/2 multiply-adds:
 *  - only the real output is wanted, i.e. the transform of the spectrum's Hermitian part, whose
 *    row transforms satisfy T[-u] = conj T[u]: only rows u <= h/2 are transformed;
 *  - in each row sum, frequencies v and w-v share cos and negate sin, so they are folded first
 *    (sums and differences), halving the sums;
 *  - outputs x and w-x (and y and h-y) come from the same sums with the sine part negated.
 * Twiddle tables are cached per size; scratch buffers are module-level (no allocation per call).
 */

/** Half-range twiddles: [x·(m+1) + v] = cos/sin(2π·x·v/n) for x, v in [0, m], m = floor(n/2). */
interface Twiddles {
  cos: Float64Array;
  sin: Float64Array;
  m: number;
}
const twiddleCache = new Map<number, Twiddles>();

function twiddles(n: number): Twiddles {
  let t = twiddleCache.get(n);
  if (!t) {
    const m = n >> 1,
      stride = m + 1;
    const cos = new Float64Array(stride * stride),
      sin = new Float64Array(stride * stride);
    for (let x = 0; x <= m; x++) {
      for (let k = 0; k <= m; k++) {
        const r = (x * k) % n; // reduce first: exact angle, same table values as a full n x n one
        cos[x * stride + k] = Math.cos((2 * Math.PI * r) / n);
        sin[x * stride + k] = Math.sin((2 * Math.PI * r) / n);
      }
    }
    t = { cos, sin, m };
    twiddleCache.set(n, t);
  }
  return t;
}

/** Writes output y (= rc - is) and its mirror h-y (= rc + is) of column x. */
function store(out: Float32Array, w: number, h: number, x: number, y: number, rc: number, is: number): void {
  out[y * w + x] = rc - is;
  const ym = (h - y) % h;
  if (ym !== y) out[ym * w + x] = rc + is;
}

/** Row transform outputs x (= (ac - bs) + i(as + bc)) and its mirror w-x, weighted by k, stored transposed. */
function rowOutput(
  Tr: Float64Array,
  Ti: Float64Array,
  w: number,
  rows: number,
  u: number,
  x: number,
  k: number,
  ac: number,
  as: number,
  bc: number,
  bs: number,
): void {
  Tr[x * rows + u] = k * (ac - bs);
  Ti[x * rows + u] = k * (as + bc);
  const xm = (w - x) % w;
  if (xm !== x) {
    Tr[xm * rows + u] = k * (ac + bs);
    Ti[xm * rows + u] = k * (bc - as);
  }
}

/** The four sums of {@link columnSums}. */
const sums = new Float64Array(4);

/**
 * The column pass's sums for outputs y and y2 of one column (T values at col..col+len in Tr, Ti;
 * twiddle rows t and t2): sums = [Σ Tr·cos, Σ Ti·sin] for y, then for y2. Each T load serves two
 * outputs, and four independent accumulators hide the add latency that bounds a two-accumulator loop.
 */
function columnSums(
  Tr: Float64Array,
  Ti: Float64Array,
  col: number,
  cos: Float64Array,
  sin: Float64Array,
  t: number,
  t2: number,
  len: number,
): void {
  let rc = 0,
    is = 0,
    rc2 = 0,
    is2 = 0;
  for (let u = 0; u < len; u++) {
    const a = Tr[col + u]!,
      b = Ti[col + u]!;
    rc += a * cos[t + u]!;
    is += b * sin[t + u]!;
    rc2 += a * cos[t2 + u]!;
    is2 += b * sin[t2 + u]!;
  }
  sums[0] = rc;
  sums[1] = is;
  sums[2] = rc2;
  sums[3] = is2;
}

let tRe = new Float64Array(64 * 64); // row transforms, transposed: [x·rows + u]
let tIm = new Float64Array(64 * 64);
let fold = new Float64Array(4 * 64); // one row's folded spectrum: aP, aM, bP, bM, each m+1 long

/**
 * out[y·w + x] = Re Σ_u Σ_v (re + i·im)[u·w + v] · exp(+2πi (u·y/h + v·x/w)), for an h x w spectrum.
 */
export function inverseDftReal(
  re: Float64Array,
  im: Float64Array,
  h: number,
  w: number,
  out: Float32Array,
): Float32Array {
  const n = h * w;
  if (tRe.length < n) {
    tRe = new Float64Array(n);
    tIm = new Float64Array(n);
  }
  const { cos: cw, sin: sw, m: mw } = twiddles(w);
  const { cos: ch, sin: sh, m: mh } = twiddles(h);
  const sW = mw + 1,
    sH = mh + 1;
  if (fold.length < 4 * sW) fold = new Float64Array(4 * sW);
  const Tr = tRe,
    Ti = tIm,
    F = fold;
  const aP = 0,
    aM = sW,
    bP = 2 * sW,
    bM = 3 * sW; // offsets into F
  const rowsNeeded = mh + 1;
  for (let u = 0; u < rowsNeeded; u++) {
    const row = u * w,
      mirror = ((h - u) % h) * w;
    // Hermitian part H[u][v] = (X[u][v] + conj X[-u][-v]) / 2, then folded over v and w-v.
    for (let v = 0; v <= mw; v++) {
      const vm = (w - v) % w;
      const hr = 0.5 * (re[row + v]! + re[mirror + vm]!),
        hi = 0.5 * (im[row + v]! - im[mirror + vm]!);
      if (vm === v) {
        F[aP + v] = hr;
        F[bP + v] = hi;
        F[aM + v] = 0;
        F[bM + v] = 0;
        continue;
      }
      const hrm = 0.5 * (re[row + vm]! + re[mirror + v]!),
        him = 0.5 * (im[row + vm]! - im[mirror + v]!);
      F[aP + v] = hr + hrm;
      F[aM + v] = hr - hrm;
      F[bP + v] = hi + him;
      F[bM + v] = hi - him;
    }
    // Fold the weight of row u (1 for u = 0 and u = h/2, else 2 for u and h-u) in here.
    const k = u === 0 || 2 * u === h ? 1 : 2;
    // T[u][x] = Σ_v H[u][v]·e^{2πi v x/w}: x and w-x from the same four sums. Two x per pass, as in
    // the column pass below: each folded value serves two sets of sums.
    for (let x = 0; x <= mw; x += 2) {
      const t = x * sW,
        t2 = x < mw ? t + sW : t; // an odd last x is summed twice and stored once
      let ac = 0,
        as = 0,
        bc = 0,
        bs = 0,
        ac2 = 0,
        as2 = 0,
        bc2 = 0,
        bs2 = 0;
      for (let v = 0; v <= mw; v++) {
        const p = F[aP + v]!,
          q = F[bP + v]!,
          m = F[aM + v]!,
          r = F[bM + v]!;
        const c = cw[t + v]!,
          s = sw[t + v]!,
          c2 = cw[t2 + v]!,
          s2 = sw[t2 + v]!;
        ac += p * c;
        bc += q * c;
        as += m * s;
        bs += r * s;
        ac2 += p * c2;
        bc2 += q * c2;
        as2 += m * s2;
        bs2 += r * s2;
      }
      rowOutput(Tr, Ti, w, rowsNeeded, u, x, k, ac, as, bc, bs);
      if (x < mw) rowOutput(Tr, Ti, w, rowsNeeded, u, x + 1, k, ac2, as2, bc2, bs2);
    }
  }
  // Columns: Σ_{u <= h/2} Re(T[u][x]·e^{2πi u y/h}) = Σ Tr·cos - Ti·sin, for y and h-y at once, two y per pass.
  for (let x = 0; x < w; x++) {
    const col = x * rowsNeeded;
    for (let y = 0; y <= mh; y += 2) {
      const t = y * sH,
        t2 = y < mh ? t + sH : t; // an odd last y is summed twice and stored once
      columnSums(Tr, Ti, col, ch, sh, t, t2, rowsNeeded);
      store(out, w, h, x, y, sums[0]!, sums[1]!);
      if (y < mh) store(out, w, h, x, y + 1, sums[2]!, sums[3]!);
    }
  }
  return out;
}
