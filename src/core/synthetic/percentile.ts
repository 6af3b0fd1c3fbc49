/**
 * Exact numpy-style percentiles (np.percentile, method 'linear') of float32 data too large to
 * copy and sort, in two streaming passes over the same chunks:
 *   pass 1 histograms the top 16 bits of each value's order-preserving integer key (65,536 bins);
 *   pass 2 histograms the low 16 bits, but only inside the bins holding the needed ranks.
 * A float32 is fully determined by its 32-bit key, so the two histograms give the exact order
 * statistics, whatever the chunking, in ~0.5 MB plus 0.5 MB per needed bin.
 */
import { StandardisationError } from './types';

/** One requested percentile: numpy's interpolated value and the two order statistics around it. */
export interface PercentileValue {
  /** np.percentile's result. */
  value: number;
  /** Order statistic at floor((n-1)·q). */
  below: number;
  /** Order statistic at floor((n-1)·q) + 1 (clipped to n-1). */
  above: number;
}

const BINS = 65536;
const bits = new Uint32Array(1);
const asFloat = new Float32Array(bits.buffer);

function keyToValue(key: number): number {
  bits[0] = key & 0x80000000 ? key ^ 0x80000000 : ~key;
  return asFloat[0]!;
}

/** numpy's _lerp: a + (b-a)·t, computed from b's side when t >= 0.5 (monotone, exact at t = 1). */
export function numpyLerp(a: number, b: number, t: number): number {
  const d = b - a;
  return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}

/** Accumulates chunks of float32 values in two passes; see the file comment. NaNs are counted and rejected. */
export class PercentileAccumulator {
  private stage: 1 | 2 | 'done' = 1;
  private n = 0;
  private nan = 0;
  private readonly high = new Float64Array(BINS);
  private highOdd = new Float64Array(BINS); // pass-1 counts of odd chunk positions, folded into `high` by endPass
  private readonly slotOfBin = new Int32Array(BINS).fill(-1);
  private low = new Float64Array(0);
  private binOfSlot = new Int32Array(0);
  private ranks: { rank: number; slot: number; before: number }[] = [];
  private readonly stats = new Map<number, number>();
  private readonly fractions: number[];

  /** @param percentiles numpy-style percentiles in [0, 100]. */
  constructor(percentiles: readonly number[]) {
    for (const q of percentiles) if (!(q >= 0 && q <= 100)) throw new RangeError(`percentile ${q} outside [0, 100]`);
    this.fractions = percentiles.map((q) => q / 100);
  }

  /** Current pass (1 or 2), or 'done' once both passes are finished. */
  get pass(): 1 | 2 | 'done' {
    return this.stage;
  }
  /** Number of (non-NaN) values seen in pass 1. */
  get count(): number {
    return this.n;
  }

  /** Feeds one chunk to the current pass. Both passes must see the same values (any chunking, any order). */
  add(chunk: Float32Array): this {
    // Int32 view: bit patterns stay small integers (a Uint32 view yields values >= 2^31, which
    // V8 handles as doubles in some tiers). Sign set <=> b < 0; -0 is b === -0x80000000.
    const u = new Int32Array(chunk.buffer, chunk.byteOffset, chunk.length);
    if (this.stage === 1) {
      // Even and odd positions count into separate histograms (merged in endPass): two independent
      // read-modify-write chains per iteration run about twice as fast as one.
      const even = this.high,
        odd = this.highOdd,
        pairs = u.length & ~1;
      let nan = 0;
      for (let i = 0; i < pairs; i += 2) {
        let b = u[i]!,
          c = u[i + 1]!;
        if ((b & 0x7fffffff) > 0x7f800000) nan++;
        else {
          if (b === -0x80000000) b = 0; // -0 sorts with +0
          const bin = (b < 0 ? ~b : b | 0x80000000) >>> 16;
          even[bin] = even[bin]! + 1;
        }
        if ((c & 0x7fffffff) > 0x7f800000) nan++;
        else {
          if (c === -0x80000000) c = 0;
          const bin = (c < 0 ? ~c : c | 0x80000000) >>> 16;
          odd[bin] = odd[bin]! + 1;
        }
      }
      if (pairs < u.length) {
        let b = u[pairs]!;
        if ((b & 0x7fffffff) > 0x7f800000) nan++;
        else {
          if (b === -0x80000000) b = 0;
          const bin = (b < 0 ? ~b : b | 0x80000000) >>> 16;
          even[bin] = even[bin]! + 1;
        }
      }
      this.nan += nan;
      this.n += u.length;
    } else if (this.stage === 2) {
      const slotOf = this.slotOfBin,
        low = this.low,
        pairs = u.length & ~1;
      // Unrolled by two like pass 1; almost every value misses the few needed bins (slot -1).
      for (let i = 0; i < pairs; i += 2) {
        let b = u[i]!,
          c = u[i + 1]!;
        if (b === -0x80000000) b = 0;
        if (c === -0x80000000) c = 0;
        const kb = b < 0 ? ~b : b | 0x80000000,
          kc = c < 0 ? ~c : c | 0x80000000; // order-preserving keys, as int32 bits
        const sb = slotOf[kb >>> 16]!,
          sc = slotOf[kc >>> 16]!;
        if (sb >= 0) {
          const at = sb * BINS + (kb & 0xffff);
          low[at] = low[at]! + 1;
        }
        if (sc >= 0) {
          const at = sc * BINS + (kc & 0xffff);
          low[at] = low[at]! + 1;
        }
      }
      if (pairs < u.length) {
        let b = u[pairs]!;
        if (b === -0x80000000) b = 0;
        const key = b < 0 ? ~b : b | 0x80000000;
        const slot = slotOf[key >>> 16]!;
        if (slot >= 0) {
          const at = slot * BINS + (key & 0xffff);
          low[at] = low[at]! + 1;
        }
      }
    } else {
      throw new Error('PercentileAccumulator: add() after both passes finished');
    }
    return this;
  }

  /** Ends the current pass. After pass 1, throws {@link StandardisationError} on empty or NaN data. */
  endPass(): this {
    if (this.stage === 1) {
      for (let b = 0; b < BINS; b++) this.high[b] = this.high[b]! + this.highOdd[b]!;
      this.highOdd = new Float64Array(0);
      this.n -= this.nan;
      if (this.nan > 0) throw new StandardisationError(`data contains ${this.nan} NaN value(s)`);
      if (this.n === 0) throw new StandardisationError('no data values');
      this.planRanks();
      this.stage = 2;
    } else if (this.stage === 2) {
      this.resolveRanks();
      this.stage = 'done';
    }
    return this;
  }

  /** Order statistic (0-based rank in sorted order); available for min (0), max (n-1) and the percentiles' neighbours. */
  orderStatistic(rank: number): number {
    const v = this.stats.get(rank);
    if (v === undefined) throw new RangeError(`order statistic ${rank} was not collected (pass ${this.stage})`);
    return v;
  }

  /** Smallest value. */
  get min(): number {
    return this.orderStatistic(0);
  }
  /** Largest value. */
  get max(): number {
    return this.orderStatistic(this.n - 1);
  }

  /** The i-th requested percentile, as np.percentile computes it. */
  percentile(i: number): PercentileValue {
    const q = this.fractions[i];
    if (q === undefined) throw new RangeError(`no percentile #${i}`);
    const virtual = (this.n - 1) * q;
    if (virtual >= this.n - 1) {
      const v = this.max;
      return { value: v, below: v, above: v };
    }
    const k = Math.floor(virtual);
    const below = this.orderStatistic(k),
      above = this.orderStatistic(k + 1);
    return { value: numpyLerp(below, above, virtual - k), below, above };
  }

  /** All requested percentiles' values, in request order. */
  values(): number[] {
    return this.fractions.map((_, i) => this.percentile(i).value);
  }

  private neededRanks(): number[] {
    const set = new Set<number>([0, this.n - 1]);
    for (const q of this.fractions) {
      const k = Math.floor((this.n - 1) * q);
      set.add(Math.min(k, this.n - 1));
      set.add(Math.min(k + 1, this.n - 1));
    }
    return [...set].sort((a, b) => a - b);
  }

  private planRanks(): void {
    const wanted = this.neededRanks();
    let bin = 0,
      before = 0,
      slots = 0;
    for (const rank of wanted) {
      while (before + this.high[bin]! <= rank) before += this.high[bin++]!;
      if (this.slotOfBin[bin]! < 0) this.slotOfBin[bin] = slots++;
      this.ranks.push({ rank, slot: this.slotOfBin[bin]!, before });
    }
    this.low = new Float64Array(slots * BINS);
    this.binOfSlot = new Int32Array(slots);
    for (let b = 0; b < BINS; b++) if (this.slotOfBin[b]! >= 0) this.binOfSlot[this.slotOfBin[b]!] = b;
  }

  private resolveRanks(): void {
    for (const { rank, slot, before } of this.ranks) {
      let seen = before,
        lo = 0;
      const base = slot * BINS;
      while (seen + this.low[base + lo]! <= rank) seen += this.low[base + lo++]!;
      this.stats.set(rank, keyToValue(((this.binOfSlot[slot]! << 16) | lo) >>> 0));
    }
    this.low = new Float64Array(0);
  }
}

/** Runs both passes over re-iterable chunks and returns the finished accumulator. */
export function exactPercentiles(
  chunks: () => Iterable<Float32Array>,
  percentiles: readonly number[],
): PercentileAccumulator {
  const acc = new PercentileAccumulator(percentiles);
  for (let pass = 0; pass < 2; pass++) {
    for (const c of chunks()) acc.add(c);
    acc.endPass();
  }
  return acc;
}

/** Async {@link exactPercentiles}: `chunks()` is called once per pass (e.g. re-reading a SEG-Y file). */
export async function exactPercentilesAsync(
  chunks: () => AsyncIterable<Float32Array> | Iterable<Float32Array>,
  percentiles: readonly number[],
): Promise<PercentileAccumulator> {
  const acc = new PercentileAccumulator(percentiles);
  for (let pass = 0; pass < 2; pass++) {
    for await (const c of chunks()) acc.add(c);
    acc.endPass();
  }
  return acc;
}
