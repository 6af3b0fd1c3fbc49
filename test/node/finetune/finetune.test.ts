/** Fine-tuning on wasm with the demo model: it learns the marks, keeps the stem when frozen, stops on cancel, refuses too few marks; provenance round-trips. */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initNodeWasm } from '../../../scripts/wasm-node';
import {
  baseTunedOnLine,
  exportTunedModel,
  fineTune,
  isBaseModel,
  presentForPatches,
  type Mark,
} from '../../../src/core/finetune';
import { loadModelFile, parseModelFile, stringifyModelFile } from '../../../src/core/model-file';
import { fixtureLine } from '../line/line-fixture';

const baseText = readFileSync(new URL('../../../public/models/demo.json', import.meta.url), 'utf8');
const fx = fixtureLine({ traces: 160, samples: 260, bsrBelow: 60, seed: 3 });
const raw = { traces: fx.traces, samples: fx.samples, dtUs: 4000, data: fx.data };
const line = await presentForPatches(raw);

/** BSR boxes along the fixture's BSR, not-BSR boxes well below it. */
function marks(): Mark[] {
  const out: Mark[] = [];
  for (let a = 0; a + 16 <= fx.traces; a += 32) {
    const d = fx.bsr[a + 8]!;
    out.push({ traceFrom: a, traceTo: a + 15, timeFromMs: (d - 6) * 4, timeToMs: (d + 6) * 4, label: 1 });
    out.push({ traceFrom: a + 16, traceTo: a + 31, timeFromMs: (d + 60) * 4, timeToMs: (d + 80) * 4, label: 0 });
  }
  return out;
}

const weightsOf = (m: tf.LayersModel, layer: string): Float32Array =>
  m.getLayer(layer).getWeights()[0]!.dataSync() as Float32Array;
const small = { epochs: 1, syntheticRatio: 0.25, strideTraces: 8, strideSamples: 8, holdOutEvery: 5 };

beforeAll(async () => {
  await initNodeWasm();
});

describe('fineTune', () => {
  it('trains on the marks, scores the held-out ones before and after, and exports a new model with its provenance', async () => {
    const baseFile = parseModelFile(baseText);
    const model = await loadModelFile(baseFile);
    const conv0 = weightsOf(model, 'conv0').slice(),
      logits = weightsOf(model, 'logits').slice();
    const ms = marks();
    const progress: number[] = [];
    const r = await fineTune(model, line, ms, { generatorSeed: baseFile.training.generatorSeed, from: 6000 }, small, {
      onProgress: (p) => progress.push(p.etaSeconds),
    });
    expect(r.stoppedBy).toBe('done');
    expect(r.steps).toBeGreaterThan(0);
    expect(progress).toHaveLength(r.steps);
    expect(progress.at(-1)).toBe(0);
    expect(r.heldOutMarks).toBe(Math.floor(ms.length / 5));
    expect(r.trainPatches.bsr).toBeGreaterThan(0);
    expect(r.trainPatches.synthetic).toBeGreaterThan(0);
    expect(r.heldOut?.before.count).toBeGreaterThan(0);
    expect(r.heldOut?.after?.count).toBe(r.heldOut?.before.count);
    expect(weightsOf(model, 'conv0')).not.toEqual(conv0);
    expect(weightsOf(model, 'logits')).not.toEqual(logits);
    // The forgetting guard ran (default budget) and either met its budget or blended back its most.
    const f = r.forgetting!;
    expect(f.baseShare).toBeGreaterThanOrEqual(0);
    expect(f.baseShare).toBeLessThanOrEqual(0.5);
    if (f.baseShare < 0.5) expect(f.before - f.after).toBeLessThanOrEqual(0.015);

    const file = await exportTunedModel(model, baseFile, {
      line: { fingerprint: '123-abc', name: 'fixture.sgy', traces: raw.traces, samples: raw.samples, dtUs: 4000 },
      marks: ms,
      result: r,
      presentation: { patch_samples: line.patchSamples },
      syntheticTest: { before: 0.9, after: 0.89, patches: 10 },
      backend: tf.getBackend(),
    });
    const back = parseModelFile(stringifyModelFile(file));
    expect(back.name).toBe(`${baseFile.name} · tuned on fixture.sgy`);
    expect(back.provenance).toMatchObject({
      kind: 'fine-tuned',
      baseModel: { id: baseFile.id, name: baseFile.name },
      line: { fingerprint: '123-abc' },
      settings: { epochs: 1 },
    });
    expect((back.provenance?.['marks'] as Mark[]).length).toBe(ms.length);
    expect(back.metrics.testAccuracy).toBe(0.89);
    // Tuning again on this line starts from the base: found by the provenance, told apart from the tuned model (which
    // shares its id, the spec's) by name and time of export; on another line the tuned model is the base.
    const base = baseTunedOnLine(back, '123-abc')!;
    expect(isBaseModel(baseFile, base)).toBe(true);
    expect(isBaseModel(back, base)).toBe(false);
    expect(back.id).toBe(baseFile.id);
    expect(baseTunedOnLine(back, '999-abc')).toBeNull();
    expect(baseTunedOnLine(baseFile, '123-abc')).toBeNull();
    const reloaded = await loadModelFile(back);
    expect(weightsOf(reloaded, 'logits')).toEqual(weightsOf(model, 'logits'));
    reloaded.dispose();
    model.dispose();
  });

  it('blends the base weights back when tuning forgets more than the budget, and not at all without one', async () => {
    const baseFile = parseModelFile(baseText);
    const source = {
      generatorSeed: baseFile.training.generatorSeed,
      generator: baseFile.training.generatorProfile,
      from: 6000,
    };
    // A learning rate 50x the default and no synthetic patches: the marks alone overwrite what the model knew.
    const harsh = { ...small, syntheticRatio: 0, learningRate: 0.05, forgetBudget: 0.001 };
    const model = await loadModelFile(baseFile);
    const r = await fineTune(model, line, marks(), source, harsh);
    const f = r.forgetting!;
    expect(f.baseShare).toBeGreaterThan(0);
    if (f.baseShare < 0.5) expect(f.before - f.after).toBeLessThanOrEqual(0.001);
    model.dispose();
    const unguarded = await loadModelFile(baseFile);
    expect((await fineTune(unguarded, line, marks(), source, { ...harsh, forgetBudget: 0 })).forgetting).toBeNull();
    unguarded.dispose();
  });

  it('leaves the stem as it was when frozen', async () => {
    const baseFile = parseModelFile(baseText);
    const model = await loadModelFile(baseFile);
    const before = ['conv0', 'conv1', 'conv2', 'logits'].map((n) => weightsOf(model, n).slice());
    await fineTune(model, line, marks(), { generatorSeed: 1, from: 0 }, { ...small, freezeStem: true });
    const after = ['conv0', 'conv1', 'conv2', 'logits'].map((n) => weightsOf(model, n));
    expect(after.slice(0, 3)).toEqual(before.slice(0, 3));
    expect(after[3]).not.toEqual(before[3]);
    model.dispose();
  });

  it('stops when cancelled, without an after score', async () => {
    const model = await loadModelFile(parseModelFile(baseText));
    let steps = 0;
    const r = await fineTune(
      model,
      line,
      marks(),
      { generatorSeed: 1, from: 0 },
      { ...small, epochs: 4 },
      { onProgress: () => steps++, isCancelled: () => steps >= 2 },
    );
    expect(r.epochs).toBeLessThan(4);
    expect(r.stoppedBy).toBe('cancelled');
    expect(r.steps).toBe(2);
    expect(r.heldOut?.after).toBeNull();
    model.dispose();
  });

  it('says how many more marks of a class are needed', async () => {
    const model = await loadModelFile(parseModelFile(baseText));
    const ms = marks()
      .filter((m) => m.label === 0)
      .concat(marks().find((m) => m.label === 1)!);
    await expect(fineTune(model, line, ms, { generatorSeed: 1, from: 0 }, small)).rejects.toThrow(
      /too few BSR marks to train on: 1 .*mark 1 more BSR place$/,
    );
    // A held-out mark of that kind is named: adding one more may make it the one held out.
    const notBsr = marks().filter((m) => m.label === 0),
      bsr = marks().filter((m) => m.label === 1);
    const two = [...notBsr.slice(0, 3), bsr[0]!, bsr[1]!, ...notBsr.slice(3)]; // the 5th mark is held out
    await expect(fineTune(model, line, two, { generatorSeed: 1, from: 0 }, small)).rejects.toThrow(
      /too few BSR marks to train on: 1 \(held-out marks do not count: mark 5 is held out to check the result\)/,
    );
    model.dispose();
  });
});
