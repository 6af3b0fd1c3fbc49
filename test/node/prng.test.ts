import { describe, expect, it } from 'vitest';
import { Rng, deriveSeed } from '../../src/core/prng';

describe('Rng', () => {
  it('is deterministic by seed and differs across seeds', () => {
    const a = new Rng(42),
      b = new Rng(42),
      c = new Rng(43);
    const sa = Array.from({ length: 8 }, () => a.nextUint32());
    expect(sa).toEqual(Array.from({ length: 8 }, () => b.nextUint32()));
    expect(sa).not.toEqual(Array.from({ length: 8 }, () => c.nextUint32()));
  });
  it('has uniform mean 0.5 and normal moments 0/1', () => {
    const r = new Rng(1);
    let su = 0,
      sn = 0,
      sn2 = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      su += r.next();
      const z = r.normal();
      sn += z;
      sn2 += z * z;
    }
    expect(Math.abs(su / n - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(sn / n)).toBeLessThan(0.01);
    expect(Math.abs(sn2 / n - 1)).toBeLessThan(0.02);
  });
  it('gamma(1) has mean 1 and dirichlet sums to 1', () => {
    const r = new Rng(7);
    let s = 0;
    for (let i = 0; i < 50_000; i++) s += r.gamma(1);
    expect(Math.abs(s / 50_000 - 1)).toBeLessThan(0.03);
    const d = r.dirichlet([1, 1, 1, 1, 1]);
    expect(d.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
  });
  it('deriveSeed separates tuples', () => {
    expect(deriveSeed(1, 2)).not.toBe(deriveSeed(2, 1));
    expect(deriveSeed(1, 2)).toBe(deriveSeed(1, 2));
    expect(deriveSeed(2 ** 40)).not.toBe(deriveSeed(0));
  });
});
