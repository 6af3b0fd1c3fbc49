/**
 * Patch kinds and augmentations in a geoscientist's words, for captions, tables and controls (the ids of
 * core/synthetic/types.ts stay in files and code: "bsr-negative" read as "a BSR of negative polarity").
 */
import type { AugmentationName } from '../core/synthetic/types';

/** Indexed by PatchKind. */
export const KIND_WORDS: readonly string[] = [
  'BSR',
  'normal-polarity look-alike',
  'seabed',
  'noise only',
  'BSR',
  'gapped BSR',
  'BSR with blanking above',
  'faulted BSR',
  'normal-polarity reflector',
  'seabed under water',
  'seabed multiple',
  'bright strata',
  'water-column noise',
  'strata',
  'BSR away from the centre',
];

/** A kind's words ("kind N" for an id this version does not know). */
export function kindWords(kind: number): string {
  return KIND_WORDS[kind] ?? `kind ${kind}`;
}

export const AUG_LABELS: Record<AugmentationName, string> = {
  blur: 'Gaussian blur',
  noise: 'Gaussian noise',
  elastic: 'Elastic deformation',
  freqNoise: 'Frequency noise',
  perspective: 'Perspective',
  dropout: 'Coarse dropout',
};
