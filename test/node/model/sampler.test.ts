import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rng } from '../../../src/core/prng';
import { V1P2, pairs, roundHalfEven, sampleCandidate, splitWidth } from '../../../src/core/model/sampler';
import { specId } from '../../../src/core/model/hash';
import { unitWidths } from '../../../src/core/model/spec';
import type { CandidateSpec } from '../../../src/core/model/spec';
import { validateSpec } from '../../../src/core/model/validate';

const N = 1000;
const SEED = 20200708;
const specs: CandidateSpec[] = Array.from({ length: N }, (_, i) => sampleCandidate(SEED, i));
const inRange = (v: number, [lo, hi]: readonly [number, number]): boolean => Number.isInteger(v) && v >= lo && v < hi;

describe('sampleCandidate (V1p2 search space)', () => {
  it('keeps every width, kernel and pool of 1,000 candidates inside the ranges of §2', () => {
    for (const s of specs) {
      expect(() => validateSpec(s)).not.toThrow();
      expect(inRange(s.stem.conv0.width, V1P2.conv0Width)).toBe(true);
      expect(s.stem.conv1.width).toBe(s.stem.conv0.width);
      expect(inRange(s.stem.conv2.width, V1P2.conv2Width)).toBe(true);
      expect([s.stem.conv0.kernel, s.stem.conv0.stride, s.stem.conv1.stride, s.stem.conv2.kernel]).toEqual([
        7, 2, 1, 3,
      ]);
      expect(s.poolBeforeP5).toBe(true);
      expect(s.activations).toEqual({ stem: 'relu', fusion: 'relu', output: 'linear' });
      for (const p of s.perception) {
        expect(inRange(p.width, V1P2.perceptionWidth)).toBe(true);
        const units = unitWidths(p);
        expect(units.reduce((a, b) => a + b, 0)).toBe(p.width);
        for (const u of units) expect(u).toBeGreaterThanOrEqual(2);
        expect([1, 2]).toContain(p.mm.size);
        expect(inRange(p.c1.bottleneck, V1P2.bottleneck) && inRange(p.c2.bottleneck, V1P2.bottleneck)).toBe(true);
        expect(V1P2.kSizes).toContain(p.c1.k);
        expect(V1P2.kSizes).toContain(p.c2.k);
        expect(p.c1.k).toBeLessThan(p.c2.k);
        expect(V1P2.poolSizes).toContain(p.pool1.size);
        expect(V1P2.poolSizes).toContain(p.pool2.size);
        expect(p.pool1.size).toBeLessThan(p.pool2.size);
        for (const b of [p.pool1, p.pool2]) {
          // half/half split of the pooling unit, the odd filter going by numpy's round-half-even
          expect(b.maxWidth).toBe(roundHalfEven((b.maxWidth + b.minWidth) / 2));
          expect(Math.abs(b.maxWidth - b.minWidth)).toBeLessThanOrEqual(1);
        }
      }
      if (s.sharedScales) {
        const [a, ...rest] = s.perception;
        for (const p of rest) {
          expect([p.mm.size, p.c1.k, p.c2.k, p.pool1.size, p.pool2.size]).toEqual([
            a.mm.size,
            a.c1.k,
            a.c2.k,
            a.pool1.size,
            a.pool2.size,
          ]);
        }
      }
    }
  });

  it('shares scales in about half of the candidates (within 4 sigma)', () => {
    const shared = specs.filter((s) => s.sharedScales).length;
    expect(Math.abs(shared - N / 2)).toBeLessThan(4 * Math.sqrt(N * 0.25));
    // Unshared candidates really draw per layer: most of them differ somewhere across layers.
    const varied = specs.filter(
      (s) =>
        !s.sharedScales &&
        s.perception.some(
          (p) =>
            p.c1.k !== s.perception[0].c1.k ||
            p.pool1.size !== s.perception[0].pool1.size ||
            p.mm.size !== s.perception[0].mm.size,
        ),
    );
    expect(varied.length).toBeGreaterThan(0.8 * (N - shared));
  });

  it('covers the whole space: range ends, all 10 k pairs, all 6 pool pairs, both M', () => {
    const w0 = specs.map((s) => s.stem.conv0.width);
    const pw = specs.flatMap((s) => s.perception.map((p) => p.width));
    const bw = specs.flatMap((s) => s.perception.flatMap((p) => [p.c1.bottleneck, p.c2.bottleneck]));
    expect(Math.min(...w0)).toBeLessThanOrEqual(34);
    expect(Math.max(...w0)).toBeGreaterThanOrEqual(253);
    expect(Math.min(...pw)).toBeLessThanOrEqual(132);
    expect(Math.max(...pw)).toBeGreaterThanOrEqual(635);
    expect(Math.min(...bw)).toBeLessThanOrEqual(18);
    expect(Math.max(...bw)).toBeGreaterThanOrEqual(381);
    const kPairs = new Set(specs.flatMap((s) => s.perception.map((p) => `${p.c1.k},${p.c2.k}`)));
    const poolPairs = new Set(specs.flatMap((s) => s.perception.map((p) => `${p.pool1.size},${p.pool2.size}`)));
    expect(kPairs.size).toBe(10);
    expect(poolPairs.size).toBe(6);
    expect(new Set(specs.flatMap((s) => s.perception.map((p) => p.mm.size)))).toEqual(new Set([1, 2]));
  });

  it('splits widths like Dirichlet(1,1,1,1,1): each unit gets a fifth on average', () => {
    const shares = [0, 0, 0, 0, 0];
    for (const s of specs)
      for (const p of s.perception)
        unitWidths(p).forEach((u, i) => (shares[i] = (shares[i] as number) + u / p.width / (3 * N)));
    for (const m of shares) expect(m).toBeCloseTo(0.2, 1);
    // Dirichlet(1,...) shares have sd ~0.163, a uniform-ish split would not
    const mm = specs.flatMap((s) => s.perception.map((p) => p.mm.width / p.width));
    const sd = Math.sqrt(mm.reduce((a, x) => a + (x - 0.2) ** 2, 0) / mm.length);
    expect(sd).toBeGreaterThan(0.14);
    expect(sd).toBeLessThan(0.19);
  });

  it('is a pure function of (seed, index)', () => {
    expect(sampleCandidate(SEED, 17)).toEqual(specs[17]);
    expect(specId(sampleCandidate(SEED, 17))).toBe(specId(specs[17] as CandidateSpec));
    expect(specId(sampleCandidate(SEED + 1, 17))).not.toBe(specId(specs[17] as CandidateSpec));
    expect(new Set(specs.map(specId)).size).toBe(N);
  });
});

describe('splitWidth', () => {
  it('always sums to the width with every unit >= 2 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 10, max: 2000 }), (seed, width) => {
        const w = splitWidth(new Rng(seed), width);
        return (
          w.length === 5 && w.reduce((a, b) => a + b, 0) === width && w.every((u) => Number.isInteger(u) && u >= 2)
        );
      }),
      { numRuns: 3000 },
    );
  });
  it('refuses widths that cannot give five units of 2', () => {
    expect(() => splitWidth(new Rng(1), 9)).toThrow(RangeError);
    expect(splitWidth(new Rng(1), 10)).toEqual([2, 2, 2, 2, 2]);
  });
});

describe('helpers', () => {
  it('roundHalfEven rounds halves like numpy', () => {
    expect([0.5, 1.5, 2.5, 3.5, 11.5, 4.5, 2.4, 2.6, 7].map(roundHalfEven)).toEqual([0, 2, 2, 4, 12, 4, 2, 3, 7]);
  });
  it('pairs lists 2-combinations in order', () => {
    expect(pairs([2, 3, 4, 5])).toEqual([
      [2, 3],
      [2, 4],
      [2, 5],
      [3, 4],
      [3, 5],
      [4, 5],
    ]);
    expect(pairs(V1P2.kSizes)).toHaveLength(10);
  });
});
