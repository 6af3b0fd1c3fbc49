/**
 * Geometry of the four patch kinds (the seed's BSR_like, Seabed and Background), split into
 * drawing parameters ({@link drawPatchGeometry}) and rendering them ({@link renderPatch}) so a
 * caller can render two kinds from identical parameters (BSR positive vs negative differ only
 * in which lobe is on top).
 *
 * Grids (target side 48): reflectors live on S = ceil(1.414·48) = 68 rows; the backgrounds of
 * BSR and seabed patches on ceil(1.414·68) = 97 rows, rotated and cut to 68; the environmental
 * background directly on 68 rows. Every rotation zooms by sqrt 2 (seed's `_rotate`).
 */
import type { Rng } from '../prng';
import { enlargedSide, fillLayerProfile } from './layers';
import { rotationInverse, rowValue, sampleBilinear, sampleRowProfile, toGrid } from './sampling';
import { KIND_SHARES, PATCH_SIDE, PatchKind } from './types';

// Local aliases: tsx/esbuild's CommonJS interop reads imports through getters on every call in hot loops.
const sampleRowProfileFast = sampleRowProfile;
const sampleBilinearFast = sampleBilinear;

/** Everything that fixes one pre-augmentation patch. Depths and thicknesses are fractions of the reflector grid. */
export interface PatchGeometry {
  kind: PatchKind;
  /** Reflector centre depth, fraction of grid height, ~N(0.5, 0.05). */
  centre: number;
  /** Reflector thickness (both lobes), fraction of grid height, U(0.06, 0.10). */
  thickness: number;
  /** Positive lobe amplitude, U(0.2, 0.99). */
  positive: number;
  /** Negative lobe amplitude, U(-0.99, -0.2). */
  negative: number;
  /** Reflector dip in degrees: BSR U(±15), seabed U(±8); unused for environmental. */
  reflectorDipDeg: number;
  /** Background dip in degrees: U(±20), seabed U(±8). */
  backgroundDipDeg: number;
  /** Layer value per row of the background grid (97 rows for BSR/seabed, 68 for environmental). */
  background: Float32Array;
  /** Whole-patch brightness factor, U(0.2, 1.0). */
  brightness: number;
}

/** Reflector grid side for a target side (68 for 48). */
export const REFLECTOR_GRID = enlargedSide(PATCH_SIDE);
/** Background grid side under a reflector (97 for 48). */
export const BACKGROUND_GRID = enlargedSide(REFLECTOR_GRID);

/** Draws a kind with the shares of {@link KIND_SHARES}. */
export function drawKind(rng: Rng): PatchKind {
  let u = rng.next();
  for (let k = 0; k < KIND_SHARES.length - 1; k++) {
    u -= KIND_SHARES[k]!;
    if (u < 0) return k as PatchKind;
  }
  return PatchKind.environmental;
}

/** Draws all parameters of one patch; the kind is drawn first unless given. Reuses `into` when passed. */
export function drawPatchGeometry(rng: Rng, kind: PatchKind = drawKind(rng), into?: PatchGeometry): PatchGeometry {
  const env = kind === PatchKind.environmental;
  const rows = env ? REFLECTOR_GRID : BACKGROUND_GRID;
  const g: PatchGeometry = into ?? ({ background: new Float32Array(BACKGROUND_GRID) } as PatchGeometry);
  g.kind = kind;
  g.centre = rng.normal(0.5, 0.05);
  g.thickness = rng.uniform(0.06, 0.1);
  g.positive = rng.uniform(0.2, 0.99);
  g.negative = rng.uniform(-0.99, -0.2);
  const dip = kind === PatchKind.seabed ? 8 : 20;
  g.backgroundDipDeg = rng.uniform(-dip, dip);
  g.reflectorDipDeg = kind === PatchKind.seabed ? rng.uniform(-8, 8) : rng.uniform(-15, 15);
  if (g.background.length < rows) g.background = new Float32Array(BACKGROUND_GRID);
  fillLayerProfile(rng, g.background, rows);
  g.brightness = rng.uniform(0.2, 1.0);
  return g;
}

const reflector = new Float32Array(REFLECTOR_GRID);
const seabedGrid = new Float32Array(REFLECTOR_GRID * REFLECTOR_GRID);
const invR = new Float64Array(6);
const invB = new Float64Array(6);

/** Writes the reflector's two lobes into a row profile of `n` rows (seed: int() truncations, top lobe first). */
function fillReflector(g: PatchGeometry, top: number, bottom: number, n: number): number {
  reflector.fill(0, 0, n);
  const c = Math.trunc(g.centre * n);
  const half = Math.trunc(Math.trunc(g.thickness * n) / 2);
  for (let r = Math.max(0, c - half); r < Math.min(n, c); r++) reflector[r] = top;
  for (let r = Math.max(0, c); r < Math.min(n, c + half); r++) reflector[r] = bottom;
  return c + half; // first row below the lobes
}

/** Renders the 48x48 pre-augmentation patch (brightness applied) into out[offset..offset+2304). */
export function renderPatch(
  g: PatchGeometry,
  out = new Float32Array(PATCH_SIDE * PATCH_SIDE),
  offset = 0,
): Float32Array {
  const side = PATCH_SIDE,
    S = REFLECTOR_GRID,
    P = BACKGROUND_GRID;
  const crop = Math.trunc((S - side) / 2);
  const b = g.brightness;
  if (g.kind === PatchKind.environmental) {
    rotationInverse(S, g.backgroundDipDeg, invB);
    if (columnsInside(invB, crop, side, S)) {
      const bg = g.background;
      for (let y = 0; y < side; y++) {
        for (let x = 0; x < side; x++) {
          const gx = x + crop,
            gy = y + crop;
          out[offset + y * side + x] = b * rowValue(bg, S, invB[3]! * gx + invB[4]! * gy + invB[5]!);
        }
      }
      return out;
    }
    forEachCell(side, crop, invB, (i, sx, sy) => {
      out[offset + i] = b * sampleRowProfileFast(g.background, S, S, sx, sy);
    });
    return out;
  }
  const bgCrop = Math.trunc((P - S) / 2);
  rotationInverse(P, g.backgroundDipDeg, invB);
  if (g.kind === PatchKind.seabed) {
    // Water (zeros) above, positive over negative lobe, then the once-rotated background; rotated again as a whole.
    const end = fillReflector(g, g.positive, g.negative, S);
    for (let r = 0; r < S; r++) {
      for (let c = 0; c < S; c++) {
        const x = bgCrop + c,
          y = bgCrop + r;
        seabedGrid[r * S + c] =
          r < end
            ? reflector[r]!
            : sampleRowProfileFast(
                g.background,
                P,
                P,
                invB[0]! * x + invB[1]! * y + invB[2]!,
                invB[3]! * x + invB[4]! * y + invB[5]!,
              );
      }
    }
    rotationInverse(S, g.reflectorDipDeg, invR);
    forEachCell(side, crop, invR, (i, sx, sy) => {
      out[offset + i] = b * sampleBilinearFast(seabedGrid, S, S, sx, sy);
    });
    return out;
  }
  const positiveBsr = g.kind === PatchKind.bsrPositive;
  const below = fillReflector(g, positiveBsr ? g.negative : g.positive, positiveBsr ? g.positive : g.negative, S);
  rotationInverse(S, g.reflectorDipDeg, invR);
  const off = bgCrop + crop;
  if (columnsInside(invR, crop, side, S) && columnsInside(invB, off, side, P)) {
    // The usual case: only the row coordinate matters (see rowValue). Same values as below.
    const bg = g.background;
    // Reflector rows outside [above, below) are 0: a sample whose two rows both lie there is 0
    // without reading them (most of the patch).
    const above = Math.max(0, 2 * Math.trunc(g.centre * S) - below);
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const rx = x + crop,
          ry = y + crop;
        const sy = invR[3]! * rx + invR[4]! * ry + invR[5]!;
        const iy = toGrid(sy) >> 5;
        let v = iy + 1 < above || iy >= below ? 0 : rowValue(reflector, S, sy);
        if (v === 0) {
          const bx = x + off,
            by = y + off;
          v = rowValue(bg, P, invB[3]! * bx + invB[4]! * by + invB[5]!);
        }
        out[offset + y * side + x] = b * v;
      }
    }
    return out;
  }
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const rx = x + crop,
        ry = y + crop;
      let v = sampleRowProfileFast(
        reflector,
        S,
        S,
        invR[0]! * rx + invR[1]! * ry + invR[2]!,
        invR[3]! * rx + invR[4]! * ry + invR[5]!,
      );
      // Seed quirk: only *exact* zeros of the rotated reflector become background, so its
      // interpolated edges fade towards 0 rather than into the layers.
      if (v === 0) {
        const bx = x + off,
          by = y + off;
        v = sampleRowProfileFast(
          g.background,
          P,
          P,
          invB[0]! * bx + invB[1]! * by + invB[2]!,
          invB[3]! * bx + invB[4]! * by + invB[5]!,
        );
      }
      out[offset + y * side + x] = b * v;
    }
  }
  return out;
}

/**
 * True when, for every cell of the side x side cut at offset `crop`, both bilinear taps of the
 * source column (after cv2's 1/32-px rounding) lie inside [0, cols). The column weight of
 * {@link sampleRowProfile} is then exactly (1 - fx) + fx = 1 (fx is a multiple of 1/32), so
 * {@link rowValue} gives the same value. The source column is affine in the cell and float
 * rounding is monotone, so checking the four corners suffices.
 */
function columnsInside(inv: Float64Array, crop: number, side: number, cols: number): boolean {
  for (let c = 0; c < 4; c++) {
    const gx = crop + (c & 1 ? side - 1 : 0),
      gy = crop + (c & 2 ? side - 1 : 0);
    const ix = toGrid(inv[0]! * gx + inv[1]! * gy + inv[2]!) >> 5;
    if (ix < 0 || ix + 1 >= cols) return false;
  }
  return true;
}

/** Visits the side x side centre cut (offset `crop`) of a rotated grid with each cell's source coordinates. */
function forEachCell(
  side: number,
  crop: number,
  inv: Float64Array,
  visit: (i: number, sx: number, sy: number) => void,
): void {
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const gx = x + crop,
        gy = y + crop;
      visit(y * side + x, inv[0]! * gx + inv[1]! * gy + inv[2]!, inv[3]! * gx + inv[4]! * gy + inv[5]!);
    }
  }
}
