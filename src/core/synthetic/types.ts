/**
 * Shared vocabulary of the synthetic BSR patch generator (spn-reference §1).
 * Kinds are stored as small integers (Uint8Array) so a whole data set stays compact.
 */

/** Side of a generated patch in grid cells (the authors' generation grid). */
export const PATCH_SIDE = 48;
/** Cells in one generated patch. */
export const PATCH_CELLS = PATCH_SIDE * PATCH_SIDE;
/** Side of the network input after {@link resizePatch} (pixels). */
export const NETWORK_SIDE = 112;

/**
 * Patch kinds; the value is what `kinds` arrays hold. 0..3 are the paper generator's (spn-reference §1),
 * 4.. the realistic profile's (see src/core/synthetic/realistic/kinds.ts for what each imitates).
 */
export const PatchKind = {
  bsrPositive: 0,
  bsrNegative: 1,
  seabed: 2,
  environmental: 3,
  bsr: 4,
  bsrGapped: 5,
  bsrBlanked: 6,
  bsrFaulted: 7,
  normalReflector: 8,
  seabedWater: 9,
  seabedMultiple: 10,
  brightStrata: 11,
  waterNoise: 12,
  strata: 13,
  bsrOffCentre: 14,
} as const;
export type PatchKind = (typeof PatchKind)[keyof typeof PatchKind];
/** Display names, indexed by {@link PatchKind}. */
export const KIND_NAMES = [
  'bsr-positive',
  'bsr-negative',
  'seabed',
  'environmental',
  'bsr',
  'bsr-gapped',
  'bsr-blanked',
  'bsr-faulted',
  'normal-reflector',
  'seabed-water',
  'seabed-multiple',
  'bright-strata',
  'water-noise',
  'strata',
  'bsr-off-centre',
] as const;
/** Probability of each paper kind (0..3) per patch in the paper generator, indexed by {@link PatchKind}. */
export const KIND_SHARES: readonly number[] = [0.5, 0.38, 0.02, 0.1];
/** Class label of each kind (1 = BSR), indexed by {@link PatchKind}. */
export const KIND_LABELS: readonly number[] = [1, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];

/**
 * Which patch generator: 'paper' = the authors' generator ported faithfully (kinds 0..3); 'realistic' = the
 * same augmentations over patches with real wavelets and the hard negatives of real lines (kinds 4..13).
 */
export type SyntheticGenerator = 'paper' | 'realistic';
export const SYNTHETIC_GENERATORS: readonly SyntheticGenerator[] = ['paper', 'realistic'];

/** Augmentation strength profile: `train` for training data, the stronger `test` for held-out data. */
export type AugmentationProfile = 'train' | 'test';
/** Stable integer id of a profile, mixed into seeds. */
export const PROFILE_IDS: Readonly<Record<AugmentationProfile, number>> = { train: 0, test: 1 };

/** The six augmentations, in the order they are applied; bit i of an `applied` mask = AUGMENTATIONS[i]. */
export const AUGMENTATIONS = ['blur', 'noise', 'elastic', 'freqNoise', 'perspective', 'dropout'] as const;
export type AugmentationName = (typeof AUGMENTATIONS)[number];

/** A generator setting out of range; `field` names the offending option. */
export class GeneratorSettingsError extends Error {
  override readonly name = 'GeneratorSettingsError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`generator setting "${field}": ${message}`);
  }
}

/** The data cannot be standardised (empty, NaN, or too few distinct values). */
export class StandardisationError extends Error {
  override readonly name = 'StandardisationError';
}

/** Side of a square patch held in `data`, or a typed error naming `field`. */
export function squareSide(data: Float32Array, field = 'patch'): number {
  const side = Math.round(Math.sqrt(data.length));
  if (side * side !== data.length || side < 2) {
    throw new GeneratorSettingsError(field, `expected a square patch, got ${data.length} values`);
  }
  return side;
}
