/**
 * Parameter and multiply-add counts from the spec alone, in closed form. Deliberately written
 * independently of graph.ts (which the builder and the layer table use) so the tests can
 * cross-check the two against each other and against tfjs' own `model.countParams()`.
 *
 * MAC convention of bench/torch_spn_ref.py: conv = out_h * out_w * out_c * in_c * k_h * k_w,
 * dense = in * out; bias adds, pooling and activations are not counted.
 */
import { INPUT_SIZE } from './graph';
import { NUM_CLASSES, STEM_POOL, perceptionOutWidth } from './spec';
import type { CandidateSpec, PerceptionSpec } from './spec';

/** Weights + biases of a kh x kw conv from cin to cout channels. */
const convParams = (kh: number, kw: number, cin: number, cout: number): number => kh * kw * cin * cout + cout;

/** Weights + biases of one perception layer fed by `cin` channels. */
function perceptionParams(cin: number, p: PerceptionSpec): number {
  let n = convParams(p.mm.size, p.mm.size, cin, p.mm.width);
  for (const b of [p.c1, p.c2]) {
    n +=
      convParams(1, 1, cin, b.bottleneck) +
      convParams(b.k, 1, b.bottleneck, b.width) +
      convParams(1, b.k, b.width, b.width);
  }
  for (const b of [p.pool1, p.pool2]) n += convParams(1, 1, cin, b.maxWidth) + convParams(1, 1, cin, b.minWidth);
  return n;
}

/** Multiply-adds of one perception layer on an s x s map (all its convs are stride 1, SAME). */
function perceptionMacs(s: number, cin: number, p: PerceptionSpec): number {
  let m = p.mm.size * p.mm.size * cin * p.mm.width;
  for (const b of [p.c1, p.c2]) m += cin * b.bottleneck + b.k * b.bottleneck * b.width + b.k * b.width * b.width;
  for (const b of [p.pool1, p.pool2]) m += cin * (b.maxWidth + b.minWidth);
  return s * s * m;
}

/** Trainable parameters (weights + biases) of the network a spec describes. */
export function countParams(spec: CandidateSpec): number {
  const { conv0, conv1, conv2 } = spec.stem;
  let n = convParams(conv0.kernel, conv0.kernel, 1, conv0.width);
  n += convParams(1, 1, conv0.width, conv1.width);
  n += convParams(conv2.kernel, conv2.kernel, conv1.width, conv2.width);
  let cin = conv2.width;
  for (const p of spec.perception) {
    n += perceptionParams(cin, p);
    cin = perceptionOutWidth(p);
  }
  return n + cin * NUM_CLASSES + NUM_CLASSES;
}

/** Multiply-adds per patch of edge `inputSize` (samples = traces), convs and dense only. */
export function countMacs(spec: CandidateSpec, inputSize = INPUT_SIZE): number {
  const { conv0, conv1, conv2 } = spec.stem;
  const down = (n: number, s: number): number => Math.ceil(n / s); // TF 'SAME'
  let s = down(inputSize, conv0.stride);
  let m = s * s * conv0.width * conv0.kernel * conv0.kernel;
  s = down(down(s, STEM_POOL.stride), conv1.stride);
  m += s * s * conv1.width * conv0.width;
  m += s * s * conv2.width * conv1.width * conv2.kernel * conv2.kernel;
  s = down(s, STEM_POOL.stride);
  let cin = conv2.width;
  spec.perception.forEach((p, i) => {
    if (i === 2 && spec.poolBeforeP5) s = down(s, STEM_POOL.stride);
    m += perceptionMacs(s, cin, p);
    cin = perceptionOutWidth(p);
  });
  return m + cin * NUM_CLASSES;
}
