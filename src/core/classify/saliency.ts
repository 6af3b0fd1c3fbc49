/**
 * Saliency of one patch (the paper's explanation of decisions): the gradient of the BSR
 * probability (output index 1) with respect to the 48 x 48 patch, taken through the 48 -> 112
 * resize, so it is shown on the patch the user sees. Normalised by the largest |gradient| to
 * [-1, 1] for display (sign kept: positive = raising this sample raises the BSR probability).
 */
import * as tf from '@tensorflow/tfjs';
import { INPUT_SIZE } from '../model/graph';
import { PATCH_SIDE } from '../synthetic/types';
import { ClassifyError } from './grid';

/** The same resize as toNetworkInput (bilinear, half-pixel centres) on a tensor, so it can be differentiated. */
export function resizeForNetwork(x: tf.Tensor4D, size = INPUT_SIZE): tf.Tensor4D {
  return x.shape[1] === size && x.shape[2] === size ? x : tf.image.resizeBilinear(x, [size, size], false, true);
}

/** d P(BSR) / d patch for one standardised 48 x 48 patch (row-major, time down), normalised to [-1, 1]. */
export async function saliencyMap(
  model: tf.LayersModel,
  patch48: Float32Array,
): Promise<{ saliency: Float32Array; probability: number; maxAbsGradient: number }> {
  if (patch48.length !== PATCH_SIDE * PATCH_SIDE)
    throw new ClassifyError(`saliency needs a ${PATCH_SIDE} x ${PATCH_SIDE} patch, got ${patch48.length} values`);
  const [gradT, probT] = tf.tidy(() => {
    const x = tf.tensor4d(patch48, [1, PATCH_SIDE, PATCH_SIDE, 1]);
    const bsr = (input: tf.Tensor): tf.Scalar =>
      (model.predict(resizeForNetwork(input as tf.Tensor4D)) as tf.Tensor2D).slice([0, 1], [1, 1]).sum<tf.Scalar>();
    return [tf.grad(bsr)(x), bsr(x)] as const;
  });
  try {
    const grad = (await gradT.data()) as Float32Array;
    const probability = (await probT.data())[0] as number;
    let maxAbs = 0;
    for (const g of grad) maxAbs = Math.max(maxAbs, Math.abs(g));
    const saliency = new Float32Array(grad.length);
    if (maxAbs > 0) for (let i = 0; i < grad.length; i++) saliency[i] = grad[i]! / maxAbs;
    return { saliency, probability, maxAbsGradient: maxAbs };
  } finally {
    tf.dispose([gradT, probT]);
  }
}
