/**
 * Seismic colormaps as 256-entry RGBA lookup tables, and the mapping of amplitudes to pixels.
 * Pure: the page, the section viewer and workers (OffscreenCanvas) share it.
 */

export type ColormapName = 'gray' | 'rwb';

/** 256 x RGBA lookup table for a colormap; index 0 = most negative, 255 = most positive. */
export function colormapLut(name: ColormapName): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(256 * 4);
  for (let i = 0; i < 256; i++) {
    const t = i / 255;
    let r: number, g: number, b: number;
    if (name === 'gray') {
      // Seismic convention: positive amplitude (peak) black, trough white.
      r = g = b = 255 * (1 - t);
    } else if (t < 0.5) {
      // 'rwb': troughs red, zero white, peaks blue (the usual "seismic" diverging map).
      const u = t / 0.5;
      r = 178 + (255 - 178) * u;
      g = 24 + (255 - 24) * u;
      b = 43 + (255 - 43) * u;
    } else {
      const u = (t - 0.5) / 0.5;
      r = 255 - (255 - 33) * u;
      g = 255 - (255 - 102) * u;
      b = 255 - (255 - 172) * u;
    }
    lut[i * 4] = r;
    lut[i * 4 + 1] = g;
    lut[i * 4 + 2] = b;
    lut[i * 4 + 3] = 255;
  }
  return lut;
}

/**
 * Paints a row-major `height x width` grid of values into RGBA pixels, mapping [-clip, clip] onto the LUT.
 * `transpose` paints a column-major (trace-major) grid so traces become image columns.
 */
export function paintValues(
  values: ArrayLike<number>,
  width: number,
  height: number,
  clip: number,
  lut: Uint8ClampedArray,
  out: Uint8ClampedArray = new Uint8ClampedArray(width * height * 4),
  options: { traceMajor?: boolean; symmetric?: boolean } = {},
): Uint8ClampedArray {
  const symmetric = options.symmetric ?? true;
  const lo = symmetric ? -clip : 0;
  const scale = 255 / (clip - lo || 1);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = options.traceMajor ? (values[x * height + y] as number) : (values[y * width + x] as number);
      let k = Math.round((v - lo) * scale);
      k = k < 0 ? 0 : k > 255 ? 255 : k;
      const o = (y * width + x) * 4;
      const l = k * 4;
      out[o] = lut[l] as number;
      out[o + 1] = lut[l + 1] as number;
      out[o + 2] = lut[l + 2] as number;
      out[o + 3] = 255;
    }
  }
  return out;
}
