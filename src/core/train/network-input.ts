/**
 * Turns stored patches into the network input: [b, side, side] float32 -> [b, 112, 112, 1] by bilinear resize
 * with half-pixel centres (what skimage's order-1 resize does when upsampling 48 -> 112, apart from edge handling).
 * Done per batch on the tfjs backend (GPU where there is one) so data sets stay at 48x48 in memory.
 * Training and classification both go through here, so a model sees the same resize in both.
 */
import * as tf from '@tensorflow/tfjs';
import { INPUT_SIZE } from '../model';
import type { PatchSet } from './patch-set';

export function toNetworkInput(x: Float32Array, batch: number, side: number, size = INPUT_SIZE): tf.Tensor4D {
  return tf.tidy(() => {
    const t = tf.tensor4d(x, [batch, side, side, 1]);
    return side === size ? t : tf.image.resizeBilinear(t, [size, size], false, true);
  });
}

/** The network's class probabilities [n, 2] for patches [from, from + n) of `set`; call inside tf.tidy. */
export function predictPatches(model: tf.LayersModel, set: PatchSet, from: number, n: number): tf.Tensor2D {
  const cells = set.side * set.side;
  const x = toNetworkInput(set.x.subarray(from * cells, (from + n) * cells), n, set.side);
  return model.predict(x, { batchSize: n }) as tf.Tensor2D;
}
