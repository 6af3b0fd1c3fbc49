/**
 * Seedable PRNG: sfc32 (Chris Doty-Humphrey's Small Fast Chaotic generator, as in PractRand),
 * seeded through splitmix32 so nearby integer seeds give unrelated streams.
 *
 * Determinism contract: every random quantity in the app derives from an integer seed and
 * a small tuple of integers (e.g. dataset seed, patch index, profile id) via {@link deriveSeed},
 * so a patch or a candidate never depends on how work was split across workers.
 */

/** One splitmix32 step: a good 32-bit integer mixer. */
export function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Mixes integers into one 32-bit seed; order matters. */
export function deriveSeed(...parts: readonly number[]): number {
  let h = 0x2545f491;
  for (const p of parts) {
    // Split values past 32 bits so seeds up to 2^53 stay distinct.
    const lo = p >>> 0;
    const hi = Math.floor(p / 4294967296) >>> 0;
    h = splitmix32(h ^ lo);
    h = splitmix32(h ^ hi);
  }
  return h;
}

export class Rng {
  /** sfc32 state a, b, c, d; an Int32Array keeps it unboxed (~2x faster draws than number fields in V8). */
  private readonly s = new Int32Array(4);
  private spareNormal: number | null = null;

  constructor(seed: number) {
    const s = this.s;
    s[0] = splitmix32(seed);
    s[1] = splitmix32(s[0] >>> 0);
    s[2] = splitmix32(s[1] >>> 0);
    s[3] = 1;
    for (let i = 0; i < 12; i++) this.nextUint32(); // warm-up, as sfc32's author recommends
  }

  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const s = this.s;
    const a = s[0]!,
      b = s[1]!,
      c = s[2]!,
      d = s[3]!;
    const t = (((a + b) | 0) + d) | 0;
    s[3] = (d + 1) | 0;
    s[0] = b ^ (b >>> 9);
    s[1] = (c + (c << 3)) | 0;
    s[2] = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Integer uniform in [lo, hi) (numpy's randint convention). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Normal(mean, sd) by the Marsaglia polar method. */
  normal(mean = 0, sd = 1): number {
    if (this.spareNormal !== null) {
      const s = this.spareNormal;
      this.spareNormal = null;
      return mean + sd * s;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = this.next() * 2 - 1;
      v = this.next() * 2 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * m;
    return mean + sd * u * m;
  }

  /** Gamma(shape, 1) by Marsaglia & Tsang (2000); shape < 1 by the boost u^(1/shape). */
  gamma(shape: number): number {
    if (shape <= 0) throw new RangeError(`gamma shape must be > 0, got ${shape}`);
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(this.next() || Number.MIN_VALUE, 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.next();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** Dirichlet(alpha) sample: normalised independent gammas. */
  dirichlet(alpha: readonly number[]): number[] {
    const g = alpha.map((a) => this.gamma(a));
    const sum = g.reduce((s, x) => s + x, 0);
    return g.map((x) => x / sum);
  }

  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.int(0, items.length)] as T;
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i + 1);
      const t = items[i] as T;
      items[i] = items[j] as T;
      items[j] = t;
    }
    return items;
  }
}
