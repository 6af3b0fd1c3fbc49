/**
 * "Keep polarity" standardisation (seed: helper.Statistics_Data_Scale + Standardize_Seismic),
 * computed ONCE over a whole data set or section: bounds from the 0.5th / 99.5th percentiles,
 * the extreme data values inside them, made symmetric about zero, then clip and divide by the
 * symmetric bound so values land in [-1, 1], zero stays zero and the sign is kept.
 */
import { PercentileAccumulator, exactPercentiles, exactPercentilesAsync } from './percentile';
import { StandardisationError } from './types';

/** Bounds for {@link applyKeepPolarity}; all in data units. */
export interface KeepPolarityBounds {
  /** np.percentile(data, 0.5). */
  lowerPercentile: number;
  /** np.percentile(data, 99.5). */
  upperPercentile: number;
  /** Clip minimum (after zero-centralisation). */
  min: number;
  /** Clip maximum (after zero-centralisation). */
  max: number;
  /** False when min and max share a sign: the seed then min-max maps to [-1, 1] and zero moves. */
  keepsPolarity: boolean;
  /** Divisor of the keep-polarity branch: max(max, -min). */
  symmetricBound: number;
}

// Same float arithmetic as the seed: delta = 1 - 0.99, percentiles 100·δ·0.5 and 100·(1 - δ·0.5).
const DELTA = 1 - 0.99;
/** The percentiles the seed uses, [≈0.5, ≈99.5]. */
export const KEEP_POLARITY_PERCENTILES: readonly [number, number] = [100 * DELTA * 0.5, 100 * (1 - DELTA * 0.5)];

/** A fresh accumulator for the two keep-polarity percentiles (drive it yourself over chunks). */
export function keepPolarityAccumulator(): PercentileAccumulator {
  return new PercentileAccumulator(KEEP_POLARITY_PERCENTILES);
}

/** Bounds from a finished {@link keepPolarityAccumulator}. */
export function boundsFromAccumulator(acc: PercentileAccumulator): KeepPolarityBounds {
  const lo = acc.percentile(0),
    hi = acc.percentile(1);
  // Extremes of the values within [lower, upper]: neighbours of the interpolated percentiles.
  let min = lo.below >= lo.value ? lo.below : lo.above;
  let max = hi.above <= hi.value ? hi.above : hi.below;
  if (min > max) throw new StandardisationError('no data value lies between the 0.5th and 99.5th percentiles');
  if (Math.abs(max) > Math.abs(min) && min * max < 0) min = -max;
  if (Math.abs(max) < Math.abs(min) && min * max < 0) max = -min;
  const keepsPolarity = max * min < 0;
  return {
    lowerPercentile: lo.value,
    upperPercentile: hi.value,
    min,
    max,
    keepsPolarity,
    symmetricBound: max >= -min ? max : -min,
  };
}

/** Keep-polarity bounds of `data`: one array, or a re-iterable source of chunks (two passes). */
export function keepPolarityScale(
  data: Float32Array | readonly Float32Array[] | (() => Iterable<Float32Array>),
): KeepPolarityBounds {
  const chunks = data instanceof Float32Array ? () => [data] : typeof data === 'function' ? data : () => data;
  return boundsFromAccumulator(exactPercentiles(chunks, KEEP_POLARITY_PERCENTILES));
}

/** Async {@link keepPolarityScale}; `chunks()` is called once per pass. */
export async function keepPolarityScaleAsync(
  chunks: () => AsyncIterable<Float32Array> | Iterable<Float32Array>,
): Promise<KeepPolarityBounds> {
  return boundsFromAccumulator(await exactPercentilesAsync(chunks, KEEP_POLARITY_PERCENTILES));
}

/** Standardises `data` with `bounds` into `out` (default: in place); returns `out`. */
export function applyKeepPolarity(
  data: Float32Array,
  bounds: KeepPolarityBounds,
  out: Float32Array = data,
): Float32Array {
  const { min, max } = bounds;
  if (bounds.keepsPolarity) {
    const s = bounds.symmetricBound;
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      out[i] = (v > max ? max : v < min ? min : v) / s;
    }
  } else {
    // The seed's fallback ("Caution: normalized between feature range"): min-max to [-1, 1].
    const span = max - min;
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      const c = v > max ? max : v < min ? min : v;
      out[i] = span > 0 ? ((c - min) / span) * 2 - 1 : 0;
    }
  }
  return out;
}
