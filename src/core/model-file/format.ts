/**
 * The app's self-contained model file (`.json`): the candidate spec, the tfjs layers topology, the
 * weights manifest and the concatenated float32 weights as base64, plus how the model was trained
 * and how well it scored. One file carries everything, so a model moves between browsers, the
 * node CLI and the IndexedDB store without a side-car `weights.bin`.
 */
import type * as tf from '@tensorflow/tfjs';
import type { CandidateSpec } from '../model/spec';
import type { SyntheticGenerator } from '../synthetic/types';
import type { ValidationSet } from '../dataset-settings';
import { jsonFileKind } from '../json-file';

/** The model file's format and version; maxChars: the default cap on its text. */
export const MODEL_FILE = jsonFileKind('seismicpatchnet-model', 1);

/** How the model was trained (provenance; enough to reproduce it with the same app version). */
export interface ModelTraining {
  /** Seed of the synthetic patch generator. */
  generatorSeed: number;
  /** Version tag of the generator that made the patches. */
  generatorVersion: string;
  /** Patches generated (training + validation). */
  datasetSize: number;
  /** tfjs backend the model was trained on ('wasm', 'webgpu', 'cpu'...). */
  backend: string;
  /** Trainer settings (learning rate, batch size, epochs, early-stop rule, seed...). */
  settings: Record<string, unknown>;
  /** Generator profile of the training patches; absent (files written before it existed) = 'paper'. */
  generatorProfile?: SyntheticGenerator;
  /** Patches the validation metrics were measured on; absent = not recorded (older files: 'train-split'). */
  validationSet?: ValidationSet;
  /** Anything else worth keeping (test-set size, wall time...). */
  [extra: string]: unknown;
}

/** Scores of the model (validation accuracies are fractions 0..1). */
export interface ModelMetrics {
  /** Mean of the five best validation accuracies (the search's ranking score). */
  meanTop5: number | null;
  /** Mean of the three best validation accuracies. */
  top3: number | null;
  /** Best validation accuracy (null when never validated). */
  max: number | null;
  /** Accuracy on the held-out test set (test augmentation profile), null when none was used. */
  testAccuracy: number | null;
  [extra: string]: unknown;
}

/**
 * Where a model came from when it was derived from another (fine-tuned on a user's marks): the base
 * model, the line, the marks, the settings and the scores. Optional: other files have none.
 */
export interface ModelProvenance {
  /** 'fine-tuned'. */
  kind: string;
  /** The model it was derived from (id, name, creation time, and its own provenance when it has one). */
  baseModel: { id: string; name?: string; createdAt?: string; provenance?: ModelProvenance };
  [extra: string]: unknown;
}

/** The parsed model file. */
export interface ModelFile {
  format: typeof MODEL_FILE.format;
  formatVersion: typeof MODEL_FILE.version;
  /** Version of the app that wrote the file. */
  appVersion: string;
  /** ISO 8601 time of export. */
  createdAt: string;
  /** Candidate id of `spec` (specId), checked on parse. */
  id: string;
  /** Optional display name. */
  name?: string;
  spec: CandidateSpec;
  /** tfjs layers-model topology (Keras JSON). */
  modelTopology: Record<string, unknown>;
  /** One weight group whose `paths` is [] (the weights are inline, in `weightData`). */
  weightsManifest: tf.io.WeightsManifestConfig;
  /** Base64 of all weights concatenated in manifest order (float32/int32 little-endian). */
  weightData: string;
  training: ModelTraining;
  metrics: ModelMetrics;
  /** Present on derived (fine-tuned) models. */
  provenance?: ModelProvenance;
}

/** A model file that cannot be used; the message names the first problem found. */
export class ModelFileError extends Error {
  override name = 'ModelFileError';
  constructor(detail: string) {
    super(`model file: ${detail}`);
  }
}
