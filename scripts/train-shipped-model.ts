/**
 * The shipped BSR model (public/models/demo.json), from one seeded script: a small architecture search on the
 * realistic generator profile, ranked by the authors' protocol (mean top-5 validation accuracy on TEST-profile
 * patches), then the winner trained longer. Every random choice comes from the constants below (generator seed,
 * search seed, trainer seed: initial weights, dropout masks and batch order), so a rerun on the same app version
 * gives the same file up to the timestamp.
 *
 *   npx tsx scripts/train-shipped-model.ts [--out public/models/demo.json] [--search] [--quick]
 *     [--generator-seed N] [--train-seed N] [--epochs N] [--average-epochs N] [--train-size N] [--paper-share X]
 *     [--final-width X] [--real-background LINE.sgy [--real-share X]] [--agc-share X] [--no-calibrate]
 *
 * Without --search the recorded winner of the search (candidate WINNER of SEARCH_SEED) is trained directly; with it
 * the search runs again first (8 candidates x 2 epochs, ~12 min here) and its winner is trained.
 * Search space: the V1p2 sampler's candidates (multi-scale perception units, kernel/pool pairs, dropout) with
 * every width x WIDTH_FACTOR, laid out like the paper's chosen network (its TF2 file: conv1 stride 2, no pool
 * before perception_5), which runs ~3x faster on a CPU than the search layout at the same widths and keeps
 * inference well above 1,000 patches/s. `--quick` shrinks everything (a smoke run for tests).
 * `--real-background` replaces a share (default 0.25) of the training patches by patches of a real BSR-free line
 * with synthetic BSRs and look-alikes drawn in (src/core/synthetic/real-background.ts); tried in session 9 on
 * public/data/31_81_PR.sgy and not adopted (README). `--agc-share` shows a share of the realistic training patches
 * through a short AGC (src/core/synthetic/processing-agc.ts); tried in session 28 and not adopted (README, "Real lines
 * as they come").
 */
import { createHash } from 'node:crypto';
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { initNodeWasm } from './wasm-node';
import { SHIPPED_RECIPE, fixedBudgetSettings, trainingMetrics, writeModelFile } from './model-out';
import { countMacs, countParams, sampleCandidate, specId, type CandidateSpec } from '../src/core/model';
import { scaleSpecWidths } from '../src/core/model/scale';
import { buildDataset, generateRawPatches, type SyntheticGenerator } from '../src/core/synthetic';
import { trainCandidate } from '../src/core/train/trainer';
import { concatPatchSets, datasetPatches, heldOutSplit, type PatchSet } from '../src/core/train/patch-set';
import { openFileByteSource } from '../src/node/file-byte-source';
import { lineSource } from '../src/node/line-choice';
import { SegyReader } from '../src/core/segy';
import { readRawLine } from '../src/core/classify/line-pipeline';
import { presentForPatches } from '../src/core/finetune/mark-patches';
import {
  backgroundFromPresented,
  realBackgroundPatches,
  type BackgroundLine,
} from '../src/core/synthetic/real-background';
import { applyTrainingAgc } from '../src/core/synthetic/processing-agc';
import { accuracyOn } from '../src/core/train/accuracy';
import { exportModelFile } from '../src/core/model-file';
import { nowMs } from '../src/core/clock';
import { APP_VERSION, GENERATOR_VERSION } from '../src/version';

const args = process.argv.slice(2);
function flagValue(name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}
const quick = args.includes('--quick');
const runSearch = args.includes('--search') || quick;
const outArg = args.indexOf('--out');
const out = outArg >= 0 && args[outArg + 1] ? (args[outArg + 1] as string) : 'public/models/demo.json';

const GENERATOR: SyntheticGenerator = 'realistic';
/**
 * Share of the training patches drawn from the paper profile instead (validation and test stay realistic). 0: the
 * realistic profile alone, with the short budget below, scored best on the evaluation suite, the BSR-free real line
 * and the dev real lines (README model card; 0.5 with 12 epochs of 20,000 was the session-4 model).
 */
const PAPER_SHARE = Number(flagValue('--paper-share') ?? 0);
/** A real BSR-free SEG-Y line whose presented patches carry a share of the training patches (real-background.ts). */
const REAL_BACKGROUND = flagValue('--real-background');
const REAL_SHARE = REAL_BACKGROUND ? Number(flagValue('--real-share') ?? 0.25) : 0;
/** Share of the realistic training patches shown through a short AGC (processing-agc.ts). */
const AGC_SHARE = Number(flagValue('--agc-share') ?? 0);
const GENERATOR_SEED = Number(flagValue('--generator-seed') ?? SHIPPED_RECIPE.generatorSeed);
/** Seed of initial weights, dropout masks and batch order. */
const TRAIN_SEED = Number(flagValue('--train-seed') ?? SHIPPED_RECIPE.trainSeed);
const SEARCH_SEED = 7;
/** The search's winner (by mean top-5 on test-profile validation; README model card has the table). */
const WINNER = 3;
const WIDTH_FACTOR = 0.1;
/** Width factor the winner is trained at (the search ranks candidates at WIDTH_FACTOR; a wider winner has more capacity). */
const FINAL_WIDTH = Number(flagValue('--final-width') ?? WIDTH_FACTOR);
const CANDIDATES = quick ? 2 : 8;
const TRAIN_SIZE = quick ? 256 : Number(flagValue('--train-size') ?? (runSearch ? 9000 : SHIPPED_RECIPE.trainSize));
const VAL_SIZE = quick ? 64 : SHIPPED_RECIPE.valSize;
const TEST_SIZE = quick ? 64 : SHIPPED_RECIPE.testSize;
/** Search: each candidate sees the same short budget. */
const SEARCH_SETTINGS = fixedBudgetSettings(quick ? 1 : 2, quick ? 2 : 40);
/**
 * The winner: 3 epochs of 6,000 patches (SHIPPED_RECIPE), a fixed budget. Longer training on more synthetic patches (12 epochs of
 * 20,000) raised nothing on the realistic test profile that carried over: the evaluation suite and the real lines
 * scored lower (the network learns the generator's particulars; README table), so the short budget ships.
 */
const FINAL_SETTINGS = {
  ...fixedBudgetSettings(
    quick ? 1 : Number(flagValue('--epochs') ?? SHIPPED_RECIPE.epochs),
    quick ? 2 : SHIPPED_RECIPE.validateEvery,
  ),
  seed: TRAIN_SEED,
  // The mean of the weights after the last three epochs (stochastic weight averaging): at 6 epochs, over three seeds,
  // it scored the dev real lines as high with half the spread between seeds, and fewer false alarms (README model card).
  averageEpochs: quick ? 0 : Number(flagValue('--average-epochs') ?? SHIPPED_RECIPE.averageEpochs),
  // A temperature fitted on the validation patches, folded into the logits (SHIPPED_RECIPE.calibrate).
  calibrate: SHIPPED_RECIPE.calibrate && !args.includes('--no-calibrate'),
};

/** The paper's TF2 layout of a sampled candidate: conv1 stride 2, no pool before perception_5. */
function tf2Layout(spec: CandidateSpec): CandidateSpec {
  return { ...spec, stem: { ...spec.stem, conv1: { ...spec.stem.conv1, stride: 2 } }, poolBeforeP5: false };
}

/** Candidate `i` of the search space as searched here. */
function candidate(i: number, width = WIDTH_FACTOR): CandidateSpec {
  return tf2Layout(scaleSpecWidths(sampleCandidate(SEARCH_SEED, i), width));
}

/** SHA-256 of the first 64 train-profile patches of seed 1: changes whenever the generator's output does. */
function generatorDigest(generator: SyntheticGenerator): string {
  const raw = generateRawPatches({ seed: 1, count: 64, profile: 'train', generator });
  return createHash('sha256')
    .update(new Uint8Array(raw.patches.buffer, raw.patches.byteOffset, raw.patches.byteLength))
    .digest('hex');
}

function commitId(): string {
  try {
    return execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return 'unknown';
  }
}

/** Train + test-profile validation + test-profile test sets of one generator, standardised like the app's search data. */
function makeData(
  generator: SyntheticGenerator,
  paperShare = 0,
  background: BackgroundLine | null = null,
): { train: PatchSet; val: PatchSet; test: PatchSet } {
  const nPaper = Math.round(TRAIN_SIZE * paperShare);
  const nReal = background ? Math.round(TRAIN_SIZE * REAL_SHARE) : 0;
  const realistic = generateRawPatches({
    seed: GENERATOR_SEED,
    count: TRAIN_SIZE - nPaper - nReal,
    profile: 'train',
    generator,
  });
  if (AGC_SHARE > 0) applyTrainingAgc(realistic.patches, realistic.labels.length, GENERATOR_SEED, AGC_SHARE);
  const parts = [realistic];
  if (nPaper > 0)
    parts.push(generateRawPatches({ seed: GENERATOR_SEED, count: nPaper, profile: 'train', generator: 'paper' }));
  // One keep-polarity scale over both parts, as over any training set; the trainer shuffles batches by its seed.
  const synthetic = datasetPatches(buildDataset(parts, { inPlace: parts.length === 1 }));
  // Real-background patches are already in network units (presented like a line), so they join after standardising.
  const train = background
    ? concatPatchSets(synthetic, realBackgroundPatches(background, GENERATOR_SEED, nReal))
    : synthetic;
  const heldOut = buildDataset(
    generateRawPatches({ seed: GENERATOR_SEED, count: VAL_SIZE + TEST_SIZE, profile: 'test', generator }),
    { inPlace: true },
  );
  return heldOutSplit(train, datasetPatches(heldOut), VAL_SIZE, TEST_SIZE);
}

await initNodeWasm();
const t0 = nowMs();
const log = (msg: string): void => console.log(`[${((nowMs() - t0) / 1000).toFixed(0)} s] ${msg}`);
log(
  `${GENERATOR} generator (${PAPER_SHARE * 100} % of training patches from the paper profile), seed ${GENERATOR_SEED}: ${TRAIN_SIZE} train + ${VAL_SIZE} validation + ${TEST_SIZE} test (test profile); backend ${tf.getBackend()}`,
);
async function loadBackground(path: string): Promise<BackgroundLine> {
  const source = await openFileByteSource(path);
  try {
    const raw = await readRawLine((await lineSource(await SegyReader.open(source), null)).source);
    return backgroundFromPresented(await presentForPatches(raw));
  } finally {
    await source.close();
  }
}
const background = REAL_BACKGROUND ? await loadBackground(REAL_BACKGROUND) : null;
const data = makeData(GENERATOR, PAPER_SHARE, background);
const paperTest = makeData('paper').test;
log('data sets ready');

const searched: {
  index: number;
  id: string;
  params: number;
  macs: number;
  meanTop5: number | null;
  testAccuracy: number | null;
  seconds: number;
}[] = [];
let best: { index: number; spec: CandidateSpec; score: number } | null = runSearch
  ? null
  : { index: WINNER, spec: candidate(WINNER), score: NaN };
for (let i = 0; runSearch && i < CANDIDATES; i++) {
  const spec = candidate(i);
  const { result } = await trainCandidate(spec, data, SEARCH_SETTINGS);
  const row = {
    index: i,
    id: specId(spec),
    params: countParams(spec),
    macs: countMacs(spec),
    meanTop5: result.meanTop5,
    testAccuracy: result.test?.accuracy ?? null,
    seconds: +result.trainSeconds.toFixed(1),
  };
  searched.push(row);
  log(
    `candidate ${i} ${row.id}: ${row.params} params, mean top-5 ${row.meanTop5?.toFixed(4)}, test ${row.testAccuracy?.toFixed(4)} (${row.seconds} s)`,
  );
  if (result.meanTop5 !== null && (best === null || result.meanTop5 > best.score))
    best = { index: i, spec, score: result.meanTop5 };
}
if (!best) throw new Error('no candidate produced a validation score');
const finalSpec = FINAL_WIDTH === WIDTH_FACTOR ? best.spec : candidate(best.index, FINAL_WIDTH);
log(
  `winner ${specId(best.spec)}${runSearch ? ` (mean top-5 ${best.score.toFixed(4)})` : ` (candidate ${WINNER} of the recorded search)`}; training it at width x ${FINAL_WIDTH} (${countParams(finalSpec)} parameters) with ${JSON.stringify(FINAL_SETTINGS)}`,
);

const { result, model } = await trainCandidate(
  finalSpec,
  data,
  FINAL_SETTINGS,
  {
    onProgress: (p) => {
      if (p.valAcc !== undefined && p.step % 200 === 0)
        log(
          `epoch ${p.epoch} step ${p.step}/${p.maxSteps} val loss ${p.valLoss?.toFixed(3)} val acc ${p.valAcc.toFixed(3)}`,
        );
    },
  },
  { keepModel: true },
);
if (!model) throw new Error('trainer returned no model');
const calibration = result.calibration ?? null;
if (calibration)
  log(
    `temperature ${calibration.temperature.toFixed(3)} folded into the logits (validation log-loss ${calibration.nllBefore.toFixed(4)} -> ${calibration.nllAfter.toFixed(4)})`,
  );
const paperAccuracy = await accuracyOn(model, paperTest);
const metrics = trainingMetrics(result, { testAccuracyPaperProfile: paperAccuracy });
const file = await exportModelFile(model, {
  spec: finalSpec,
  name: 'BSR classifier (realistic profile, searched)',
  appVersion: APP_VERSION,
  training: {
    generatorSeed: GENERATOR_SEED,
    generatorVersion: GENERATOR_VERSION,
    generatorProfile: GENERATOR,
    generatorDigest: generatorDigest(GENERATOR),
    paperShare: PAPER_SHARE,
    agcShare: AGC_SHARE,
    paperGeneratorDigest: generatorDigest('paper'),
    realBackground: REAL_BACKGROUND
      ? {
          file: REAL_BACKGROUND,
          sha256: createHash('sha256').update(readFileSync(REAL_BACKGROUND)).digest('hex'),
          share: REAL_SHARE,
        }
      : null,
    validationSet: 'test-profile',
    calibration,
    datasetSize: TRAIN_SIZE + VAL_SIZE,
    valSize: VAL_SIZE,
    testSize: TEST_SIZE,
    backend: tf.getBackend(),
    settings: { ...FINAL_SETTINGS },
    trainSeconds: result.trainSeconds,
    wallSeconds: (nowMs() - t0) / 1000,
    finalWidthFactor: FINAL_WIDTH,
    search: {
      seed: SEARCH_SEED,
      widthFactor: WIDTH_FACTOR,
      layout: 'tf2',
      settings: { ...SEARCH_SETTINGS },
      size: CANDIDATES,
      winner: runSearch ? null : WINNER,
      candidates: searched,
    },
    script: 'scripts/train-shipped-model.ts',
    commit: commitId(),
  },
  metrics,
});
model.dispose();
writeModelFile(out, file, metrics, log);
