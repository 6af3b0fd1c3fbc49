import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/prng';
import {
  applyKeepPolarity,
  buildDataset,
  generateRawPatches,
  keepPolarityScale,
} from '../../../src/core/synthetic/index';

/** Statistics_Data_Scale by full sort, written from the seed's definition. */
function naiveBounds(values: Float32Array): { min: number; max: number } {
  const s = Float64Array.from(values).sort();
  const pct = (q: number): number => {
    const v = (s.length - 1) * (q / 100),
      k = Math.floor(v),
      t = v - k;
    return t >= 0.5 ? s[k + 1]! - (s[k + 1]! - s[k]!) * (1 - t) : s[k]! + (s[k + 1]! - s[k]!) * t;
  };
  const d = 1 - 0.99,
    lower = pct(100 * d * 0.5),
    upper = pct(100 * (1 - d * 0.5));
  const inside = s.filter((v) => v >= lower && v <= upper);
  let min = inside[0]!,
    max = inside[inside.length - 1]!;
  if (Math.abs(max) > Math.abs(min) && min * max < 0) min = -max;
  if (Math.abs(max) < Math.abs(min) && min * max < 0) max = -min;
  return { min, max };
}

describe('keep-polarity standardisation', () => {
  it('computes the seed bounds exactly, whatever the chunking', () => {
    const rng = new Rng(11);
    const data = new Float32Array(30_000).map(() => rng.normal(0.3, 1) * (rng.chance(0.5) ? 1 : 3));
    const expected = naiveBounds(data);
    const b = keepPolarityScale(data);
    expect({ min: b.min, max: b.max }).toEqual(expected);
    const c = keepPolarityScale([data.subarray(0, 7), data.subarray(7, 20_000), data.subarray(20_000)]);
    expect(c).toEqual(b);
  });

  it('maps a generated data set into [-1, 1], keeps zero and sign, clips the percentile tails', () => {
    const raw = generateRawPatches({ seed: 5, count: 300 });
    const original = raw.patches.slice();
    const ds = buildDataset(raw);
    const { min, max } = naiveBounds(original);
    const y = ds.inputs;
    let clipped = 0,
      expectedClipped = 0,
      outside = 0,
      zeroMoved = 0,
      signFlipped = 0;
    for (let i = 0; i < y.length; i++) {
      const v = original[i]!,
        s = y[i]!;
      if (Math.abs(s) > 1) outside++;
      if (v === 0 && s !== 0) zeroMoved++; // -0 (from dropout) counts as zero
      if (v !== 0 && Math.sign(s) !== Math.sign(v)) signFlipped++;
      if (Math.abs(s) === 1) clipped++;
      if (v >= max || v <= min) expectedClipped++;
    }
    expect({ outside, zeroMoved, signFlipped }).toEqual({ outside: 0, zeroMoved: 0, signFlipped: 0 });
    expect(original.some((v) => v === 0)).toBe(true);
    expect(clipped).toBe(expectedClipped);
    // One tail is cut at its 0.5 % point, the other at the mirrored bound: between 0.5 % and 1 % (+ ties).
    const fraction = clipped / y.length;
    expect(fraction).toBeGreaterThanOrEqual(0.005);
    expect(fraction).toBeLessThanOrEqual(0.01 + 2 / y.length);
    // One scale for the whole set: brightness differences between patches survive.
    const rms = (j: number): number =>
      Math.sqrt(y.subarray(j * 2304, (j + 1) * 2304).reduce((s, v) => s + v * v, 0) / 2304);
    const r = Array.from({ length: 300 }, (_, j) => rms(j));
    expect(Math.max(...r) / Math.min(...r)).toBeGreaterThan(3);
  });

  it('falls back to min-max scaling (as the seed) when all values share a sign', () => {
    const data = Float32Array.from({ length: 1000 }, (_, i) => 1 + i);
    const b = keepPolarityScale(data);
    expect(b.keepsPolarity).toBe(false);
    const out = applyKeepPolarity(data, b, new Float32Array(1000));
    expect(Math.min(...out)).toBe(-1);
    expect(Math.max(...out)).toBe(1);
  });
});
