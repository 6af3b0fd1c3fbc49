import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initNodeWasm } from '../../../scripts/wasm-node';
import { makeSmallSpec, specId } from '../../../src/core/model';
import { buildModel } from '../../../src/core/model/build';
import {
  ModelFileError,
  decodeBase64,
  encodeBase64,
  exportModelFile,
  loadModelFile,
  parseModelFile,
  stringifyModelFile,
  toTfjsPair,
  type ModelFile,
} from '../../../src/core/model-file';
import { Rng } from '../../../src/core/prng';
import { parseModelJson } from '../../fixtures/model-file-corruptions';

const spec = makeSmallSpec({ stemWidth: 4, perceptionWidth: 10, layout: 'tf2' });
const info = {
  spec,
  appVersion: 'test',
  training: {
    generatorSeed: 1,
    generatorVersion: 'test',
    datasetSize: 10,
    backend: 'wasm',
    settings: { learningRate: 0.001 },
  },
  metrics: { meanTop5: 0.9, top3: 0.91, max: 0.95, testAccuracy: 0.8 },
};

function batch(n: number, seed: number): tf.Tensor4D {
  const rng = new Rng(seed);
  return tf.tensor4d(
    Float32Array.from({ length: n * 112 * 112 }, () => rng.normal(0, 0.5)),
    [n, 112, 112, 1],
  );
}

async function predictions(model: tf.LayersModel): Promise<Float32Array> {
  const x = batch(4, 3);
  const y = model.predict(x) as tf.Tensor;
  const v = (await y.data()) as Float32Array;
  tf.dispose([x, y]);
  return v;
}

describe('base64 codec', () => {
  it('round-trips every length mod 3 and matches btoa', () => {
    const rng = new Rng(5);
    for (const n of [0, 1, 2, 3, 4, 5, 100, 70_000]) {
      const bytes = Uint8Array.from({ length: n }, () => rng.int(0, 256));
      const text = encodeBase64(bytes);
      if (n <= 100) expect(text).toBe(btoa(String.fromCharCode(...bytes)));
      expect(decodeBase64(text)).toEqual(bytes);
    }
  });
  it('names the first bad character', () => {
    expect(() => decodeBase64('QUJD!A==')).toThrow(/invalid character "!" at character 4/);
    expect(() => decodeBase64('QUJ')).toThrow(/not a multiple of 4/);
    expect(() => decodeBase64('QU=D')).toThrow(/invalid character "=" at character 2/);
  });
});

describe('model file', () => {
  let model: tf.LayersModel;
  let file: ModelFile;
  let text: string;
  beforeAll(async () => {
    await initNodeWasm();
    model = buildModel(spec);
    file = await exportModelFile(model, info);
    text = stringifyModelFile(file);
  });

  it('round-trips: export -> text -> parse -> load gives identical predictions', async () => {
    const before = tf.memory().numTensors;
    const parsed = parseModelFile(text);
    expect(parsed.id).toBe(specId(spec));
    expect(parsed.weightsManifest[0]?.paths).toEqual([]);
    const loaded = await loadModelFile(parsed);
    expect(await predictions(loaded)).toEqual(await predictions(model));
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('converts to a standard tfjs pair that tf.loadLayersModel reads', async () => {
    const { modelJson, weightsBin } = toTfjsPair(parseModelFile(text));
    expect(modelJson.weightsManifest[0]?.paths).toEqual(['weights.bin']);
    const json = JSON.parse(JSON.stringify(modelJson)) as tf.io.ModelJSON;
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0]!.weights,
        weightData: weightsBin.slice().buffer,
      }),
    );
    expect(await predictions(loaded)).toEqual(await predictions(model));
    loaded.dispose();
  });

  /** The exported file as a mutable object. */
  const obj = () => parseModelJson(text);
  const refuse = (o: unknown, re: RegExp, opts = {}): void => {
    const t = typeof o === 'string' ? o : JSON.stringify(o);
    let err: unknown;
    try {
      parseModelFile(t, opts);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ModelFileError);
    expect((err as Error).message).toMatch(re);
  };

  it('refuses text that is not JSON or is truncated, with the position', () => {
    refuse('{"format": nope}', /not valid JSON at position 11/);
    refuse(text.slice(0, 500), new RegExp(`position (49[89]|500).*truncated`));
    // A SEG-Y file's bytes read as text (EBCDIC header, binary header): said to be binary, not quoted back.
    const segy = new TextDecoder().decode(
      readFileSync(new URL('../../fixtures/segy/segyio/small.sgy', import.meta.url)).subarray(0, 4000),
    );
    refuse(segy, /^model file: binary data, not JSON text \(a seismic line\? a model is a \.json file\)$/);
  });
  it('refuses a wrong format name or version', () => {
    refuse({ ...obj(), format: 'keras' }, /format must be "seismicpatchnet-model", got "keras"/);
    refuse({ ...obj(), formatVersion: 2 }, /formatVersion 2 is not supported/);
  });
  it("sends the app's other files to their importer, and says a plain JSON file is no model file", () => {
    refuse(
      { ...obj(), format: 'seismicpatchnet-run-results' },
      /this is a search run's results file, not a model file: import it under Runs \("Import results"\)/,
    );
    refuse({ name: 'some-package', version: '1.0.0' }, /this JSON is not a model file: it has no "format" field/);
    // The tfjs pair's model.json, which the app itself exports: pointed to the single-file export.
    refuse(
      toTfjsPair(parseModelFile(text)).modelJson,
      /this is the model\.json of a tfjs pair .*, not a model file: the app reads its own single-file model JSON instead \("Export best model \(JSON\)"/,
    );
  });
  it('refuses text over the size cap and a manifest claiming gigabytes before allocating', () => {
    refuse(text, /: the file is too large for a model file: [\d,]+ characters, over the limit of 1,000$/, {
      maxBytes: 1000,
    });
    const o = obj();
    o.weightsManifest[0].weights[0]!.shape = [1 << 20, 1 << 12];
    refuse(o, /claims 17179869184 weight bytes by .* over the 67108864-byte limit/);
  });
  it('refuses weight bytes that do not match the shapes x dtypes', () => {
    const o = obj();
    o.weightsManifest[0].weights[0]!.shape[0]! += 1;
    refuse(o, /weightData decodes to \d+ bytes but the manifest's shapes x dtypes need \d+ bytes/);
    const p = obj();
    p.weightData = p.weightData.slice(0, -4);
    refuse(p, /weightData decodes to/);
    const q = obj();
    q.weightsManifest[0].weights[0]!.dtype = 'float16';
    refuse(q, /dtype must be float32 or int32, got "float16"/);
  });
  it('refuses an unknown layer class and a topology that does not parse', () => {
    const o = obj();
    o.modelTopology.config.layers[2]!.class_name = 'Lambda';
    refuse(o, /unknown layer class "Lambda"/);
    const p = obj();
    p.modelTopology.config.layers = [];
    refuse(p, /config\.layers is missing or empty/);
  });
  it('refuses an invalid spec and a spec that does not match the id', () => {
    const o = obj();
    o.spec['dropout'] = 1.5;
    refuse(o, /spec is invalid: candidate spec: spec\.dropout/);
    const p = obj();
    p.spec.stem.conv0.width = 5;
    refuse(p, /id "c-[0-9a-f]{16}" does not match its spec/);
  });
  it('refuses NaN and Infinity weights, naming the weight', () => {
    const o = obj();
    const bytes = decodeBase64(o.weightData);
    const floats = new Float32Array(bytes.buffer);
    const names = o.weightsManifest[0].weights.map((w) => w.name);
    const sizes = o.weightsManifest[0].weights.map((w) => w.shape.reduce((a, b) => a * b, 1));
    const at = sizes[0]! + sizes[1]! + 2; // third weight, element 2
    floats[at] = NaN;
    o.weightData = encodeBase64(bytes);
    refuse(o, new RegExp(`weight "${names[2]}" holds a non-finite value \\(NaN\\) at element 2`));
    floats[at] = -Infinity;
    o.weightData = encodeBase64(bytes);
    refuse(o, /non-finite value \(-Infinity\)/);
  });
  it('records the generator profile and validation set when given; files without them stay valid', () => {
    expect(parseModelFile(text).training.generatorProfile).toBeUndefined();
    const o = obj();
    o.training['generatorProfile'] = 'realistic';
    o.training['validationSet'] = 'test-profile';
    const parsed = parseModelFile(JSON.stringify(o));
    expect(parsed.training.generatorProfile).toBe('realistic');
    expect(parsed.training.validationSet).toBe('test-profile');
    const bad = obj();
    bad.training['generatorProfile'] = 'fancy';
    refuse(bad, /training\.generatorProfile: expected one of paper, realistic, got "fancy"/);
    const badSet = obj();
    badSet.training['validationSet'] = 'train';
    refuse(badSet, /training\.validationSet: expected one of test-profile, train-split/);
  });
  it('refuses prototype-pollution keys anywhere', () => {
    refuse(text.replace('"format":', '"__proto__":{"polluted":1},"format":'), /forbidden key "__proto__"/);
    const o = obj();
    o.training.settings['constructor'] = { prototype: { x: 1 } };
    refuse(o, /forbidden key "(prototype|constructor)"/);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
  it('names the weight whose shape does not fit its layer', async () => {
    const o = obj();
    const w = o.weightsManifest[0].weights.find((x) => x.shape.length === 4 && x.shape[2] !== x.shape[3])!;
    const [a, b] = [w.shape[2]!, w.shape[3]!];
    w.shape = [w.shape[0]!, w.shape[1]!, b, a]; // same size: only loading finds it
    const f = parseModelFile(JSON.stringify(o));
    await expect(loadModelFile(f)).rejects.toThrow(
      new RegExp(`Shape mismatch: .* \\(the manifest's ${w.name.replace(/[/]/g, '\\/')}\\)`),
    );
  });
  it('refuses a network with the wrong input size when loading', async () => {
    const small = buildModel(spec, { inputSize: 48 });
    const f = parseModelFile(stringifyModelFile(await exportModelFile(small, info)));
    small.dispose();
    await expect(loadModelFile(f)).rejects.toThrow(/expected \[null,112,112,1\]/);
  });
});
