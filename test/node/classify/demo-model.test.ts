/** The shipped demo model (public/models/demo.json) on synthetic lines with a known BSR. */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initNodeWasm } from '../../../scripts/wasm-node';
import { loadModelFile, parseModelFile } from '../../../src/core/model-file';
import { classifySection, iou, lineTruth, loadStandardisedSection, makeSyntheticLine, saliencyMap, sectionTraceSource, cutPatch } from '../../../src/core/classify';

/**
 * Synthetic-line seeds and IoU bounds (threshold 0.5, truth = BSR crosses the patch window). Measured
 * with the shipped demo model on wasm: seed 1 0.383, seed 3 0.502, seed 4 0.373 (seeds 2/5/6: 0.18/0.28/0.29;
 * predicting BSR everywhere scores 0.048). Bounds sit ~25 % below the measurements; retraining the demo
 * model means re-measuring them.
 */
const SEEDS: [number, number][] = [[1, 0.28], [3, 0.38], [4, 0.28]];
const text = readFileSync(new URL('../../../public/models/demo.json', import.meta.url), 'utf8');

describe('demo model', () => {
  let model: tf.LayersModel;
  beforeAll(async () => {
    await initNodeWasm();
    model = await loadModelFile(parseModelFile(text));
  });

  it('is a valid, modest model file with its provenance', () => {
    const file = parseModelFile(text);
    expect(text.length).toBeLessThan(2 * 1024 * 1024);
    expect(file.training).toMatchObject({ backend: 'wasm', datasetSize: expect.any(Number), generatorSeed: expect.any(Number) });
    expect(file.metrics.max).toBeGreaterThan(0.9);
  });

  for (const [seed, bound] of SEEDS) {
    it(`maps the BSR of synthetic line ${seed} with IoU > ${bound}`, async () => {
      const before = tf.memory().numTensors;
      const line = makeSyntheticLine(seed);
      const { section } = await loadStandardisedSection(sectionTraceSource(line.section));
      const map = await classifySection(model, section);
      const truth = lineTruth(line, map.grid);
      expect(iou(map, truth)).toBeGreaterThan(bound);
      // Not just "everything is BSR": the chance-level IoU of predicting all cells is far lower.
      const all = { ...map, values: new Float32Array(map.values.length).fill(1) };
      expect(iou(all, truth)).toBeLessThan(bound / 2);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('has a non-zero saliency on a BSR patch of the synthetic line', async () => {
    const line = makeSyntheticLine(1);
    const { section } = await loadStandardisedSection(sectionTraceSource(line.section));
    const t = 200, z = Math.round(line.bsrDepth[t + 24]!);
    const { saliency, maxAbsGradient } = await saliencyMap(model, cutPatch(section, t, z - 24, 48, 48));
    expect(saliency).toHaveLength(2304);
    expect(maxAbsGradient).toBeGreaterThan(0);
    expect(saliency.filter((v) => v !== 0).length).toBeGreaterThan(1000);
  });
});
