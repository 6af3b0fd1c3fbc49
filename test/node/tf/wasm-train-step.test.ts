/**
 * Whole-network training on the wasm backend: every kernel a backward pass needs is present,
 * and the gradients equal the cpu backend's for the same weights and input. Networks: a small
 * representative one run through graph-net (asymmetric kx1/1xk convs, strides 1 and 2, SAME,
 * min/max pools, concat, dropout, ELU and ReLU, avgpool, dense, softmax cross-entropy), the
 * real builder's `paper` and `paper-v1p2` presets, and 50 candidates of the search sampler.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeLayers } from '../../../src/core/model/graph';
import { makeSmallSpec, paperSpec, paperV1p2Spec } from '../../../src/core/model/presets';
import { sampleCandidate } from '../../../src/core/model/sampler';
import { buildModel } from '../../../src/core/model/build';
import type { CandidateSpec } from '../../../src/core/model/spec';
import { initNodeWasm } from '../../../scripts/wasm-node';
import { GraphNet, initWeights, randomBatch } from './graph-net';
import { relErr } from './helpers/compare';

/**
 * Per-variable gradient agreement. SPN nets pool the output of a 1x1 conv applied to pooled
 * maps, so neighbouring values can tie exactly; XNNPACK and the cpu backend may round such
 * ties apart differently, and max-pool then routes a gradient to a different (equally valid)
 * element. Those flips move a few layers' gradients by up to ~1e-2 relative, so most layers
 * must agree to 1e-4 and none may be off by more than 5e-2; a wrong kernel is off by ~1.
 */
function expectGradsClose(cpu: Map<string, ArrayLike<number>>, wasm: Map<string, ArrayLike<number>>): void {
  expect([...wasm.keys()].sort()).toEqual([...cpu.keys()].sort());
  const errs = [...cpu].map(([name, g]) => [name, relErr(g, wasm.get(name) as ArrayLike<number>)] as const);
  for (const [name, e] of errs) expect(e, name).toBeLessThan(5e-2);
  const tight = errs.filter(([, e]) => e < 1e-4).length;
  expect(tight / errs.length).toBeGreaterThan(0.75);
}

/** A small net with both stem activations and linear fusions: ELU stem, linear fusion, ELU dense. */
function representativeSpec(): CandidateSpec {
  const s = makeSmallSpec({ stemWidth: 6, perceptionWidth: 15, layout: 'tf2', dropout: 0.3 });
  s.activations = { stem: 'elu', fusion: 'linear', output: 'elu' };
  s.perception[1].c2.k = 4; // an even kx1/1xk (asymmetric SAME padding)
  s.perception[2].pool2.size = 4;
  return s;
}

/** Gradients of the loss w.r.t. every variable of a GraphNet built on `backend`. */
function graphGrads(
  backend: string,
  spec: CandidateSpec,
  training: boolean,
): { loss: number; grads: Map<string, Float32Array> } {
  void tf.setBackend(backend);
  const nodes = describeLayers(spec, 48);
  const net = new GraphNet(nodes, initWeights(nodes, 11));
  const { x, y } = randomBatch(4, 48, 12);
  const { value, grads } = tf.variableGrads(() => net.loss(x, y, training));
  const out = new Map(Object.entries(grads).map(([k, g]) => [k, g.dataSync() as Float32Array]));
  const loss = value.dataSync()[0] ?? NaN;
  tf.dispose([value, grads, x, y]);
  net.dispose();
  return { loss, grads: out };
}

/** One Adam + clip-by-value step of a built LayersModel; returns the loss. */
function layersStep(model: tf.LayersModel, opt: tf.Optimizer, x: tf.Tensor4D, y: tf.Tensor2D): number {
  const { value, grads } = tf.variableGrads(() => {
    const probs = model.apply(x, { training: true }) as tf.Tensor2D;
    return tf.losses.logLoss<tf.Tensor, tf.Scalar>(y, probs);
  });
  const clipped: tf.NamedTensorMap = {};
  for (const [k, g] of Object.entries(grads)) clipped[k] = tf.clipByValue(g, -10, 10);
  opt.applyGradients(clipped);
  const loss = value.dataSync()[0] ?? NaN;
  tf.dispose([value, grads, clipped]);
  return loss;
}

beforeAll(async () => {
  await initNodeWasm();
});

describe('wasm training step', () => {
  it("gives the cpu backend's gradients for a representative network", () => {
    const spec = representativeSpec();
    // Dropout on, with a fixed seed, so its mask (drawn in JS) is the same on both backends.
    const cpu = graphGrads('cpu', spec, true);
    const wasm = graphGrads('wasm', spec, true);
    expect(Math.abs(cpu.loss - wasm.loss)).toBeLessThan(1e-4 * Math.abs(cpu.loss));
    expectGradsClose(cpu.grads, wasm.grads);
  });

  it('runs Adam steps without leaking tensors and lowers the loss on a fixed batch', () => {
    void tf.setBackend('wasm');
    const nodes = describeLayers(representativeSpec(), 48);
    const net = new GraphNet(nodes, initWeights(nodes, 3));
    const { x, y } = randomBatch(8, 48, 4);
    const opt = tf.train.adam(3e-3);
    const first = net.trainStep(opt, x, y);
    const tensorsAfterFirst = tf.memory().numTensors;
    let last = first;
    for (let i = 0; i < 15; i++) last = net.trainStep(opt, x, y);
    expect(tf.memory().numTensors).toBe(tensorsAfterFirst);
    expect(last).toBeLessThan(first);
    opt.dispose();
    net.dispose();
    tf.dispose([x, y]);
  });

  it("gives the cpu backend's gradients for the built paper preset at 112x112", () => {
    void tf.setBackend('cpu');
    // Seeded weights: with tfjs's unseeded initialisers a rare draw put ties where the two backends round apart.
    const model = buildModel(paperSpec(), { seed: 21 });
    const { x, y } = randomBatch(1, 112, 21);
    const gradsOn = (backend: string): tf.NamedTensorMap => {
      void tf.setBackend(backend);
      // training: false keeps dropout out of the comparison; the backward kernels are the same.
      return tf.variableGrads(() =>
        tf.losses.logLoss<tf.Tensor, tf.Scalar>(y, model.apply(x, { training: false }) as tf.Tensor2D),
      ).grads;
    };
    const cpu = gradsOn('cpu');
    const wasm = gradsOn('wasm');
    const values = (m: tf.NamedTensorMap) => new Map(Object.entries(m).map(([k, g]) => [k, g.dataSync()]));
    expectGradsClose(values(cpu), values(wasm));
    tf.dispose([cpu, wasm, x, y]);
    model.dispose();
  }, 240_000);

  it.each(['paper', 'paper-v1p2'] as const)('runs Adam steps of the built %s preset at 112x112', (name) => {
    void tf.setBackend('wasm');
    const model = buildModel(name === 'paper' ? paperSpec() : paperV1p2Spec(), { seed: 22 });
    const { x, y } = randomBatch(4, 112, 22);
    const opt = tf.train.adam(1e-4);
    const losses = [0, 1].map(() => layersStep(model, opt, x, y));
    expect(losses.every(Number.isFinite)).toBe(true);
    opt.dispose();
    tf.dispose([x, y]);
    model.dispose();
  });

  it('runs a training step for 50 sampled candidates', () => {
    void tf.setBackend('wasm');
    const { x, y } = randomBatch(2, 32, 5);
    for (let i = 0; i < 50; i++) {
      const model = buildModel(sampleCandidate(99, i), { inputSize: 32 });
      const opt = tf.train.adam(1e-4);
      const loss = layersStep(model, opt, x, y);
      expect(Number.isFinite(loss), `candidate ${i}`).toBe(true);
      opt.dispose();
      model.dispose();
    }
    tf.dispose([x, y]);
  });
});
