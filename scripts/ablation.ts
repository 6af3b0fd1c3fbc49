/**
 * Ablation of the realistic generator profile (README: "what earns its place"): the same network and budget
 * trained on the paper profile, on the paper's kinds with real wavelets, + the hard negatives, + the BSR
 * variants, and on the whole realistic profile; each model scored on held-out test-profile patches of both
 * generators and on the fixed evaluation lines (`evaluate --suite`, a subprocess: the same code path as the
 * classify CLI). Seeds, sizes and settings are the shipped model's (SHIPPED_RECIPE), so with
 * --spec-from public/models/demo.json the "+ all" row retrains the shipped model (weights_match_spec_from says so).
 *
 *   npx tsx scripts/ablation.ts --spec-from public/models/demo.json [--out-dir /tmp/ablation] [--quick]
 *                               [--generator-seed N --train-seed N]   (another draw of the same recipe)
 *
 * Prints one JSON row per variant and a last JSON line with all of them.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initNodeWasm } from './wasm-node';
import { SHIPPED_RECIPE, fixedBudgetSettings } from './model-out';
import { buildDataset, generateRawPatches, type GenerateOptions } from '../src/core/synthetic';
import { INGREDIENT_KINDS } from '../src/core/synthetic/realistic/kinds';
import { trainCandidate } from '../src/core/train/trainer';
import { datasetPatches, heldOutSplit, type PatchSet } from '../src/core/train/patch-set';
import { accuracyOn } from '../src/core/train/accuracy';
import { exportModelFile, parseModelFile, stringifyModelFile } from '../src/core/model-file';
import { APP_VERSION, GENERATOR_VERSION } from '../src/version';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const quick = args.includes('--quick');
const specFrom = flag('--spec-from') ?? 'public/models/demo.json';
const outDir = flag('--out-dir') ?? '/tmp/ablation';
// The shipped model's recipe: the "+ all" variant is the shipped model, retrained (same seeds, data and settings).
const SEED = Number(flag('--generator-seed') ?? SHIPPED_RECIPE.generatorSeed);
const TRAIN = quick ? 256 : SHIPPED_RECIPE.trainSize,
  VAL = quick ? 64 : SHIPPED_RECIPE.valSize,
  TEST = quick ? 64 : SHIPPED_RECIPE.testSize;
const SETTINGS = {
  ...fixedBudgetSettings(quick ? 1 : SHIPPED_RECIPE.epochs, quick ? 2 : SHIPPED_RECIPE.validateEvery),
  seed: Number(flag('--train-seed') ?? SHIPPED_RECIPE.trainSeed),
  averageEpochs: quick ? 0 : SHIPPED_RECIPE.averageEpochs,
  calibrate: SHIPPED_RECIPE.calibrate,
};

type Source = Pick<GenerateOptions, 'generator' | 'realisticKinds'>;
const w = INGREDIENT_KINDS;
const VARIANTS: { name: string; source: Source }[] = [
  { name: 'paper only', source: { generator: 'paper' } },
  { name: '+ wavelets', source: { generator: 'realistic', realisticKinds: [...w.wavelets] } },
  { name: '+ hard negatives', source: { generator: 'realistic', realisticKinds: [...w.wavelets, ...w.hardNegatives] } },
  { name: '+ BSR variants', source: { generator: 'realistic', realisticKinds: [...w.wavelets, ...w.bsrVariants] } },
  { name: '+ all (realistic)', source: { generator: 'realistic' } },
];

function sets(source: Source): { train: PatchSet; val: PatchSet; test: PatchSet } {
  const train = buildDataset(generateRawPatches({ seed: SEED, count: TRAIN, profile: 'train', ...source }), {
    inPlace: true,
  });
  const held = buildDataset(generateRawPatches({ seed: SEED, count: VAL + TEST, profile: 'test', ...source }), {
    inPlace: true,
  });
  return heldOutSplit(datasetPatches(train), datasetPatches(held), VAL, TEST);
}

await initNodeWasm();
const specFile = parseModelFile(readFileSync(specFrom, 'utf8'));
const spec = specFile.spec;
mkdirSync(outDir, { recursive: true });
const paperTest = sets({ generator: 'paper' }).test;
const realisticTest = sets({ generator: 'realistic' }).test;
const rows: Record<string, unknown>[] = [];
for (const [i, v] of VARIANTS.entries()) {
  const data = sets(v.source);
  const { result, model } = await trainCandidate(spec, data, SETTINGS, {}, { keepModel: true });
  if (!model) throw new Error('no model');
  const file = path.join(outDir, `variant-${i}.json`);
  const exported = await exportModelFile(model, {
    spec,
    name: `ablation: ${v.name}`,
    appVersion: APP_VERSION,
    training: {
      generatorSeed: SEED,
      generatorVersion: GENERATOR_VERSION,
      generatorProfile: v.source.generator ?? 'paper',
      realisticKinds: v.source.realisticKinds ?? null,
      datasetSize: TRAIN + VAL,
      backend: tf.getBackend(),
      settings: { ...SETTINGS },
      calibration: result.calibration ?? null,
      script: 'scripts/ablation.ts',
    },
    metrics: {
      meanTop5: result.meanTop5,
      top3: result.meanTop3,
      max: result.max,
      testAccuracy: result.test?.accuracy ?? null,
    },
  });
  writeFileSync(file, stringifyModelFile(exported));
  const accPaper = await accuracyOn(model, paperTest),
    accRealistic = await accuracyOn(model, realisticTest);
  model.dispose();
  const out = execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/evaluate.ts',
      '--suite',
      '--model',
      file,
      ...(quick ? ['--only', 'bsr-r30-4ms,free-multiple-4ms'] : []),
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 26 },
  );
  const suite = JSON.parse(out.trim().split('\n').at(-1) as string) as Record<string, unknown>;
  const row = {
    variant: v.name,
    model: file,
    train_seconds: +result.trainSeconds.toFixed(0),
    own_test_accuracy: result.test?.accuracy ?? null,
    paper_test_accuracy: +accPaper.toFixed(4),
    realistic_test_accuracy: +accRealistic.toFixed(4),
    suite_mean_auc: suite['mean_auc'],
    suite_mean_ap: suite['mean_ap'],
    suite_max_false_alarm: suite['max_false_alarm_share'],
    temperature: result.calibration?.temperature ?? null,
    // True for "+ all" when --spec-from is the shipped model: the recipe reproduces its weights bit for bit.
    weights_match_spec_from: exported.weightData === specFile.weightData,
  };
  rows.push(row);
  console.log(JSON.stringify(row));
}
console.log(JSON.stringify({ spec_from: specFrom, settings: SETTINGS, train: TRAIN, rows }));
