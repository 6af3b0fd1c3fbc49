/**
 * Moving models in and out of the app: the best (or any stored) candidate of a run exported as the app's
 * self-contained JSON model file or as the standard tfjs pair; model files and run results imported, validated
 * before anything is stored. Weights are stored per run for the best K candidates only.
 */
import * as tf from '@tensorflow/tfjs';
import {
  exportModelFile,
  loadModelFile,
  parseModelFile,
  stringifyModelFile,
  toTfjsPair,
  ModelFileError,
} from '../core/model-file';
import { countParams } from '../core/model';
import { generatorOf, validationSetOf } from '../core/dataset-settings';
import { parseRunResults } from '../core/search/results-export';
import { registerCustomLayers } from '../core/model/minpool';
import { addModel, listModels } from '../db/models';
import { candidateWithResult, getRun, getWeights, mergeRunResults } from '../db/runs';
import {
  RunGoneError,
  type CandidateRecord,
  type ImportedModelRecord,
  type RunRecord,
  type SpnDatabase,
} from '../db/schema';
import { APP_VERSION, GENERATOR_VERSION } from '../version';

/**
 * The page only moves weights around (load, save); the plain-JS backend does that without starting a GPU device,
 * which belongs to the workers.
 */
let lightBackend: Promise<boolean> | null = null;
async function useLightBackend(): Promise<void> {
  // Not tf.getBackend(): with no backend started it would try to start the highest-priority one (WebGPU).
  lightBackend ??= tf.setBackend('cpu');
  await lightBackend;
}

/** The name a search candidate's model file carries: its run's and its number. */
function candidateModelName(run: RunRecord, cand: CandidateRecord): string {
  return `${run.name} · candidate ${cand.index}`;
}

/** A name made safe for a file name: letters, digits, dot, dash and underscore, at most 80 characters. */
export function safeName(s: string): string {
  return (
    s
      .replace(/[^a-z0-9._-]+/gi, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'model'
  );
}

/**
 * The file name a model file downloads under: its name made safe, without the SEG-Y/SU extension of a line it names
 * (a model tuned on "line.sgy" downloaded as "…-tuned-on-line.sgy-all-traces.json", which reads as a seismic file).
 */
export function modelFileName(name: string): string {
  return `${safeName(name.replace(/\.(sgy|segy|su)(?![a-z0-9])/gi, ''))}.json`;
}

async function storedModelFileText(db: SpnDatabase, run: RunRecord, cand: CandidateRecord): Promise<string> {
  const w = await getWeights(db, run.id, cand.id);
  if (!w)
    throw new ModelFileError(
      `no stored weights for candidate ${cand.id} (weights are kept for the best 5 candidates of a run)`,
    );
  registerCustomLayers();
  await useLightBackend();
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: w.modelTopology,
      weightSpecs: w.weightSpecs as tf.io.WeightsManifestEntry[],
      weightData: w.weightData,
    }),
  );
  try {
    const r = cand.result;
    const file = await exportModelFile(model, {
      spec: cand.spec,
      name: candidateModelName(run, cand),
      appVersion: APP_VERSION,
      training: {
        generatorSeed: run.settings.seed,
        generatorVersion: GENERATOR_VERSION,
        datasetSize: run.settings.dataset.size,
        backend: cand.backend ?? 'unknown',
        settings: { ...run.settings },
        generatorProfile: generatorOf(run.settings.dataset),
        validationSet: validationSetOf(run.settings.dataset),
        runId: run.id,
        candidateIndex: cand.index,
        testSize: run.settings.dataset.testSize,
        calibration: r?.calibration ?? null,
      },
      metrics: {
        meanTop5: r?.meanTop5 ?? null,
        top3: r?.meanTop3 ?? null,
        max: r?.max ?? null,
        testAccuracy: r?.test?.accuracy ?? null,
        params: r?.params ?? countParams(cand.spec),
        macs: r?.macs ?? null,
        inferPatchesPerS: r?.inferPatchesPerS ?? null,
      },
    });
    return stringifyModelFile(file);
  } finally {
    model.dispose();
  }
}

async function runAndCandidate(
  db: SpnDatabase,
  runId: string,
  candidateId: string,
): Promise<{ run: RunRecord; cand: CandidateRecord }> {
  const run = await getRun(db, runId);
  if (!run) throw new RunGoneError(runId);
  const cand = await candidateWithResult(db, runId, candidateId);
  if (!cand) throw new Error(`candidate ${candidateId} of run ${runId} has no result`);
  return { run, cand };
}

/** The app's JSON model file of a stored candidate. */
export async function exportCandidateModel(
  db: SpnDatabase,
  runId: string,
  candidateId: string,
): Promise<{ json: string; fileName: string }> {
  const { run, cand } = await runAndCandidate(db, runId, candidateId);
  // Named as the model inside it is named (and as the file downloads again once imported), not by the spec's hash.
  return {
    json: await storedModelFileText(db, run, cand),
    fileName: modelFileName(candidateModelName(run, cand)),
  };
}

/** The standard tfjs pair (`model.json` + weights) that `tf.loadLayersModel` loads. */
export async function exportTfjsPair(
  db: SpnDatabase,
  runId: string,
  candidateId: string,
): Promise<{ modelFileName: string; modelJson: string; weightsFileName: string; weightsBin: Uint8Array<ArrayBuffer> }> {
  const { json, fileName } = await exportCandidateModel(db, runId, candidateId);
  const pair = toTfjsPair(parseModelFile(json));
  const base = fileName.replace(/\.json$/, '');
  const weightsFileName = `${base}.weights.bin`;
  const modelJson = {
    ...pair.modelJson,
    weightsManifest: pair.modelJson.weightsManifest.map((g) => ({ ...g, paths: [weightsFileName] })),
  };
  return {
    modelFileName: `${base}.model.json`,
    modelJson: JSON.stringify(modelJson),
    weightsFileName,
    weightsBin: new Uint8Array(pair.weightsBin),
  };
}

/**
 * Validates a model file and stores it as a classifier; nothing is stored if it is refused. A file stored already
 * (the same text) is not stored twice: `stored` is false and `record` is the one kept before.
 */
export async function importModelFile(
  db: SpnDatabase,
  file: Blob & { name?: string },
): Promise<{ record: ImportedModelRecord; stored: boolean }> {
  const text = await file.text();
  const parsed = parseModelFile(text);
  const same = (await listModels(db)).find((m) => m.json === text);
  if (same) return { record: same, stored: false };
  // Parsing checks the file's structure; a layer config that contradicts its weights only shows when tfjs builds
  // the network. Build it once here so nothing that cannot classify is ever stored.
  await useLightBackend();
  (await loadModelFile(parsed)).dispose();
  const rec: ImportedModelRecord = {
    id: `${parsed.id}-${Date.now().toString(36)}`,
    // A blank name would list as nothing: the file's name (or its id) stands in.
    name: parsed.name?.trim() || file.name || parsed.id,
    importedAt: Date.now(),
    json: text,
    params: countParams(parsed.spec),
  };
  await addModel(db, rec, `the imported model ${rec.name}`);
  return { record: rec, stored: true };
}

/** Validates a results file from another machine and merges it (src/db/runs.ts mergeRunResults: all or nothing). */
export async function importRunResults(
  db: SpnDatabase,
  file: Blob,
): Promise<{ runId: string; added: number; skipped: number }> {
  return mergeRunResults(db, parseRunResults(await file.text()));
}
