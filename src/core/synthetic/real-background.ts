/**
 * Training patches on a REAL background: a patch cut from a real BSR-free line exactly as classification
 * presents a line (trend removal, keep-polarity standardisation with the bound gain, time scale matched to the
 * generator's period), sheared to a random dip, with synthetic reflectors drawn into it.
 *
 * Why: the synthetic strata are smooth and regular; real strata are brighter, patchier and noisier, and the
 * network fired on them on real lines. Real patches alone as not-BSR would teach "real texture = not BSR", so
 * half of these patches get a BSR drawn into the same real texture (reversed polarity, crossing the sheared
 * strata), and the look-alikes get the same texture too (a normal-polarity reflector crossing it, a soft bed
 * following it, a BSR near the patch edge). Patch i is a pure function of (line, seed, i).
 */
import { cutPatch, type Section } from '../classify/section';
import type { PresentedLine } from '../finetune/mark-patches';
import type { PatchSet } from '../train/patch-set';
import { Rng, deriveSeed } from '../prng';
import { applyAmplitudeChange, applyGaps, dipSlope } from './realistic/along';
import { drawReflector, straightReflector, type Reflector } from './realistic/reflector';
import { centralDepth, crossingDip, edgeDepth } from './realistic/scene';
import { drawWavelet } from './realistic/wavelet';
import { resizePatch } from './resize';
import { PATCH_CELLS, PATCH_SIDE, PatchKind } from './types';

/** A presented BSR-free line and the patch size classification cuts from it. */
export interface BackgroundLine {
  /** The line as the network sees it (presentLine's data), trace-major. */
  section: Section;
  /** Patch width and height cut from the line (classification's). */
  patchTraces: number;
  patchSamples: number;
  /** Per trace, the first and one-past-last sample that hold data (below any mute or seabed mask). */
  liveFrom: ArrayLike<number>;
  liveTo: ArrayLike<number>;
}

/** What a real-background patch holds; the label follows the kind as in the synthetic profiles. */
export const REAL_BACKGROUND_KINDS = {
  /** Real strata only, or with a look-alike drawn in: not BSR. */
  negative: PatchKind.strata,
  /** A BSR drawn across the real strata. */
  bsr: PatchKind.bsr,
} as const;

/** Tag that separates these streams from the generators'. */
const BACKGROUND_TAG = 0xb9c0;
/** Rows of the taller window the shear reads from (the sheared 48 rows lie in its middle). */
const TALL = 2 * PATCH_SIDE;
/** Steepest shear of the background strata, degrees: the synthetic strata's range. */
const MAX_STRATA_DIP = 30;

/**
 * Cuts a random 2·patch-tall window of the line, resized to 96 x 48, and shears it by `dipDeg` into out (48 x 48):
 * column x reads rows shifted by slope·(x - centre), so flat strata come out dipping. False when no window fits.
 */
function shearedBackground(line: BackgroundLine, rng: Rng, dipDeg: number, out: Float32Array, offset: number): boolean {
  const { section, patchTraces: pt } = line;
  const ps = Math.min(2 * line.patchSamples, section.samples);
  if (section.traces < pt) return false;
  for (let attempt = 0; attempt < 32; attempt++) {
    const ft = rng.int(0, section.traces - pt + 1);
    let lo = 0,
      hi = section.samples;
    for (let t = ft; t < ft + pt; t++) {
      lo = Math.max(lo, Math.ceil(line.liveFrom[t] ?? 0));
      hi = Math.min(hi, Math.floor(line.liveTo[t] ?? section.samples));
    }
    if (hi - lo < ps) continue;
    const fs = rng.int(lo, hi - ps + 1);
    const tall = resizePatch(cutPatch(section, ft, fs, pt, ps), ps, pt, TALL, PATCH_SIDE);
    const slope = dipSlope(dipDeg);
    for (let x = 0; x < PATCH_SIDE; x++) {
      const shift = slope * (x - (PATCH_SIDE - 1) / 2);
      for (let z = 0; z < PATCH_SIDE; z++) {
        const r = Math.min(TALL - 1, Math.max(0, z + PATCH_SIDE / 2 + shift));
        const r0 = Math.floor(r),
          w = r - r0,
          r1 = Math.min(TALL - 1, r0 + 1);
        out[offset + z * PATCH_SIDE + x] = tall[r0 * PATCH_SIDE + x]! * (1 - w) + tall[r1 * PATCH_SIDE + x]! * w;
      }
    }
    return true;
  }
  return false;
}

/**
 * Renders patch `index` of a real-background set into out[offset..offset+2304), in the line's presented units
 * (what the network sees). Returns its kind; throws when the line has no window a patch fits in.
 */
export function renderRealBackgroundPatch(
  line: BackgroundLine,
  seed: number,
  index: number,
  out: Float32Array,
  offset = 0,
): PatchKind {
  const rng = new Rng(deriveSeed(seed, index, BACKGROUND_TAG));
  const strataDip = rng.uniform(-MAX_STRATA_DIP, MAX_STRATA_DIP);
  if (!shearedBackground(line, rng, strataDip, out, offset))
    throw new RangeError(
      `the background line has no live window of ${line.patchTraces} traces x ${2 * line.patchSamples} samples`,
    );
  // Local brightness of the real strata: reflectors are drawn relative to it, as bright as real BSRs are.
  let peak = 0;
  for (let i = offset; i < offset + PATCH_CELLS; i++) peak = Math.max(peak, Math.abs(out[i]!));
  const level = Math.max(peak, 0.05);
  const wavelet = drawWavelet(rng);
  // The synthetic profile's own draws: a reflector 5-25° across the strata at `depth` (drawn first), near the centre
  // row or near an edge, as bright as the strata around it; `sign` -1 = a BSR's reversed polarity.
  const crossingReflector = (role: 'bsr' | 'normal', depth: number, sign: 1 | -1): Reflector =>
    straightReflector(
      rng,
      role,
      depth,
      crossingDip(rng, strataDip),
      rng.uniform(0, 1),
      sign * level * rng.uniform(0.5, 1.3),
    );
  const bsr = rng.chance(0.5);
  if (bsr) {
    const r = crossingReflector('bsr', centralDepth(rng), -1);
    if (rng.chance(0.25)) applyGaps(rng, r.amplitude);
    if (rng.chance(0.3)) applyAmplitudeChange(rng, r.amplitude);
    if (rng.chance(0.3)) {
      // Blanking above the BSR: hydrate-cemented sediment reflects less.
      const keep = rng.uniform(0.3, 0.8);
      for (let x = 0; x < PATCH_SIDE; x++)
        for (let z = 0; z < Math.min(PATCH_SIDE, r.depth[x]! - 2); z++) out[offset + z * PATCH_SIDE + x]! *= keep;
    }
    drawReflector(r, wavelet, out, offset);
    return REAL_BACKGROUND_KINDS.bsr;
  }
  const u = rng.next();
  if (u < 0.2) {
    // The BSR's normal-polarity look-alike crossing the same strata.
    const r = crossingReflector('normal', centralDepth(rng), 1);
    if (rng.chance(0.3)) applyAmplitudeChange(rng, r.amplitude);
    drawReflector(r, wavelet, out, offset);
  } else if (u < 0.4) {
    // A soft (negative-first) bright bed FOLLOWING the strata: a gas sand, not a BSR.
    const r = straightReflector(rng, 'bright', rng.uniform(6, 42), strataDip, 0, -level * rng.uniform(0.5, 1.3));
    applyAmplitudeChange(rng, r.amplitude);
    drawReflector(r, wavelet, out, offset);
  } else if (u < 0.55) {
    // A BSR near the top or bottom edge: the map marks the BSR itself, not the strata a patch away.
    drawReflector(crossingReflector('bsr', edgeDepth(rng), -1), wavelet, out, offset);
  }
  return REAL_BACKGROUND_KINDS.negative;
}

/**
 * The background of a presented line: patches only below its mute and, where it has a seabed, below the seabed
 * mask (a BSR drawn into the water column would teach nothing a line shows).
 */
export function backgroundFromPresented(line: PresentedLine): BackgroundLine {
  const { section, presentation: p } = line;
  const liveFrom = Float32Array.from(p.liveFrom);
  if (p.seabed?.found)
    for (let t = 0; t < section.traces; t++) {
      const s = p.seabed.samples[t]!;
      if (Number.isFinite(s)) liveFrom[t] = Math.max(liveFrom[t]!, Math.ceil(s + p.maskMarginSamples));
    }
  return { section, patchTraces: line.patchTraces, patchSamples: line.patchSamples, liveFrom, liveTo: p.liveTo };
}

/** Patches [from, from+count) of the real-background set (seed) as a training set in network units, with kinds. */
export function realBackgroundPatches(
  line: BackgroundLine,
  seed: number,
  count: number,
  from = 0,
): PatchSet & { kinds: Uint8Array } {
  const x = new Float32Array(count * PATCH_CELLS);
  const labels = new Uint8Array(count),
    kinds = new Uint8Array(count);
  for (let j = 0; j < count; j++) {
    const kind = renderRealBackgroundPatch(line, seed, from + j, x, j * PATCH_CELLS);
    kinds[j] = kind;
    labels[j] = kind === REAL_BACKGROUND_KINDS.bsr ? 1 : 0;
  }
  // Standardised data never leave [-1, 1]: a reflector drawn over bright strata clips as a bright real one would.
  for (let i = 0; i < x.length; i++) x[i] = Math.max(-1, Math.min(1, x[i]!));
  return { x, labels, kinds, side: PATCH_SIDE, count };
}
