/**
 * A data set as plain arrays for other tools (NumPy, PyTorch): the standardised 48 x 48 patches
 * as float32, one byte per patch for label, kind and applied augmentations, and a manifest that
 * says what each array holds. Used by `scripts/export-patches.ts` for studies outside the app
 * (the realistic test profile's ceiling in the README was measured on such files).
 */
import { MAX_DATASET_VALUES, buildDataset } from './dataset';
import { generateRawPatches } from './generator';
import type { KeepPolarityBounds } from './standardise';
import { AUGMENTATIONS, GeneratorSettingsError, KIND_NAMES, PATCH_CELLS, PATCH_SIDE } from './types';
import type { AugmentationProfile, SyntheticGenerator } from './types';

export interface PatchExportOptions {
  seed: number;
  count: number;
  profile: AugmentationProfile;
  generator: SyntheticGenerator;
  /** false: the scenes without any augmentation (the same scenes as with it). */
  augment: boolean;
}

export interface PatchExportManifest extends PatchExportOptions {
  /** Patches are `side` x `side`, row-major, rows = time samples growing downwards. */
  side: number;
  /** File suffix → what it holds (little-endian). */
  arrays: Record<'x' | 'y' | 'kind' | 'applied', string>;
  /** `kind` byte → kind name. */
  kindNames: readonly string[];
  /** Bit i of `applied` → augmentation name. */
  augmentationBits: readonly string[];
  /** The one keep-polarity scale the patches were standardised with. */
  bounds: KeepPolarityBounds;
}

export interface PatchExport {
  manifest: PatchExportManifest;
  /** Little-endian bytes per array of the manifest. */
  arrays: Record<'x' | 'y' | 'kind' | 'applied', Uint8Array>;
}

/** Most patches one export holds: the data set is built in memory (1 GiB of float32). */
export const MAX_EXPORT_PATCHES = Math.floor(MAX_DATASET_VALUES / PATCH_CELLS);

/** Generates and standardises one data set exactly as the search and training scripts do. */
export function exportPatches(options: PatchExportOptions): PatchExport {
  if (!Number.isInteger(options.count) || options.count < 1 || options.count > MAX_EXPORT_PATCHES) {
    throw new GeneratorSettingsError(
      'count',
      `must be a whole number from 1 to ${MAX_EXPORT_PATCHES} (one export is built in memory), got ${options.count}; export more as several data sets with different seeds`,
    );
  }
  const raw = generateRawPatches({
    seed: options.seed,
    count: options.count,
    profile: options.profile,
    generator: options.generator,
    augment: options.augment ? undefined : false,
  });
  const set = buildDataset(raw, { inPlace: true });
  // Float32Array bytes are the platform's order; every platform tfjs and NumPy run on here is little-endian.
  const x = new Uint8Array(set.inputs.buffer, set.inputs.byteOffset, set.inputs.byteLength);
  return {
    manifest: {
      seed: options.seed,
      count: options.count,
      profile: options.profile,
      generator: options.generator,
      augment: options.augment,
      side: PATCH_SIDE,
      arrays: {
        x: `float32 [count, ${PATCH_SIDE}, ${PATCH_SIDE}]: standardised amplitudes`,
        y: 'uint8 [count]: 1 = BSR, 0 = not BSR',
        kind: 'uint8 [count]: index into kindNames',
        applied: 'uint8 [count]: bit i set = augmentationBits[i] was applied',
      },
      kindNames: KIND_NAMES,
      augmentationBits: AUGMENTATIONS,
      bounds: set.bounds,
    },
    arrays: { x, y: set.labels, kind: set.kinds, applied: set.applied },
  };
}
