/** Display colour maps: inferno's table, reversal, index mapping. */
import { describe, expect, it } from 'vitest';
import { infernoLut, lutIndex, reverseLut, sectionLut } from '../../../src/core/display/colormaps';
import { colormapLut } from '../../../src/core/colormap';

describe('display colour maps', () => {
  it('inferno has 256 opaque entries from near-black to pale yellow, lightness rising throughout', () => {
    const lut = infernoLut();
    expect(lut.length).toBe(1024);
    expect(Array.from(lut.slice(0, 4))).toEqual([0, 0, 4, 255]);
    expect(Array.from(lut.slice(255 * 4))).toEqual([252, 255, 164, 255]);
    // Perceptual uniformity shows as a monotone luminance ramp (Rec. 709 weights).
    const lum = (k: number) => 0.2126 * lut[k * 4]! + 0.7152 * lut[k * 4 + 1]! + 0.0722 * lut[k * 4 + 2]!;
    for (let k = 1; k < 256; k++) expect(lum(k)).toBeGreaterThanOrEqual(lum(k - 1) - 0.5);
    for (let k = 0; k < 256; k++) expect(lut[k * 4 + 3]).toBe(255);
  });

  it('reverse reads the table from the other end, and twice is the identity', () => {
    const gray = colormapLut('gray');
    const rev = sectionLut('gray', true);
    expect(Array.from(rev.slice(0, 4))).toEqual(Array.from(gray.slice(255 * 4)));
    expect(Array.from(rev.slice(255 * 4))).toEqual(Array.from(gray.slice(0, 4)));
    expect(Array.from(reverseLut(rev))).toEqual(Array.from(gray));
    expect(Array.from(sectionLut('rwb', false))).toEqual(Array.from(colormapLut('rwb')));
  });

  it('maps values onto 0-255, clamped', () => {
    expect([
      lutIndex(-2, -1, 1),
      lutIndex(-1, -1, 1),
      lutIndex(0, -1, 1),
      lutIndex(1, -1, 1),
      lutIndex(5, -1, 1),
    ]).toEqual([0, 0, 128, 255, 255]);
    expect(lutIndex(Number.NaN, 0, 1)).toBe(0);
  });
});
