import { describe, expect, it } from 'vitest';
import { bestSoFar, emaSmooth, linearTicks, logTicks } from '../../../src/core/search/plots';
import {
  SPEC_PARAMETERS,
  averageRanks,
  brushFilter,
  parameterImportance,
  spearman,
} from '../../../src/core/search/spec-params';
import { paretoFrontBy } from '../../../src/core/search/leaderboard';
import { sampleCandidate } from '../../../src/core/model';
import { Rng } from '../../../src/core/prng';

describe('plot helpers', () => {
  it('best so far skips unscored candidates and never decreases', () => {
    expect(bestSoFar([NaN, 0.5, 0.4, NaN, 0.7, 0.6])).toEqual([NaN, 0.5, 0.5, 0.5, 0.7, 0.7]);
  });
  it('EMA smoothing: weight 0 is the identity, constants stay constant (debiased), noise shrinks', () => {
    expect(emaSmooth([1, 3, 2], 0)).toEqual([1, 3, 2]);
    for (const v of emaSmooth([0.4, 0.4, 0.4, 0.4], 0.9)) expect(v).toBeCloseTo(0.4, 12);
    const rng = new Rng(1);
    const noisy = Array.from({ length: 200 }, () => 0.5 + (rng.next() - 0.5) * 0.2);
    const sm = emaSmooth(noisy, 0.8).slice(20);
    const spread = (xs: number[]) => Math.max(...xs) - Math.min(...xs);
    expect(spread(sm)).toBeLessThan(spread(noisy.slice(20)) / 2);
    expect(() => emaSmooth([1], 1)).toThrow(/smoothing weight/);
  });
  it('ticks are round and inside the range', () => {
    expect(linearTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(linearTicks(0.83, 0.97, 4)).toEqual([0.85, 0.9, 0.95]);
    expect(logTicks(0.03, 0.9)).toEqual([0.05, 0.1, 0.2, 0.5]);
  });
  it('Pareto front by any cost: lower-is-better and higher-is-better measures', () => {
    const items = [
      { id: 'a', meanTop5: 0.9, t: 10, rate: 100 },
      { id: 'b', meanTop5: 0.8, t: 5, rate: 50 },
      { id: 'c', meanTop5: 0.85, t: 20, rate: 200 },
      { id: 'd', meanTop5: NaN, t: 1, rate: 1 },
    ];
    expect([...paretoFrontBy(items, (i) => i.t, 'lower')].sort()).toEqual(['a', 'b']);
    expect([...paretoFrontBy(items, (i) => i.rate, 'higher')].sort()).toEqual(['a', 'c']);
  });
});

describe('parameters, rank correlation, brushing', () => {
  it('average ranks share ties', () => {
    expect(averageRanks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
  });
  it('Spearman: +1/-1 for monotone relations whatever their shape, ~0 for independent data, NaN when constant', () => {
    const x = [1, 2, 3, 4, 5, 6];
    expect(
      spearman(
        x,
        x.map((v) => v ** 3),
      ),
    ).toBeCloseTo(1, 12);
    expect(
      spearman(
        x,
        x.map((v) => -Math.exp(v)),
      ),
    ).toBeCloseTo(-1, 12);
    expect(spearman(x, [1, 1, 1, 1, 1, 1])).toBeNaN();
    // A textbook value: ranks (1,2,3,4,5) vs (2,1,4,3,5): rho = 1 - 6*4/(5*24) = 0.8.
    expect(spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])).toBeCloseTo(0.8, 12);
    const rng = new Rng(9);
    const a = Array.from({ length: 2000 }, () => rng.next()),
      b = Array.from({ length: 2000 }, () => rng.next());
    expect(Math.abs(spearman(a, b))).toBeLessThan(0.06);
  });
  it('importance ranks the parameter that drives the score first and marks constant ones', () => {
    const specs = Array.from({ length: 30 }, (_, i) => sampleCandidate(5, i));
    const p4 = SPEC_PARAMETERS.find((p) => p.key === 'p4Width')!;
    const imp = parameterImportance(specs.map((spec) => ({ spec, score: 0.5 + p4.value(spec) / 10_000 })));
    expect(imp[0]!.key).toBe('p4Width');
    expect(imp[0]!.rho).toBeCloseTo(1, 12);
    const dropout = imp.find((i) => i.key === 'dropout')!;
    expect(dropout.constant).toBe(true);
    expect(imp[imp.length - 1]!.rho).toBeNaN();
  });
  it('brushing keeps the ids inside every brushed axis', () => {
    const items = [
      { id: 'a', values: { w: 10, k: 3 } },
      { id: 'b', values: { w: 20, k: 5 } },
      { id: 'c', values: { w: 30, k: 4 } },
    ];
    expect([...brushFilter(items, {})].sort()).toEqual(['a', 'b', 'c']);
    expect([...brushFilter(items, { w: [15, 35] })].sort()).toEqual(['b', 'c']);
    expect([...brushFilter(items, { w: [35, 15], k: [3.5, 4.5] })]).toEqual(['c']);
  });
});
