import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/prng';
import {
  KEEP_POLARITY_PERCENTILES,
  PercentileAccumulator,
  StandardisationError,
  exactPercentiles,
  exactPercentilesAsync,
} from '../../../src/core/synthetic/index';

/** numpy 'linear' percentile by full sort, independent of the streaming code. */
function naivePercentile(values: Float32Array, q: number): number {
  const s = Float64Array.from(values).sort();
  const virtual = (s.length - 1) * (q / 100);
  if (virtual >= s.length - 1) return s[s.length - 1]!;
  const k = Math.floor(virtual),
    t = virtual - k,
    a = s[k]!,
    b = s[k + 1]!;
  return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
}

function chunked(data: Float32Array, sizes: number[]): Float32Array[] {
  const out: Float32Array[] = [];
  let at = 0,
    i = 0;
  while (at < data.length) {
    const n = sizes[i++ % sizes.length]!;
    out.push(data.subarray(at, at + n));
    at += n;
  }
  return out;
}

describe('PercentileAccumulator', () => {
  const fixture = JSON.parse(readFileSync(new URL('./fixtures/numpy-percentile.json', import.meta.url), 'utf8')) as {
    cases: { values: number[]; percentiles: [number, number] }[];
  };
  for (const c of fixture.cases) {
    it(`equals numpy's np.percentile on ${c.values.length} values`, () => {
      const acc = exactPercentiles(() => [Float32Array.from(c.values)], KEEP_POLARITY_PERCENTILES);
      expect(acc.values()).toEqual(c.percentiles);
    });
  }

  it('is exact on random data with ties and both signs, independent of chunking', async () => {
    const rng = new Rng(3);
    const data = new Float32Array(50_003).map(() =>
      rng.chance(0.2) ? 0 : rng.chance(0.1) ? 1.5 : rng.normal(0, 2) ** 3,
    );
    const qs = [0, 0.5, 12.5, 50, 99.5, 100];
    const expected = qs.map((q) => naivePercentile(data, q));
    const whole = exactPercentiles(() => [data], qs).values();
    expect(whole).toEqual(expected);
    const pieces = exactPercentiles(() => chunked(data, [1, 999, 17, 4096]), qs).values();
    expect(pieces).toEqual(expected);
    const asyncPieces = await exactPercentilesAsync(async function* () {
      yield* chunked(data, [5000, 3]);
    }, qs);
    expect(asyncPieces.values()).toEqual(expected);
    expect(whole).not.toEqual(qs.map((q) => naivePercentile(data.subarray(1), q))); // sensitive to one value
  });

  it('reports min and max and rejects NaN / empty input with a typed error', () => {
    const acc = exactPercentiles(() => [Float32Array.of(-0, 3, -7.5, 2)], [50]);
    expect([acc.min, acc.max]).toEqual([-7.5, 3]);
    expect(() => exactPercentiles(() => [Float32Array.of(1, NaN)], [50])).toThrow(StandardisationError);
    expect(() => exactPercentiles(() => [], [50])).toThrow(StandardisationError);
    expect(() => new PercentileAccumulator([101])).toThrow(RangeError);
  });
});
