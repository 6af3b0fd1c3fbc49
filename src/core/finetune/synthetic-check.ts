/**
 * "Did it forget?": accuracy on synthetic patches of the TEST profile from the model's own
 * generator seed — the set the model was scored on when it was trained — before and after tuning.
 */
import type * as tf from '@tensorflow/tfjs';
import { buildDataset } from '../synthetic/dataset';
import { generateRawPatches } from '../synthetic/generator';
import { PATCH_SIDE, type SyntheticGenerator } from '../synthetic/types';
import type { PatchSet } from '../train/patch-set';
import { testModel } from '../train/trainer';

/** Test-profile patches [from, from+count) of generator seed `seed` and profile `generator`, standardised. */
export function syntheticTestSet(seed: number, count: number, generator: SyntheticGenerator, from = 0): PatchSet {
  const ds = buildDataset(generateRawPatches({ seed, from, count, profile: 'test', generator }), { inPlace: true });
  return { x: ds.inputs, labels: ds.labels, side: PATCH_SIDE, count };
}

/** Accuracy of `model` on `count` test-profile patches of generator seed `seed` (and the model's generator profile). */
export async function syntheticTestAccuracy(
  model: tf.LayersModel,
  seed: number,
  count = 1000,
  generator: SyntheticGenerator = 'paper',
): Promise<number> {
  return (await testModel(model, syntheticTestSet(seed, count, generator))).accuracy;
}
