/**
 * Augmentation strengths per profile, as the seed's build_corrupt_lists. Scalars the seed draws
 * once when it builds the list (blur sigma, noise scale, frequency-noise grid size, dropout p and
 * size bounds) are drawn once per data set here too, from (seed, profile) alone, so every patch
 * of a data set sees the same constants whichever worker made it.
 */
import { Rng, deriveSeed } from '../../prng';
import { AUGMENTATIONS, PATCH_SIDE, PROFILE_IDS } from '../types';
import type { AugmentationName, AugmentationProfile } from '../types';

/** Fixed strengths of one data set's augmentations; ranges are drawn from per patch. */
export interface AugmentationSettings {
  profile: AugmentationProfile;
  /** Probability of each augmentation per patch. */
  probability: Readonly<Record<AugmentationName, number>>;
  /** Gaussian blur sigma, px (train U(0.05,2), test U(0.05,3)). */
  blurSigma: number;
  /** Additive noise standard deviation, same units as the patch (0.1·U(0.05,0.5) / 0.1·U(0.01,1.5)). */
  noiseScale: number;
  /** Elastic displacement strength range, px, drawn per patch. */
  elasticAlpha: readonly [number, number];
  /** Elastic smoothing sigma range, px, drawn per patch. */
  elasticSigma: readonly [number, number];
  /** Largest side of the frequency-noise grid, px: randint(1, 48). */
  freqSizePxMax: number;
  /** Perspective corner-jitter sigma range, fraction of the side, drawn per patch. */
  perspectiveScale: readonly [number, number];
  /** Coarse dropout: probability a low-res cell is zeroed. */
  dropoutP: number;
  /** Coarse dropout: bounds of the low-res grid size as a fraction of the side (may be in either order). */
  dropoutSizePercent: readonly [number, number];
}

const SETTINGS_STREAM = 0x5e77;

/** Derives the data set's augmentation settings from its seed and profile. */
export function augmentationSettings(seed: number, profile: AugmentationProfile): AugmentationSettings {
  const rng = new Rng(deriveSeed(seed, PROFILE_IDS[profile], SETTINGS_STREAM));
  const test = profile === 'test';
  const probs = test ? [0.5, 0.5, 0.45, 0.5, 0.45, 0.4] : [0.4, 0.5, 0.35, 0.4, 0.35, 0.35];
  const probability = Object.fromEntries(AUGMENTATIONS.map((a, i) => [a, probs[i]!])) as Record<
    AugmentationName,
    number
  >;
  const blurSigma = rng.uniform(0.05, test ? 3 : 2);
  const noiseScale = 0.1 * (test ? rng.uniform(0.01, 1.5) : rng.uniform(0.05, 0.5));
  const freqSizePxMax = rng.int(1, PATCH_SIDE);
  const dropoutP = test ? rng.uniform(0.05, 0.3) : rng.uniform(0.05, 0.2);
  const [lo, hi] = test ? [0.01, 0.3] : [0.05, 0.2];
  const dropoutSizePercent: [number, number] = [rng.uniform(lo, hi), rng.uniform(lo, hi)];
  return {
    profile,
    probability,
    blurSigma,
    noiseScale,
    elasticAlpha: [0.5, 3.5],
    elasticSigma: test ? [0.01, 3] : [0.1, 2],
    freqSizePxMax,
    perspectiveScale: test ? [0.01, 0.2] : [0.01, 0.1],
    dropoutP,
    dropoutSizePercent,
  };
}
