/*
 * SeismicPatchNet training/inference kernels for tfjs-backend-wasm, in WebAssembly SIMD.
 *
 * Built by scripts/build-kernels.sh (clang --target=wasm32) into spn-kernels-wasm.ts. The module
 * IMPORTS the tfjs-wasm backend's memory and works on tensors in place (pointers are byte offsets
 * into that heap), so it must never write memory it was not handed: no data segments, no static
 * variables and no shadow-stack use (the build script checks the binary for all three), because
 * wasm-ld would place them where emscripten keeps its own data.
 *
 * Convolutions are im2col + GEMM over chunks of output pixels (NHWC, no dilation):
 *   forward      Y[p, co]          = sum_t P[p, t] W[t, co]             t = (kh, kw, ci)
 *   filter grad  dW[t, co]         = sum_p P[p, t] dY[p, co]
 *   input grad   dX += col2im(D),  D[p, t] = sum_co dY[p, co] W[t, co]
 * where P[p, t] = x[b, oh*sH + kh - pT, ow*sW + kw - pL, ci] (0 outside the image) for output
 * pixel p = (b, oh, ow). A chunk of KC pixels of P is packed contiguously, then one register-
 * blocked GEMM (4 rows x 8 columns of accumulators) runs on it while it is hot in cache.
 *
 * MADD is one fused multiply-add in the "relaxed" build (f32x4.relaxed_madd; LLVM 14 only knows
 * the pre-standard opcode, which the build script renumbers) and mul + add otherwise.
 */
#include <wasm_simd128.h>

typedef unsigned long size_t;

#ifdef SPN_RELAXED
#define MADD(a, b, c) __builtin_wasm_fma_f32x4((a), (b), (c))
#else
#define MADD(a, b, c) wasm_f32x4_add(wasm_f32x4_mul((a), (b)), (c))
#endif

#define EXPORT(name) __attribute__((export_name(#name)))

/* ---------------------------------------------------------------- GEMM: C[M,N] += A[M,K] B[K,N] */
/* A is addressed with strides (sam, sak) so one kernel serves P, P^T and dY; B and C are row-major. */

static inline void k4x8(int K, const float* a, int sam, int sak, const float* b, int ldb, float* c, int ldc) {
  float* c0 = c; float* c1 = c + ldc; float* c2 = c1 + ldc; float* c3 = c2 + ldc;
  v128_t x00 = wasm_v128_load(c0), x01 = wasm_v128_load(c0 + 4);
  v128_t x10 = wasm_v128_load(c1), x11 = wasm_v128_load(c1 + 4);
  v128_t x20 = wasm_v128_load(c2), x21 = wasm_v128_load(c2 + 4);
  v128_t x30 = wasm_v128_load(c3), x31 = wasm_v128_load(c3 + 4);
  const float* a0 = a; const float* a1 = a + sam; const float* a2 = a1 + sam; const float* a3 = a2 + sam;
  for (int k = 0; k < K; k++) {
    v128_t b0 = wasm_v128_load(b), b1 = wasm_v128_load(b + 4);
    b += ldb;
    v128_t v = wasm_v128_load32_splat(a0); a0 += sak;
    x00 = MADD(v, b0, x00); x01 = MADD(v, b1, x01);
    v = wasm_v128_load32_splat(a1); a1 += sak;
    x10 = MADD(v, b0, x10); x11 = MADD(v, b1, x11);
    v = wasm_v128_load32_splat(a2); a2 += sak;
    x20 = MADD(v, b0, x20); x21 = MADD(v, b1, x21);
    v = wasm_v128_load32_splat(a3); a3 += sak;
    x30 = MADD(v, b0, x30); x31 = MADD(v, b1, x31);
  }
  wasm_v128_store(c0, x00); wasm_v128_store(c0 + 4, x01);
  wasm_v128_store(c1, x10); wasm_v128_store(c1 + 4, x11);
  wasm_v128_store(c2, x20); wasm_v128_store(c2 + 4, x21);
  wasm_v128_store(c3, x30); wasm_v128_store(c3 + 4, x31);
}

static inline void k1x8(int K, const float* a, int sak, const float* b, int ldb, float* c) {
  v128_t x0 = wasm_v128_load(c), x1 = wasm_v128_load(c + 4);
  for (int k = 0; k < K; k++) {
    v128_t v = wasm_v128_load32_splat(a); a += sak;
    x0 = MADD(v, wasm_v128_load(b), x0); x1 = MADD(v, wasm_v128_load(b + 4), x1);
    b += ldb;
  }
  wasm_v128_store(c, x0); wasm_v128_store(c + 4, x1);
}

static inline void k4x4(int K, const float* a, int sam, int sak, const float* b, int ldb, float* c, int ldc) {
  float* c0 = c; float* c1 = c + ldc; float* c2 = c1 + ldc; float* c3 = c2 + ldc;
  v128_t x0 = wasm_v128_load(c0), x1 = wasm_v128_load(c1), x2 = wasm_v128_load(c2), x3 = wasm_v128_load(c3);
  const float* a0 = a; const float* a1 = a + sam; const float* a2 = a1 + sam; const float* a3 = a2 + sam;
  for (int k = 0; k < K; k++) {
    v128_t b0 = wasm_v128_load(b); b += ldb;
    x0 = MADD(wasm_v128_load32_splat(a0), b0, x0); a0 += sak;
    x1 = MADD(wasm_v128_load32_splat(a1), b0, x1); a1 += sak;
    x2 = MADD(wasm_v128_load32_splat(a2), b0, x2); a2 += sak;
    x3 = MADD(wasm_v128_load32_splat(a3), b0, x3); a3 += sak;
  }
  wasm_v128_store(c0, x0); wasm_v128_store(c1, x1); wasm_v128_store(c2, x2); wasm_v128_store(c3, x3);
}

static inline void k1x4(int K, const float* a, int sak, const float* b, int ldb, float* c) {
  v128_t x0 = wasm_v128_load(c);
  for (int k = 0; k < K; k++) {
    x0 = MADD(wasm_v128_load32_splat(a), wasm_v128_load(b), x0);
    a += sak; b += ldb;
  }
  wasm_v128_store(c, x0);
}

static inline void k1x1(int K, const float* a, int sak, const float* b, int ldb, float* c) {
  float s = *c;
  for (int k = 0; k < K; k++) { s += *a * *b; a += sak; b += ldb; }
  *c = s;
}

/* C[M,N] += A[M,K] B[K,N]; rows of C split into blocks of 4, columns into 8s, then 4s, then singles. */
EXPORT(spn_gemm_acc)
void spn_gemm_acc(int M, int N, int K, const float* A, int sam, int sak, const float* B, int ldb, float* C, int ldc) {
  int n = 0;
  for (; n + 8 <= N; n += 8) {
    int m = 0;
    for (; m + 4 <= M; m += 4) k4x8(K, A + m * sam, sam, sak, B + n, ldb, C + m * ldc + n, ldc);
    for (; m < M; m++) k1x8(K, A + m * sam, sak, B + n, ldb, C + m * ldc + n);
  }
  for (; n + 4 <= N; n += 4) {
    int m = 0;
    for (; m + 4 <= M; m += 4) k4x4(K, A + m * sam, sam, sak, B + n, ldb, C + m * ldc + n, ldc);
    for (; m < M; m++) k1x4(K, A + m * sam, sak, B + n, ldb, C + m * ldc + n);
  }
  for (; n < N; n++)
    for (int m = 0; m < M; m++) k1x1(K, A + m * sam, sak, B + n, ldb, C + m * ldc + n);
}

/* Partial vectors for tails: lanes [0, n) of p, n < 4 leaves the rest 0 (load) or untouched (store). */
static inline v128_t load_n(const float* p, int n) { /* lanes [0, n) of p, the rest 0 */
  if (n >= 4) return wasm_v128_load(p);
  v128_t v = wasm_f32x4_splat(0.0f);
  v = wasm_f32x4_replace_lane(v, 0, p[0]);
  if (n > 1) v = wasm_f32x4_replace_lane(v, 1, p[1]);
  if (n > 2) v = wasm_f32x4_replace_lane(v, 2, p[2]);
  return v;
}

static inline void store_n(float* p, v128_t v, int n) {
  if (n >= 4) { wasm_v128_store(p, v); return; }
  p[0] = wasm_f32x4_extract_lane(v, 0);
  if (n > 1) p[1] = wasm_f32x4_extract_lane(v, 1);
  if (n > 2) p[2] = wasm_f32x4_extract_lane(v, 2);
}

/*
 * GEMM on a packed B: Bp holds B in panels of 8 columns, [ceil(N/8)][K][8], zero beyond N (spn_pack_panels),
 * so the inner loop reads B sequentially whatever B's row stride was, and the last, partial panel runs the
 * same 4x8 register block with masked stores instead of scalar columns. Accumulators start at zero and are
 * added to C at the end.
 */

static inline void add_out(float* c, v128_t lo, v128_t hi, int nv) {
  if (nv == 8) {
    wasm_v128_store(c, wasm_f32x4_add(wasm_v128_load(c), lo));
    wasm_v128_store(c + 4, wasm_f32x4_add(wasm_v128_load(c + 4), hi));
    return;
  }
  const int n0 = nv < 4 ? nv : 4, n1 = nv - n0;
  store_n(c, wasm_f32x4_add(load_n(c, n0), lo), n0);
  if (n1 > 0) store_n(c + 4, wasm_f32x4_add(load_n(c + 4, n1), hi), n1);
}

static inline void pk4x8(int K, const float* a, int sam, int sak, const float* b, float* c, int ldc, int nv) {
  v128_t x00 = wasm_f32x4_splat(0.0f), x01 = x00, x10 = x00, x11 = x00, x20 = x00, x21 = x00, x30 = x00, x31 = x00;
  const float* a0 = a; const float* a1 = a + sam; const float* a2 = a1 + sam; const float* a3 = a2 + sam;
  for (int k = 0; k < K; k++, b += 8) {
    v128_t b0 = wasm_v128_load(b), b1 = wasm_v128_load(b + 4);
    v128_t v = wasm_v128_load32_splat(a0); a0 += sak;
    x00 = MADD(v, b0, x00); x01 = MADD(v, b1, x01);
    v = wasm_v128_load32_splat(a1); a1 += sak;
    x10 = MADD(v, b0, x10); x11 = MADD(v, b1, x11);
    v = wasm_v128_load32_splat(a2); a2 += sak;
    x20 = MADD(v, b0, x20); x21 = MADD(v, b1, x21);
    v = wasm_v128_load32_splat(a3); a3 += sak;
    x30 = MADD(v, b0, x30); x31 = MADD(v, b1, x31);
  }
  add_out(c, x00, x01, nv);
  add_out(c + ldc, x10, x11, nv);
  add_out(c + 2 * ldc, x20, x21, nv);
  add_out(c + 3 * ldc, x30, x31, nv);
}

static inline void pk1x8(int K, const float* a, int sak, const float* b, float* c, int nv) {
  v128_t x0 = wasm_f32x4_splat(0.0f), x1 = x0;
  for (int k = 0; k < K; k++, b += 8) {
    v128_t v = wasm_v128_load32_splat(a); a += sak;
    x0 = MADD(v, wasm_v128_load(b), x0); x1 = MADD(v, wasm_v128_load(b + 4), x1);
  }
  add_out(c, x0, x1, nv);
}

/*
 * C[M,N] += A[M,K] B[K,N] with B packed in panels (see above) that start ps floats apart (K * 8 when packed by
 * spn_pack_panels).
 */
static void gemm_panels(int M, int N, int K, const float* A, int sam, int sak, const float* Bp, size_t ps, float* C, int ldc) {
  /* Rows in blocks of MB whose A rows (MB x K floats) stay in L1 (~32 KB) while every panel streams past. */
  int MB = 8192 / (K > 0 ? K : 1);
  MB = MB < 4 ? 4 : MB / 4 * 4;
  for (int m0 = 0; m0 < M; m0 += MB) {
    const int m1 = M - m0 < MB ? M : m0 + MB;
    for (int n0 = 0; n0 < N; n0 += 8) {
      const int nv = N - n0 < 8 ? N - n0 : 8;
      const float* b = Bp + (size_t)(n0 / 8) * ps;
      int m = m0;
      for (; m + 4 <= m1; m += 4) pk4x8(K, A + (size_t)m * sam, sam, sak, b, C + (size_t)m * ldc + n0, ldc, nv);
      for (; m < m1; m++) pk1x8(K, A + (size_t)m * sam, sak, b, C + (size_t)m * ldc + n0, nv);
    }
  }
}

/* Packs B(k, n) = B[k*sk + n*sn] (k < K, n < N) into panels Bp[ceil(N/8)][K][8], zero beyond N. */
EXPORT(spn_pack_panels)
void spn_pack_panels(const float* B, int K, int N, int sk, int sn, float* Bp) {
  for (int n0 = 0; n0 < N; n0 += 8) {
    const int nv = N - n0 < 8 ? N - n0 : 8;
    float* d = Bp + (size_t)(n0 / 8) * K * 8;
    if (sn == 1 && nv == 8) {
      for (int k = 0; k < K; k++, d += 8) {
        const float* s = B + (size_t)k * sk + n0;
        wasm_v128_store(d, wasm_v128_load(s));
        wasm_v128_store(d + 4, wasm_v128_load(s + 4));
      }
    } else {
      for (int k = 0; k < K; k++, d += 8)
        for (int l = 0; l < 8; l++) d[l] = l < nv ? B[(size_t)k * sk + (size_t)(n0 + l) * sn] : 0.0f;
    }
  }
}

/* Floats of a packed panel copy of a K x N matrix. */
EXPORT(spn_panel_floats)
int spn_panel_floats(int K, int N) { return (N + 7) / 8 * 8 * K; }

/* ---------------------------------------------------------------- helpers */

static void fill(float* p, int n, float v) {
  v128_t vv = wasm_f32x4_splat(v);
  int i = 0;
  for (; i + 4 <= n; i += 4) wasm_v128_store(p + i, vv);
  for (; i < n; i++) p[i] = v;
}

static void copy(float* dst, const float* src, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4) wasm_v128_store(dst + i, wasm_v128_load(src + i));
  for (; i < n; i++) dst[i] = src[i];
}

static void add_into(float* dst, const float* src, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4) wasm_v128_store(dst + i, wasm_f32x4_add(wasm_v128_load(dst + i), wasm_v128_load(src + i)));
  for (; i < n; i++) dst[i] += src[i];
}

/*
 * Convolution geometry, passed as an int array (see wasm-native.ts: geometryInts). act is the activation the
 * forward convs apply to their output while it is in cache: 0 none, 1 ELU, 2 ReLU (gradients ignore it).
 */
typedef struct {
  int batch, inH, inW, inC, outH, outW, outC, kH, kW, strideH, strideW, padTop, padLeft, act;
} Geom;

/* The int array IS the struct (14 ints, same layout): reading it in place keeps it off the stack. */
#define GEOM(gp) ((const Geom*)(gp))
/* The activation constants table follows the Geom ints. */
#define GEOM_CONSTS(gp) ((const float*)(gp) + 14)

enum { ACT_NONE = 0, ACT_ELU = 1, ACT_RELU = 2 };

/*
 * e^x for x <= 0 (Cephes expf: x = n ln2 + r, |r| <= ln2/2, degree-6 polynomial, times 2^n built in the exponent
 * bits); relative error ~1e-7. Inputs below -87 give e^-87 (~1.6e-38): ELU is -1 there to float precision anyway.
 * Only ops that map to one or two x86 instructions: pmin/pmax (not min/max, whose NaN rules cost ~8 each), and
 * the 1.5 * 2^23 trick for rounding and for building 2^n (no float->int conversion, which V8 expands too).
 * The constants come from MEMORY (ActConsts, loaded into locals once per call): V8 rebuilds every v128.const
 * at each use inside a loop (3-4 instructions each), which made this ~1.5x slower than XNNPACK's ELU.
 * The table (ACTIVATION_CONSTANTS in wasm-native.ts, same order) follows the 14 ints of a Geom.
 */
typedef struct {
  v128_t magic, lo, log2e, ln2hi, ln2lo, p0, p1, p2, p3, p4, p5, one, bias, zero;
} ActConsts;

#define ACT_CONSTS_FLOATS 14

static inline ActConsts act_consts(const float* k) {
  ActConsts c;
  c.magic = wasm_v128_load32_splat(k + 0); c.lo = wasm_v128_load32_splat(k + 1);
  c.log2e = wasm_v128_load32_splat(k + 2); c.ln2hi = wasm_v128_load32_splat(k + 3);
  c.ln2lo = wasm_v128_load32_splat(k + 4); c.p0 = wasm_v128_load32_splat(k + 5);
  c.p1 = wasm_v128_load32_splat(k + 6); c.p2 = wasm_v128_load32_splat(k + 7);
  c.p3 = wasm_v128_load32_splat(k + 8); c.p4 = wasm_v128_load32_splat(k + 9);
  c.p5 = wasm_v128_load32_splat(k + 10); c.one = wasm_v128_load32_splat(k + 11);
  c.bias = wasm_v128_load32_splat(k + 12); c.zero = wasm_v128_load32_splat(k + 13);
  return c;
}

static inline v128_t exp_nonpositive(v128_t x, const ActConsts* c) {
  x = wasm_f32x4_pmax(x, c->lo);
  v128_t t = MADD(x, c->log2e, c->magic);
  v128_t n = wasm_f32x4_sub(t, c->magic);
  v128_t r = wasm_f32x4_sub(x, wasm_f32x4_mul(n, c->ln2hi));
  r = MADD(n, c->ln2lo, r);
  v128_t p = MADD(c->p0, r, c->p1);
  p = MADD(p, r, c->p2);
  p = MADD(p, r, c->p3);
  p = MADD(p, r, c->p4);
  p = MADD(p, r, c->p5);
  p = wasm_f32x4_add(MADD(wasm_f32x4_mul(p, r), r, r), c->one);
  /* bits(n + 127 + 2^23) = 0x4B000000 + (n + 127); shifting left by 23 drops the 0x4B and leaves 2^n's bits. */
  v128_t e = wasm_i32x4_shl(wasm_f32x4_add(n, c->bias), 23);
  return wasm_f32x4_mul(p, e);
}

/* ELU (alpha 1): x for x > 0, e^x - 1 otherwise. */
static inline v128_t elu4(v128_t x, const ActConsts* c) {
  v128_t neg = wasm_f32x4_sub(exp_nonpositive(wasm_f32x4_pmin(x, c->zero), c), c->one);
  return wasm_v128_bitselect(x, neg, wasm_f32x4_gt(x, c->zero));
}

static inline v128_t activate4(v128_t x, int act, const ActConsts* c) {
  if (act == ACT_ELU) return elu4(x, c);
  if (act == ACT_RELU) return wasm_f32x4_pmax(x, c->zero);
  return x;
}

/* y[0, n) = act(y[0, n)); k: the constants table. */
static void activate(float* y, int n, int act, const float* k) {
  if (act == ACT_NONE) return;
  const ActConsts c = act_consts(k);
  int i = 0;
  for (; i + 4 <= n; i += 4) wasm_v128_store(y + i, activate4(wasm_v128_load(y + i), act, &c));
  if (i < n) {
    /* Tail through one vector: copy out, activate, copy back (no reads or writes past y + n). */
    v128_t v = c.zero;
    v = wasm_f32x4_replace_lane(v, 0, y[i]);
    if (i + 1 < n) v = wasm_f32x4_replace_lane(v, 1, y[i + 1]);
    if (i + 2 < n) v = wasm_f32x4_replace_lane(v, 2, y[i + 2]);
    v = activate4(v, act, &c);
    y[i] = wasm_f32x4_extract_lane(v, 0);
    if (i + 1 < n) y[i + 1] = wasm_f32x4_extract_lane(v, 1);
    if (i + 2 < n) y[i + 2] = wasm_f32x4_extract_lane(v, 2);
  }
}

/* Standalone ELU over [i0, i1) of x into y (may be the same buffer); k: the constants table. */
EXPORT(spn_elu)
void spn_elu(const float* x, float* y, const float* k, int i0, int i1) {
  const ActConsts c = act_consts(k);
  int i = i0;
  for (; i + 4 <= i1; i += 4) wasm_v128_store(y + i, elu4(wasm_v128_load(x + i), &c));
  for (; i < i1; i++) {
    v128_t v = elu4(wasm_f32x4_splat(x[i]), &c);
    y[i] = wasm_f32x4_extract_lane(v, 0);
  }
}

/* ELU gradient over [i0, i1): dx = dy for y > 0, dy * (y + 1) otherwise (from the ELU output y, as tfjs). */
EXPORT(spn_elu_grad)
void spn_elu_grad(const float* dy, const float* y, float* dx, int i0, int i1) {
  int i = i0;
  const v128_t one = wasm_f32x4_splat(1.0f), zero = wasm_f32x4_splat(0.0f);
  for (; i + 4 <= i1; i += 4) {
    v128_t yv = wasm_v128_load(y + i), g = wasm_v128_load(dy + i);
    v128_t neg = wasm_f32x4_mul(g, wasm_f32x4_add(yv, one));
    wasm_v128_store(dx + i, wasm_v128_bitselect(g, neg, wasm_f32x4_gt(yv, zero)));
  }
  for (; i < i1; i++) dx[i] = y[i] > 0.0f ? dy[i] : dy[i] * (y[i] + 1.0f);
}

/* Writes row p of the patch matrix P (T = kH*kW*inC floats, zeros outside the image) of output pixel (b, oh, ow). */
static void pack_patch_row(const float* x, const Geom* g, int b, int oh, int ow, float* d) {
  const float* xb = x + (size_t)b * g->inH * g->inW * g->inC;
  for (int kh = 0; kh < g->kH; kh++) {
    int r = oh * g->strideH + kh - g->padTop;
    if (r < 0 || r >= g->inH) { fill(d, g->kW * g->inC, 0.0f); d += g->kW * g->inC; continue; }
    for (int kw = 0; kw < g->kW; kw++, d += g->inC) {
      int col = ow * g->strideW + kw - g->padLeft;
      if (col < 0 || col >= g->inW) fill(d, g->inC, 0.0f);
      else if (g->inC == 1) *d = xb[r * g->inW + col];
      else copy(d, xb + ((size_t)r * g->inW + col) * g->inC, g->inC);
    }
  }
}

/* Packs rows p0 .. p0+count-1 of the patch matrix P (row length T = kH*kW*inC) into dst. */
static void pack_patches(const float* x, const Geom* g, int p0, int count, float* dst) {
  const int T = g->kH * g->kW * g->inC;
  const int perImage = g->outH * g->outW;
  int b = p0 / perImage, rem = p0 % perImage;
  int oh = rem / g->outW, ow = rem % g->outW;
  for (int i = 0; i < count; i++, dst += T) {
    pack_patch_row(x, g, b, oh, ow, dst);
    if (++ow == g->outW) { ow = 0; if (++oh == g->outH) { oh = 0; b++; } }
  }
}

/* dx += col2im of rows p0 .. p0+count-1 of D (row length T). */
static void unpack_patches_add(float* dx, const Geom* g, int p0, int count, const float* src) {
  const int T = g->kH * g->kW * g->inC;
  const int perImage = g->outH * g->outW;
  int b = p0 / perImage, rem = p0 % perImage;
  int oh = rem / g->outW, ow = rem % g->outW;
  for (int i = 0; i < count; i++, src += T) {
    float* xb = dx + (size_t)b * g->inH * g->inW * g->inC;
    const float* s = src;
    for (int kh = 0; kh < g->kH; kh++) {
      int r = oh * g->strideH + kh - g->padTop;
      if (r < 0 || r >= g->inH) { s += g->kW * g->inC; continue; }
      for (int kw = 0; kw < g->kW; kw++, s += g->inC) {
        int col = ow * g->strideW + kw - g->padLeft;
        if (col < 0 || col >= g->inW) continue;
        float* d = xb + ((size_t)r * g->inW + col) * g->inC;
        if (g->inC == 1) *d += *s; else add_into(d, s, g->inC);
      }
    }
    if (++ow == g->outW) { ow = 0; if (++oh == g->outH) { oh = 0; b++; } }
  }
}

/* Pixels per chunk: the packed chunk plus the matching rows of Y/dY stay within ~1 MB (L2). */
EXPORT(spn_conv_chunk_pixels)
int spn_conv_chunk_pixels(const int* gp) {
  const Geom* g = GEOM(gp);
  int T = g->kH * g->kW * g->inC;
  int kc = 262144 / (T + g->outC);
  if (kc < 8) kc = 8;
  if (kc > 1024) kc = 1024;
  int total = g->batch * g->outH * g->outW;
  return kc < total ? kc : total;
}

/* Scratch floats one thread of a conv entry point needs (one packed chunk, and dy panels for the filter gradient). */
EXPORT(spn_conv_scratch_floats)
int spn_conv_scratch_floats(const int* gp) {
  const Geom* g = GEOM(gp);
  int T = g->kH * g->kW * g->inC;
  int kc = spn_conv_chunk_pixels(gp);
  return kc * T + spn_panel_floats(kc, g->outC); /* patches + the filter gradient's dy panels */
}

/*
 * Forward convolution of pixels [p0, p1): y[p, :] = bias (or 0) + P[p, :] W, with W packed in panels
 * (spn_pack_panels of the [T, outC] filter). Pixel ranges let two threads split one call.
 */
EXPORT(spn_conv2d)
void spn_conv2d(const float* x, const float* wp, const float* bias, float* y, const int* gp, float* scratch, int p0, int p1) {
  const Geom* g = GEOM(gp);
  const int T = g->kH * g->kW * g->inC, N = g->outC;
  const int kc = spn_conv_chunk_pixels(gp);
  for (int p = p0; p < p1; p += kc) {
    int count = p1 - p < kc ? p1 - p : kc;
    float* yc = y + (size_t)p * N;
    for (int i = 0; i < count; i++) {
      if (bias) copy(yc + i * N, bias, N); else fill(yc + i * N, N, 0.0f);
    }
    if (T == g->inC && g->kH == 1 && g->kW == 1 && g->strideH == 1 && g->strideW == 1 && g->padTop == 0 && g->padLeft == 0) {
      gemm_panels(count, N, T, x + (size_t)p * T, T, 1, wp, (size_t)T * 8, yc, N); /* 1x1: x is already P */
    } else {
      pack_patches(x, g, p, count, scratch);
      gemm_panels(count, N, T, scratch, T, 1, wp, (size_t)T * 8, yc, N);
    }
    activate(yc, count * N, g->act, GEOM_CONSTS(gp));
  }
}

/*
 * Direct (implicit-GEMM) forward convolution, no patch matrix: for output row (b, oh) the taps of one
 * filter row kh are kW*inC CONTIGUOUS floats of input row oh*sH + kh - pT, and pixel ow+1 starts sW*inC
 * floats after pixel ow. So a block of 4 pixels x 8 channels accumulates over kh (jumping one input row)
 * and over the contiguous (kw, ci) run, reading x in place. Rows outside the image are skipped for the
 * whole output row; pixels whose window crosses the left/right border take a per-pixel path over the
 * valid kw range. Output rows [row0, row1) of the flattened (b, oh) index.
 */
static inline void d4x8(int nkh, int K2, const float* a, int sam, int rs, const float* b, int ldb, float* c, int ldc) {
  float* c0 = c; float* c1 = c + ldc; float* c2 = c1 + ldc; float* c3 = c2 + ldc;
  v128_t x00 = wasm_v128_load(c0), x01 = wasm_v128_load(c0 + 4);
  v128_t x10 = wasm_v128_load(c1), x11 = wasm_v128_load(c1 + 4);
  v128_t x20 = wasm_v128_load(c2), x21 = wasm_v128_load(c2 + 4);
  v128_t x30 = wasm_v128_load(c3), x31 = wasm_v128_load(c3 + 4);
  for (int kh = 0; kh < nkh; kh++, a += rs) {
    const float* a0 = a; const float* a1 = a + sam; const float* a2 = a1 + sam; const float* a3 = a2 + sam;
    for (int k = 0; k < K2; k++) {
      v128_t b0 = wasm_v128_load(b), b1 = wasm_v128_load(b + 4);
      b += ldb;
      v128_t v = wasm_v128_load32_splat(a0 + k);
      x00 = MADD(v, b0, x00); x01 = MADD(v, b1, x01);
      v = wasm_v128_load32_splat(a1 + k);
      x10 = MADD(v, b0, x10); x11 = MADD(v, b1, x11);
      v = wasm_v128_load32_splat(a2 + k);
      x20 = MADD(v, b0, x20); x21 = MADD(v, b1, x21);
      v = wasm_v128_load32_splat(a3 + k);
      x30 = MADD(v, b0, x30); x31 = MADD(v, b1, x31);
    }
  }
  wasm_v128_store(c0, x00); wasm_v128_store(c0 + 4, x01);
  wasm_v128_store(c1, x10); wasm_v128_store(c1 + 4, x11);
  wasm_v128_store(c2, x20); wasm_v128_store(c2 + 4, x21);
  wasm_v128_store(c3, x30); wasm_v128_store(c3 + 4, x31);
}

/* d4x8 for two pixels (the leftover pair of a row whose interior is not a multiple of 4). */
static inline void d2x8(int nkh, int K2, const float* a, int sam, int rs, const float* b, int ldb, float* c, int ldc) {
  float* c0 = c; float* c1 = c + ldc;
  v128_t x00 = wasm_v128_load(c0), x01 = wasm_v128_load(c0 + 4);
  v128_t x10 = wasm_v128_load(c1), x11 = wasm_v128_load(c1 + 4);
  for (int kh = 0; kh < nkh; kh++, a += rs) {
    const float* a0 = a; const float* a1 = a + sam;
    for (int k = 0; k < K2; k++) {
      v128_t b0 = wasm_v128_load(b), b1 = wasm_v128_load(b + 4);
      b += ldb;
      v128_t v = wasm_v128_load32_splat(a0 + k);
      x00 = MADD(v, b0, x00); x01 = MADD(v, b1, x01);
      v = wasm_v128_load32_splat(a1 + k);
      x10 = MADD(v, b0, x10); x11 = MADD(v, b1, x11);
    }
  }
  wasm_v128_store(c0, x00); wasm_v128_store(c0 + 4, x01);
  wasm_v128_store(c1, x10); wasm_v128_store(c1 + 4, x11);
}

/* Interior output columns [*owL, *owR): windows entirely inside the input row (no left/right border). */
static void direct_interior(const Geom* g, int* owL, int* owR) {
  const int sW = g->strideW, W = g->inW, OW = g->outW;
  int l = (g->padLeft + sW - 1) / sW;
  if (l < 0) l = 0;
  int r = W - g->kW + g->padLeft >= 0 ? (W - g->kW + g->padLeft) / sW + 1 : 0;
  if (r > OW) r = OW;
  if (r < l) r = l;
  *owL = l; *owR = r;
}

/* One output row (b, oh) of the direct convolution into yr (OW * outC floats): bias (or 0) + conv, no activation. */
static void direct_row(const float* x, const float* w, const float* bias, float* yr, const Geom* g, int owL, int owR, int b, int oh) {
  const int C = g->inC, N = g->outC, W = g->inW, OW = g->outW, sW = g->strideW;
  const int K2 = g->kW * C, rs = W * C;
  for (int i = 0; i < OW; i++) {
    if (bias) copy(yr + i * N, bias, N); else fill(yr + i * N, N, 0.0f);
  }
  const int rTop = oh * g->strideH - g->padTop;
  const int kh0 = rTop < 0 ? -rTop : 0;
  const int kh1 = g->inH - rTop < g->kH ? g->inH - rTop : g->kH;
  const int nkh = kh1 - kh0;
  if (nkh <= 0) return;
  const float* xr = x + ((size_t)b * g->inH + rTop + kh0) * rs;   /* column 0 of the first used input row */
  const float* wk = w + (size_t)kh0 * K2 * N;                       /* filter row kh0 */
  for (int ow = 0; ow < OW; ow++) {
    if (ow >= owL && ow < owR) { ow = owR - 1; continue; }
    const int col = ow * sW - g->padLeft;
    const int kw0 = col < 0 ? -col : 0;
    const int kw1 = W - col < g->kW ? W - col : g->kW;
    for (int kh = 0; kh < nkh; kh++) {
      if (kw1 <= kw0) break;
      spn_gemm_acc(1, N, (kw1 - kw0) * C, xr + kh * rs + (col + kw0) * C, 0, 1, wk + ((size_t)kh * K2 + kw0 * C) * N, N, yr + ow * N, N);
    }
  }
  int ow = owL;
  for (; ow + 4 <= owR; ow += 4) {
    const float* a = xr + (ow * sW - g->padLeft) * C;
    float* yc = yr + ow * N;
    int n = 0;
    for (; n + 8 <= N; n += 8) d4x8(nkh, K2, a, sW * C, rs, wk + n, N, yc + n, N);
    if (n < N)
      for (int kh = 0; kh < nkh; kh++)
        spn_gemm_acc(4, N - n, K2, a + kh * rs, sW * C, 1, wk + (size_t)kh * K2 * N + n, N, yc + n, N);
  }
  if (ow + 2 <= owR) {
    const float* a = xr + (ow * sW - g->padLeft) * C;
    float* yc = yr + ow * N;
    int n = 0;
    for (; n + 8 <= N; n += 8) d2x8(nkh, K2, a, sW * C, rs, wk + n, N, yc + n, N);
    if (n < N)
      for (int kh = 0; kh < nkh; kh++)
        spn_gemm_acc(2, N - n, K2, a + kh * rs, sW * C, 1, wk + (size_t)kh * K2 * N + n, N, yc + n, N);
    ow += 2;
  }
  for (; ow < owR; ow++) {
    const float* a = xr + (ow * sW - g->padLeft) * C;
    for (int kh = 0; kh < nkh; kh++)
      spn_gemm_acc(1, N, K2, a + kh * rs, 0, 1, wk + (size_t)kh * K2 * N, N, yr + ow * N, N);
  }
}

EXPORT(spn_conv2d_direct)
void spn_conv2d_direct(const float* x, const float* w, const float* bias, float* y, const int* gp, int row0, int row1) {
  const Geom* g = GEOM(gp);
  int owL, owR;
  direct_interior(g, &owL, &owR);
  for (int row = row0; row < row1; row++) {
    float* yr = y + (size_t)row * g->outW * g->outC;
    direct_row(x, w, bias, yr, g, owL, owR, row / g->outH, row % g->outH);
    activate(yr, g->outW * g->outC, g->act, GEOM_CONSTS(gp));
  }
}

/* Ints of one geometry record as JS writes it (geometryInts): the Geom, then the activation constants. */
#define GEOM_RECORD_INTS (14 + ACT_CONSTS_FLOATS)

/*
 * fast-stem.ts's stem taps and their maximum in one pass. gp holds ntaps geometry records, one per window tap:
 * the same strided conv with the input offset by (negative) padding. For output rows [row0, row1) of
 * [B, OH, OW, N], each tap's row is computed into scratch (OW * N floats) and merged into out (maximum, the
 * first tap winning ties, as max-pool) and which (the winning tap's index, for spn_stem_filter_grad). No copies
 * of the input and no full-size tap outputs.
 */
EXPORT(spn_stem_conv_max)
void spn_stem_conv_max(const float* x, const float* w, float* out, float* which, const int* gp, int ntaps, float* scratch, int row0, int row1) {
  const Geom* g0 = GEOM(gp);
  const int n = g0->outW * g0->outC;
  for (int row = row0; row < row1; row++) {
    const int b = row / g0->outH, oh = row % g0->outH;
    float* m = out + (size_t)row * n;
    float* wh = which + (size_t)row * n;
    for (int t = 0; t < ntaps; t++) {
      const Geom* g = GEOM(gp + t * GEOM_RECORD_INTS);
      int owL, owR;
      direct_interior(g, &owL, &owR);
      direct_row(x, w, 0, t == 0 ? m : scratch, g, owL, owR, b, oh);
      if (t == 0) { fill(wh, n, 0.0f); continue; }
      const v128_t tv = wasm_f32x4_splat((float)t);
      int i = 0;
      for (; i + 4 <= n; i += 4) {
        v128_t v = wasm_v128_load(scratch + i), mv = wasm_v128_load(m + i);
        v128_t gt = wasm_f32x4_gt(v, mv);
        wasm_v128_store(m + i, wasm_v128_bitselect(v, mv, gt));
        wasm_v128_store(wh + i, wasm_v128_bitselect(tv, wasm_v128_load(wh + i), gt));
      }
      for (; i < n; i++) if (scratch[i] > m[i]) { m[i] = scratch[i]; wh[i] = (float)t; }
    }
  }
}

/* True when all n floats of d are zero (-0 included; NaN is not zero). */
static int row_is_zero(const float* d, int n) {
  v128_t any = wasm_i32x4_splat(0);
  const v128_t z = wasm_f32x4_splat(0.0f);
  int i = 0;
  for (; i + 4 <= n; i += 4) any = wasm_v128_or(any, wasm_f32x4_ne(wasm_v128_load(d + i), z));
  if (wasm_v128_any_true(any)) return 0;
  for (; i < n; i++) if (!(d[i] == 0.0f)) return 0;
  return 1;
}

/*
 * Filter gradient over pixels [p0, p1), ACCUMULATED into dw[T, outC] (the caller zeroes it).
 * Output pixels whose whole dy row is zero add nothing, so they are left out of the GEMM: chunks gather up to
 * kc pixels with some gradient, packing their patch rows and dy rows (into panels kc rows apart). A max-pool
 * followed by a stride-2 1x1 conv, as in the paper's stem, leaves 7 of 16 of the first conv's pixels without
 * gradient. (Exact, except that inf/NaN inputs at such pixels no longer turn the sum into NaN.)
 */
EXPORT(spn_conv2d_filter_grad)
void spn_conv2d_filter_grad(const float* x, const float* dy, float* dw, const int* gp, float* scratch, int p0, int p1) {
  const Geom* g = GEOM(gp);
  const int T = g->kH * g->kW * g->inC, N = g->outC;
  const int kc = spn_conv_chunk_pixels(gp);
  const int plain1x1 = g->kH == 1 && g->kW == 1 && g->strideH == 1 && g->strideW == 1 && g->padTop == 0 && g->padLeft == 0;
  float* dyp = scratch + (size_t)kc * T;
  if (plain1x1) {
    for (int p = p0; p < p1; p += kc) {
      int count = p1 - p < kc ? p1 - p : kc;
      spn_pack_panels(dy + (size_t)p * N, count, N, N, 1, dyp);
      gemm_panels(T, N, count, x + (size_t)p * T, 1, T, dyp, (size_t)count * 8, dw, N);
    }
    return;
  }
  const int perImage = g->outH * g->outW;
  const size_t ps = (size_t)kc * 8;
  int p = p0;
  while (p < p1) {
    int j = 0;
    for (; p < p1 && j < kc; p++) {
      const float* d = dy + (size_t)p * N;
      if (row_is_zero(d, N)) continue;
      const int b = p / perImage, rem = p % perImage;
      pack_patch_row(x, g, b, rem / g->outW, rem % g->outW, scratch + (size_t)j * T);
      for (int n0 = 0; n0 < N; n0 += 8) {
        float* q = dyp + (size_t)(n0 / 8) * ps + (size_t)j * 8;
        if (N - n0 >= 8) {
          wasm_v128_store(q, wasm_v128_load(d + n0));
          wasm_v128_store(q + 4, wasm_v128_load(d + n0 + 4));
        } else {
          for (int l = 0; l < 8; l++) q[l] = n0 + l < N ? d[n0 + l] : 0.0f;
        }
      }
      j++;
    }
    if (j > 0) gemm_panels(T, N, j, scratch, 1, T, dyp, ps, dw, N);
  }
}

/*
 * Input gradient over pixels [p0, p1), ACCUMULATED into dx (the caller zeroes it). wtp is W^T [outC, T] packed
 * in panels (spn_pack_panels of W with strides 1, outC), scratch one chunk of D. Threads split at image
 * boundaries: col2im of two pixel ranges of the same image would add into the same dx rows.
 */
EXPORT(spn_conv2d_input_grad)
void spn_conv2d_input_grad(const float* dy, float* dx, const float* wtp, const int* gp, float* scratch, int p0, int p1) {
  const Geom* g = GEOM(gp);
  const int T = g->kH * g->kW * g->inC, N = g->outC;
  const int kc = spn_conv_chunk_pixels(gp);
  float* d = scratch;
  const int plain1x1 = g->kH == 1 && g->kW == 1 && g->strideH == 1 && g->strideW == 1 && g->padTop == 0 && g->padLeft == 0;
  for (int p = p0; p < p1; p += kc) {
    int count = p1 - p < kc ? p1 - p : kc;
    if (plain1x1) {
      gemm_panels(count, T, N, dy + (size_t)p * N, N, 1, wtp, (size_t)N * 8, dx + (size_t)p * T, T);
      continue;
    }
    fill(d, count * T, 0.0f);
    gemm_panels(count, T, N, dy + (size_t)p * N, N, 1, wtp, (size_t)N * 8, d, T);
    unpack_patches_add(dx, g, p, count, d);
  }
}

/* dst[cols, rows] = src[rows, cols]^T. */
EXPORT(spn_transpose)
void spn_transpose(const float* src, float* dst, int rows, int cols) {
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++) dst[(size_t)c * rows + r] = src[(size_t)r * cols + c];
}

EXPORT(spn_add)
void spn_add(float* dst, const float* src, int n) { add_into(dst, src, n); }

EXPORT(spn_fill)
void spn_fill(float* p, int n, float v) { fill(p, n, v); }

/* ---------------------------------------------------------------- pooling and reductions */

/*
 * MaxPool gradient (NHWC) for images [b0, b1): dy of each output goes to
 * the FIRST input equal to the pooled maximum y in row-major window order (the cpu backend's
 * choice); padding never wins. dx is zeroed here, row by row just before the first window reaching the row,
 * so zeroing and scattering hit the same rows while they are in cache. Four channels at a time: a lane keeps the
 * first matching tap, later taps only fill lanes still unmatched.
 * pp = [batch, inH, inW, C, outH, outW, kH, kW, strideH, strideW, padTop, padLeft].
 */
EXPORT(spn_max_pool_grad)
void spn_max_pool_grad(const float* x, const float* y, const float* dy, float* dx, const int* pp, int b0, int b1) {
  const int B = pp[0], H = pp[1], W = pp[2], C = pp[3], OH = pp[4], OW = pp[5];
  const int kH = pp[6], kW = pp[7], sH = pp[8], sW = pp[9], pT = pp[10], pL = pp[11];
  (void)B;
  for (int b = b0; b < b1; b++) {
    const float* xb = x + (size_t)b * H * W * C;
    float* dxb = dx + (size_t)b * H * W * C;
    int zeroed = 0; /* dx rows [0, zeroed) of this image are zeroed: each just before a window first reaches it */
    for (int oh = 0; oh < OH; oh++) {
      int r0 = oh * sH - pT, r1 = r0 + kH;
      if (r0 < 0) r0 = 0;
      if (r1 > H) r1 = H;
      for (; zeroed < r1; zeroed++) fill(dxb + (size_t)zeroed * W * C, W * C, 0.0f);
      for (int ow = 0; ow < OW; ow++) {
        int c0 = ow * sW - pL, c1 = c0 + kW;
        if (c0 < 0) c0 = 0;
        if (c1 > W) c1 = W;
        size_t o = (((size_t)b * OH + oh) * OW + ow) * C;
        int c = 0;
        for (; c + 4 <= C; c += 4) {
          /* A zero gradient scatters nothing: skip the search (a following stride-2 1x1 conv, as in the paper's
           * stem, leaves 3 of 4 pool outputs without gradient). NaN compares unequal, so it is not skipped. */
          if (wasm_i32x4_all_true(wasm_f32x4_eq(wasm_v128_load(dy + o + c), wasm_f32x4_splat(0.0f)))) continue;
          v128_t target = wasm_v128_load(y + o + c);
          v128_t found = wasm_i32x4_splat(0), where = wasm_i32x4_splat(-1);
          for (int r = r0; r < r1; r++) {
            for (int col = c0; col < c1; col++) {
              int at = (r * W + col) * C + c;
              v128_t hit = wasm_v128_andnot(wasm_f32x4_eq(wasm_v128_load(xb + at), target), found);
              where = wasm_v128_bitselect(wasm_i32x4_splat(at), where, hit);
              found = wasm_v128_or(found, hit);
            }
            if (wasm_i32x4_all_true(found)) break;
          }
          const float* g = dy + o + c;
          int w0 = wasm_i32x4_extract_lane(where, 0), w1 = wasm_i32x4_extract_lane(where, 1);
          int w2 = wasm_i32x4_extract_lane(where, 2), w3 = wasm_i32x4_extract_lane(where, 3);
          if (w0 >= 0) dxb[w0] += g[0];
          if (w1 >= 0) dxb[w1 + 1] += g[1];
          if (w2 >= 0) dxb[w2 + 2] += g[2];
          if (w3 >= 0) dxb[w3 + 3] += g[3];
        }
        for (; c < C; c++) {
          float target = y[o + c];
          int done = 0;
          for (int r = r0; r < r1 && !done; r++)
            for (int col = c0; col < c1; col++) {
              int at = (r * W + col) * C + c;
              if (xb[at] == target) { dxb[at] += dy[o + c]; done = 1; break; }
            }
        }
      }
    }
    for (; zeroed < H; zeroed++) fill(dxb + (size_t)zeroed * W * C, W * C, 0.0f); /* rows no window reaches */
  }
}

/*
 * Per-channel sums of x viewed as [rows, C] (conv bias gradients), rows [r0, r1), ADDED to
 * out[C] in double precision. Partial sums of at most 64 rows stay in float32 lanes. Blocks of 64
 * rows are the OUTER loop so each block is read from memory once and stays in cache while every
 * channel group sums it (channel-outer order re-read the whole tensor once per 4 channels).
 */
EXPORT(spn_sum_rows)
void spn_sum_rows(const float* x, int C, int r0, int r1, double* out) {
  for (int r = r0; r < r1; r += 64) {
    const int re = r1 - r < 64 ? r1 : r + 64;
    int c = 0;
    for (; c + 4 <= C; c += 4) {
      v128_t s = wasm_f32x4_splat(0.0f);
      for (int i = r; i < re; i++) s = wasm_f32x4_add(s, wasm_v128_load(x + (size_t)i * C + c));
      out[c] += wasm_f32x4_extract_lane(s, 0); out[c + 1] += wasm_f32x4_extract_lane(s, 1);
      out[c + 2] += wasm_f32x4_extract_lane(s, 2); out[c + 3] += wasm_f32x4_extract_lane(s, 3);
    }
    for (; c < C; c++) {
      float t = 0.0f;
      for (int i = r; i < re; i++) t += x[(size_t)i * C + c];
      out[c] += t;
    }
  }
}

/*
 * AvgPool gradient (NHWC) for images [b0, b1), dx zeroed by the caller: every output's dy times
 * 1/(kH*kW) is added to each in-bounds tap of its window. The divisor is the full window even where
 * it overlaps padding, as tfjs' cpu and wasm kernels do. pp is laid out as for spn_max_pool_grad.
 * (wasm's own kernel loops over every input pixel x every tap with a division each: ~40 ms for the
 * global pool gradient of the paper network, this is well under 1 ms.)
 */
EXPORT(spn_avg_pool_grad)
void spn_avg_pool_grad(const float* dy, float* dx, const int* pp, int b0, int b1) {
  const int H = pp[1], W = pp[2], C = pp[3], OH = pp[4], OW = pp[5];
  const int kH = pp[6], kW = pp[7], sH = pp[8], sW = pp[9], pT = pp[10], pL = pp[11];
  const v128_t mult = wasm_f32x4_splat(1.0f / (float)(kH * kW));
  for (int b = b0; b < b1; b++) {
    float* dxb = dx + (size_t)b * H * W * C;
    for (int oh = 0; oh < OH; oh++) {
      int r0 = oh * sH - pT, r1 = r0 + kH;
      if (r0 < 0) r0 = 0;
      if (r1 > H) r1 = H;
      for (int ow = 0; ow < OW; ow++) {
        int c0 = ow * sW - pL, c1 = c0 + kW;
        if (c0 < 0) c0 = 0;
        if (c1 > W) c1 = W;
        const float* g = dy + (((size_t)b * OH + oh) * OW + ow) * C;
        for (int r = r0; r < r1; r++) {
          for (int col = c0; col < c1; col++) {
            float* d = dxb + ((size_t)r * W + col) * C;
            int c = 0;
            for (; c + 4 <= C; c += 4)
              wasm_v128_store(d + c, MADD(wasm_v128_load(g + c), mult, wasm_v128_load(d + c)));
            for (; c < C; c++) d[c] += g[c] * (1.0f / (float)(kH * kW));
          }
        }
      }
    }
  }
}

/* Rows [r0, r1) of a strided copy: dst[r * dstStride + i] = src[r * srcStride + i], i < width (SplitV, Slice). */
EXPORT(spn_copy_rows)
void spn_copy_rows(const float* src, int srcStride, float* dst, int dstStride, int width, int r0, int r1) {
  for (int r = r0; r < r1; r++) copy(dst + (size_t)r * dstStride, src + (size_t)r * srcStride, width);
}

/* ---------------------------------------------------------------- Winograd F(2x2, 3x3), stride 1 */
/*
 * 3x3 stride-1 convolutions (any padding) on 2x2 output tiles with 4x4 input tiles (Lavin & Gray 2016):
 *   Y_tile = A^T [ sum_c (G g_ck G^T) .* (B^T d_tc B) ] A
 *   B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]   G = [1 0 0; .5 .5 .5; .5 -.5 .5; 0 0 1]
 *   A^T = [1 1 1 0; 0 1 -1 -1]
 * so for each of the 16 transform positions e the channel sum is one GEMM V_e[tiles, C] U_e[C, K]: 16 x 4 x 4
 * multiply-adds per 2x2 outputs and channel pair instead of 4 x 9 x 4 (2.25x fewer). U is packed in panels of
 * 8 output channels ([e][K8/8][C][8], zero beyond K) so the GEMM reads it sequentially; the product rows M_e
 * have K8 = K rounded up to 8 columns, so 8-wide stores never leave a row.
 * The input gradient is the same convolution of dy with the flipped, transposed filter and padding 2 - pad.
 * The filter gradient is F(3x3, 2x2) with the same B: dW = A'^T [ sum_tiles (G' dy_t G'^T) .* (B^T d_t B) ] A'
 *   G' = [1 0; .5 .5; .5 -.5; 0 -1]   A'^T = [1 1 1 0; 0 1 -1 0; 0 1 1 1]
 * (G' is the usual F(3,2) matrix with its last row negated, which absorbs the sign of B's last row.)
 * Tiles are numbered (b, tile row, tile column) over ceil(outH/2) x ceil(outW/2) per image.
 */
static inline int ceil_to(int v, int m) { return (v + m - 1) / m * m; }

typedef struct { int b, oh, ow; } TileAt;

static inline TileAt tile_at(const Geom* g, int tile) {
  const int tw = (g->outW + 1) / 2, th = (g->outH + 1) / 2;
  TileAt t;
  t.b = tile / (th * tw);
  int rem = tile % (th * tw);
  t.oh = 2 * (rem / tw);
  t.ow = 2 * (rem % tw);
  return t;
}

/* Tiles per chunk: V and M of one chunk stay within ~512 KB. */
static int wino_chunk_tiles(const Geom* g) {
  int per = 16 * (ceil_to(g->inC, 4) + ceil_to(g->outC, 8));
  int t = 131072 / per;
  t = t / 4 * 4;
  if (t < 4) t = 4;
  if (t > 64) t = 64;
  return t;
}

EXPORT(spn_winograd_scratch_floats)
int spn_winograd_scratch_floats(const int* gp) {
  const Geom* g = GEOM(gp);
  return wino_chunk_tiles(g) * 16 * (ceil_to(g->inC, 4) + ceil_to(g->outC, 8));
}

/* Floats of the packed filter transform U of a conv with C input and K output channels. */
EXPORT(spn_winograd_filter_floats)
int spn_winograd_filter_floats(int C, int K) { return 16 * C * ceil_to(K, 8); }

/*
 * U = G g G^T for every (c, k), packed [e][K8/8][C][8]. w is a [3,3,Cw,Kw] filter; flip = 0 uses it as is
 * (C = Cw, K = Kw), flip = 1 uses w'[i,j,c,k] = w[2-i, 2-j, k, c] (C = Kw, K = Cw) for the input gradient.
 */
EXPORT(spn_winograd_filter)
void spn_winograd_filter(const float* w, float* U, int C, int K, int flip) {
  const int K8 = ceil_to(K, 8), P = K8 / 8;
  fill(U, 16 * C * K8, 0.0f);
  for (int c = 0; c < C; c++) {
    for (int k = 0; k < K; k++) {
      float g[9];
      for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
          g[i * 3 + j] = flip ? w[(((2 - i) * 3 + (2 - j)) * K + k) * C + c] : w[((i * 3 + j) * C + c) * K + k];
      float t[12]; /* G g: 4 x 3 */
      for (int j = 0; j < 3; j++) {
        float a = g[j], b = g[3 + j], d = g[6 + j];
        t[j] = a; t[3 + j] = 0.5f * (a + b + d); t[6 + j] = 0.5f * (a - b + d); t[9 + j] = d;
      }
      float* u = U + ((size_t)(k / 8) * C + c) * 8 + (k % 8);
      const size_t es = (size_t)P * C * 8;
      for (int r = 0; r < 4; r++) {
        float a = t[r * 3], b = t[r * 3 + 1], d = t[r * 3 + 2];
        u[(r * 4 + 0) * es] = a;
        u[(r * 4 + 1) * es] = 0.5f * (a + b + d);
        u[(r * 4 + 2) * es] = 0.5f * (a - b + d);
        u[(r * 4 + 3) * es] = d;
      }
    }
  }
}

/* V_e[row, c] = (B^T d B)_e of the 4x4 input tile at (r0, c0) of image b, all channels; rows are C4 apart, planes es. */
static void wino_input_tile(const float* x, const Geom* g, int b, int r0, int c0, float* v, size_t es) {
  const int C = g->inC, W = g->inW, H = g->inH;
  unsigned mask = 0;
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 4; j++)
      if (r0 + i >= 0 && r0 + i < H && c0 + j >= 0 && c0 + j < W) mask |= 1u << (i * 4 + j);
  const float* xb = x + (size_t)b * H * W * C;
  const v128_t z = wasm_f32x4_splat(0.0f);
  for (int c = 0; c < C; c += 4) {
    const int n = C - c < 4 ? C - c : 4;
#define D(i, j) ((mask >> ((i) * 4 + (j))) & 1u ? load_n(xb + ((size_t)(r0 + (i)) * W + (c0 + (j))) * C + c, n) : z)
#define ROWS(j)                                                          \
  v128_t d0##j = D(0, j), d1##j = D(1, j), d2##j = D(2, j), d3##j = D(3, j); \
  v128_t t0##j = wasm_f32x4_sub(d0##j, d2##j), t1##j = wasm_f32x4_add(d1##j, d2##j); \
  v128_t t2##j = wasm_f32x4_sub(d2##j, d1##j), t3##j = wasm_f32x4_sub(d1##j, d3##j);
    ROWS(0) ROWS(1) ROWS(2) ROWS(3)
#define COLS(i)                                                                  \
  wasm_v128_store(v + (i * 4 + 0) * es + c, wasm_f32x4_sub(t##i##0, t##i##2)); \
  wasm_v128_store(v + (i * 4 + 1) * es + c, wasm_f32x4_add(t##i##1, t##i##2)); \
  wasm_v128_store(v + (i * 4 + 2) * es + c, wasm_f32x4_sub(t##i##2, t##i##1)); \
  wasm_v128_store(v + (i * 4 + 3) * es + c, wasm_f32x4_sub(t##i##1, t##i##3));
    COLS(0) COLS(1) COLS(2) COLS(3)
#undef D
#undef ROWS
#undef COLS
  }
}

/* y (2x2 tile at (oh, ow) of image b, cropped to the output) = A^T M A (+ bias); M rows are K8 apart, planes es. */
static void wino_output_tile(const float* m, size_t es, const float* bias, float* y, const Geom* g, int b, int oh, int ow, const ActConsts* c) {
  const int K = g->outC, OW = g->outW;
  const int right = ow + 1 < OW, down = oh + 1 < g->outH;
  float* y0 = y + (((size_t)b * g->outH + oh) * OW + ow) * K;
  float* y1 = y0 + (size_t)OW * K;
  for (int k = 0; k < K; k += 4) {
    const int n = K - k < 4 ? K - k : 4;
#define M(e) wasm_v128_load(m + (e) * es + k)
#define COL(j)                                                                      \
  v128_t m0##j = M(0 + j), m1##j = M(4 + j), m2##j = M(8 + j), m3##j = M(12 + j); \
  v128_t s0##j = wasm_f32x4_add(wasm_f32x4_add(m0##j, m1##j), m2##j);            \
  v128_t s1##j = wasm_f32x4_sub(wasm_f32x4_sub(m1##j, m2##j), m3##j);
    COL(0) COL(1) COL(2) COL(3)
#undef M
#undef COL
    v128_t bv = bias ? load_n(bias + k, n) : wasm_f32x4_splat(0.0f);
    const int act = g->act;
    store_n(y0 + k, activate4(wasm_f32x4_add(bv, wasm_f32x4_add(wasm_f32x4_add(s00, s01), s02)), act, c), n);
    if (right) store_n(y0 + K + k, activate4(wasm_f32x4_add(bv, wasm_f32x4_sub(wasm_f32x4_sub(s01, s02), s03)), act, c), n);
    if (down) {
      store_n(y1 + k, activate4(wasm_f32x4_add(bv, wasm_f32x4_add(wasm_f32x4_add(s10, s11), s12)), act, c), n);
      if (right) store_n(y1 + K + k, activate4(wasm_f32x4_add(bv, wasm_f32x4_sub(wasm_f32x4_sub(s11, s12), s13)), act, c), n);
    }
  }
}

/*
 * Forward 3x3 stride-1 convolution of tiles [t0, t1) with the packed filter transform U (spn_winograd_filter).
 * scratch: spn_winograd_scratch_floats(gp) floats for this thread.
 */
EXPORT(spn_conv3x3_winograd)
void spn_conv3x3_winograd(const float* x, const float* U, const float* bias, float* y, const int* gp, float* scratch, int t0, int t1) {
  const Geom* g = GEOM(gp);
  const int C = g->inC, C4 = ceil_to(C, 4), K8 = ceil_to(g->outC, 8), P = K8 / 8;
  const int TC = wino_chunk_tiles(g);
  float* V = scratch;
  float* M = scratch + (size_t)16 * TC * C4;
  const size_t ves = (size_t)TC * C4, mes = (size_t)TC * K8, ues = (size_t)P * C * 8;
  const ActConsts consts = act_consts(GEOM_CONSTS(gp));
  for (int t = t0; t < t1; t += TC) {
    const int n = t1 - t < TC ? t1 - t : TC;
    for (int i = 0; i < n; i++) {
      TileAt at = tile_at(g, t + i);
      wino_input_tile(x, g, at.b, at.oh - g->padTop, at.ow - g->padLeft, V + (size_t)i * C4, ves);
    }
    fill(M, (int)(16 * mes), 0.0f);
    for (int e = 0; e < 16; e++) gemm_panels(n, K8, C, V + e * ves, C4, 1, U + e * ues, (size_t)C * 8, M + e * mes, K8);
    for (int i = 0; i < n; i++) {
      TileAt at = tile_at(g, t + i);
      wino_output_tile(M + (size_t)i * K8, mes, bias, y, g, at.b, at.oh, at.ow, &consts);
    }
  }
}

/*
 * Filter gradient of a 3x3 stride-1 convolution over tiles [t0, t1), ACCUMULATED into acc [16][C][K8]
 * (the caller zeroes it and finishes with spn_winograd_filter_grad_out). scratch as for the forward.
 * The dy transform is packed in panels [e][K8/8][tiles][8] so the GEMM over tiles reads it sequentially.
 */
EXPORT(spn_conv3x3_winograd_filter_grad)
void spn_conv3x3_winograd_filter_grad(const float* x, const float* dy, float* acc, const int* gp, float* scratch, int t0, int t1) {
  const Geom* g = GEOM(gp);
  const int C = g->inC, C4 = ceil_to(C, 4), K = g->outC, K8 = ceil_to(K, 8), P = K8 / 8;
  const int TC = wino_chunk_tiles(g), OW = g->outW;
  float* V = scratch;
  float* Q = scratch + (size_t)16 * TC * C4;
  const size_t ves = (size_t)TC * C4, qes = (size_t)P * TC * 8;
  const v128_t z = wasm_f32x4_splat(0.0f), half = wasm_f32x4_splat(0.5f);
  for (int t = t0; t < t1; t += TC) {
    const int n = t1 - t < TC ? t1 - t : TC;
    for (int i = 0; i < n; i++) {
      TileAt at = tile_at(g, t + i);
      wino_input_tile(x, g, at.b, at.oh - g->padTop, at.ow - g->padLeft, V + (size_t)i * C4, ves);
      const int right = at.ow + 1 < OW, down = at.oh + 1 < g->outH;
      const float* g0 = dy + (((size_t)at.b * g->outH + at.oh) * OW + at.ow) * K;
      const float* g1 = g0 + (size_t)OW * K;
      for (int k = 0; k < K8; k += 4) {
        const int nk = K - k < 4 ? (K - k > 0 ? K - k : 0) : 4;
        v128_t a = nk ? load_n(g0 + k, nk) : z, b = nk && right ? load_n(g0 + K + k, nk) : z;
        v128_t c = nk && down ? load_n(g1 + k, nk) : z, d = nk && down && right ? load_n(g1 + K + k, nk) : z;
        /* rows of G' [a b; c d]: r0 = (a, b), r1 = (a+c)/2, r2 = (a-c)/2, r3 = -(c, d) */
        v128_t r[8] = {a, b, wasm_f32x4_mul(half, wasm_f32x4_add(a, c)), wasm_f32x4_mul(half, wasm_f32x4_add(b, d)),
                       wasm_f32x4_mul(half, wasm_f32x4_sub(a, c)), wasm_f32x4_mul(half, wasm_f32x4_sub(b, d)),
                       wasm_f32x4_neg(c), wasm_f32x4_neg(d)};
        float* q = Q + ((size_t)(k / 8) * TC + i) * 8 + (k % 8);
#define ROW(rr, u, v)                                                                   \
  wasm_v128_store(q + (rr * 4 + 0) * qes, u);                                           \
  wasm_v128_store(q + (rr * 4 + 1) * qes, wasm_f32x4_mul(half, wasm_f32x4_add(u, v))); \
  wasm_v128_store(q + (rr * 4 + 2) * qes, wasm_f32x4_mul(half, wasm_f32x4_sub(u, v))); \
  wasm_v128_store(q + (rr * 4 + 3) * qes, wasm_f32x4_neg(v));
        ROW(0, r[0], r[1]) ROW(1, r[2], r[3]) ROW(2, r[4], r[5]) ROW(3, r[6], r[7])
#undef ROW
      }
    }
    for (int e = 0; e < 16; e++) {
      const float* Ve = V + e * ves;
      float* Ae = acc + (size_t)e * C * K8;
      for (int p = 0; p < P; p++) {
        const float* Qp = Q + e * qes + (size_t)p * TC * 8;
        int c = 0;
        for (; c + 4 <= C; c += 4) k4x8(n, Ve + c, 1, C4, Qp, 8, Ae + (size_t)c * K8 + 8 * p, K8);
        for (; c < C; c++) k1x8(n, Ve + c, C4, Qp, 8, Ae + (size_t)c * K8 + 8 * p);
      }
    }
  }
}

/* dw[i, j, c, k] = (A'^T acc[., c, k] A')_ij for the accumulated transform-domain filter gradient. */
EXPORT(spn_winograd_filter_grad_out)
void spn_winograd_filter_grad_out(const float* acc, float* dw, int C, int K) {
  const int K8 = ceil_to(K, 8);
  const size_t es = (size_t)C * K8;
  for (int c = 0; c < C; c++) {
    for (int k = 0; k < K; k++) {
      const float* m = acc + (size_t)c * K8 + k;
      float s[12]; /* A'^T M: 3 x 4 */
      for (int j = 0; j < 4; j++) {
        float m0 = m[j * es], m1 = m[(4 + j) * es], m2 = m[(8 + j) * es], m3 = m[(12 + j) * es];
        s[j] = m0 + m1 + m2; s[4 + j] = m1 - m2; s[8 + j] = m1 + m2 + m3;
      }
      for (int i = 0; i < 3; i++) {
        const float* r = s + 4 * i;
        dw[((i * 3 + 0) * C + c) * K + k] = r[0] + r[1] + r[2];
        dw[((i * 3 + 1) * C + c) * K + k] = r[1] - r[2];
        dw[((i * 3 + 2) * C + c) * K + k] = r[1] + r[2] + r[3];
      }
    }
  }
}

/*
 * Element-wise maximum of n arrays (their heap offsets in ys) over [i0, i1), the FIRST maximal array winning
 * ties, and which array won (as a float index): the max-pool of fast-stem.ts's subsampled stem.
 */
EXPORT(spn_max_first)
void spn_max_first(const int* ys, int n, float* out, float* which, int i0, int i1) {
  int i = i0;
  for (; i + 4 <= i1; i += 4) {
    v128_t m = wasm_v128_load((const float*)(size_t)(unsigned)ys[0] + i), w = wasm_f32x4_splat(0.0f);
    for (int k = 1; k < n; k++) {
      v128_t v = wasm_v128_load((const float*)(size_t)(unsigned)ys[k] + i);
      v128_t gt = wasm_f32x4_gt(v, m);
      m = wasm_v128_bitselect(v, m, gt);
      w = wasm_v128_bitselect(wasm_f32x4_splat((float)k), w, gt);
    }
    wasm_v128_store(out + i, m);
    wasm_v128_store(which + i, w);
  }
  for (; i < i1; i++) {
    float m = ((const float*)(size_t)(unsigned)ys[0])[i];
    int w = 0;
    for (int k = 1; k < n; k++) {
      float v = ((const float*)(size_t)(unsigned)ys[k])[i];
      if (v > m) { m = v; w = k; }
    }
    out[i] = m;
    which[i] = (float)w;
  }
}

/* Gradient of spn_max_first over [i0, i1): array k (heap offsets in gs) gets dy where which == k, else 0. */
EXPORT(spn_max_first_grad)
void spn_max_first_grad(const float* dy, const float* which, const int* gs, int n, int i0, int i1) {
  int i = i0;
  for (; i + 4 <= i1; i += 4) {
    v128_t g = wasm_v128_load(dy + i), w = wasm_v128_load(which + i);
    for (int k = 0; k < n; k++)
      wasm_v128_store((float*)(size_t)(unsigned)gs[k] + i, wasm_v128_and(g, wasm_f32x4_eq(w, wasm_f32x4_splat((float)k))));
  }
  for (; i < i1; i++)
    for (int k = 0; k < n; k++) ((float*)(size_t)(unsigned)gs[k])[i] = which[i] == (float)k ? dy[i] : 0.0f;
}

/* y = -x over [i0, i1) (min-pools are -maxpool(-x): four negations per min-pool per training step). */
EXPORT(spn_neg)
void spn_neg(const float* x, float* y, int i0, int i1) {
  int i = i0;
  for (; i + 4 <= i1; i += 4) wasm_v128_store(y + i, wasm_f32x4_neg(wasm_v128_load(x + i)));
  for (; i < i1; i++) y[i] = -x[i];
}

/*
 * Filter gradient of fast-stem.ts's subsampled stem, m = max over window taps w of conv(xp shifted by w, W,
 * stride S): only the winning tap of each output value gets its gradient, so per output pixel and channel c,
 * dW[:, c] += dy * (the input patch under the winner) -- 1/win^2 of the multiply-adds of the win^2 strided
 * filter gradients whose dy are zero except at their winners. The win^2 patches of an output pixel are
 * gathered once (T4 = T rounded up to 4, zero padded), then each channel adds its winner's patch, four taps per
 * vector, into dwT [C][T4] (this thread's partial; the caller zeroes it and finishes with spn_stem_filter_grad_out).
 * sp = [B, HP, WP, CI, OH, OW, C, k, S, s0, win, r0, c0]: padded input xp [B, HP, WP, CI], output [B, OH, OW, C],
 * kernel k x k, tap (a, b) of output (i, j) starts at row r0 + a s0 + i S, column c0 + b s0 + j S.
 * Images [b0, b1); scratch: win^2 * T4 floats.
 */
EXPORT(spn_stem_filter_grad)
void spn_stem_filter_grad(const float* xp, const float* which, const float* dy, float* dwT, const int* sp, float* scratch, int b0, int b1) {
  const int HP = sp[1], WP = sp[2], CI = sp[3], OH = sp[4], OW = sp[5], C = sp[6];
  const int k = sp[7], S = sp[8], s0 = sp[9], win = sp[10], r0 = sp[11], c0 = sp[12];
  const int L = k * CI, T = k * L, T4 = ceil_to(T, 4);
  for (int b = b0; b < b1; b++) {
    for (int i = 0; i < OH; i++) {
      for (int j = 0; j < OW; j++) {
        /* Gather the win^2 patches of this output pixel. */
        for (int w = 0; w < win * win; w++) {
          const int row = r0 + (w / win) * s0 + i * S, col = c0 + (w % win) * s0 + j * S;
          float* p = scratch + (size_t)w * T4;
          for (int kh = 0; kh < k; kh++) copy(p + kh * L, xp + (((size_t)b * HP + row + kh) * WP + col) * CI, L);
          for (int t = T; t < T4; t++) p[t] = 0.0f;
        }
        const size_t o = (((size_t)b * OH + i) * OW + j) * C;
        for (int c = 0; c < C; c++) {
          const float d = dy[o + c];
          if (d == 0.0f) continue;
          const float* p = scratch + (size_t)(int)which[o + c] * T4;
          float* acc = dwT + (size_t)c * T4;
          const v128_t dv = wasm_f32x4_splat(d);
          for (int t = 0; t < T4; t += 4) wasm_v128_store(acc + t, MADD(dv, wasm_v128_load(p + t), wasm_v128_load(acc + t)));
        }
      }
    }
  }
}

/* dw [T, C] (the [k, k, CI, C] filter layout) from the accumulated dwT [C][T4]. */
EXPORT(spn_stem_filter_grad_out)
void spn_stem_filter_grad_out(const float* dwT, float* dw, int C, int T) {
  const int T4 = ceil_to(T, 4);
  for (int t = 0; t < T; t++)
    for (int c = 0; c < C; c++) dw[(size_t)t * C + c] = dwT[(size_t)c * T4 + t];
}

/* m = max(m, p[0..n)) in 4-lane steps (pmax; NaN handling as XNNPACK's is not needed for pooling real data). */
static inline void max_into(float* m, const float* p, int n) {
  int c = 0;
  for (; c + 4 <= n; c += 4) wasm_v128_store(m + c, wasm_f32x4_pmax(wasm_v128_load(m + c), wasm_v128_load(p + c)));
  for (; c < n; c++) if (p[c] > m[c]) m[c] = p[c];
}

/*
 * MaxPool forward (NHWC) for images [b0, b1): the maximum over the in-bounds taps of each window (padding never
 * wins, as tfjs' kernels). Separable: a row pass (max over each window's columns, into scratch: H * OW * C floats
 * per thread) then a column pass, kH + kW taps per output instead of kH * kW (a 5x5 pool: 10 instead of 25).
 * pp is laid out as for spn_max_pool_grad. wasm's XNNPACK pool runs on tfjs' own thread pool; this one runs on
 * the kernel pool with the rest of the step.
 */
EXPORT(spn_max_pool)
void spn_max_pool(const float* x, float* y, const int* pp, float* scratch, int b0, int b1) {
  const int H = pp[1], W = pp[2], C = pp[3], OH = pp[4], OW = pp[5];
  const int kH = pp[6], kW = pp[7], sH = pp[8], sW = pp[9], pT = pp[10], pL = pp[11];
  for (int b = b0; b < b1; b++) {
    const float* xb = x + (size_t)b * H * W * C;
    for (int r = 0; r < H; r++) {
      for (int ow = 0; ow < OW; ow++) {
        int c0 = ow * sW - pL, c1 = c0 + kW;
        if (c0 < 0) c0 = 0;
        if (c1 > W) c1 = W;
        float* t = scratch + ((size_t)r * OW + ow) * C;
        copy(t, xb + ((size_t)r * W + c0) * C, C);
        for (int col = c0 + 1; col < c1; col++) max_into(t, xb + ((size_t)r * W + col) * C, C);
      }
    }
    for (int oh = 0; oh < OH; oh++) {
      int r0 = oh * sH - pT, r1 = r0 + kH;
      if (r0 < 0) r0 = 0;
      if (r1 > H) r1 = H;
      for (int ow = 0; ow < OW; ow++) {
        float* yo = y + (((size_t)b * OH + oh) * OW + ow) * C;
        copy(yo, scratch + ((size_t)r0 * OW + ow) * C, C);
        for (int r = r0 + 1; r < r1; r++) max_into(yo, scratch + ((size_t)r * OW + ow) * C, C);
      }
    }
  }
}
