/**
 * Data-set generation. Raw patch i of a data set is a pure function of (seed, i, profile, generator,
 * augment options): with the paper generator its kind, geometry and brightness come from stream
 * (seed, profile, i, GEOMETRY), with the realistic one from its own ingredient streams (realistic/scene.ts);
 * the augmentations (the same for both) from their own streams, so any split of [0, N) across workers
 * gives the same bytes.
 * Because each patch draws its own kind, the class mix is binomial (not fixed counts as in the seed).
 */
import { Rng, deriveSeed } from '../prng';
import { augmentPatch, augmentationSettings, validateAugmentOptions } from './augment/index';
import type { AugmentOptions, AugmentationSettings } from './augment/index';
import { drawPatchGeometry, renderPatch } from './geometry';
import type { PatchGeometry } from './geometry';
import { drawRealisticScene, renderRealisticScene } from './realistic/scene';
import { realisticKindDrawer } from './realistic/kinds';
import { GeneratorSettingsError, KIND_LABELS, PATCH_CELLS, PROFILE_IDS, SYNTHETIC_GENERATORS } from './types';
import type { AugmentationProfile, PatchKind, SyntheticGenerator } from './types';

/** Most patches one call may generate (48x48 float32: 200,000 patches = 1.8 GB would be too much for a tab). */
export const MAX_PATCHES_PER_CALL = 200_000;
/** Stream id of the geometry draws (augmentation streams use 0..6). */
const GEOMETRY_STREAM = 7;

export interface GenerateOptions {
  /** Data-set seed, an integer in [0, 2^53). */
  seed: number;
  /** Index of the first patch (default 0). */
  from?: number;
  /** Number of patches, 1..MAX_PATCHES_PER_CALL. */
  count: number;
  /** Augmentation profile (default 'train'). Also separates the geometry of train and test sets. */
  profile?: AugmentationProfile;
  /** false = no augmentations (geometry + brightness only); default: all with their probabilities. */
  augment?: false | AugmentOptions;
  /** Which patch generator (default 'paper', the authors'; 'realistic' adds real wavelets and hard negatives). */
  generator?: SyntheticGenerator;
  /** Realistic generator only: draw only these kinds (label-balanced; realistic/kinds.ts). For ablations. */
  realisticKinds?: readonly PatchKind[];
}

/** Pre-standardisation patches, patch-major, 48x48 each. */
export interface RawPatches {
  /** count·2304 values; patch j at [j·2304, (j+1)·2304), row-major, depth downwards. */
  patches: Float32Array;
  /** 1 = BSR, 0 = not. */
  labels: Uint8Array;
  /** {@link PatchKind} of each patch. */
  kinds: Uint8Array;
  /** Bitmask of applied augmentations (bit i = AUGMENTATIONS[i]). */
  applied: Uint8Array;
  /** Index of the first patch in the data set. */
  from: number;
}

/** Validates {@link GenerateOptions}; throws {@link GeneratorSettingsError} naming the field. */
export function validateGenerateOptions(
  o: GenerateOptions,
): Required<Omit<GenerateOptions, 'augment' | 'realisticKinds'>> & Pick<GenerateOptions, 'augment' | 'realisticKinds'> {
  const from = o.from ?? 0,
    profile = o.profile ?? 'train',
    generator = o.generator ?? 'paper';
  if (!Number.isSafeInteger(o.seed) || o.seed < 0)
    throw new GeneratorSettingsError('seed', `must be an integer in [0, 2^53), got ${o.seed}`);
  if (!Number.isSafeInteger(from) || from < 0)
    throw new GeneratorSettingsError('from', `must be a non-negative integer, got ${from}`);
  if (!Number.isInteger(o.count) || o.count <= 0)
    throw new GeneratorSettingsError('count', `must be a positive integer, got ${o.count}`);
  if (o.count > MAX_PATCHES_PER_CALL)
    throw new GeneratorSettingsError(
      'count',
      `${o.count} exceeds the limit of ${MAX_PATCHES_PER_CALL} patches per call`,
    );
  if (!Object.hasOwn(PROFILE_IDS, profile))
    throw new GeneratorSettingsError('profile', `must be 'train' or 'test', got ${String(profile)}`);
  if (!SYNTHETIC_GENERATORS.includes(generator))
    throw new GeneratorSettingsError(
      'generator',
      `must be one of ${SYNTHETIC_GENERATORS.join(', ')}, got ${String(generator)}`,
    );
  if (o.augment) validateAugmentOptions(o.augment);
  if (o.realisticKinds && generator !== 'realistic')
    throw new GeneratorSettingsError('realisticKinds', 'only applies to the realistic generator');
  return {
    seed: o.seed,
    from,
    count: o.count,
    profile,
    augment: o.augment,
    generator,
    realisticKinds: o.realisticKinds,
  };
}

/** Geometry of patch `index` of data set (seed, profile), kind included. Reuses `into` when given. */
export function patchGeometry(
  seed: number,
  index: number,
  profile: AugmentationProfile,
  into?: PatchGeometry,
): PatchGeometry {
  return drawPatchGeometry(new Rng(deriveSeed(seed, PROFILE_IDS[profile], index, GEOMETRY_STREAM)), undefined, into);
}

/** Generates raw patches [from, from+count) of a data set; `onProgress(done, count)` every 256 patches. */
export function generateRawPatches(
  options: GenerateOptions,
  onProgress?: (done: number, total: number) => void,
): RawPatches {
  const o = validateGenerateOptions(options);
  const patches = new Float32Array(o.count * PATCH_CELLS);
  const labels = new Uint8Array(o.count),
    kinds = new Uint8Array(o.count),
    applied = new Uint8Array(o.count);
  const settings: AugmentationSettings = augmentationSettings(o.seed, o.profile);
  let geometry: PatchGeometry | undefined;
  const kindFor = o.realisticKinds ? realisticKindDrawer(o.realisticKinds) : undefined;
  for (let j = 0; j < o.count; j++) {
    const index = o.from + j;
    if (o.generator === 'realistic') {
      const scene = drawRealisticScene(o.seed, index, o.profile, kindFor);
      renderRealisticScene(scene, patches, j * PATCH_CELLS);
      kinds[j] = scene.kind;
    } else {
      geometry = patchGeometry(o.seed, index, o.profile, geometry);
      renderPatch(geometry, patches, j * PATCH_CELLS);
      kinds[j] = geometry.kind;
    }
    labels[j] = KIND_LABELS[kinds[j]!]!;
    if (o.augment !== false) {
      applied[j] = augmentPatch(
        patches.subarray(j * PATCH_CELLS, (j + 1) * PATCH_CELLS),
        o.seed,
        index,
        settings,
        o.augment ?? {},
      );
    }
    if (onProgress && ((j + 1) % 256 === 0 || j + 1 === o.count)) onProgress(j + 1, o.count);
  }
  return { patches, labels, kinds, applied, from: o.from };
}
