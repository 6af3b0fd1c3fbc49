/** accuracyOn: the share of a patch set whose predicted class equals its label, tensors freed. */
import { beforeAll, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initNodeWasm } from '../../../scripts/wasm-node';
import { accuracyOn } from '../../../src/core/train/accuracy';

beforeAll(async () => {
  await initNodeWasm();
});

it('counts argmax == label over batches, including a short last batch', async () => {
  // P(class 1) rises with the patch mean: a model whose answers are known.
  const input = tf.input({ shape: [112, 112, 1] });
  const pooled = tf.layers.globalAveragePooling2d({}).apply(input) as tf.SymbolicTensor;
  const out = tf.layers
    .dense({ units: 2, useBias: false, weights: [tf.tensor2d([[-4, 4]])] })
    .apply(pooled) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  const side = 48,
    cells = side * side;
  const means = [0.5, 0.4, -0.3, -0.6, 0.2];
  const labels = Uint8Array.of(1, 1, 0, 1, 0); // the 4th (negative mean, label 1) and 5th (positive, label 0) are wrong
  const x = new Float32Array(means.length * cells);
  means.forEach((m, i) => x.fill(m, i * cells, (i + 1) * cells));
  const before = tf.memory().numTensors;
  expect(await accuracyOn(model, { x, labels, side, count: 5 }, 2)).toBeCloseTo(3 / 5, 10);
  expect(tf.memory().numTensors).toBe(before);
  model.dispose();
});
