/**
 * Turns stored patches into the network input: [b, side, side] float32 -> [b, 112, 112, 1] by bilinear resize
 * with half-pixel centres (what skimage's order-1 resize does when upsampling 48 -> 112, apart from edge handling).
 * Done per batch on the tfjs backend (GPU where there is one) so data sets stay at 48x48 in memory.
 * Training and classification both go through here, so a model sees the same resize in both.
 */
import * as tf from '@tensorflow/tfjs';
import { INPUT_SIZE } from '../model';

export function toNetworkInput(x: Float32Array, batch: number, side: number, size = INPUT_SIZE): tf.Tensor4D {
  return tf.tidy(() => {
    const t = tf.tensor4d(x, [batch, side, side, 1]);
    return side === size ? t : tf.image.resizeBilinear(t, [size, size], false, true);
  });
}
