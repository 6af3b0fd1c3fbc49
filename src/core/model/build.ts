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
}

function layerFor(n: LayerNode): tf.layers.Layer {
  const name = n.name;
  switch (n.kind) {
    case 'conv':
      return tf.layers.conv2d({ name, filters: n.outputShape[2] as number, kernelSize: n.kernel, strides: n.stride, padding: 'same', activation: n.activation });
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
  return tf.model({ inputs: input, outputs: last, name: opts.name ?? 'spn' });
}
