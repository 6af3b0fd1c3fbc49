/**
 * The augmentation list, applied in the seed's order (blur, noise, elastic, frequency noise,
 * perspective, dropout), each with its own probability. Each augmentation draws from its own
 * stream (seed, profile, patch index, augmentation), so switching one off for a preview leaves
 * what the others do to that patch unchanged.
 */
import { Rng, deriveSeed } from '../../prng';
import { AUGMENTATIONS, GeneratorSettingsError, PROFILE_IDS } from '../types';
import type { AugmentationName } from '../types';
import { gaussianBlur } from './blur';
import { coarseDropout } from './dropout';
import { elasticDeformation } from './elastic';
import { frequencyNoise } from './freq-noise';
import { gaussianNoise } from './noise';
import { perspectiveTransform } from './perspective';
import type { AugmentationSettings } from './settings';

export { augmentationSettings } from './settings';
export type { AugmentationSettings } from './settings';
export { gaussianBlur, blurWithSigma } from './blur';
export { gaussianNoise } from './noise';
export { elasticDeformation, deformWith } from './elastic';
export { frequencyNoise, laplacian } from './freq-noise';
export { perspectiveTransform, perspectiveWith } from './perspective';
export { coarseDropout } from './dropout';

/** One augmentation: transforms a square patch in place and returns it. */
export type Augmentation = (patch: Float32Array, rng: Rng, settings: AugmentationSettings) => Float32Array;

/** The augmentations by name. */
export const AUGMENTATION_FUNCTIONS: Readonly<Record<AugmentationName, Augmentation>> = {
  blur: gaussianBlur,
  noise: gaussianNoise,
  elastic: elasticDeformation,
  freqNoise: frequencyNoise,
  perspective: perspectiveTransform,
  dropout: coarseDropout,
};

/** Which augmentations may run. Default: all, each with its profile probability. */
export interface AugmentOptions {
  /** Never apply these. */
  disable?: readonly AugmentationName[];
  /** Apply exactly this one, with probability 1, and no other (UI previews). */
  forceAugmentation?: AugmentationName;
}

const CHANCE_STREAM = 0;

/** Checks option names; throws {@link GeneratorSettingsError} naming the field. */
export function validateAugmentOptions(options: AugmentOptions): void {
  for (const name of options.disable ?? []) {
    if (!AUGMENTATIONS.includes(name))
      throw new GeneratorSettingsError('augment.disable', `unknown augmentation "${String(name)}"`);
  }
  const f = options.forceAugmentation;
  if (f !== undefined && !AUGMENTATIONS.includes(f)) {
    throw new GeneratorSettingsError('augment.forceAugmentation', `unknown augmentation "${String(f)}"`);
  }
}

/**
 * Augments patch `index` of the data set `seed` in place; returns the bitmask of applied
 * augmentations (bit i = AUGMENTATIONS[i]).
 */
export function augmentPatch(
  patch: Float32Array,
  seed: number,
  index: number,
  settings: AugmentationSettings,
  options: AugmentOptions = {},
): number {
  const profile = PROFILE_IDS[settings.profile];
  const chance = new Rng(deriveSeed(seed, profile, index, CHANCE_STREAM));
  let applied = 0;
  for (let k = 0; k < AUGMENTATIONS.length; k++) {
    const name = AUGMENTATIONS[k]!;
    const roll = chance.next(); // drawn even when disabled so the other rolls stay put
    const on =
      options.forceAugmentation !== undefined
        ? options.forceAugmentation === name
        : roll < settings.probability[name] && !(options.disable?.includes(name) ?? false);
    if (!on) continue;
    AUGMENTATION_FUNCTIONS[name](patch, new Rng(deriveSeed(seed, profile, index, k + 1)), settings);
    applied |= 1 << k;
  }
  return applied;
}
