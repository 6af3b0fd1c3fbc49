/**
 * The layer graph of a spec, as plain data: one node per tfjs layer the builder will create,
 * in creation order, with output shapes, parameter and multiply-add counts. The builder and the
 * layer table both read this list, so the table can never describe a different network than
 * the one that is built.
 *
 * Conventions follow bench/torch_spn_ref.py: all padding TF 'SAME' except the final average
 * pool; MACs count convs and the dense layer only (bias adds, pools, activations not counted).
 */
import { NUM_CLASSES, STEM_POOL } from './spec';
import type { Activation, CandidateSpec, PerceptionSpec } from './spec';

/** What a node does; the builder maps each kind to one tfjs layer. */
export type LayerKind =
  'input' | 'conv' | 'maxpool' | 'minpool' | 'avgpool' | 'concat' | 'flatten' | 'dropout' | 'dense' | 'softmax';

/** One layer of the network. Shapes are per sample, NHWC without the batch axis. */
export interface LayerNode {
  name: string;
  kind: LayerKind;
  /** Names of the nodes feeding this one (several only for concat). */
  inputs: string[];
  /** [height, width] of the window for conv and pools; [1, 1] otherwise. */
  kernel: [number, number];
  stride: number;
  padding: 'same' | 'valid';
  activation: Activation;
  /** Dropout rate (dropout nodes only; 0 elsewhere). */
  rate: number;
  /** [h, w, c] or [c]. */
  outputShape: number[];
  /** Trainable parameters (weights + biases). */
  params: number;
  /** Multiply-adds per sample. */
  macs: number;
}

/** Default patch edge (samples and traces): the network input is 112x112x1. */
export const INPUT_SIZE = 112;

/** Output edge of a TF 'SAME' (ceil) or 'VALID' window. */
export function outSize(n: number, k: number, s: number, padding: 'same' | 'valid'): number {
  return padding === 'same' ? Math.ceil(n / s) : Math.floor((n - k) / s) + 1;
}

/** Builds the node list of `spec` for square inputs of edge `inputSize`. */
export function describeLayers(spec: CandidateSpec, inputSize = INPUT_SIZE): LayerNode[] {
  const nodes: LayerNode[] = [];
  const byName = new Map<string, LayerNode>();
  // Unless given: a 1x1 'same' window of stride 1, no activation, no dropout, no parameters or multiply-adds.
  const add = (n: Pick<LayerNode, 'name' | 'kind' | 'inputs' | 'outputShape'> & Partial<LayerNode>): string => {
    const node: LayerNode = {
      kernel: [1, 1],
      stride: 1,
      padding: 'same',
      activation: 'linear',
      rate: 0,
      params: 0,
      macs: 0,
      ...n,
    };
    nodes.push(node);
    byName.set(node.name, node);
    return node.name;
  };
  const shapeOf = (name: string): number[] => (byName.get(name) as LayerNode).outputShape;

  const conv = (
    name: string,
    from: string,
    filters: number,
    kh: number,
    kw: number,
    stride: number,
    activation: Activation,
  ): string => {
    const [h, w, c] = shapeOf(from) as [number, number, number];
    const oh = outSize(h, kh, stride, 'same');
    const ow = outSize(w, kw, stride, 'same');
    return add({
      name,
      kind: 'conv',
      inputs: [from],
      kernel: [kh, kw],
      stride,
      activation,
      outputShape: [oh, ow, filters],
      params: kh * kw * c * filters + filters,
      macs: oh * ow * filters * c * kh * kw,
    });
  };
  const pool = (name: string, kind: 'maxpool' | 'minpool', from: string, size: number, stride: number): string => {
    const [h, w, c] = shapeOf(from) as [number, number, number];
    const oh = outSize(h, size, stride, 'same');
    const ow = outSize(w, size, stride, 'same');
    return add({ name, kind, inputs: [from], kernel: [size, size], stride, outputShape: [oh, ow, c] });
  };

  const perception = (prefix: string, from: string, p: PerceptionSpec): string => {
    const act = spec.activations.fusion;
    const outs = [conv(`${prefix}_mm`, from, p.mm.width, p.mm.size, p.mm.size, 1, act)];
    for (const [tag, b] of [
      ['c1', p.c1],
      ['c2', p.c2],
    ] as const) {
      const r = conv(`${prefix}_${tag}_1x1`, from, b.bottleneck, 1, 1, 1, act);
      const v = conv(`${prefix}_${tag}_kx1`, r, b.width, b.k, 1, 1, act);
      outs.push(conv(`${prefix}_${tag}_1xk`, v, b.width, 1, b.k, 1, act));
    }
    for (const [tag, b] of [
      ['pool1', p.pool1],
      ['pool2', p.pool2],
    ] as const) {
      const mx = pool(`${prefix}_${tag}_max`, 'maxpool', from, b.size, 1);
      outs.push(conv(`${prefix}_${tag}_max_1x1`, mx, b.maxWidth, 1, 1, 1, act));
      const mn = pool(`${prefix}_${tag}_min`, 'minpool', from, b.size, 1);
      outs.push(conv(`${prefix}_${tag}_min_1x1`, mn, b.minWidth, 1, 1, 1, act));
    }
    const [h, w] = shapeOf(from) as [number, number];
    const c = outs.reduce((s, o) => s + (shapeOf(o)[2] as number), 0);
    return add({ name: `${prefix}_concat`, kind: 'concat', inputs: outs, outputShape: [h, w, c] });
  };

  const { stem, activations: act } = spec;
  let x = add({ name: 'input', kind: 'input', inputs: [], outputShape: [inputSize, inputSize, 1] });
  x = conv('conv0', x, stem.conv0.width, stem.conv0.kernel, stem.conv0.kernel, stem.conv0.stride, act.stem);
  x = pool('pool0', 'maxpool', x, STEM_POOL.size, STEM_POOL.stride);
  x = conv('conv1', x, stem.conv1.width, 1, 1, stem.conv1.stride, act.stem);
  x = conv('conv2', x, stem.conv2.width, stem.conv2.kernel, stem.conv2.kernel, 1, act.stem);
  x = pool('pool1', 'maxpool', x, STEM_POOL.size, STEM_POOL.stride);
  x = perception('p3', x, spec.perception[0]);
  x = perception('p4', x, spec.perception[1]);
  if (spec.poolBeforeP5) x = pool('pool2', 'maxpool', x, STEM_POOL.size, STEM_POOL.stride);
  x = perception('p5', x, spec.perception[2]);
  // The paper's 7x7 valid average pool covers the whole 7x7 map at 112x112 input; sizing it to
  // the map keeps the head a global average (and the dense layer 2 x C) for other input sizes.
  const [fh, fw, fc] = shapeOf(x) as [number, number, number];
  x = add({
    name: 'avgpool',
    kind: 'avgpool',
    inputs: [x],
    kernel: [fh, fw],
    padding: 'valid',
    outputShape: [1, 1, fc],
  });
  x = add({ name: 'flatten', kind: 'flatten', inputs: [x], outputShape: [fc] });
  x = add({ name: 'dropout', kind: 'dropout', inputs: [x], rate: spec.dropout, outputShape: [fc] });
  x = add({
    name: 'logits',
    kind: 'dense',
    inputs: [x],
    activation: act.output,
    outputShape: [NUM_CLASSES],
    params: fc * NUM_CLASSES + NUM_CLASSES,
    macs: fc * NUM_CLASSES,
  });
  add({ name: 'probabilities', kind: 'softmax', inputs: [x], outputShape: [NUM_CLASSES] });
  return nodes;
}
