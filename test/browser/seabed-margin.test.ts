/**
 * The classify worker masks under the seabed as far as the loaded model's training data asks (core line/presentation
 * seabedMarginFor): one period for a model trained on the realistic profile, which saw the seabed anywhere in its
 * patches, half a patch for a paper-profile one; and it keeps the period-matched time scale for a model fine-tuned
 * there (core classify/scale-selection selectsScaleFor). Real worker, real Chromium.
 */
import { afterEach, expect, it } from 'vitest';
import { ClassifyClient } from '../../src/app/classify-client';
import { stringifyModelFile } from '../../src/core/model-file';
import { fixtureLine } from '../node/line/line-fixture';
import { tinyModelFile } from './tiny-model';

const clients: ClassifyClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.terminate();
});

/** A sloping fixture line with a seabed, a classify worker on the cpu backend, and the tiny test model's file. */
async function setup() {
  const line = fixtureLine({ traces: 160, samples: 400, period: 12, slope: 0.2 });
  const section = {
    traceCount: line.traces,
    samplesPerTrace: line.samples,
    sampleIntervalUs: 4000,
    samples: line.data,
  };
  const classifier = new ClassifyClient('cpu');
  clients.push(classifier);
  return { section, classifier, tiny: await tinyModelFile() };
}

it('follows the model: realistic-profile models a period under the seabed, paper-profile ones half a patch', async () => {
  const { section, classifier, tiny } = await setup();
  const settings = { patchTraces: 48, stride: 32, scale: 'matched' } as const;
  const margins: Array<[string, number, number, number]> = [];
  for (const profile of ['realistic', 'paper', undefined] as const) {
    const training = { ...tiny.training, ...(profile ? { generatorProfile: profile } : {}) };
    await classifier.loadModel(stringifyModelFile({ ...tiny, training }));
    const { presentation: p } = await classifier.classify(section, settings);
    expect(p.seabed?.found).toBe(true);
    margins.push([p.seabedMargin, p.maskMarginSamples, p.periodSamples, p.patchSamples]);
  }
  const [realistic, paper, unsaid] = margins as [(typeof margins)[0], (typeof margins)[0], (typeof margins)[0]];
  expect(realistic[0]).toBe('wavelet');
  expect(realistic[1]).toBe(Math.round(realistic[2]));
  expect(paper[0]).toBe('half-patch');
  expect(paper[1]).toBe(Math.round(paper[3] / 2));
  expect(paper[1]).toBeGreaterThan(realistic[1]);
  // A file from before the profile was recorded was trained on the paper generator.
  expect(unsaid).toEqual(paper);
});

it('keeps the matched time scale for a model fine-tuned there, and says so in the map; other models select', async () => {
  const { section, classifier, tiny } = await setup();
  const settings = { patchTraces: 48, stride: 32, scale: 'auto' } as const;
  await classifier.loadModel(stringifyModelFile(tiny));
  const plain = await classifier.classify(section, settings);
  expect(plain.scaleSelection).not.toBeNull();
  expect(plain.matchedScaleKept).toBeUndefined();
  const provenance = { kind: 'fine-tuned', baseModel: { id: tiny.id }, presentation: { scale_source: 'auto' } };
  await classifier.loadModel(stringifyModelFile({ ...tiny, provenance }));
  const tuned = await classifier.classify(section, settings);
  expect(tuned.scaleSelection).toBeNull();
  expect(tuned.matchedScaleKept).toBe(true);
  expect(tuned.presentation.scaleSource).toBe('auto');
  expect(tuned.presentation.scaleFactor).toBe(plain.scaleSelection!.autoFactor);
  // Asked for the matched scale only: nothing was kept back.
  const matched = await classifier.classify(section, { ...settings, scale: 'matched' });
  expect(matched.matchedScaleKept).toBeUndefined();
});
