import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resizeBatch, resizePatch, resizeTo112 } from '../../../src/core/synthetic/index';

interface Case {
  in: [number, number];
  out: [number, number];
  src: number[];
  expected: number[];
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/skimage-resize.json', import.meta.url), 'utf8')) as {
  cases: Case[];
};

describe('resizePatch (skimage resize, reflect, anti-aliased, order 1)', () => {
  for (const c of fixture.cases) {
    it(`matches skimage ${c.in.join('x')} -> ${c.out.join('x')}`, () => {
      const out = resizePatch(Float32Array.from(c.src), c.in[0], c.in[1], c.out[0], c.out[1]);
      const err = Math.max(...c.expected.map((e, i) => Math.abs(e - out[i]!)));
      expect(err).toBeLessThan(1e-5);
    });
  }
  it('keeps a constant image constant', () => {
    const out = resizeTo112(new Float32Array(48 * 48).fill(0.37));
    for (const v of out) expect(v).toBeCloseTo(0.37, 6);
  });
  it('keeps a linear ramp linear away from the borders', () => {
    const src = new Float32Array(48 * 48).map((_, i) => (i % 48) * 0.5 - Math.floor(i / 48) * 0.25);
    const out = resizeTo112(src);
    // Inside, bilinear interpolation of a linear function is exact: constant second differences = 0.
    for (let y = 5; y < 107; y++) {
      for (let x = 5; x < 106; x++) {
        const d2x = out[y * 112 + x - 1]! - 2 * out[y * 112 + x]! + out[y * 112 + x + 1]!;
        const d2y = out[(y - 1) * 112 + x]! - 2 * out[y * 112 + x]! + out[(y + 1) * 112 + x]!;
        expect(Math.abs(d2x) + Math.abs(d2y)).toBeLessThan(1e-4);
      }
    }
    // slope per output pixel = 0.5 · 48/112
    expect(out[50 * 112 + 60]! - out[50 * 112 + 59]!).toBeCloseTo((0.5 * 48) / 112, 4);
  });
  it('attenuates a checkerboard when downsampling (anti-aliasing)', () => {
    const src = new Float32Array(112 * 112).map((_, i) => (((i % 112) + Math.floor(i / 112)) % 2 ? 1 : -1));
    const out = resizePatch(src, 112, 112, 48, 48);
    const maxAbs = Math.max(...Array.from(out, Math.abs));
    expect(maxAbs).toBeLessThan(0.1);
  });
  it('batch resize equals one-by-one', () => {
    const src = new Float32Array(3 * 48 * 48).map((_, i) => Math.sin(i * 0.1));
    const out = resizeBatch(src, 3, 48, 112, new Float32Array(3 * 112 * 112));
    const second = resizeTo112(src.slice(48 * 48, 2 * 48 * 48));
    expect(out.subarray(112 * 112, 2 * 112 * 112)).toEqual(second);
  });
});
