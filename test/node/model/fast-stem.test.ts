/**
 * The fast twin of a model (src/core/model/fast-stem.ts): where the stem is conv0 -> max-pool -> strided 1x1
 * conv1 it computes the same outputs and the same gradients with the SAME variables as the model, on the cpu
 * backend (tf.maximum chain) and on wasm (the SpnMaxFirst kernels, native Slice and PadV2); elsewhere it is the
 * model itself. Also the kernels it relies on against the cpu backend.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../../src/core/model/build';
import { fastTwin } from '../../../src/core/model/fast-stem';
import { makeSmallSpec, paperSpec, paperV1p2Spec } from '../../../src/core/model/presets';
import { Rng } from '../../../src/core/prng';
import { maxFirst } from '../../../src/core/tf/max-first';
import { initNodeWasm } from '../../../scripts/wasm-node';
import { relErr } from '../tf/helpers/compare';

beforeAll(async () => {
  await initNodeWasm();
});
afterAll(() => {
  void tf.setBackend('wasm');
});

function randomTensor(rng: Rng, shape: number[]): tf.Tensor {
  const v = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < v.length; i++) v[i] = rng.normal();
  return tf.tensor(v, shape);
}

/** Loss and gradients (by variable name) of `net` on (x, labels), w.r.t. `vars`. */
function lossAndGrads(
  net: tf.LayersModel,
  vars: tf.Variable[],
  x: tf.Tensor,
  labels: tf.Tensor,
): { loss: number; grads: Map<string, Float32Array> } {
  const { value, grads } = tf.variableGrads(() => {
    const probs = net.apply(x, { training: false }) as tf.Tensor;
    return tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(labels, tf.log(tf.clipByValue(probs, 1e-7, 1)));
  }, vars);
  const out = {
    loss: value.dataSync()[0] as number,
    grads: new Map(Object.entries(grads).map(([k, g]) => [k, g.dataSync() as Float32Array])),
  };
  tf.dispose([value, ...Object.values(grads)]);
  return out;
}

describe.each(['cpu', 'wasm'])('fast twin on %s', (backend) => {
  beforeAll(() => {
    void tf.setBackend(backend);
  });

  const models: Array<[string, () => tf.LayersModel]> = [
    ['small tf2 layout (ReLU stem, 112 px)', () => buildModel(makeSmallSpec({ layout: 'tf2' }))],
    ['small tf2 layout at 96 px', () => buildModel(makeSmallSpec({ layout: 'tf2' }), { inputSize: 96 })],
  ];
  // The paper network's gradients take ~90 s on the pure-JS cpu backend: wasm only.
  if (backend === 'wasm') models.unshift(['paper (ELU stem, 112 px)', () => buildModel(paperSpec())]);

  it.each(models)('%s: same outputs, same gradients, same variables', (_name, make) => {
    const model = make();
    try {
      const twin = fastTwin(model);
      expect(twin).not.toBe(model);
      expect(fastTwin(model)).toBe(twin); // cached
      expect(twin.countParams()).toBe(model.countParams());
      // The very same variables, so training the twin trains the model.
      const ids = (m: tf.LayersModel): number[] =>
        m.trainableWeights.map((w) => (w.read() as tf.Variable).id).sort((a, b) => a - b);
      expect(ids(twin)).toEqual(ids(model));
      const size = (model.inputs[0] as tf.SymbolicTensor).shape[1] as number;
      const rng = new Rng(size);
      const x = randomTensor(rng, [3, size, size, 1]);
      const labels = tf.oneHot(tf.tensor1d([0, 1, 1], 'int32'), 2);
      const before = tf.memory().numTensors;
      const a = model.predict(x) as tf.Tensor;
      const b = twin.predict(x) as tf.Tensor;
      expect(relErr(a.dataSync(), b.dataSync())).toBeLessThan(1e-5);
      tf.dispose([a, b]);
      expect(tf.memory().numTensors).toBe(before);
      const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
      const ref = lossAndGrads(model, vars, x, labels);
      const fast = lossAndGrads(twin, vars, x, labels);
      expect(Math.abs(ref.loss - fast.loss)).toBeLessThan(1e-5);
      expect(fast.grads.size).toBe(ref.grads.size);
      for (const [name, g] of ref.grads) {
        const h = fast.grads.get(name);
        expect(h, name).toBeDefined();
        if (g.some((v) => v !== 0)) expect(relErr(g, h as Float32Array), name).toBeLessThan(1e-4);
        else
          expect(
            (h as Float32Array).every((v) => v === 0),
            name,
          ).toBe(true);
      }
      tf.dispose([x, labels]);
    } finally {
      model.dispose();
    }
  });

  it('one optimiser step on the twin moves the model to where a step on the model would', () => {
    const spec = makeSmallSpec({ layout: 'tf2' });
    const m1 = buildModel(spec);
    const m2 = buildModel(spec);
    try {
      m2.setWeights(m1.getWeights());
      const x = randomTensor(new Rng(3), [4, 112, 112, 1]);
      const labels = tf.oneHot(tf.tensor1d([0, 1, 1, 0], 'int32'), 2);
      const step = (net: tf.LayersModel, owner: tf.LayersModel): void => {
        const opt = tf.train.sgd(0.1);
        tf.tidy(() => {
          const { grads } = tf.variableGrads(
            () => {
              const probs = net.apply(x, { training: false }) as tf.Tensor;
              return tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(
                labels,
                tf.log(tf.clipByValue(probs, 1e-7, 1)),
              );
            },
            owner.trainableWeights.map((w) => w.read() as tf.Variable),
          );
          opt.applyGradients(grads);
        });
        opt.dispose();
      };
      step(m1, m1);
      step(fastTwin(m2), m2);
      const w1 = m1.getWeights();
      const w2 = m2.getWeights();
      w1.forEach((w, i) =>
        expect(relErr(w.dataSync(), (w2[i] as tf.Tensor).dataSync()), m1.weights[i]?.name).toBeLessThan(1e-5),
      );
      tf.dispose([x, labels]);
    } finally {
      m1.dispose();
      m2.dispose();
    }
  });
});

describe('where the twin does not apply it is the model itself', () => {
  it.each([
    ['paper-v1p2 (conv1 stride 1)', () => buildModel(paperV1p2Spec())],
    [
      'small tf2 layout at 100 px (a needed pooled pixel would overlap padding)',
      () => buildModel(makeSmallSpec({ layout: 'tf2' }), { inputSize: 100 }),
    ],
  ])('%s', (_name, make) => {
    const model = make();
    try {
      expect(fastTwin(model)).toBe(model);
    } finally {
      model.dispose();
    }
  });
});

describe.each(['cpu', 'wasm'])('maxFirst on %s', (backend) => {
  beforeAll(() => {
    void tf.setBackend(backend);
  });

  it('is the element-wise maximum; the gradient goes to the FIRST maximal input', () => {
    const rng = new Rng(17);
    const ys = Array.from({ length: 5 }, () => randomTensor(rng, [2, 3, 5, 7]));
    // Ties: input 3 repeats input 1 everywhere, input 4 is constant 10 on the first 3 values.
    ys[3] = ys[1]!.clone();
    const v4 = ys[4]!.dataSync().slice();
    v4.fill(10, 0, 3);
    ys[4] = tf.tensor(v4, ys[4]!.shape);
    const want = ys.reduce((a, b) => tf.maximum(a, b));
    const dy = randomTensor(rng, want.shape);
    const got = maxFirst(ys);
    expect(Array.from(got.dataSync())).toEqual(Array.from(want.dataSync()));
    const grads = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(maxFirst(xs), dy)))(ys);
    const values = ys.map((y) => y.dataSync());
    const g = grads.map((t) => t.dataSync());
    const d = dy.dataSync();
    for (let i = 0; i < d.length; i++) {
      const m = Math.max(...values.map((v) => v[i] as number));
      const first = values.findIndex((v) => v[i] === m);
      // == rather than toBe: -0 and +0 are both "no gradient".
      g.forEach((gk, k) => expect(gk[i] === (k === first ? d[i] : 0), `element ${i} input ${k}: ${gk[i]}`).toBe(true));
    }
    tf.dispose([...ys, want, dy, got, ...grads]);
  });
});

describe('Slice and PadV2 on wasm equal the cpu backend', () => {
  it.each([
    [
      [3, 9, 8, 1],
      [1, 2, 3, 0],
      [2, 5, 4, 1],
    ],
    [
      [2, 6, 7, 5],
      [0, 0, 0, 0],
      [-1, 6, 7, -1],
    ],
    [
      [2, 6, 7, 5],
      [0, 1, 1, 1],
      [2, 3, 3, 2],
    ], // channel slice: wasm's own kernel
    [
      [4, 5],
      [1, 1],
      [2, 3],
    ], // rank 2: wasm's own kernel
  ] as const)('Slice %j begin %j size %j', (shape, begin, size) => {
    const x = randomTensor(new Rng(shape.length), [...shape]);
    void tf.setBackend('cpu');
    const want = tf.slice(x, [...begin], [...size]).dataSync();
    void tf.setBackend('wasm');
    const got = tf.slice(x, [...begin], [...size]);
    expect(Array.from(got.dataSync())).toEqual(Array.from(want));
    tf.dispose([x, got]);
  });

  it.each([
    [
      [2, 4, 5, 1],
      [
        [0, 0],
        [2, 3],
        [1, 0],
        [0, 0],
      ],
      0,
    ],
    [
      [1, 3, 3, 4],
      [
        [1, 0],
        [0, 1],
        [2, 2],
        [0, 0],
      ],
      -1.5,
    ],
    [
      [1, 3, 3, 2],
      [
        [0, 0],
        [1, 1],
        [1, 1],
        [1, 0],
      ],
      0,
    ], // channel padding: wasm's own kernel
  ] as const)('PadV2 %j by %j with %d', (shape, paddings, value) => {
    const x = randomTensor(new Rng(7), [...shape]);
    const pads = paddings.map((p) => [...p]) as Array<[number, number]>;
    void tf.setBackend('cpu');
    const want = tf.pad(x, pads, value).dataSync();
    void tf.setBackend('wasm');
    const got = tf.pad(x, pads, value);
    expect(Array.from(got.dataSync())).toEqual(Array.from(want));
    tf.dispose([x, got]);
  });
});
