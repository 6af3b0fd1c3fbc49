/**
 * A faster twin of a model whose stem is conv0 -> max-pool -> strided 1x1 conv1, as in the paper network
 * (7x7/2 conv, 3x3/2 max-pool, 1x1/2 conv). The strided 1x1 conv reads only every second pooled pixel, so 7 of
 * every 16 conv0 outputs never reach the result, yet a layer-by-layer run computes them, activates them, pools
 * them and back-propagates through them (about a third of a training step on CPU backends).
 *
 * The twin computes the same function with the same weights, from that stem's first principles:
 *   conv1 output (i, j) reads pooled pixel (s1 i - p1, s1 j - p1), the max over its window of conv0 outputs
 *   r = (s1 i - p1) sp - pp + a (a = 0 .. k-1), and conv0 output r reads input rows r s0 - p0 + kh. So for
 *   each window offset (a, b) the needed conv0 outputs are ONE convolution of the input with stride
 *   S = s0 sp s1, started at row (-p1 sp - pp + a) s0 - p0: k x k strided convs (of the shared conv0 kernel)
 *   instead of one dense conv, their element-wise maximum (taken in row-major window order, so ties go to the
 *   first tap, as max-pool's gradient does), then conv0's bias and activation (monotone, so they commute with
 *   the maximum: applied to 1/(sp s1)^2 of the values), then conv1 as a 1x1 stride-1 conv.
 *
 * The twin SHARES every layer and variable with the model (the stem layer reads conv0's and conv1's variables
 * and lists them as its trainable weights), so training the twin trains the model, which stays the one that is
 * saved and exported. Never dispose a twin: its layers belong to the model. When the stem does not have that
 * shape, fastTwin returns the model itself.
 */
import * as tf from '@tensorflow/tfjs';
import { maxFirst, stemConvMax, stemKernelsAvailable } from '../tf/max-first';

/** Stem activations that are monotone non-decreasing, so max(act(y + b)) = act(max(y) + b). */
const MONOTONE = new Set(['elu', 'relu', 'linear']);

/** Geometry of the subsampled stem (one spatial axis; the other is the same construction). */
interface AxisPlan {
  /** Zeros added before / after the input. */
  padBefore: number;
  padAfter: number;
  /** Start of window offset a's strided conv in the padded input: start0 + a * s0. */
  start0: number;
  /** Input length each strided conv reads. */
  span: number;
  /** conv1 output length. */
  out: number;
}

interface StemPlan {
  stride: number;
  window: number;
  rows: AxisPlan;
  cols: AxisPlan;
  conv0: tf.layers.Layer;
  conv1: tf.layers.Layer;
  act0: string;
  act1: string;
}

interface ConvConfig {
  kernelSize: number[];
  strides: number[];
  padding: string;
  dilationRate: number[];
  activation: string;
  useBias: boolean;
  dataFormat: string;
}

interface PoolConfig {
  poolSize: number[];
  strides: number[];
  padding: string;
  dataFormat: string;
}

const square = (v: number[] | undefined): number | null =>
  v !== undefined && v.length === 2 && v[0] === v[1] ? (v[0] as number) : null;

/** SAME padding before the data along one axis (TF's rule: the smaller half goes first). */
function samePadBefore(inLen: number, outLen: number, k: number, s: number): number {
  return Math.floor(Math.max((outLen - 1) * s + k - inLen, 0) / 2);
}

function outLength(inLen: number, k: number, s: number, padding: string): number {
  return padding === 'same' ? Math.ceil(inLen / s) : Math.floor((inLen - k) / s) + 1;
}

/** Plans one axis, or null when some needed conv0 output or pooled pixel would fall into padding. */
function planAxis(
  inLen: number,
  k0: number,
  s0: number,
  pad0: string,
  kp: number,
  sp: number,
  padp: string,
  s1: number,
  pad1: string,
): AxisPlan | null {
  const len0 = outLength(inLen, k0, s0, pad0);
  const p0 = pad0 === 'same' ? samePadBefore(inLen, len0, k0, s0) : 0;
  const lenp = outLength(len0, kp, sp, padp);
  const pp = padp === 'same' ? samePadBefore(len0, lenp, kp, sp) : 0;
  const out = outLength(lenp, 1, s1, pad1);
  const p1 = pad1 === 'same' ? samePadBefore(lenp, out, 1, s1) : 0;
  if (out < 1) return null;
  // Every pooled pixel read by conv1 and every conv0 output in its window must be real (not padding), so that
  // the maximum needs no -infinity padding and matches max-pool exactly.
  for (const i of [0, out - 1]) {
    const u = i * s1 - p1;
    if (u < 0 || u >= lenp) return null;
    if (u * sp - pp < 0 || u * sp - pp + kp - 1 >= len0) return null;
  }
  const stride = s0 * sp * s1;
  const first = (-p1 * sp - pp) * s0 - p0; // input row of tap 0 of window offset 0 for output 0
  const span = stride * (out - 1) + k0;
  const padBefore = Math.max(0, -first);
  const lastRow = first + (kp - 1) * s0 + span; // one past the last input row read
  const padAfter = Math.max(0, lastRow - inLen);
  return { padBefore, padAfter, start0: first + padBefore, span, out };
}

function layerOrNull(model: tf.LayersModel, name: string): tf.layers.Layer | null {
  try {
    return model.getLayer(name);
  } catch {
    return null;
  }
}

/** The plan for `model`'s stem, or null when the twin does not apply. */
function planStem(model: tf.LayersModel): StemPlan | null {
  const conv0 = layerOrNull(model, 'conv0');
  const pool0 = layerOrNull(model, 'pool0');
  const conv1 = layerOrNull(model, 'conv1');
  if (!conv0 || !pool0 || !conv1) return null;
  if (conv0.getClassName() !== 'Conv2D' || pool0.getClassName() !== 'MaxPooling2D' || conv1.getClassName() !== 'Conv2D')
    return null;
  // A straight chain input -> conv0 -> pool0 -> conv1, each output used once.
  const single = (l: tf.layers.Layer): boolean => l.inboundNodes.length === 1 && l.outboundNodes.length === 1;
  if (!single(conv0) || !single(pool0) || !single(conv1)) return null;
  if (conv0.inboundNodes[0]?.inboundLayers[0]?.getClassName() !== 'InputLayer') return null;
  if (pool0.inboundNodes[0]?.inboundLayers[0] !== conv0 || conv1.inboundNodes[0]?.inboundLayers[0] !== pool0)
    return null;
  const c0 = conv0.getConfig() as unknown as ConvConfig;
  const p = pool0.getConfig() as unknown as PoolConfig;
  const c1 = conv1.getConfig() as unknown as ConvConfig;
  if ([c0.dataFormat, p.dataFormat, c1.dataFormat].some((f) => f !== 'channelsLast')) return null;
  const k0 = square(c0.kernelSize);
  const s0 = square(c0.strides);
  const kp = square(p.poolSize);
  const sp = square(p.strides);
  const s1 = square(c1.strides);
  if (k0 === null || s0 === null || kp === null || sp === null || s1 === null || square(c1.kernelSize) !== 1)
    return null;
  if (
    square(c0.dilationRate) !== 1 ||
    square(c1.dilationRate) !== 1 ||
    !MONOTONE.has(c0.activation) ||
    !MONOTONE.has(c1.activation)
  )
    return null;
  if (s1 < 2) return null; // nothing to skip
  const shape = conv0.inboundNodes[0]?.inputShapes as tf.Shape | tf.Shape[] | undefined;
  const inShape = (Array.isArray(shape?.[0]) ? shape?.[0] : shape) as tf.Shape | undefined;
  const H = inShape?.[1];
  const W = inShape?.[2];
  if (typeof H !== 'number' || typeof W !== 'number') return null;
  const rows = planAxis(H, k0, s0, c0.padding, kp, sp, p.padding, s1, c1.padding);
  const cols = planAxis(W, k0, s0, c0.padding, kp, sp, p.padding, s1, c1.padding);
  if (!rows || !cols) return null;
  return { stride: s0 * sp * s1, window: kp, rows, cols, conv0, conv1, act0: c0.activation, act1: c1.activation };
}

function variableOf(layer: tf.layers.Layer, suffix: 'kernel' | 'bias'): tf.Tensor | null {
  const v = layer.weights.find((w) => w.originalName.endsWith(`/${suffix}`) || w.name.endsWith(`/${suffix}`));
  return v ? v.read() : null;
}

function activate(x: tf.Tensor, name: string): tf.Tensor {
  if (name === 'elu') return tf.elu(x);
  if (name === 'relu') return tf.relu(x);
  if (name === 'linear') return x;
  throw new Error(`SubsampledStem: unsupported activation ${name}`);
}

/** conv0 -> max-pool -> conv1 computed only where conv1 reads (see the file comment); weights are borrowed. */
class SubsampledStem extends tf.layers.Layer {
  static className = 'SubsampledStem';

  constructor(private readonly plan: StemPlan) {
    super({ name: 'subsampled_stem', trainable: true });
  }

  override get trainableWeights(): tf.LayerVariable[] {
    return [...this.plan.conv0.trainableWeights, ...this.plan.conv1.trainableWeights];
  }

  override get nonTrainableWeights(): tf.LayerVariable[] {
    return [...this.plan.conv0.nonTrainableWeights, ...this.plan.conv1.nonTrainableWeights];
  }

  override get weights(): tf.LayerVariable[] {
    return [...this.trainableWeights, ...this.nonTrainableWeights];
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const filters = (this.plan.conv1.getConfig() as { filters: number }).filters;
    return [s[0] ?? null, this.plan.rows.out, this.plan.cols.out, filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const { rows, cols, stride, window, conv0, conv1 } = this.plan;
      const k0 = variableOf(conv0, 'kernel') as tf.Tensor4D;
      const b0 = variableOf(conv0, 'bias');
      const k1 = variableOf(conv1, 'kernel') as tf.Tensor4D;
      const b1 = variableOf(conv1, 'bias');
      const s0 = (conv0.getConfig() as unknown as ConvConfig).strides[0] as number;
      const padded =
        rows.padBefore + rows.padAfter + cols.padBefore + cols.padAfter > 0
          ? tf.pad(x, [
              [0, 0],
              [rows.padBefore, rows.padAfter],
              [cols.padBefore, cols.padAfter],
              [0, 0],
            ])
          : x;
      // Row-major window order: on ties the gradient goes to the first maximal input, the earlier tap.
      const taps = (xp: tf.Tensor4D, kernel: tf.Tensor4D): tf.Tensor[] => {
        const out: tf.Tensor[] = [];
        for (let a = 0; a < window; a++) {
          for (let b = 0; b < window; b++) {
            const part = tf.slice(
              xp,
              [0, rows.start0 + a * s0, cols.start0 + b * s0, 0],
              [-1, rows.span, cols.span, -1],
            );
            out.push(tf.conv2d(part, kernel, stride, 'valid'));
          }
        }
        return out;
      };
      // With the wasm kernels one op whose filter gradient follows only the winning taps; elsewhere plain ops.
      const best = stemKernelsAvailable()
        ? stemConvMax(padded, k0, {
            outH: rows.out,
            outW: cols.out,
            k: k0.shape[0],
            stride,
            s0,
            window,
            row0: rows.start0,
            col0: cols.start0,
          })
        : maxFirst(taps(padded, k0));
      const pooled = activate(b0 ? tf.add(best, b0) : best, this.plan.act0) as tf.Tensor4D;
      return tf.fused.conv2d({
        x: pooled,
        filter: k1,
        strides: 1,
        pad: 'valid',
        ...(b1 ? { bias: b1 } : {}),
        activation: this.plan.act1 as 'elu' | 'relu' | 'linear',
      });
    });
  }
}

const twins = new WeakMap<tf.LayersModel, tf.LayersModel>();

/**
 * The faster twin of `model` (same function, same variables; see the file comment), or `model` itself when its
 * stem is not conv0 -> max-pool -> strided 1x1 conv1. Cached per model.
 */
export function fastTwin(model: tf.LayersModel): tf.LayersModel {
  const cached = twins.get(model);
  if (cached) return cached;
  const plan = planStem(model);
  if (!plan) {
    twins.set(model, model);
    return model;
  }
  const input = model.inputs[0] as tf.SymbolicTensor;
  const x = tf.input({ shape: input.shape.slice(1), name: `${input.name.replace(/[:/]/g, '_')}_fast` });
  const made = new Map<tf.layers.Layer, tf.SymbolicTensor>();
  made.set(plan.conv1, new SubsampledStem(plan).apply(x) as tf.SymbolicTensor);
  for (const layer of model.layers) {
    if (layer.getClassName() === 'InputLayer' || layer === plan.conv0 || layer.name === 'pool0' || layer === plan.conv1)
      continue;
    const node = layer.inboundNodes[0];
    if (!node) throw new Error(`fastTwin: layer ${layer.name} has no inbound node`);
    const ins = node.inboundLayers.map((l) => {
      const t = made.get(l);
      if (!t) throw new Error(`fastTwin: input ${l.name} of ${layer.name} is not built yet`);
      return t;
    });
    made.set(layer, layer.apply(ins.length === 1 ? (ins[0] as tf.SymbolicTensor) : ins) as tf.SymbolicTensor);
  }
  const outLayer = model.outputs[0]?.sourceLayer;
  const out = outLayer ? made.get(outLayer) : undefined;
  if (!out) throw new Error('fastTwin: the output layer was not rebuilt');
  const twin = tf.model({ inputs: x, outputs: out, name: `${model.name}_fast` });
  twins.set(model, twin);
  return twin;
}
