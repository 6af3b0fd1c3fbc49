/**
 * Validation of a model file read from outside (a dropped file, a URL, IndexedDB). Every check
 * runs before the weights are decoded or tfjs sees the topology, in order of cost: text length,
 * JSON syntax (with a reviver refusing prototype-pollution keys), format name/version, the
 * claimed weight bytes against the cap, the topology's layer classes, the spec, then the decoded
 * weights' length and values. The first failure throws {@link ModelFileError}.
 */
import { canonicalJson, fnv1a64 } from '../model/hash';
import { SpecError, validateSpec } from '../model/validate';
import { jsonErrorPosition } from './json-position';
import { Base64Error, decodeBase64, decodedBase64Length } from './base64';
import { SYNTHETIC_GENERATORS } from '../synthetic/types';
import { VALIDATION_SETS } from '../dataset-settings';
import { binarySignature, checkFileKind, isJsonObject, looksBinary } from '../json-file';
import { MODEL_FILE, ModelFileError, type ModelFile } from './format';

/** Layer classes a model file may use: the tfjs built-ins the builder emits (and a few harmless ones) plus MinPool2D. */
export const ALLOWED_LAYER_CLASSES: ReadonlySet<string> = new Set([
  'InputLayer',
  'Conv2D',
  'MaxPooling2D',
  'AveragePooling2D',
  'GlobalAveragePooling2D',
  'GlobalMaxPooling2D',
  'Concatenate',
  'Add',
  'Flatten',
  'Reshape',
  'Dropout',
  'Dense',
  'Activation',
  'ReLU',
  'ELU',
  'Softmax',
  'BatchNormalization',
  'ZeroPadding2D',
  'SeparableConv2D',
  'DepthwiseConv2D',
  'MinPool2D',
]);

/** Keys that could reach Object.prototype if a consumer merges the parsed object. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Bytes per element of the dtypes a weight may have. */
const DTYPE_BYTES: Readonly<Record<string, number>> = { float32: 4, int32: 4 };

/** Options of {@link parseModelFile}. */
export interface ParseOptions {
  /** Largest accepted text length and weight byte total (default 64 MiB). */
  maxBytes?: number;
}

/** Weights decoded by {@link parseModelFile}, kept so loading does not decode twice. */
const decodedWeights = new WeakMap<ModelFile, Uint8Array>();

/** The weight bytes of a parsed (or freshly exported) file. */
export function weightBytesOf(file: ModelFile): Uint8Array {
  const hit = decodedWeights.get(file);
  if (hit) return hit;
  const bytes = decodeBase64(file.weightData);
  decodedWeights.set(file, bytes);
  return bytes;
}

/** Remembers the bytes behind `file.weightData` (exporter side). */
export function rememberWeightBytes(file: ModelFile, bytes: Uint8Array): void {
  decodedWeights.set(file, bytes);
}

type Obj = Record<string, unknown>;

function field<T>(o: Obj, key: string, check: (v: unknown) => v is T, expected: string, where = ''): T {
  const v = o[key];
  if (!check(v))
    throw new ModelFileError(
      `${where}${key}: expected ${expected}, got ${v === undefined ? 'nothing' : JSON.stringify(v)?.slice(0, 60)}`,
    );
  return v;
}
const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isShareOrNull = (v: unknown): v is number | null => v === null || (isNumber(v) && v >= 0 && v <= 1);
const isOneOf =
  <T extends string>(values: readonly T[]) =>
  (v: unknown): v is T =>
    typeof v === 'string' && (values as readonly string[]).includes(v);

/** JSON.parse with prototype-pollution keys refused and syntax errors turned into a position. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text, (key, value: unknown) => {
      if (FORBIDDEN_KEYS.has(key))
        throw new ModelFileError(`forbidden key ${JSON.stringify(key)} in the JSON (prototype pollution)`);
      return value;
    });
  } catch (e) {
    if (e instanceof ModelFileError) throw e;
    const msg = (e as Error).message;
    const at = /position (\d+)/.exec(msg)?.[1];
    const position = at !== undefined ? Number(at) : jsonErrorPosition(text);
    const truncated = position >= text.length - 1 ? ' (the file looks truncated)' : '';
    // Binary bytes (a SEG-Y line dropped on the model area, a weights .bin): say what it looks like, not the parser's
    // quote of the bytes.
    const kind = binarySignature(text);
    if (kind || looksBinary(text))
      throw new ModelFileError(
        kind ? `binary data, not JSON text (${kind}; a model is a .json file)` : BINARY_MODEL_FILE,
      );
    throw new ModelFileError(`not valid JSON at position ${position}${truncated}: ${msg}`);
  }
}

/**
 * What a binary file given as a model file is told (a SEG-Y line given as --model, or dropped on the app's model
 * area, whose page adds where a line opens: the CLIs have no such area).
 */
export const BINARY_MODEL_FILE = 'binary data, not JSON text (a seismic line? a model is a .json file)';

/** Walks the Keras-style topology; every layer's class must be allowed (no nested models). */
function checkTopology(topology: unknown): void {
  if (!isJsonObject(topology)) throw new ModelFileError('modelTopology: expected an object');
  const cls = topology['class_name'];
  if (cls !== 'Model' && cls !== 'Functional')
    throw new ModelFileError(`modelTopology: class_name must be "Model" or "Functional", got ${JSON.stringify(cls)}`);
  const config = topology['config'];
  if (!isJsonObject(config) || !Array.isArray(config['layers']) || config['layers'].length === 0) {
    throw new ModelFileError('modelTopology: config.layers is missing or empty (the topology does not parse)');
  }
  config['layers'].forEach((layer: unknown, i) => {
    if (!isJsonObject(layer) || !isString(layer['class_name']) || !isJsonObject(layer['config'])) {
      throw new ModelFileError(`modelTopology: layer ${i} has no class_name/config`);
    }
    if (!ALLOWED_LAYER_CLASSES.has(layer['class_name'])) {
      throw new ModelFileError(
        `modelTopology: layer ${i} (${JSON.stringify(layer['name'])}) has unknown layer class ${JSON.stringify(layer['class_name'])}`,
      );
    }
  });
  checkGraph(config);
}

/**
 * The layer graph must be well formed before tfjs sees it: tfjs's deserialiser loops forever on an inbound node
 * that names a layer which never appears (found by fuzzing), so every connection must name an earlier layer.
 */
function checkGraph(config: Obj): void {
  const nodes = new Map<string, number>(); // layer name -> nodes it has (an InputLayer has one, with no inbound)
  const ref = (v: unknown, where: string): void => {
    if (
      !Array.isArray(v) ||
      v.length < 3 ||
      v.length > 4 ||
      !isString(v[0]) ||
      !Number.isInteger(v[1]) ||
      v[2] !== 0 ||
      (v.length === 4 && !isJsonObject(v[3]))
    ) {
      throw new ModelFileError(
        `modelTopology: ${where} must be [layer name, node index, 0, {kwargs}?], got ${JSON.stringify(v)?.slice(0, 60)}`,
      );
    }
    const n = nodes.get(v[0]);
    if (n === undefined)
      throw new ModelFileError(
        `modelTopology: ${where} names layer ${JSON.stringify(v[0])}, which is not an earlier layer`,
      );
    if ((v[1] as number) < 0 || (v[1] as number) >= n)
      throw new ModelFileError(
        `modelTopology: ${where} asks for node ${v[1]} of layer ${JSON.stringify(v[0])}, which has ${n}`,
      );
  };
  (config['layers'] as Obj[]).forEach((layer, i) => {
    const name = layer['name'];
    if (!isString(name) || nodes.has(name))
      throw new ModelFileError(`modelTopology: layer ${i} has a missing or repeated name ${JSON.stringify(name)}`);
    const inbound = layer['inbound_nodes'];
    if (!Array.isArray(inbound) || !inbound.every((node) => Array.isArray(node) && node.length > 0)) {
      throw new ModelFileError(
        `modelTopology: layer ${i} (${JSON.stringify(name)}) inbound_nodes must be a list of non-empty lists`,
      );
    }
    inbound.forEach((node: unknown[], k) =>
      node.forEach((entry, j) => ref(entry, `layer ${i} (${JSON.stringify(name)}) inbound node ${k} input ${j}`)),
    );
    nodes.set(name, Math.max(1, inbound.length));
  });
  for (const key of ['input_layers', 'output_layers']) {
    const list = config[key];
    if (!Array.isArray(list) || list.length === 0)
      throw new ModelFileError(`modelTopology: config.${key} must be a non-empty list`);
    list.forEach((entry: unknown, j) => ref(entry, `config.${key}[${j}]`));
  }
}

/** Checks the one-group manifest; returns the claimed byte total (before any decoding). */
function checkManifest(manifest: unknown, maxBytes: number): number {
  if (!Array.isArray(manifest) || manifest.length !== 1 || !isJsonObject(manifest[0])) {
    throw new ModelFileError('weightsManifest: expected exactly one weight group');
  }
  const group = manifest[0];
  const paths = group['paths'];
  if (!Array.isArray(paths) || paths.length !== 0)
    throw new ModelFileError('weightsManifest[0].paths: expected [] (weights are inline in weightData)');
  const weights = group['weights'];
  if (!Array.isArray(weights) || weights.length === 0)
    throw new ModelFileError('weightsManifest[0].weights: expected a non-empty array');
  let total = 0;
  weights.forEach((w: unknown, i) => {
    const where = `weightsManifest[0].weights[${i}]`;
    if (!isJsonObject(w) || !isString(w['name'])) throw new ModelFileError(`${where}: expected {name, shape, dtype}`);
    if ('quantization' in w) throw new ModelFileError(`${where} (${w['name']}): quantized weights are not supported`);
    const bytes = DTYPE_BYTES[String(w['dtype'])];
    if (bytes === undefined)
      throw new ModelFileError(
        `${where} (${w['name']}): dtype must be float32 or int32, got ${JSON.stringify(w['dtype'])}`,
      );
    const shape = w['shape'];
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
      throw new ModelFileError(`${where} (${w['name']}): shape must be an array of non-negative integers`);
    }
    const size = (shape as number[]).reduce((p, d) => p * d, 1) * bytes;
    total += size;
    // Checked per weight, so a manifest claiming gigabytes stops here, before anything is allocated.
    if (!(total <= maxBytes))
      throw new ModelFileError(
        `weightsManifest claims ${total} weight bytes by ${w['name']}, over the ${maxBytes}-byte limit`,
      );
  });
  return total;
}

/** Every value of every float32 weight must be finite; names the first weight that is not. */
function checkFinite(file: ModelFile, bytes: Uint8Array): void {
  const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2);
  let at = 0;
  for (const w of file.weightsManifest[0]!.weights) {
    const n = w.shape.reduce((p, d) => p * d, 1);
    if (w.dtype === 'float32') {
      for (let i = at; i < at + n; i++) {
        const v = floats[i]!;
        if (v - v !== 0)
          throw new ModelFileError(
            `weight ${JSON.stringify(w.name)} holds a non-finite value (${v}) at element ${i - at}`,
          );
      }
    }
    at += n;
  }
}

/** 157284000 as "157,284,000": a count a reader takes in at a glance, in any locale the same. */
function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Parses and validates model file text; throws {@link ModelFileError} naming the first problem. */
export function parseModelFile(text: string, options: ParseOptions = {}): ModelFile {
  const maxBytes = options.maxBytes ?? MODEL_FILE.maxChars;
  if (text.length > maxBytes)
    throw new ModelFileError(
      `the file is too large for a model file: ${groupDigits(text.length)} characters, over the limit of ${groupDigits(maxBytes)}`,
    );
  if (text.trim() === '') throw new ModelFileError(text === '' ? 'the file is empty' : 'the file holds only blanks');
  const v = parseJson(text);
  if (!isJsonObject(v)) throw new ModelFileError('expected a JSON object at the top level');
  checkFileKind(v, MODEL_FILE, (m) => new ModelFileError(m));
  field(v, 'appVersion', isString, 'a string');
  field(v, 'createdAt', isString, 'a string');
  const id = field(v, 'id', isString, 'a string');
  if (v['name'] !== undefined) field(v, 'name', isString, 'a string');
  const weightData = field(v, 'weightData', isString, 'a base64 string');
  const claimed = checkManifest(v['weightsManifest'], maxBytes);
  const actual = decodedBase64Length(weightData);
  if (actual !== claimed) {
    throw new ModelFileError(
      `weightData decodes to ${actual < 0 ? 'nothing (bad base64 length)' : `${actual} bytes`} but the manifest's shapes x dtypes need ${claimed} bytes`,
    );
  }
  checkTopology(v['modelTopology']);
  try {
    validateSpec(v['spec']);
  } catch (e) {
    if (e instanceof SpecError) throw new ModelFileError(`spec is invalid: ${e.message}`);
    throw e;
  }
  const specIdOf = `c-${fnv1a64(canonicalJson(v['spec']))}`;
  if (id !== specIdOf)
    throw new ModelFileError(`id ${JSON.stringify(id)} does not match its spec (expected ${specIdOf})`);
  const training = v['training'];
  if (!isJsonObject(training)) throw new ModelFileError('training: expected an object');
  field(training, 'generatorSeed', isNumber, 'a number', 'training.');
  field(training, 'generatorVersion', isString, 'a string', 'training.');
  field(training, 'datasetSize', isNumber, 'a number', 'training.');
  field(training, 'backend', isString, 'a string', 'training.');
  field(training, 'settings', isJsonObject, 'an object', 'training.');
  // Optional provenance (files from before these fields existed stay valid).
  if (training['generatorProfile'] !== undefined)
    field(
      training,
      'generatorProfile',
      isOneOf(SYNTHETIC_GENERATORS),
      `one of ${SYNTHETIC_GENERATORS.join(', ')}`,
      'training.',
    );
  if (training['validationSet'] !== undefined)
    field(training, 'validationSet', isOneOf(VALIDATION_SETS), `one of ${VALIDATION_SETS.join(', ')}`, 'training.');
  const metrics = v['metrics'];
  if (!isJsonObject(metrics)) throw new ModelFileError('metrics: expected an object');
  // Accuracies: a share between 0 and 1 (a file claiming 7.5 would rank above every real model on a leaderboard).
  for (const k of ['meanTop5', 'top3', 'max'])
    field(metrics, k, isShareOrNull, 'a number between 0 and 1 (an accuracy)', 'metrics.');
  field(metrics, 'testAccuracy', isShareOrNull, 'a number between 0 and 1 (an accuracy), or null', 'metrics.');
  // Optional (files written before fine-tuning existed have none).
  if (v['provenance'] !== undefined) {
    const provenance = v['provenance'];
    if (!isJsonObject(provenance)) throw new ModelFileError('provenance: expected an object');
    field(provenance, 'kind', isString, 'a string', 'provenance.');
    field(provenance, 'baseModel', isJsonObject, 'an object', 'provenance.');
  }
  const file = v as unknown as ModelFile;
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64(weightData);
  } catch (e) {
    if (e instanceof Base64Error) throw new ModelFileError(`weightData: ${e.message}`);
    throw e;
  }
  checkFinite(file, bytes);
  rememberWeightBytes(file, bytes);
  return file;
}
