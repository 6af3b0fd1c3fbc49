/**
 * Real part of an unscaled 2D inverse DFT (cv2.idft of a 2-channel complex image), computed
 * directly and separably from cos/sin matrices. The frequency-noise grids are at most 47 x 47 and
 * of any size (often prime), where a direct transform is simpler than Bluestein FFTs. It uses
 * cos(2π·k(n-x)/n) = cos(2π·kx/n) and sin(...) = -sin(...) to get outputs x and n-x from the
 * same sums (half the work), and keeps every inner loop contiguous.
 */

interface Twiddles { cos: Float64Array; sin: Float64Array } // n x n, [x·n + k] = cos/sin(2π·x·k/n)
const twiddleCache = new Map<number, Twiddles>();

function twiddles(n: number): Twiddles {
  let t = twiddleCache.get(n);
  if (!t) {
    const cos = new Float64Array(n * n), sin = new Float64Array(n * n);
    for (let x = 0; x < n; x++) {
      for (let k = 0; k < n; k++) {
        const m = (x * k) % n;
        cos[x * n + k] = Math.cos((2 * Math.PI * m) / n);
        sin[x * n + k] = Math.sin((2 * Math.PI * m) / n);
      }
    }
    t = { cos, sin };
    twiddleCache.set(n, t);
  }
  return t;
}

let tRe = new Float64Array(64 * 64); // row transform, transposed: [x·h + u]
let tIm = new Float64Array(64 * 64);
let hRe = new Float64Array(64 * 64); // Hermitian part of the spectrum
let hIm = new Float64Array(64 * 64);

/**
 * out[y·w + x] = Re Σ_u Σ_v (re + i·im)[u·w + v] · exp(+2πi (u·y/h + v·x/w)), for an h x w spectrum.
 * Only the real part is wanted, which is the transform of the spectrum's Hermitian part
 * (X[u][v] + conj X[-u][-v]) / 2; its row transforms satisfy T[-u] = conj T[u], so only rows
 * u <= h/2 are transformed and the column sums fold u and h-u together.
 */
export function inverseDftReal(re: Float64Array, im: Float64Array, h: number, w: number, out: Float32Array): Float32Array {
  const n = h * w;
  if (tRe.length < n) { tRe = new Float64Array(n); tIm = new Float64Array(n); hRe = new Float64Array(n); hIm = new Float64Array(n); }
  const { cos: cw, sin: sw } = twiddles(w);
  const { cos: ch, sin: sh } = twiddles(h);
  const Tr = tRe, Ti = tIm, Hr = hRe, Hi = hIm;
  const rowsNeeded = (h >> 1) + 1;
  for (let u = 0; u < rowsNeeded; u++) {
    const mu = ((h - u) % h) * w;
    for (let v = 0; v < w; v++) {
      const a = u * w + v, b = mu + ((w - v) % w);
      Hr[a] = 0.5 * (re[a]! + re[b]!);
      Hi[a] = 0.5 * (im[a]! - im[b]!);
    }
  }
  // Rows: T[u][x] = Σ_v H[u][v]·e^{2πi v x/w}, for x and w-x at once.
  for (let u = 0; u < rowsNeeded; u++) {
    const row = u * w;
    for (let x = 0; 2 * x <= w; x++) {
      const t = x * w;
      let ac = 0, as = 0, bc = 0, bs = 0;
      for (let v = 0; v < w; v++) {
        const a = Hr[row + v]!, b = Hi[row + v]!, c = cw[t + v]!, s = sw[t + v]!;
        ac += a * c; as += a * s; bc += b * c; bs += b * s;
      }
      // Fold the weight of row u (1 for u = 0 and u = h/2, else 2 for u and h-u) in here.
      const k = u === 0 || 2 * u === h ? 1 : 2;
      Tr[x * h + u] = k * (ac - bs);
      Ti[x * h + u] = k * (as + bc);
      const xm = (w - x) % w;
      if (xm !== x) { Tr[xm * h + u] = k * (ac + bs); Ti[xm * h + u] = k * (bc - as); }
    }
  }
  // Columns: Σ_{u <= h/2} Re(T[u][x]·e^{2πi u y/h}) = Σ Tr·cos - Ti·sin, for y and h-y at once.
  for (let x = 0; x < w; x++) {
    const col = x * h;
    for (let y = 0; 2 * y <= h; y++) {
      const t = y * h;
      let rc = 0, is = 0;
      for (let u = 0; u < rowsNeeded; u++) { rc += Tr[col + u]! * ch[t + u]!; is += Ti[col + u]! * sh[t + u]!; }
      out[y * w + x] = rc - is;
      const ym = (h - y) % h;
      if (ym !== y) out[ym * w + x] = rc + is;
    }
  }
  return out;
}
