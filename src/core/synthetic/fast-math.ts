/**
 * Table-driven exp and log for the generator's per-pixel loops (the sigmoid of the frequency
 * noise, the Gaussian noise's polar method). V8's Math.exp / Math.log are out-of-line calls
 * costing 2-3x these; both here are accurate to ~1e-12 relative, far below the float32 the
 * patches are stored in. Table indices are kept integral: a double-valued index makes V8 take
 * a slow keyed-load path.
 */

const LN2 = Math.LN2;
const STEPS = 64; // 2^(j/64) table: the polynomial then only covers [0, ln2/64)
const EXP2_TABLE = Float64Array.from({ length: STEPS }, (_, j) => 2 ** (j / STEPS));
const POW2_BIAS = 160;
const POW2 = Float64Array.from({ length: 2 * POW2_BIAS + 1 }, (_, i) => 2 ** (i - POW2_BIAS));
/** Beyond ±EXP_LIMIT, exp under/overflows float32 anyway (e^-100 ≈ 4e-44). */
const EXP_LIMIT = 100;

/** e^x, relative error < 2e-12, for |x| <= 100; clamped to e^±100 beyond (callers only need float32). */
export function fastExp(x: number): number {
  const c = x > EXP_LIMIT ? EXP_LIMIT : x < -EXP_LIMIT ? -EXP_LIMIT : x;
  const t = c * (STEPS * Math.LOG2E) + STEPS * POW2_BIAS; // > 0, so truncation is floor
  const k = t | 0;
  const r = (t - k) * (LN2 / STEPS); // in [0, ln2/64): 4 Taylor terms leave < 1.2e-12
  const p = 1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24))));
  return POW2[k >> 6]! * EXP2_TABLE[k & (STEPS - 1)]! * p;
}

const LOG_STEPS = 256; // log of each 1/256 mantissa step's midpoint; the series covers ±1/512
const LOG_TABLE = Float64Array.from({ length: LOG_STEPS }, (_, j) => Math.log(1 + (j + 0.5) / LOG_STEPS));
const INV_MID = Float64Array.from({ length: LOG_STEPS }, (_, j) => 1 / (1 + (j + 0.5) / LOG_STEPS));
const MID = Float64Array.from({ length: LOG_STEPS }, (_, j) => 1 + (j + 0.5) / LOG_STEPS);
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
// Which 32-bit word of a float64 holds sign, exponent and top mantissa bits (checked, not assumed).
const HI = (() => {
  bits[0] = 1;
  return words[1] === 0x3ff00000 ? 1 : 0;
})();

/**
 * Natural log of x in [2^-160, 2^160) (callers guarantee the domain), relative error
 * ~1e-15. Within 1/32 of 1 the table terms would cancel (and could even give the wrong sign for
 * x just below 1), so that range, rare in the polar method, goes to Math.log.
 */
export function fastLog(x: number): number {
  if (x > 0.96875 && x < 1.03125) return Math.log(x);
  bits[0] = x;
  const hi = words[HI]!;
  const e = (hi >>> 20) - 1023; // x > 0: no sign bit
  const j = (hi >>> 12) & 0xff;
  const m = x * POW2[POW2_BIAS - e]!; // mantissa in [1, 2), exact (a power-of-two scaling)
  const z = (m - MID[j]!) * INV_MID[j]!; // m/mid - 1, |z| < 1/512
  const series = z * (1 - z * (0.5 - z * (1 / 3 - z * (0.25 - z * 0.2))));
  return e * LN2 + LOG_TABLE[j]! + series;
}
