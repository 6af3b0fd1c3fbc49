/**
 * The seabed multiple: sound that bounced seabed → sea surface → seabed arrives at k times the seabed's two-way time
 * (order k = 2, 3, ...), parallel to the seabed and with its polarity reversed by the sea surface — everything the
 * network was taught a BSR looks like. An interpreter dismisses a "BSR" that sits exactly on it; so does the map.
 *
 * The multiple's time follows from the seabed pick (k x the pick's time from the shot, i.e. with the recording delay),
 * but a line may have had its multiples removed, or its time origin may be unknown (a line rebuilt from a picture).
 * So a multiple is only taken as present when the line shows it: along the predicted curve the energy within half a
 * period must stand well above the energy two to four periods around it on most traces.
 */

/** A seabed multiple found on the line. */
export interface SeabedMultiple {
  /** 2 = first seabed multiple (twice the seabed time), 3 = the next. */
  order: number;
  /** Per trace, the predicted multiple sample (NaN where it falls off the trace or there is no seabed pick). */
  samples: Float32Array;
  /** Median over traces of (energy on the curve) / (energy around it): how clearly the line shows it. */
  energyRatio: number;
}

/** Orders looked for. */
export const MULTIPLE_ORDERS: readonly number[] = [2, 3];
/**
 * Median energy ratio from which a predicted multiple counts as present (a coherent event on most traces). On the
 * seeded evaluation lines a line with a multiple reads 3.2, lines without one 0.4-1.0; real dev lines 0.06-1.03.
 */
export const MIN_MULTIPLE_ENERGY_RATIO = 2;
/** Share of the traces that must reach the curve's full window for a verdict. */
const MIN_TRACE_SHARE = 0.25;

/** Predicted sample of the order-k multiple of a seabed at `seabedSample` (time of sample 0 = `delaySamples` after the shot). */
export function multipleSample(seabedSample: number, order: number, delaySamples = 0): number {
  return order * (seabedSample + delaySamples) - delaySamples;
}

/** Collects, trace by trace (any chunking), the energy ratio along each order's predicted curve. */
export class MultipleAccumulator {
  private readonly ratios: Float32Array[];
  private readonly curves: Float32Array[];
  private readonly half: number;
  private readonly near: number;
  private readonly far: number;

  constructor(
    private readonly traces: number,
    periodSamples: number,
    private readonly delaySamples = 0,
    private readonly orders: readonly number[] = MULTIPLE_ORDERS,
  ) {
    const p = Number.isFinite(periodSamples) && periodSamples > 0 ? periodSamples : 8;
    this.half = Math.max(1, Math.round(p / 2));
    this.near = Math.max(this.half + 1, Math.round(2 * p));
    this.far = Math.max(this.near + 2, Math.round(4 * p));
    this.ratios = orders.map(() => new Float32Array(traces).fill(NaN));
    this.curves = orders.map(() => new Float32Array(traces).fill(NaN));
  }

  /** Adds trace `trace` (samples [offset, offset + samples) of `d`) whose seabed pick is `seabedSample` (NaN = none). */
  add(d: Float32Array, offset: number, samples: number, trace: number, seabedSample: number): void {
    if (Number.isNaN(seabedSample)) return;
    this.orders.forEach((k, o) => {
      const m = multipleSample(seabedSample, k, this.delaySamples);
      if (!(m >= 0 && m < samples)) return;
      this.curves[o]![trace] = m;
      const c = Math.round(m);
      if (c - this.far < 0 || c + this.far >= samples) return;
      let on = 0,
        around = 0;
      for (let s = c - this.half; s <= c + this.half; s++) on += d[offset + s]! ** 2;
      for (let j = this.near; j <= this.far; j++) around += d[offset + c - j]! ** 2 + d[offset + c + j]! ** 2;
      on /= 2 * this.half + 1;
      around /= 2 * (this.far - this.near + 1);
      this.ratios[o]![trace] = around > 0 ? on / around : on > 0 ? Infinity : NaN;
    });
  }

  /** The multiples the line shows (median ratio >= the threshold on enough traces), lowest order first. */
  result(): SeabedMultiple[] {
    const out: SeabedMultiple[] = [];
    this.orders.forEach((order, o) => {
      const r = Array.from(this.ratios[o]!)
        .filter((v) => !Number.isNaN(v))
        .sort((a, b) => a - b);
      if (r.length < Math.max(1, MIN_TRACE_SHARE * this.traces)) return;
      const energyRatio = r[Math.floor(r.length / 2)]!;
      if (energyRatio >= MIN_MULTIPLE_ENERGY_RATIO) out.push({ order, samples: this.curves[o]!, energyRatio });
    });
    return out;
  }
}
