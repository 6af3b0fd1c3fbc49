import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../../src/core/model/build';
import { countMacs, countParams } from '../../../src/core/model/count';
import { makeSmallSpec, paperSpec, paperV1p2Spec } from '../../../src/core/model/presets';
import { sampleCandidate } from '../../../src/core/model/sampler';
import type { CandidateSpec } from '../../../src/core/model/spec';
import { layerTable } from '../../../src/core/model/table';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

/** Builds `spec`, runs `check`, disposes the model. */
function withModel(spec: CandidateSpec, check: (m: tf.LayersModel) => void, inputSize?: number): void {
  const m = buildModel(spec, inputSize === undefined ? {} : { inputSize });
  try {
    check(m);
  } finally {
    m.dispose();
  }
}

/** Every layer of the built model agrees with its layerTable row (params and output shape). */
function expectTableMatchesModel(spec: CandidateSpec, m: tf.LayersModel, inputSize = 112): void {
  const rows = layerTable(spec, inputSize);
  // same layer set (tfjs lists layers by graph depth, the table in creation order)
  expect(m.layers.map((l) => l.name).sort()).toEqual(rows.map((r) => r.layer).sort());
  for (const l of m.layers) {
    const row = rows.find((r) => r.layer === l.name);
    expect(row, l.name).toBeDefined();
    expect(l.countParams(), l.name).toBe(row?.params);
    expect((l.outputShape as (number | null)[]).slice(1), l.name).toEqual(row?.outputShape);
  }
}

describe('paper presets (spn-reference §4, bench/torch_spn_ref.py)', () => {
  it('paper: 725,697 parameters from the spec and in the built model; 84,978,335 MACs', () => {
    const spec = paperSpec();
    expect(countParams(spec)).toBe(725_697);
    expect(countMacs(spec)).toBe(84_978_335);
    withModel(spec, (m) => {
      expect(m.countParams()).toBe(725_697);
      expect(m.inputs[0]?.shape).toEqual([null, 112, 112, 1]);
      expect(m.outputs[0]?.shape).toEqual([null, 2]);
      expectTableMatchesModel(spec, m);
      // the TF2 quirks are really in the model
      const act = (name: string): unknown => m.getLayer(name).getConfig()['activation'];
      expect([act('conv0'), act('conv1'), act('conv2')]).toEqual(['elu', 'elu', 'elu']);
      expect([act('p3_mm'), act('p4_c2_1xk'), act('p5_pool2_min_1x1')]).toEqual(['linear', 'linear', 'linear']);
      expect(act('logits')).toBe('elu');
      expect(act('probabilities')).toBe('softmax');
      expect(m.getLayer('dropout').getConfig()['rate']).toBe(0.3);
      expect(m.getLayer('conv1').getConfig()['strides']).toEqual([2, 2]);
      expect(m.layers.some((l) => l.name === 'pool2')).toBe(false);
      expect((m.getLayer('p5_concat').outputShape as number[]).slice(1)).toEqual([7, 7, 459]);
    });
  });

  it('paper-v1p2: same 725,697 parameters, 238.8 M MACs, fusions at 14x14 then 7x7', () => {
    const spec = paperV1p2Spec();
    expect(countParams(spec)).toBe(725_697);
    expect(countMacs(spec)).toBe(238_802_075);
    withModel(spec, (m) => {
      expect(m.countParams()).toBe(725_697);
      expectTableMatchesModel(spec, m);
      expect((m.getLayer('p4_concat').outputShape as number[]).slice(1)).toEqual([14, 14, 151]);
      expect((m.getLayer('pool2').outputShape as number[]).slice(1)).toEqual([7, 7, 151]);
    });
  });

  it('paper: one forward pass gives a probability pair per patch', async () => {
    const m = buildModel(paperSpec());
    const x = tf.randomNormal([1, 112, 112, 1], 0, 1, 'float32', 5);
    const y = m.predict(x) as tf.Tensor;
    const p = Array.from(await y.data());
    expect(y.shape).toEqual([1, 2]);
    expect(p.every(Number.isFinite)).toBe(true);
    expect((p[0] as number) + (p[1] as number)).toBeCloseTo(1, 5);
    tf.dispose([x, y]);
    m.dispose();
  });
});

describe('counts agree with the built model', () => {
  it('for sampled candidates: countParams == model.countParams(), table sums == counts', () => {
    for (let i = 0; i < 6; i++) {
      const spec = sampleCandidate(11, i);
      const rows = layerTable(spec);
      expect(sum(rows.map((r) => r.params))).toBe(countParams(spec));
      expect(sum(rows.map((r) => r.macs))).toBe(countMacs(spec));
      withModel(spec, (m) => {
        expect(m.countParams()).toBe(countParams(spec));
        expectTableMatchesModel(spec, m);
      });
    }
  });

  it('for the small spec at several input sizes, and it stays small', () => {
    for (const layout of ['v1p2', 'tf2'] as const) {
      const spec = makeSmallSpec({ layout });
      expect(countParams(spec)).toBeGreaterThan(1000);
      expect(countParams(spec)).toBeLessThan(10_000);
      for (const n of [112, 64, 48]) {
        expect(sum(layerTable(spec, n).map((r) => r.macs))).toBe(countMacs(spec, n));
        withModel(
          spec,
          (m) => {
            expect(m.countParams()).toBe(countParams(spec));
            expectTableMatchesModel(spec, m, n);
          },
          n,
        );
      }
    }
  });

  it('MACs scale with the map area: doubling the input edge multiplies conv MACs by ~4', () => {
    const spec = paperV1p2Spec();
    const dense = 459 * 2;
    expect((countMacs(spec, 224) - dense) / (countMacs(spec) - dense)).toBeCloseTo(4, 5);
  });
});

describe('layerTable', () => {
  it('reports kernels, strides and widths of the stem and a perception layer', () => {
    const rows = new Map(layerTable(paperSpec()).map((r) => [r.layer, r]));
    expect(rows.get('conv0')).toMatchObject({
      kernel: '7x7',
      stride: 2,
      width: 137,
      outputShape: [56, 56, 137],
      params: 7 * 7 * 137 + 137,
    });
    expect(rows.get('pool0')).toMatchObject({ kernel: '3x3', stride: 2, outputShape: [28, 28, 137], params: 0 });
    expect(rows.get('p3_c2_kx1')).toMatchObject({ kernel: '7x1', width: 16, params: 7 * 112 * 16 + 16 });
    expect(rows.get('p5_pool1_min')).toMatchObject({ kind: 'minpool', kernel: '4x4', stride: 1 });
    expect(rows.get('avgpool')).toMatchObject({ kernel: '7x7', outputShape: [1, 1, 459] });
    expect(rows.get('logits')).toMatchObject({ width: 2, params: 459 * 2 + 2, macs: 918, activation: 'elu' });
  });
});

describe('memory', () => {
  it('building and disposing a model leaves no tensors behind', () => {
    const before = tf.memory().numTensors;
    withModel(makeSmallSpec(), (m) => expect(m.countParams()).toBeGreaterThan(0));
    expect(tf.memory().numTensors).toBe(before);
  });
});
