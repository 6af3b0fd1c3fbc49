/**
 * The realistic generator profile: a patch is a *scene* (kind, wavelet, strata, reflectors, water,
 * statics; plain data, drawn by {@link drawRealisticScene}) rendered by {@link renderRealisticScene}.
 * Every ingredient draws from its own stream deriveSeed(seed, profile, index, REALISTIC_TAG, ingredient),
 * so changing one ingredient's draws shifts nothing else, and the paper generator's streams (4 parts,
 * stream ids 0..7) are never touched: patch i is a pure function of (seed, i, profile, generator).
 */
import { Rng, deriveSeed } from '../../prng';
import { PATCH_CELLS, PATCH_SIDE, PROFILE_IDS, PatchKind, type AugmentationProfile } from '../types';
import { applyAmplitudeChange, applyGaps } from './along';
import { realisticKindFor } from './kinds';
import { applyStaticShifts, drawStaticShifts } from './jitter';
import { addSwell, addWaterNoise } from './noise';
import { drawReflector, straightReflector, type Reflector } from './reflector';
import { addStrataColumn, drawFault, drawStrata, strataHorizon, type Strata } from './strata';
import { drawWavelet, type Wavelet } from './wavelet';

/** Tag that separates the realistic profile's streams from the paper generator's. */
const REALISTIC_TAG = 0x7ea1;
/** One stream per ingredient. */
const Stream = {
  kind: 0,
  wavelet: 1,
  strata: 2,
  reflector: 3,
  variant: 4,
  seabed: 5,
  noise: 6,
  statics: 7,
  brightness: 8,
} as const;

/** Strength of the strata under and around a BSR (imitates the hydrate and free-gas zones). */
export interface BsrZones {
  /** Strata above the BSR are multiplied by this (1 = no blanking). */
  blankAbove: number;
  /** Strata just below the BSR are multiplied by up to this, fading over `zone` rows (1 = none). */
  brightBelow: number;
  zone: number;
}

export interface RealisticScene {
  kind: PatchKind;
  wavelet: Wavelet;
  strata: Strata | null;
  /** Gain of the strata (their trace has RMS ~1). */
  strataGain: number;
  /** Seabed depth per column; rows above it are water (no strata). Null: no seabed in the patch. */
  seabed: Float32Array | null;
  /** Blanking/brightening around reflectors[0] (a BSR), or null. */
  zones: BsrZones | null;
  reflectors: Reflector[];
  /** Standard deviation of the water-column noise (0 = none); above the seabed, or everywhere without one. */
  waterNoise: number;
  /** Peak amplitude of swell bursts (0 = none). */
  swell: number;
  /** Seed of the noise drawn while rendering. */
  noiseSeed: number;
  /** Vertical shift per trace (statics), or null. */
  statics: Float32Array | null;
  /** Whole-patch brightness factor U(0.2, 1), as the paper's. */
  brightness: number;
}

const BSR_KINDS: readonly PatchKind[] = [
  PatchKind.bsr,
  PatchKind.bsrGapped,
  PatchKind.bsrBlanked,
  PatchKind.bsrFaulted,
];

/** Dip of strata that cross a reflector of dip `dipDeg`: 5-25° away from it, within ±45°. */
export function crossingDip(rng: Rng, dipDeg: number): number {
  const d = dipDeg + (rng.chance(0.5) ? 1 : -1) * rng.uniform(5, 25);
  return Math.max(-45, Math.min(45, d));
}

/** Share of blanked/brightened BSRs drawn as the envelope of brightened strata terminations. */
const ENVELOPE_SHARE = 0.4;
/** Share of steep seabed-parallel reflectors (12-35°); added in spn-gen-2 (it raised ROC AUC on a steep real BSR). */
const STEEP_SHARE = 0.35;

/**
 * Dip of a seabed-parallel reflector (a BSR or its look-alike) in patch geometry: mostly gentle (±12°), but a
 * third steep (12-35°): a BSR follows the seabed, and on slopes, ridges and salt-dome flanks a time section cut
 * to the network's scale shows it at 20-40° (GOM Garden Banks-type lines).
 */
function seabedParallelDip(rng: Rng): number {
  return rng.chance(STEEP_SHARE) ? (rng.chance(0.5) ? 1 : -1) * rng.uniform(12, 35) : rng.uniform(-12, 12);
}

/**
 * Depth of an off-centre BSR at the centre column: within 6 rows of the top or bottom edge, so 18+ rows (a patch
 * scaled to a line: 18-40 samples) from the centre, where the map's scoring counts a patch centre as not-BSR.
 */
export function edgeDepth(rng: Rng): number {
  return rng.chance(0.5) ? rng.uniform(0, 6) : rng.uniform(42, 48);
}

/** Depth of a BSR or its normal-polarity look-alike at the centre column: N(24, 4) within [12, 36]. */
export function centralDepth(rng: Rng): number {
  return Math.max(12, Math.min(36, rng.normal(24, 4)));
}

/**
 * A reflector parallel to the (possibly unseen) seabed crossing strata: the BSR (`polarity` -1) and its
 * normal-polarity look-alike (+1). With probability 0.2 the seabed itself is 8-16 rows above it.
 */
function seabedParallel(
  scene: RealisticScene,
  polarity: 1 | -1,
  rngs: Record<keyof typeof Stream, Rng>,
  depthAt: (rng: Rng) => number = centralDepth,
): Reflector {
  const r = rngs.reflector;
  const dip = seabedParallelDip(r),
    depth = depthAt(r);
  const reflector = straightReflector(
    r,
    polarity < 0 ? 'bsr' : 'normal',
    depth,
    dip,
    r.uniform(0, 1),
    polarity * r.uniform(0.35, 1),
  );
  scene.strata = drawStrata(rngs.strata, scene.wavelet, crossingDip(rngs.strata, dip));
  const s = rngs.seabed;
  if (s.chance(0.2)) {
    const above = depth - s.uniform(8, 16);
    if (above >= 2) {
      const sea = straightReflector(s, 'seabed', above, dip + s.uniform(-2, 2), s.uniform(0.3, 1.5), s.uniform(0.5, 1));
      scene.seabed = sea.depth;
      scene.reflectors.push(sea);
      scene.waterNoise = s.uniform(0.003, 0.03);
    }
  }
  return reflector;
}

/** Draws the scene of patch `index` of the realistic data set (seed, profile); `kindFor` maps a uniform to a kind (ablations draw from a subset). */
export function drawRealisticScene(
  seed: number,
  index: number,
  profile: AugmentationProfile,
  kindFor: (u: number) => PatchKind = realisticKindFor,
): RealisticScene {
  const p = PROFILE_IDS[profile];
  const rng = (stream: number): Rng => new Rng(deriveSeed(seed, p, index, REALISTIC_TAG, stream));
  const rngs = {
    kind: rng(Stream.kind),
    wavelet: rng(Stream.wavelet),
    strata: rng(Stream.strata),
    reflector: rng(Stream.reflector),
    variant: rng(Stream.variant),
    seabed: rng(Stream.seabed),
    noise: rng(Stream.noise),
    statics: rng(Stream.statics),
    brightness: rng(Stream.brightness),
  };
  const kind = kindFor(rngs.kind.next());
  const scene: RealisticScene = {
    kind,
    wavelet: drawWavelet(rngs.wavelet),
    strata: null,
    strataGain: rngs.strata.uniform(0.1, 0.3),
    seabed: null,
    zones: null,
    reflectors: [],
    waterNoise: 0,
    swell: 0,
    noiseSeed: deriveSeed(seed, p, index, REALISTIC_TAG, Stream.noise, 1),
    statics: null,
    brightness: rngs.brightness.uniform(0.2, 1),
  };
  const v = rngs.variant;
  if (kind === PatchKind.bsrOffCentre) {
    const main = seabedParallel(scene, -1, rngs, edgeDepth);
    scene.reflectors.unshift(main);
    if (v.chance(0.3)) applyAmplitudeChange(v, main.amplitude);
  } else if (BSR_KINDS.includes(kind) || kind === PatchKind.normalReflector) {
    const bsr = kind !== PatchKind.normalReflector;
    const main = seabedParallel(scene, bsr ? -1 : 1, rngs);
    scene.reflectors.unshift(main);
    if (kind === PatchKind.bsrGapped) {
      applyGaps(v, main.amplitude);
      if (v.chance(0.7)) applyAmplitudeChange(v, main.amplitude);
    } else if (kind === PatchKind.bsrBlanked) {
      const blank = v.chance(0.8),
        bright = v.chance(0.7) || !blank;
      scene.zones = {
        blankAbove: blank ? v.uniform(0.1, 0.45) : 1,
        brightBelow: bright ? v.uniform(1.6, 3) : 1,
        zone: v.uniform(5, 15),
      };
      if (bright && v.chance(ENVELOPE_SHARE)) {
        // The BSR as the envelope of gas-charged strata: the reflector itself faint, the strata below it
        // strongly brightened and ending upward along it (en-echelon bright segments cutting the layering).
        const faint = v.uniform(0.1, 0.4);
        for (let x = 0; x < PATCH_SIDE; x++) main.amplitude[x]! *= faint;
        scene.zones.brightBelow = v.uniform(3, 5);
      }
    } else if (kind === PatchKind.bsrFaulted) {
      scene.strata!.fault = drawFault(v);
    } else {
      // Plain BSR and its look-alike share the lateral changes, so gaps or faults are no cue for the label.
      if (!bsr && v.chance(0.25)) applyGaps(v, main.amplitude);
      if (v.chance(0.3)) applyAmplitudeChange(v, main.amplitude);
      if (!bsr && v.chance(0.2)) scene.strata!.fault = drawFault(v);
    }
  } else if (kind === PatchKind.seabedWater || kind === PatchKind.seabedMultiple) {
    const s = rngs.seabed;
    const multiple = kind === PatchKind.seabedMultiple;
    const dip = multiple ? s.uniform(-12, 12) : s.uniform(-20, 20);
    const depth = multiple ? s.uniform(3, 18) : s.uniform(2, 46);
    const sea = straightReflector(s, 'seabed', depth, dip, s.uniform(0.3, multiple ? 2 : 2.5), s.uniform(0.5, 1));
    scene.seabed = sea.depth;
    scene.reflectors.push(sea);
    scene.waterNoise = s.uniform(0.003, 0.03);
    if (s.chance(0.3)) scene.swell = s.uniform(0.02, 0.1);
    scene.strata = drawStrata(
      rngs.strata,
      scene.wavelet,
      multiple ? crossingDip(rngs.strata, 2 * dip) : dip + rngs.strata.uniform(-6, 6),
    );
    if (multiple) {
      // The first water-bottom multiple: two-way time doubled, so its dip and relief are doubled too; the
      // free surface flips its sign and the second bounce weakens it.
      const lag = v.uniform(12, Math.max(12.5, 44 - depth));
      const d = new Float32Array(PATCH_SIDE);
      for (let x = 0; x < PATCH_SIDE; x++) d[x] = sea.depth[x]! + lag + (sea.depth[x]! - depth);
      const a = -sea.amplitude[0]! * v.uniform(0.25, 0.6);
      scene.reflectors.push({ role: 'multiple', depth: d, amplitude: new Float32Array(PATCH_SIDE).fill(a) });
    }
  } else if (kind === PatchKind.brightStrata) {
    const strata = drawStrata(rngs.strata, scene.wavelet, rngs.strata.uniform(-30, 30));
    if (v.chance(0.2)) strata.fault = drawFault(v);
    scene.strata = strata;
    const n = v.int(1, 4);
    for (let k = 0; k < n; k++) {
      // Half are soft (negative first, like a BSR): gas sands and bright spots are soft layers. They follow the
      // layering, which a BSR does not, so the network must learn the cross-cutting, not only the polarity.
      const sign = v.chance(0.5) ? -1 : 1;
      const amplitude = new Float32Array(PATCH_SIDE).fill(sign * v.uniform(0.5, 1));
      if (v.chance(0.5)) {
        // A bright spot: the bright stretch is only 5-15 traces wide.
        const c = v.uniform(8, 40),
          w = v.uniform(5, 15) / 2;
        for (let x = 0; x < PATCH_SIDE; x++) amplitude[x]! *= Math.exp(-0.5 * ((x - c) / w) ** 2);
      } else applyAmplitudeChange(v, amplitude);
      scene.reflectors.push({ role: 'bright', depth: strataHorizon(strata, v.uniform(6, 42)), amplitude });
    }
  } else if (kind === PatchKind.waterNoise) {
    scene.waterNoise = rngs.noise.uniform(0.005, 0.06);
    if (rngs.noise.chance(0.6)) scene.swell = rngs.noise.uniform(0.05, 0.4);
  } else {
    scene.strata = drawStrata(rngs.strata, scene.wavelet, rngs.strata.uniform(-30, 30));
    scene.strataGain = rngs.strata.uniform(0.2, 0.45);
    if (v.chance(0.3)) scene.strata.fault = drawFault(v);
  }
  if (rngs.statics.chance(0.3)) scene.statics = drawStaticShifts(rngs.statics);
  return scene;
}

/** What to render (tests isolate the reflectors); default all. */
export interface RenderLayers {
  strata?: boolean;
  noise?: boolean;
  statics?: boolean;
}

/** Strata gain per row of column x, given the seabed and BSR zones (ramps of 2 rows, no hard steps). */
function strataGains(scene: RealisticScene, x: number, gain: Float32Array): Float32Array {
  gain.fill(scene.strataGain);
  if (scene.seabed) {
    const top = scene.seabed[x]!;
    for (let z = 0; z < PATCH_SIDE; z++) gain[z]! *= Math.min(1, Math.max(0, (z - top) / 2));
  }
  const zones = scene.zones;
  if (zones) {
    const bsr = scene.reflectors[0]!.depth[x]!;
    for (let z = 0; z < PATCH_SIDE; z++) {
      const d = z - bsr;
      if (d < 0) gain[z]! *= zones.blankAbove + (1 - zones.blankAbove) * Math.max(0, 1 + d / 2);
      else if (d < zones.zone) gain[z]! *= 1 + (zones.brightBelow - 1) * (1 - d / zones.zone);
    }
  }
  return gain;
}

const gainColumn = new Float32Array(PATCH_SIDE);

/** Renders a scene into out[offset..offset+2304) (overwriting it). */
export function renderRealisticScene(
  scene: RealisticScene,
  out = new Float32Array(PATCH_CELLS),
  offset = 0,
  layers: RenderLayers = {},
): Float32Array {
  const n = PATCH_SIDE;
  out.fill(0, offset, offset + PATCH_CELLS);
  const strata = layers.strata === false ? null : scene.strata;
  if (strata) {
    for (let x = 0; x < n; x++) addStrataColumn(strata, x, strataGains(scene, x, gainColumn), out, offset);
  }
  for (const r of scene.reflectors) drawReflector(r, scene.wavelet, out, offset);
  if (layers.noise !== false) {
    const rng = new Rng(scene.noiseSeed);
    if (scene.waterNoise > 0) addWaterNoise(rng, scene.waterNoise, scene.wavelet.period, scene.seabed, out, offset);
    if (scene.swell > 0) addSwell(rng, scene.swell, scene.wavelet.period, out, offset);
  }
  if (scene.statics && layers.statics !== false) applyStaticShifts(scene.statics, out, offset);
  const b = scene.brightness;
  for (let i = offset; i < offset + PATCH_CELLS; i++) out[i]! *= b;
  return out;
}
