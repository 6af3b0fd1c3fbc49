/**
 * Spec -> tfjs LayersModel (functional API, NHWC input [N, N, 1], output [batch, 2] class
 * probabilities: index 0 = not BSR, 1 = BSR). Layers come one-to-one from describeLayers(), so
 * layer names in the model equal the rows of layerTable().
 *
 * The head is dense(2, activation = spec.activations.output) named 'logits', then a separate
 * softmax layer 'probabilities'. For the paper preset the dense has ELU (a quirk of the authors'
 * TF2 file, which has no softmax at all); the softmax is added here because the classifier and
 * the cross-entropy loss need probabilities.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng, deriveSeed } from '../prng';
import { INPUT_SIZE, describeLayers } from './graph';
import type { LayerNode } from './graph';
import { MinPool2D, registerCustomLayers } from './minpool';
import type { CandidateSpec } from './spec';
import { validateSpec } from './validate';

/** Options of {@link buildModel}. */
export interface BuildOptions {
  /** Patch edge in samples/traces (default 112). */
  inputSize?: number;
  /** Model name (default 'spn'). */
  name?: string;
  /**
   * Seed of the initial weights ({@link initialiseWeights}); without one tfjs draws them from Math.random, so two
   * builds differ. The trainer always passes one (from TrainSettings.seed).
   */
  seed?: number;
}

function layerFor(n: LayerNode): tf.layers.Layer {
  const name = n.name;
  switch (n.kind) {
    case 'conv':
      return tf.layers.conv2d({
        name,
        filters: n.outputShape[2] as number,
        kernelSize: n.kernel,
        strides: n.stride,
        padding: 'same',
        activation: n.activation,
      });
    case 'maxpool':
      return tf.layers.maxPooling2d({ name, poolSize: n.kernel, strides: n.stride, padding: n.padding });
    case 'minpool':
      return new MinPool2D({ name, poolSize: n.kernel[0], strides: n.stride, padding: n.padding });
    case 'avgpool':
      return tf.layers.averagePooling2d({ name, poolSize: n.kernel, strides: n.stride, padding: n.padding });
    case 'concat':
      return tf.layers.concatenate({ name, axis: -1 });
    case 'flatten':
      return tf.layers.flatten({ name });
    case 'dropout':
      return tf.layers.dropout({ name, rate: n.rate });
    case 'dense':
      return tf.layers.dense({ name, units: n.outputShape[0] as number, activation: n.activation });
    case 'softmax':
      return tf.layers.activation({ name, activation: 'softmax' });
    case 'input':
      throw new Error('layerFor: input nodes are created with tf.input');
  }
}

/** Builds an untrained (randomly initialised) model of `spec`; validates the spec first. */
export function buildModel(spec: CandidateSpec, opts: BuildOptions = {}): tf.LayersModel {
  validateSpec(spec);
  registerCustomLayers();
  const nodes = describeLayers(spec, opts.inputSize ?? INPUT_SIZE);
  const tensors = new Map<string, tf.SymbolicTensor>();
  let input: tf.SymbolicTensor | null = null;
  let last: tf.SymbolicTensor | null = null;
  for (const n of nodes) {
    if (n.kind === 'input') {
      input = tf.input({ shape: n.outputShape, name: n.name });
      last = input;
    } else {
      const ins = n.inputs.map((i) => tensors.get(i) as tf.SymbolicTensor);
      last = layerFor(n).apply(ins.length === 1 ? (ins[0] as tf.SymbolicTensor) : ins) as tf.SymbolicTensor;
    }
    tensors.set(n.name, last);
  }
  if (input === null || last === null) throw new Error('buildModel: empty layer graph');
  const model = tf.model({ inputs: input, outputs: last, name: opts.name ?? 'spn' });
  if (opts.seed !== undefined) initialiseWeights(model, opts.seed);
  return model;
}

/**
 * Draws every kernel of `model` again from `seed`: Glorot-uniform (the initialiser tfjs gives conv2d and dense by
 * default, limit sqrt(6 / (fanIn + fanOut)), fans counting the receptive field) from one stream per weight, in
 * JavaScript, so the values are the same bytes on every backend. Biases stay zero (tfjs' default). The layers'
 * configs are untouched, so saved and exported models look as before.
 */
export function initialiseWeights(model: tf.LayersModel, seed: number): void {
  model.weights.forEach((w, i) => {
    if (!/\/kernel$/.test(w.originalName)) return;
    const shape = w.shape as number[];
    const fanIn = shape.length === 2 ? (shape[0] as number) : shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const rf = shape.length === 4 ? (shape[0] as number) * (shape[1] as number) : 1;
    const fanOut = (shape[shape.length - 1] as number) * rf;
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const rng = new Rng(deriveSeed(seed, i));
    const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let k = 0; k < values.length; k++) values[k] = rng.uniform(-limit, limit);
    const t = tf.tensor(values, shape);
    w.write(t);
    t.dispose();
  });
}

/**
 * Seeds the masks of every dropout layer of `model` for its next training call (one seed per layer, derived from
 * `seed`); null puts back tfjs' unseeded masks. tfjs reseeds its generator from a layer's seed at each call, so a
 * fixed seed would repeat one mask every step: the trainer passes a fresh seed from its own stream per step.
 */
export function seedDropout(model: tf.LayersModel, seed: number | null): void {
  model.layers.forEach((layer, i) => {
    if (layer.getClassName() !== 'Dropout') return;
    // tfjs reads `seed` at each call (Dropout.call) and treats 0 as "unseeded", so never 0.
    (layer as unknown as { seed?: number }).seed = seed === null ? undefined : deriveSeed(seed, i) || 1;
  });
}
