/**
 * Polarity check. The generator draws the seabed positive over negative (a hard seabed has a positive
 * reflection coefficient), and the network learned that a BSR is the reverse. A line recorded or
 * displayed the other way (European/SEG reverse convention) would turn every BSR into a "normal"
 * reflector and the seabed into a BSR look-alike, so the line's own seabed is read: the sign of
 * its first strong lobe (seabed.ts picks that lobe's extremum), averaged over traces.
 */

/** What the seabed says about the line's polarity. */
export interface PolarityReading {
  /** 'normal' = seabed positive first, as the generator draws it; 'reversed' = negative first; 'unknown' = no seabed or no agreement. */
  polarity: 'normal' | 'reversed' | 'unknown';
  /** Mean of sign x |a| / mean |a| over the picked traces, -1..1 (1: every trace's seabed lobe is positive). */
  score: number;
  /** Traces that were read. */
  traces: number;
}

/** Reads the polarity at the seabed picks (NaN picks are skipped); |score| below `minScore` (default 0.4) is 'unknown'. */
export function readPolarity(
  data: Float32Array,
  traces: number,
  samples: number,
  seabed: Float32Array,
  minScore = 0.4,
): PolarityReading {
  let signed = 0,
    total = 0,
    n = 0;
  for (let t = 0; t < traces; t++) {
    const p = seabed[t]!;
    if (Number.isNaN(p)) continue;
    const s = Math.min(samples - 1, Math.max(0, Math.round(p)));
    const a = data[t * samples + s]!;
    signed += a;
    total += Math.abs(a);
    n++;
  }
  return polarityFromSums(signed, total, n, minScore);
}

/** The reading from its running sums: Σa and Σ|a| of the seabed lobes over `n` traces. */
export function polarityFromSums(signed: number, total: number, n: number, minScore = 0.4): PolarityReading {
  const score = total > 0 ? signed / total : 0;
  return {
    polarity: n === 0 || Math.abs(score) < minScore ? 'unknown' : score > 0 ? 'normal' : 'reversed',
    score,
    traces: n,
  };
}
