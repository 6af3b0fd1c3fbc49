/**
 * Model-file import fuzzing with fast-check: a valid exported file is truncated, given wrong shapes, NaN/Inf
 * weights, gigabyte claims, unknown layer classes, prototype-pollution keys and random JSON values anywhere.
 * parseModelFile must either return a file that then loads into a working network, or throw ModelFileError:
 * never another error, never a hang. The named cases of test/fixtures/model-file-corruptions.ts (also imported
 * through IndexedDB by the browser test) must each give their message.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { initNodeWasm } from '../../../scripts/wasm-node';
import { makeSmallSpec } from '../../../src/core/model';
import { buildModel } from '../../../src/core/model/build';
import {
  ModelFileError,
  decodeBase64,
  encodeBase64,
  exportModelFile,
  loadModelFile,
  parseModelFile,
  stringifyModelFile,
} from '../../../src/core/model-file';
import { badModelFiles, type Json } from '../../fixtures/model-file-corruptions';

let valid = '';
beforeAll(async () => {
  await initNodeWasm();
  const spec = makeSmallSpec({ stemWidth: 2, perceptionWidth: 10 });
  const model = buildModel(spec);
  valid = stringifyModelFile(
    await exportModelFile(model, {
      spec,
      name: 'fuzz base',
      appVersion: 'test',
      training: { generatorSeed: 1, generatorVersion: 'test', datasetSize: 10, backend: 'wasm', settings: {} },
      metrics: { meanTop5: 0.9, top3: 0.9, max: 0.95, testAccuracy: null },
    }),
  );
  model.dispose();
});

type Path = (string | number)[];

/** Every path to a value inside `v` (objects and arrays), the root excluded. */
function paths(v: unknown, at: Path = [], out: Path[] = []): Path[] {
  if (v !== null && typeof v === 'object') {
    for (const [k, child] of Object.entries(v)) {
      const p = [...at, Array.isArray(v) ? Number(k) : k];
      out.push(p);
      paths(child, p, out);
    }
  }
  return out;
}

/** The value at key `k` of `v` (an array index is a key too); undefined where `v` is not an object. */
function child(v: unknown, k: string | number): unknown {
  return v !== null && typeof v === 'object' ? (v as Json)[k] : undefined;
}

/** The object that holds the last key of `p` (paths come from `paths`, so every step is an object). */
function parentOf(root: Json, p: Path): Json {
  return p.slice(0, -1).reduce<unknown>(child, root) as Json;
}

function setAt(root: Json, p: Path, value: unknown): void {
  parentOf(root, p)[p[p.length - 1]!] = value;
}

/** One mutation of the valid file, as JSON text. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: fc.jsonValue({ maxDepth: 2 }) }),
  fc.record({
    kind: fc.constant('shape' as const),
    weight: fc.nat(),
    shape: fc.array(fc.oneof(fc.integer({ min: -2, max: 64 }), fc.constant(2 ** 31), fc.double()), { maxLength: 5 }),
  }),
  fc.record({
    kind: fc.constant('weight-value' as const),
    element: fc.nat(),
    value: fc.constantFrom(NaN, Infinity, -Infinity, 3.4e38, -0, 1e-45),
  }),
  fc.record({
    kind: fc.constant('gigabytes' as const),
    weight: fc.nat(),
    dims: fc.array(fc.integer({ min: 1 << 10, max: 1 << 20 }), { minLength: 2, maxLength: 3 }),
  }),
  fc.record({
    kind: fc.constant('layer-class' as const),
    layer: fc.nat(),
    cls: fc.oneof(
      fc.constantFrom('Lambda', 'Functional', 'Sequential', 'TFOpLambda', 'Conv2D', 'Dense', 'MinPool2D'),
      fc.string(),
    ),
  }),
  fc.record({
    kind: fc.constant('proto-key' as const),
    pick: fc.nat(),
    key: fc.constantFrom('__proto__', 'constructor', 'prototype'),
  }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function apply(text: string, m: Mutation): string {
  if (m.kind === 'truncate') return text.slice(0, m.at % text.length);
  let o: Json;
  try {
    o = JSON.parse(text) as Json;
  } catch {
    return text; // already truncated or polluted: structural mutations no longer apply
  }
  const weights = child(child(child(o, 'weightsManifest'), 0), 'weights');
  const layers = child(child(child(o, 'modelTopology'), 'config'), 'layers');
  if (!Array.isArray(weights) || !Array.isArray(layers)) return text;
  const all = paths(o);
  if (m.kind === 'replace') setAt(o, all[m.pick % all.length]!, m.value);
  else if (m.kind === 'delete') {
    const p = all[m.pick % all.length]!;
    Reflect.deleteProperty(parentOf(o, p), p[p.length - 1]!);
  } else if (m.kind === 'shape')
    setAt(o, ['weightsManifest', 0, 'weights', m.weight % weights.length, 'shape'], m.shape);
  else if (m.kind === 'gigabytes')
    setAt(o, ['weightsManifest', 0, 'weights', m.weight % weights.length, 'shape'], m.dims);
  else if (m.kind === 'layer-class')
    setAt(o, ['modelTopology', 'config', 'layers', m.layer % layers.length, 'class_name'], m.cls);
  else if (m.kind === 'weight-value') {
    const bytes = decodeBase64(o['weightData'] as string);
    new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2)[m.element % (bytes.byteLength >> 2)] =
      m.value;
    o['weightData'] = encodeBase64(bytes);
  } else {
    // A prototype-pollution key spliced into a random object of the text (JSON.stringify would drop __proto__).
    const objects = all
      .map((p) => JSON.stringify(p))
      .filter((_, i) => {
        const v = all[i]!.reduce<unknown>(child, o);
        return v !== null && typeof v === 'object' && !Array.isArray(v);
      });
    const target = objects.length ? (JSON.parse(objects[m.pick % objects.length]!) as Path) : [];
    setAt(o, [...target, '__marker__'], 1);
    return JSON.stringify(o).replace('"__marker__":1', `"${m.key}":{"polluted":true}`);
  }
  return JSON.stringify(o);
}

describe('model file import fuzzing', () => {
  it('every named bad case is refused with its message', () => {
    const cases = badModelFiles(valid);
    expect(cases.length).toBeGreaterThan(25);
    expect(() => parseModelFile(valid)).not.toThrow();
    for (const c of cases) {
      let err: unknown;
      try {
        parseModelFile(c.text);
      } catch (e) {
        err = e;
      }
      expect(err, c.name).toBeInstanceOf(ModelFileError);
      expect((err as Error).message, c.name).toMatch(c.message);
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  /** Runs the mutation property; `unloadable` collects texts that parse but do not load. */
  async function fuzz(
    numRuns: number,
    unloadable: string[],
  ): Promise<{ accepted: number; refused: number; slowest: number; nonFinite: number }> {
    let accepted = 0,
      refused = 0,
      slowest = 0,
      nonFinite = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (ms) => {
        const text = ms.reduce(apply, valid);
        const t0 = performance.now();
        let file;
        try {
          file = parseModelFile(text);
        } catch (e) {
          if (!(e instanceof ModelFileError))
            throw new Error(`parseModelFile threw ${(e as Error).name}: ${(e as Error).message}`, { cause: e });
          expect(e.message).toMatch(/^model file: .{10,}/);
          refused++;
          return;
        } finally {
          slowest = Math.max(slowest, performance.now() - t0);
        }
        // Accepted: it must load into a network taking one 112 x 112 patch and giving 2 finite class probabilities,
        // or the loader must refuse it with a ModelFileError (a gap in parse-time validation, collected).
        let model: tf.LayersModel;
        try {
          model = await loadModelFile(file);
        } catch (e) {
          if (!(e instanceof ModelFileError))
            throw new Error(`loadModelFile threw ${(e as Error).name}: ${(e as Error).message}`, { cause: e });
          unloadable.push(`${JSON.stringify(ms).slice(0, 200)} -> ${e.message.slice(0, 160)}`);
          return;
        }
        const y = tf.tidy(() => model.predict(tf.zeros([1, 112, 112, 1])) as tf.Tensor);
        const p = await y.data();
        y.dispose();
        model.dispose();
        expect(p.length).toBe(2);
        // Finite but absurd weights (3.4e38) overflow to NaN: valid JSON, valid floats, useless network (reported).
        if (!Array.from(p).every(Number.isFinite)) nonFinite++;
        accepted++;
      }),
      { numRuns, seed: 20_240_612 },
    );
    return { accepted, refused, slowest, nonFinite };
  }

  it('mutated files parse and load into a working network or fail with ModelFileError: never another error, never a hang', async () => {
    const unloadable: string[] = [];
    const { accepted, refused, slowest, nonFinite } = await fuzz(400, unloadable);
    console.info(
      `model-file fuzz: 400 runs, ${accepted} parsed and loaded (${nonFinite} of them predict NaN), ${refused} refused by parseModelFile, ` +
        `${unloadable.length} parsed but refused by loadModelFile; slowest parse ${slowest.toFixed(0)} ms` +
        (unloadable.length ? `\n  e.g. ${unloadable.slice(0, 3).join('\n  e.g. ')}` : ''),
    );
    expect(refused).toBeGreaterThan(200);
    expect(accepted).toBeGreaterThan(10);
    // A hang fails by the test timeout; how fast parsing is belongs to no assertion (a loaded CI machine).
  });

  /**
   * Known gap (reported): parseModelFile does not check the topology's layer configs against the spec/manifest, so
   * a file with e.g. `filters` changed parses, is stored by importModelFile, and only fails when loaded. This test
   * pins exactly how the stricter contract ("every file parseModelFile accepts also loads") fails today: some
   * accepted files are refused by loadModelFile, each with its "topology or weights do not load" ModelFileError and
   * nothing else. When parse-time validation (or import) catches them, `unloadable` is empty and this fails: then
   * assert `toEqual([])` instead.
   */
  it('known gap: some files parseModelFile accepts are refused by loadModelFile, always with its load error', async () => {
    const unloadable: string[] = [];
    await fuzz(150, unloadable);
    expect(unloadable.length).toBeGreaterThan(0);
    for (const u of unloadable) expect(u).toMatch(/ -> model file: topology or weights do not load: \S/);
  });
});
