import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/prng';
import {
  PatchKind,
  augmentationSettings,
  blurWithSigma,
  coarseDropout,
  drawPatchGeometry,
  elasticDeformation,
  frequencyNoise,
  gaussianBlur,
  gaussianNoise,
  laplacian,
  perspectiveTransform,
  renderPatch,
} from '../../../src/core/synthetic/index';
import type { AugmentationSettings } from '../../../src/core/synthetic/index';

const patch = (seed: number): Float32Array => {
  const g = drawPatchGeometry(new Rng(seed), PatchKind.bsrPositive);
  g.brightness = 1;
  return renderPatch(g);
};
const mean = (a: Float32Array): number => a.reduce((s, v) => s + v, 0) / a.length;
const variance = (a: Float32Array): number => {
  const m = mean(a);
  return a.reduce((s, v) => s + (v - m) ** 2, 0) / a.length;
};
/** Energy of horizontal + vertical first differences: high-frequency content. */
const roughness = (a: Float32Array): number => {
  let e = 0;
  for (let y = 0; y < 47; y++)
    for (let x = 0; x < 47; x++)
      e += (a[y * 48 + x + 1]! - a[y * 48 + x]!) ** 2 + (a[(y + 1) * 48 + x]! - a[y * 48 + x]!) ** 2;
  return e;
};
const diff = (a: Float32Array, b: Float32Array): number => a.reduce((s, v, i) => s + Math.abs(v - b[i]!), 0) / a.length;
const train = augmentationSettings(1, 'train');
const with_ = (o: Partial<AugmentationSettings>): AugmentationSettings => ({ ...train, ...o });

describe('augmentations', () => {
  it('blur lowers high-frequency energy and keeps the mean', () => {
    const p = patch(1),
      b = blurWithSigma(p.slice(), 1.5);
    expect(roughness(b)).toBeLessThan(0.6 * roughness(p));
    expect(Math.abs(mean(b) - mean(p))).toBeLessThan(1e-3);
    expect(gaussianBlur(p.slice(), new Rng(0), with_({ blurSigma: 1e-4 }))).toEqual(p); // below imgaug's eps: no-op
  });

  it('noise adds variance ≈ scale²', () => {
    const p = new Float32Array(48 * 48);
    let v = 0;
    for (let s = 0; s < 20; s++) v += variance(gaussianNoise(p.slice(), new Rng(s), with_({ noiseScale: 0.05 })));
    expect(v / 20).toBeGreaterThan(0.05 ** 2 * 0.95);
    expect(v / 20).toBeLessThan(0.05 ** 2 * 1.05);
  });

  it('dropout zeroes whole rectangles of the low-res grid', () => {
    const p = new Float32Array(48 * 48).fill(1);
    const d = coarseDropout(p, new Rng(2), with_({ dropoutP: 0.3, dropoutSizePercent: [0.1, 0.1] }));
    const zeros = d.filter((v) => v === 0).length;
    expect(zeros).toBeGreaterThan(48 * 48 * 0.1);
    // low-res grid max(int(0.1·48), 4) = 4 cells: each 12x12 block is all zero or all one
    for (let by = 0; by < 4; by++)
      for (let bx = 0; bx < 4; bx++) {
        const first = d[by * 12 * 48 + bx * 12];
        for (let y = 0; y < 12; y++)
          for (let x = 0; x < 12; x++) expect(d[(by * 12 + y) * 48 + bx * 12 + x]).toBe(first);
      }
  });

  it('elastic deformation changes pixels but keeps the mean', () => {
    let changed = 0,
      drift = 0;
    for (let s = 0; s < 10; s++) {
      const p = patch(s),
        e = elasticDeformation(p.slice(), new Rng(s), with_({ elasticAlpha: [3, 3.5], elasticSigma: [1, 1.5] }));
      changed += diff(e, p);
      drift += Math.abs(mean(e) - mean(p));
    }
    expect(changed / 10).toBeGreaterThan(1e-3);
    expect(drift / 10).toBeLessThan(0.02);
  });

  it('perspective moves structures (geometry changes, values stay in range)', () => {
    const p = patch(3);
    const q = perspectiveTransform(p.slice(), new Rng(4), with_({ perspectiveScale: [0.08, 0.1] }));
    expect(diff(q, p)).toBeGreaterThan(0.01);
    const maxAbs = (a: Float32Array): number => Math.max(...Array.from(a, Math.abs));
    expect(maxAbs(q)).toBeLessThan(maxAbs(p) * 1.3); // bicubic may overshoot a little, not more
  });

  it('frequency noise blends in the Laplacian edge image', () => {
    const p = patch(6),
      f = frequencyNoise(p.slice(), new Rng(6), with_({ freqSizePxMax: 12 }));
    const edge = laplacian(p, 48, new Float32Array(48 * 48));
    // out = a·edge + (1-a)·p with a in [0, 1]: each output lies between p and edge
    let between = 0,
      moved = 0;
    for (let i = 0; i < p.length; i++) {
      const lo = Math.min(p[i]!, edge[i]!) - 1e-5,
        hi = Math.max(p[i]!, edge[i]!) + 1e-5;
      if (f[i]! >= lo && f[i]! <= hi) between++;
      if (Math.abs(f[i]! - p[i]!) > 1e-4) moved++;
    }
    expect(between).toBe(p.length);
    expect(moved).toBeGreaterThan(p.length * 0.05);
  });

  it('test profile is stronger than train on average', () => {
    const strength = (profile: 'train' | 'test'): number => {
      let d = 0;
      for (let seed = 0; seed < 40; seed++) {
        const s = augmentationSettings(seed, profile);
        const p = patch(seed);
        for (const f of [gaussianBlur, gaussianNoise, coarseDropout]) d += diff(f(p.slice(), new Rng(seed), s), p);
      }
      return d;
    };
    expect(strength('test')).toBeGreaterThan(1.3 * strength('train'));
    const a = augmentationSettings(1, 'test'),
      b = augmentationSettings(1, 'test');
    expect(a).toEqual(b); // per-data-set constants depend only on (seed, profile)
  });
});
