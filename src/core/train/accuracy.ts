/** Accuracy of a trained network on a patch set, batch by batch (48 x 48 patches resized to the network input per batch). */
import * as tf from '@tensorflow/tfjs';
import { predictPatches } from './network-input';
import type { PatchSet } from './patch-set';

/** Share of `set` whose argmax class equals its label; frees every tensor it makes. */
export async function accuracyOn(model: tf.LayersModel, set: PatchSet, batchSize = 64): Promise<number> {
  let correct = 0;
  for (let from = 0; from < set.count; from += batchSize) {
    const n = Math.min(batchSize, set.count - from);
    const pred = tf.tidy(() => predictPatches(model, set, from, n).argMax(1));
    const p = await pred.data();
    pred.dispose();
    for (let i = 0; i < n; i++) if (p[i] === set.labels[from + i]) correct++;
  }
  return correct / set.count;
}
