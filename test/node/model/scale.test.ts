import { describe, expect, it } from 'vitest';
import {
  countParams,
  sampleCandidate,
  scaleSpecWidths,
  specId,
  validateSpec,
  perceptionOutWidth,
} from '../../../src/core/model';

describe('scaleSpecWidths', () => {
  it('keeps topology and validity, shrinks parameters roughly by factor²', () => {
    for (let i = 0; i < 50; i++) {
      const spec = sampleCandidate(3, i);
      const small = scaleSpecWidths(spec, 0.125);
      expect(() => validateSpec(small)).not.toThrow();
      for (const p of small.perception) expect(p.width).toBe(perceptionOutWidth(p));
      expect(small.perception.map((p) => [p.mm.size, p.c1.k, p.c2.k, p.pool1.size, p.pool2.size])).toEqual(
        spec.perception.map((p) => [p.mm.size, p.c1.k, p.c2.k, p.pool1.size, p.pool2.size]),
      );
      const ratio = countParams(small) / countParams(spec);
      expect(ratio).toBeGreaterThan(0.125 ** 2 * 0.5);
      expect(ratio).toBeLessThan(0.125 * 0.5);
    }
  });
  it('factor 1 is the identity and bad factors are refused', () => {
    const spec = sampleCandidate(1, 0);
    expect(specId(scaleSpecWidths(spec, 1))).toBe(specId(spec));
    expect(() => scaleSpecWidths(spec, 0)).toThrow(RangeError);
    expect(() => scaleSpecWidths(spec, 2)).toThrow(RangeError);
  });
});
