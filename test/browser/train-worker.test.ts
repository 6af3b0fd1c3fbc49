import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { GeneratorPool } from '../../src/app/generator-pool';
import { TrainerClient } from '../../src/app/trainer-client';
import { buildDataset } from '../../src/core/synthetic';
import { makeSmallSpec } from '../../src/core/model';
import { registerCustomLayers } from '../../src/core/model/minpool';
import { slicePatchSet, type SplitDataset } from '../../src/core/train/patch-set';
import { DEFAULT_TRAIN_SETTINGS } from '../../src/core/train/trainer';
import { hasWebglOrSkip, hasWebgpuAdapterOrSkip } from './gpu-backends';

const clients: TrainerClient[] = [];
const pool = new GeneratorPool(1);
afterAll(() => {
  for (const c of clients) c.terminate();
  pool.terminate();
});

/** An easy data set: generator geometry without augmentations (BSR vs same-polarity reflector is still the task). */
async function easyData(count: number, seed: number): Promise<SplitDataset> {
  const raw = await pool.generate({ seed, count, augment: false });
  const ds = buildDataset(raw, { inPlace: true });
  const all = { x: ds.inputs, labels: ds.labels, side: ds.side, count };
  const nTrain = Math.round(count * 0.85);
  return {
    train: slicePatchSet(all, 0, nTrain),
    val: slicePatchSet(all, nTrain, count - nTrain),
    test: slicePatchSet(all, nTrain, count - nTrain),
  };
}

describe('training worker', () => {
  it('learns the generated task in a real worker (validation accuracy > 0.9) and frees its tensors', async () => {
    const client = new TrainerClient();
    clients.push(client);
    const data = await easyData(1200, 3);
    const choice = await client.start('wasm', data);
    console.log(`training backend: ${choice.name} (${choice.reason}); wasm threads: ${choice.wasmThreads}`);
    expect(choice.name).toBe('wasm');
    const baseline = await client.numTensors();
    const steps: number[] = [];
    const reply = await client.train(
      makeSmallSpec({ stemWidth: 8, perceptionWidth: 16 }),
      { ...DEFAULT_TRAIN_SETTINGS, batchSize: 32, learningRate: 3e-3, maxEpochs: 3, earlyStop: 'none' },
      { candidateKey: 1, keepWeights: true },
      (p) => steps.push(p.step),
    );
    console.log(
      `max val acc ${reply.result.max.toFixed(3)}, mean top-5 ${reply.result.meanTop5.toFixed(3)}, ${reply.result.trainSamplesPerS.toFixed(0)} samples/s, ${reply.result.inferPatchesPerS.toFixed(0)} patches/s on ${reply.backend}`,
    );
    expect(reply.backend).toBe('wasm');
    expect(reply.result.max).toBeGreaterThan(0.9);
    expect(steps.length).toBe(reply.result.steps);
    expect(await client.numTensors()).toBe(baseline);

    // Save -> reload round trip on the page gives identical predictions.
    const art = reply.artifacts;
    expect(art).toBeDefined();
    registerCustomLayers();
    await tf.setBackend('cpu');
    const a = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: art!.modelTopology,
        weightSpecs: art!.weightSpecs,
        weightData: art!.weightData,
      }),
    );
    let saved: tf.io.ModelArtifacts | null = null;
    await a.save(
      tf.io.withSaveHandler(async (x) => {
        saved = x;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const b = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const x = tf.tensor4d(data.val.x.slice(0, 4 * 48 * 48), [4, 48, 48, 1]);
    const xin = tf.image.resizeBilinear(x, [112, 112], false, true);
    const pa = await (a.predict(xin) as tf.Tensor).data();
    const pb = await (b.predict(xin) as tf.Tensor).data();
    expect(Array.from(pb)).toEqual(Array.from(pa));
    tf.dispose([x, xin]);
    a.dispose();
    b.dispose();
  });

  it('cancels a running candidate at the next step', async () => {
    const client = new TrainerClient();
    clients.push(client);
    await client.start('wasm', await easyData(200, 4));
    const ctl = new AbortController();
    const reply = await client.train(
      makeSmallSpec(),
      { ...DEFAULT_TRAIN_SETTINGS, batchSize: 16 },
      { candidateKey: 2, keepWeights: false, signal: ctl.signal },
      (p) => {
        if (p.step === 2) ctl.abort();
      },
    );
    expect(reply.result.stoppedBy).toBe('cancelled');
    expect(reply.result.steps).toBeLessThanOrEqual(4);
  });

  it.for(['webgpu', 'webgl'] as const)(
    'trains on %s where it exists (software here), keeps the weights and reports it',
    async (backend, ctx) => {
      if (backend === 'webgpu' ? !(await hasWebgpuAdapterOrSkip(ctx)) : !hasWebglOrSkip(ctx)) return;
      const client = new TrainerClient();
      clients.push(client);
      const data = await easyData(12, 5);
      const choice = await client.start(backend, {
        train: slicePatchSet(data.train, 0, 8),
        val: slicePatchSet(data.val, 0, 2),
        test: slicePatchSet(data.val, 0, 0),
      });
      const gpu = choice.availability.find((a) => a.name === backend);
      console.log(`${backend}: ${gpu?.detail}`);
      expect(choice.name).toBe(backend);
      const t0 = performance.now();
      const reply = await client.train(
        makeSmallSpec({ stemWidth: 2, perceptionWidth: 10 }),
        { ...DEFAULT_TRAIN_SETTINGS, batchSize: 4, maxEpochs: 1, validateEvery: 2 },
        { candidateKey: 3, keepWeights: true },
      );
      console.log(
        `${backend}: ${reply.result.steps} steps in ${((performance.now() - t0) / 1000).toFixed(1)} s, backend ${reply.backend}`,
      );
      expect(reply.backend).toBe(backend);
      // The trained weights come back (the search keeps the best candidates'), all finite.
      const weights = new Float32Array(reply.artifacts!.weightData);
      expect(weights.length).toBeGreaterThan(0);
      expect(weights.every(Number.isFinite)).toBe(true);
      expect(reply.result.steps).toBe(2);
      const losses = reply.result.curves.train.map((p) => p.loss);
      expect(losses.length).toBe(2);
      expect(losses.every(Number.isFinite)).toBe(true);
    },
  );
});
