import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/prng';
import { PatchKind, drawPatchGeometry, fillLayerProfile, renderPatch } from '../../../src/core/synthetic/index';

describe('patch geometry', () => {
  it('BSR positive and negative from identical parameters differ only in reflector polarity', () => {
    for (let s = 0; s < 20; s++) {
      const g = drawPatchGeometry(new Rng(s), PatchKind.bsrPositive);
      g.positive = 0.6;
      g.negative = -0.6; // equal magnitudes: the negative kind's reflector is exactly the opposite
      const pos = renderPatch(g);
      const neg = renderPatch({ ...g, kind: PatchKind.bsrNegative });
      let reflector = 0,
        same = 0;
      for (let i = 0; i < pos.length; i++) {
        if (pos[i] === neg[i]) same++;
        else {
          expect(pos[i]).toBeCloseTo(-neg[i]!, 6);
          reflector++;
        }
      }
      expect(reflector).toBeGreaterThan(48 * 2); // a band at least ~2 px thick across the patch
      expect(same).toBeGreaterThan(48 * 30); // the layered background is untouched
    }
  });

  it('puts the negative lobe on top for BSR positive and the positive lobe on top for BSR negative', () => {
    const g = drawPatchGeometry(new Rng(5), PatchKind.bsrPositive);
    g.reflectorDipDeg = 0;
    g.centre = 0.5;
    g.thickness = 0.1;
    g.positive = 0.9;
    g.negative = -0.5;
    const column = (kind: PatchKind): number[] => {
      const p = renderPatch({ ...g, kind, brightness: 1 });
      return Array.from({ length: 48 }, (_, y) => p[y * 48 + 24]!);
    };
    const pos = column(PatchKind.bsrPositive),
      neg = column(PatchKind.bsrNegative);
    const first = (c: number[], v: number): number => c.findIndex((x) => Math.abs(x - v) < 1e-6);
    expect(first(pos, -0.5)).toBeLessThan(first(pos, 0.9));
    expect(first(neg, 0.9)).toBeLessThan(first(neg, -0.5));
  });

  it('seabed patches have water (zeros) above the reflector; environmental ones are all layers', () => {
    const g = drawPatchGeometry(new Rng(8), PatchKind.seabed);
    g.reflectorDipDeg = 0;
    g.centre = 0.5;
    const sea = renderPatch(g);
    expect(sea.subarray(0, 48 * 10).every((v) => v === 0)).toBe(true);
    expect(sea.subarray(48 * 38).some((v) => v !== 0)).toBe(true);
    const env = renderPatch(drawPatchGeometry(new Rng(8), PatchKind.environmental));
    expect(env.filter((v) => v === 0).length).toBeLessThan(48);
  });

  it('layer profiles use values in U(-0.3, 0.24), facies 1..4 lines, last row U(-0.3, 0.3), first rows 0', () => {
    const rows = new Float32Array(97);
    const rng = new Rng(1);
    let runs = 0,
      lines = 0;
    for (let t = 0; t < 200; t++) {
      fillLayerProfile(rng, rows, 97);
      for (let r = 0; r < 96; r++) {
        expect(rows[r]!).toBeGreaterThanOrEqual(-0.3);
        expect(rows[r]!).toBeLessThan(0.24);
      }
      expect(Math.abs(rows[96]!)).toBeLessThanOrEqual(0.3);
      let start = rows.findIndex((v) => v !== 0);
      expect(start).toBeLessThanOrEqual(3); // the seed leaves rows 0..split-2 of the first facies at 0
      for (let r = start + 1; r <= 95; r++) {
        if (rows[r] !== rows[r - 1] || r === 95) {
          const len = r - start;
          if (r !== 95) {
            expect(len).toBeGreaterThanOrEqual(1);
            expect(len).toBeLessThanOrEqual(4);
            runs++;
            lines += len;
          }
          start = r;
        }
      }
    }
    // rint(U(1,4)) has mean 1/6·1 + 1/3·2 + 1/3·3 + 1/6·4 = 2.5 lines
    expect(lines / runs).toBeGreaterThan(2.3);
    expect(lines / runs).toBeLessThan(2.7);
  });

  it('brightness scales the whole patch', () => {
    const g = drawPatchGeometry(new Rng(4), PatchKind.bsrNegative);
    const a = renderPatch({ ...g, brightness: 1 }),
      b = renderPatch({ ...g, brightness: 0.25 });
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i]! * 0.25, 6);
  });
});
