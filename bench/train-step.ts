/** The training step the benchmarks time, shared by the browser bench worker and the node profiler. */
import * as tf from '@tensorflow/tfjs';

/** Adam + softmax cross-entropy on log(clip(probs)) + gradient clipping by value: the trainer's step (src/core/train/trainer.ts) on ready tensors. */
export function benchTrainStep(model: tf.LayersModel, opt: tf.Optimizer, x: tf.Tensor, y: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(
      () => {
        const probs = model.apply(x, { training: true }) as tf.Tensor2D;
        return tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(y, tf.log(tf.clipByValue(probs, 1e-7, 1)));
      },
      model.trainableWeights.map((w) => w.read() as tf.Variable),
    );
    const clipped: tf.NamedTensorMap = {};
    for (const [name, g] of Object.entries(grads)) clipped[name] = tf.clipByValue(g, -10, 10);
    opt.applyGradients(clipped);
    return value;
  });
}
