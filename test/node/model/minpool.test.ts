import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../../src/core/model/build';
import { MinPool2D, registerCustomLayers } from '../../../src/core/model/minpool';
import { makeSmallSpec } from '../../../src/core/model/presets';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Brute-force TF-'SAME' min-pool of one NHWC image (h x w x c), padding cells ignored. */
function minPoolRef(x: Float32Array, h: number, w: number, c: number, k: number, s: number): number[] {
  const oh = Math.ceil(h / s);
  const ow = Math.ceil(w / s);
  const top = Math.floor(Math.max((oh - 1) * s + k - h, 0) / 2);
  const left = Math.floor(Math.max((ow - 1) * s + k - w, 0) / 2);
  const out: number[] = [];
  for (let i = 0; i < oh; i++)
    for (let j = 0; j < ow; j++)
      for (let ch = 0; ch < c; ch++) {
        let m = Infinity;
        for (let di = 0; di < k; di++)
          for (let dj = 0; dj < k; dj++) {
            const r = i * s - top + di;
            const q = j * s - left + dj;
            if (r >= 0 && r < h && q >= 0 && q < w) m = Math.min(m, x[(r * w + q) * c + ch] as number);
          }
        out.push(m);
      }
  return out;
}

describe('MinPool2D', () => {
  for (const [h, w, k, s] of [
    [7, 7, 2, 1],
    [7, 6, 3, 1],
    [14, 14, 4, 1],
    [9, 9, 5, 1],
    [10, 7, 3, 2],
  ] as const) {
    it(`equals a brute-force min and -maxPool(-x) (${h}x${w}, window ${k}, stride ${s})`, async () => {
      const x = tf.randomNormal([1, h, w, 3], 0, 1, 'float32', h * 100 + k);
      const layer = new MinPool2D({ poolSize: k, strides: s });
      const y = layer.apply(x) as tf.Tensor;
      const viaMax = tf.neg(tf.maxPool(tf.neg(x as tf.Tensor4D), k, s, 'same'));
      const got = Array.from(await y.data());
      expect(y.shape).toEqual(layer.computeOutputShape([1, h, w, 3]));
      expect(got).toEqual(minPoolRef((await x.data()) as Float32Array, h, w, 3, k, s));
      expect(got).toEqual(Array.from(await viaMax.data()));
      tf.dispose([x, y, viaMax]);
    });
  }

  it('round-trips through getConfig / fromConfig', () => {
    const a = new MinPool2D({ poolSize: 4, strides: 2, padding: 'valid', name: 'mp' });
    const cfg = a.getConfig();
    expect(cfg).toMatchObject({ poolSize: 4, strides: 2, padding: 'valid', name: 'mp' });
    const b = MinPool2D.fromConfig(MinPool2D, cfg) as MinPool2D;
    expect([b.poolSize, b.strides, b.padding, b.name]).toEqual([4, 2, 'valid', 'mp']);
  });

  it('refuses a bad window', () => {
    expect(() => new MinPool2D({ poolSize: 0 })).toThrow(RangeError);
  });

  it('registerCustomLayers is idempotent and registers the class for deserialisation', () => {
    registerCustomLayers();
    registerCustomLayers();
    expect(tf.serialization.SerializationMap.getMap().classNameMap['MinPool2D']?.[0]).toBe(MinPool2D);
  });

  it('a model using it saves and reloads with identical predictions', async () => {
    const model = buildModel(makeSmallSpec());
    let saved: tf.io.ModelArtifacts | null = null;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const artifacts = saved as unknown as tf.io.ModelArtifacts;
    expect(JSON.stringify(artifacts.modelTopology)).toContain('"class_name":"MinPool2D"');
    // A JSON round trip, as when the artifacts go through IndexedDB or a file.
    const reloaded = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: JSON.parse(JSON.stringify(artifacts.modelTopology)) as tf.io.ModelArtifacts['modelTopology'],
        weightSpecs: artifacts.weightSpecs,
        weightData: artifacts.weightData,
      }),
    );
    expect(reloaded.layers.filter((l) => l instanceof MinPool2D)).toHaveLength(6);
    const x = tf.randomNormal([3, 112, 112, 1], 0, 1, 'float32', 42);
    const a = model.predict(x) as tf.Tensor;
    const b = reloaded.predict(x) as tf.Tensor;
    const pa = Array.from(await a.data());
    expect(new Set(pa.map((v) => v.toFixed(6))).size).toBeGreaterThan(2); // not a constant output
    expect(Array.from(await b.data())).toEqual(pa);
    tf.dispose([x, a, b]);
    model.dispose();
    reloaded.dispose();
  });
});
