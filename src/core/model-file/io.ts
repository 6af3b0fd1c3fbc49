/**
 * Model file <-> tfjs: export a trained LayersModel through a save handler (the same IOHandler path
 * tfjs uses for downloads and IndexedDB), load one back from memory, and convert to the standard
 * tfjs pair (model.json + weights.bin) that tf.loadLayersModel reads from any server.
 */
import * as tf from '@tensorflow/tfjs';
import { registerCustomLayers } from '../model/minpool';
import { specId } from '../model/hash';
import { INPUT_SIZE } from '../model/graph';
import { NUM_CLASSES, type CandidateSpec } from '../model/spec';
import { validateSpec } from '../model/validate';
import { encodeBase64 } from './base64';
import {
  MODEL_FILE,
  ModelFileError,
  type ModelFile,
  type ModelMetrics,
  type ModelProvenance,
  type ModelTraining,
} from './format';
import { rememberWeightBytes, weightBytesOf } from './validate';

/** What {@link exportModelFile} records beside the network. */
export interface ModelFileInfo {
  spec: CandidateSpec;
  training: ModelTraining;
  metrics: ModelMetrics;
  /** For derived models: where it came from. */
  provenance?: ModelProvenance;
  name?: string;
  /** App version (default 'unknown'; scripts pass package.json's). */
  appVersion?: string;
  /** Export time (default: now). */
  createdAt?: Date;
}

function joinWeights(data: tf.io.WeightData | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  const buffers = Array.isArray(data) ? data : [data];
  const out = new Uint8Array(buffers.reduce((s, b) => s + b.byteLength, 0));
  let at = 0;
  for (const b of buffers) {
    out.set(new Uint8Array(b), at);
    at += b.byteLength;
  }
  return out;
}

/** Serialises `model` (topology + weights) with its provenance into a self-contained model file. */
export async function exportModelFile(model: tf.LayersModel, info: ModelFileInfo): Promise<ModelFile> {
  const spec = validateSpec(info.spec);
  let artifacts: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const saved = artifacts as tf.io.ModelArtifacts | null;
  if (!saved || !saved.weightSpecs || !saved.modelTopology || saved.modelTopology instanceof ArrayBuffer) {
    throw new ModelFileError('the model did not save a JSON topology with weights');
  }
  const bytes = joinWeights(saved.weightData);
  const file: ModelFile = {
    format: MODEL_FILE.format,
    formatVersion: MODEL_FILE.version,
    appVersion: info.appVersion ?? 'unknown',
    createdAt: (info.createdAt ?? new Date()).toISOString(),
    id: specId(spec),
    ...(info.name !== undefined ? { name: info.name } : {}),
    spec,
    modelTopology: saved.modelTopology,
    weightsManifest: [{ paths: [], weights: saved.weightSpecs }],
    weightData: encodeBase64(bytes),
    training: info.training,
    metrics: info.metrics,
    ...(info.provenance !== undefined ? { provenance: info.provenance } : {}),
  };
  rememberWeightBytes(file, bytes);
  return file;
}

/** The file as tfjs ModelArtifacts (weights decoded once and cached). */
export function modelFileToArtifacts(file: ModelFile): tf.io.ModelArtifacts {
  const bytes = weightBytesOf(file);
  // A standalone ArrayBuffer of exactly the weights: tfjs reads it from offset 0.
  const weightData =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      ? (bytes.buffer as ArrayBuffer)
      : bytes.slice().buffer;
  return {
    modelTopology: file.modelTopology,
    weightSpecs: file.weightsManifest[0]?.weights ?? [],
    weightData,
    format: 'layers-model',
  };
}

/**
 * tfjs says "Shape mismatch: [7,7,1,13] vs. [7,7,13,1]" and not which weight: the manifest's weights of either shape
 * are named after it, so a hand-edited or damaged file says where it went wrong.
 */
function namedShapeMismatch(file: ModelFile, message: string): string {
  const m = /Shape mismatch: \[([\d,\s]*)\] vs\. \[([\d,\s]*)\]/.exec(message);
  if (!m) return message;
  const shapes = [m[1], m[2]].map((x) => (x ?? '').replace(/\s/g, ''));
  const names = (file.weightsManifest[0]?.weights ?? [])
    .filter((w) => shapes.includes(w.shape.join(',')))
    .map((w) => w.name);
  return names.length > 0 ? `${message} (the manifest's ${names.join(', ')})` : message;
}

/** Loads a (parsed) model file into a LayersModel; checks it takes [N,112,112,1] and outputs 2 classes. */
export async function loadModelFile(file: ModelFile): Promise<tf.LayersModel> {
  registerCustomLayers();
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(tf.io.fromMemory(modelFileToArtifacts(file)));
  } catch (e) {
    throw new ModelFileError(`topology or weights do not load: ${namedShapeMismatch(file, (e as Error).message)}`);
  }
  const inShape = model.inputs[0]?.shape ?? [];
  const outShape = model.outputs[0]?.shape ?? [];
  if (
    model.inputs.length !== 1 ||
    inShape[1] !== INPUT_SIZE ||
    inShape[2] !== INPUT_SIZE ||
    inShape[3] !== 1 ||
    outShape[1] !== NUM_CLASSES
  ) {
    model.dispose();
    throw new ModelFileError(
      `network takes ${JSON.stringify(inShape)} -> ${JSON.stringify(outShape)}, expected [null,${INPUT_SIZE},${INPUT_SIZE},1] -> [null,${NUM_CLASSES}]`,
    );
  }
  return model;
}

/** The standard tfjs pair: model.json (weightsManifest paths ['weights.bin']) and the weights.bin bytes. */
export function toTfjsPair(file: ModelFile): { modelJson: tf.io.ModelJSON; weightsBin: Uint8Array } {
  return {
    modelJson: {
      format: 'layers-model',
      generatedBy: `SeismicPatchNet Studio ${file.appVersion}`,
      convertedBy: null,
      modelTopology: file.modelTopology,
      weightsManifest: [{ paths: ['weights.bin'], weights: file.weightsManifest[0]?.weights ?? [] }],
    },
    weightsBin: weightBytesOf(file),
  };
}

/** Model file as JSON text (what the app downloads and the parser reads). */
export function stringifyModelFile(file: ModelFile): string {
  return JSON.stringify(file);
}
