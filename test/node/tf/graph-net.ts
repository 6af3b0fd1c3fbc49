/**
 * Test/bench support: runs a layer list (src/core/model/graph.ts LayerNode[]) as a functional
 * tfjs network with plain variables, so a training step can be run on any backend without the
 * Layers API. Weights come from the project PRNG as Float32Arrays, so two backends can start
 * from bit-identical weights.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../../src/core/prng';
import type { LayerNode } from '../../../src/core/model/graph';

/** Initial weights by variable name (He-normal convs/dense, small random biases). */
export type WeightValues = Map<string, { shape: number[]; values: Float32Array }>;

/** Draws weights for every conv/dense node of `nodes`. */
export function initWeights(nodes: readonly LayerNode[], seed: number): WeightValues {
  const rng = new Rng(seed);
  const out: WeightValues = new Map();
  const shapes = new Map(nodes.map((n) => [n.name, n.outputShape]));
  const draw = (name: string, shape: number[], sd: number) => {
    const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < values.length; i++) values[i] = rng.normal(0, sd);
    out.set(name, { shape, values });
  };
  for (const n of nodes) {
    const inShape = shapes.get(n.inputs[0] ?? '') ?? [];
    const cin = inShape[inShape.length - 1] ?? 0;
    const cout = n.outputShape[n.outputShape.length - 1] ?? 0;
    if (n.kind === 'conv') {
      const [kh, kw] = n.kernel;
      draw(`${n.name}/kernel`, [kh, kw, cin, cout], Math.sqrt(2 / (kh * kw * cin)));
    } else if (n.kind === 'dense') {
      draw(`${n.name}/kernel`, [cin, cout], Math.sqrt(2 / cin));
    } else continue;
    draw(`${n.name}/bias`, [cout], 0.05);
  }
  return out;
}

function activate(x: tf.Tensor, act: LayerNode['activation']): tf.Tensor {
  if (act === 'relu') return tf.relu(x);
  if (act === 'elu') return tf.elu(x);
  return x;
}

/** A functional network over the current backend's variables. */
export class GraphNet {
  readonly vars = new Map<string, tf.Variable>();

  constructor(
    private readonly nodes: readonly LayerNode[],
    weights: WeightValues,
  ) {
    for (const [name, w] of weights) this.vars.set(name, tf.variable(tf.tensor(w.values, w.shape), true, name));
  }

  private v(name: string): tf.Tensor {
    const t = this.vars.get(name);
    if (t === undefined) throw new Error(`GraphNet: no variable ${name}`);
    return t;
  }

  /** Output of the last node before softmax (the logits the loss takes), [B, classes]. */
  logits(x: tf.Tensor4D, training: boolean, dropoutSeed = 7): tf.Tensor2D {
    const vals = new Map<string, tf.Tensor>();
    const inp = (n: LayerNode, i = 0): tf.Tensor => vals.get(n.inputs[i] ?? '') as tf.Tensor;
    let last: tf.Tensor = x;
    for (const n of this.nodes) {
      let y: tf.Tensor;
      switch (n.kind) {
        case 'input':
          y = x;
          break;
        case 'conv': {
          const c = tf.conv2d(inp(n) as tf.Tensor4D, this.v(`${n.name}/kernel`) as tf.Tensor4D, n.stride, n.padding);
          y = activate(tf.add(c, this.v(`${n.name}/bias`)), n.activation);
          break;
        }
        case 'maxpool':
          y = tf.maxPool(inp(n) as tf.Tensor4D, n.kernel, n.stride, n.padding);
          break;
        case 'minpool':
          y = tf.neg(tf.maxPool(tf.neg(inp(n)) as tf.Tensor4D, n.kernel, n.stride, n.padding));
          break;
        case 'avgpool':
          y = tf.avgPool(inp(n) as tf.Tensor4D, n.kernel, n.stride, n.padding);
          break;
        case 'concat':
          y = tf.concat(
            n.inputs.map((_, i) => inp(n, i)),
            3,
          );
          break;
        case 'flatten':
          y = tf.reshape(inp(n), [x.shape[0], -1]);
          break;
        case 'dropout':
          y = training && n.rate > 0 ? tf.dropout(inp(n), n.rate, undefined, dropoutSeed) : inp(n);
          break;
        case 'dense':
          y = activate(
            tf.add(
              tf.matMul(inp(n) as tf.Tensor2D, this.v(`${n.name}/kernel`) as tf.Tensor2D),
              this.v(`${n.name}/bias`),
            ),
            n.activation,
          );
          break;
        case 'softmax':
          y = inp(n); // the loss applies softmax itself
          break;
      }
      vals.set(n.name, y);
      last = y;
    }
    return last as tf.Tensor2D;
  }

  /** Mean softmax cross-entropy of the logits against one-hot labels. */
  loss(x: tf.Tensor4D, labels: tf.Tensor2D, training = true): tf.Scalar {
    return tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(labels, this.logits(x, training));
  }

  /** Loss value and gradients of every variable (caller disposes). */
  grads(x: tf.Tensor4D, labels: tf.Tensor2D): { value: tf.Scalar; grads: tf.NamedTensorMap } {
    return tf.variableGrads(() => this.loss(x, labels));
  }

  /** One training step like the authors': Adam, gradients clipped to +-clip by value. Returns the loss. */
  trainStep(opt: tf.Optimizer, x: tf.Tensor4D, labels: tf.Tensor2D, clip = 10): number {
    const { value, grads } = this.grads(x, labels);
    const clipped: tf.NamedTensorMap = {};
    for (const [k, g] of Object.entries(grads)) clipped[k] = tf.clipByValue(g, -clip, clip);
    opt.applyGradients(clipped);
    const loss = value.dataSync()[0] ?? NaN;
    tf.dispose([value, grads, clipped]);
    return loss;
  }

  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }
}

/** Seeded input patches [B,H,W,1] and one-hot labels [B,2]. */
export function randomBatch(batch: number, size: number, seed: number): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const rng = new Rng(seed);
  const xs = new Float32Array(batch * size * size);
  for (let i = 0; i < xs.length; i++) xs[i] = rng.normal();
  const ys = new Float32Array(batch * 2);
  for (let b = 0; b < batch; b++) ys[b * 2 + rng.int(0, 2)] = 1;
  return { x: tf.tensor4d(xs, [batch, size, size, 1]), y: tf.tensor2d(ys, [batch, 2]) };
}
