/**
 * Structural validation of a candidate spec coming from JSON (IndexedDB, a file, a worker message).
 * Checks what the builder needs to produce a sane network, not the search-space ranges: the
 * tiny test spec is valid but far outside V1p2.
 */
import { ACTIVATIONS, SPEC_VERSION, perceptionOutWidth } from './spec';
import type { Activation, CandidateSpec, PerceptionSpec } from './spec';

/** A spec that cannot be built; `field` is the JSON path of the first offending value. */
export class SpecError extends Error {
  override name = 'SpecError';
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`candidate spec: ${field}: ${detail}`);
  }
}

type Obj = Record<string, unknown>;

function obj(v: unknown, field: string, keys: readonly string[]): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new SpecError(field, 'expected an object');
  const o = v as Obj;
  for (const k of Object.keys(o)) {
    // Unknown keys would silently change the id (hash of canonical JSON), so they are refused.
    if (!keys.includes(k)) throw new SpecError(`${field}.${k}`, 'unknown key');
  }
  for (const k of keys) if (!(k in o)) throw new SpecError(`${field}.${k}`, 'missing');
  return o;
}

function int(o: Obj, key: string, field: string, min: number, max = 1 << 16): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new SpecError(`${field}.${key}`, `expected an integer in [${min}, ${max}], got ${JSON.stringify(v)}`);
  }
  return v;
}

function activation(o: Obj, key: string, field: string): Activation {
  const v = o[key];
  if (typeof v !== 'string' || !(ACTIVATIONS as readonly string[]).includes(v)) {
    throw new SpecError(`${field}.${key}`, `expected one of ${ACTIVATIONS.join('/')}, got ${JSON.stringify(v)}`);
  }
  return v as Activation;
}

function perception(v: unknown, f: string): PerceptionSpec {
  const o = obj(v, f, ['width', 'mm', 'c1', 'c2', 'pool1', 'pool2']);
  const mm = obj(o['mm'], `${f}.mm`, ['size', 'width']);
  int(mm, 'size', `${f}.mm`, 1, 15);
  int(mm, 'width', `${f}.mm`, 1);
  for (const b of ['c1', 'c2']) {
    const br = obj(o[b], `${f}.${b}`, ['bottleneck', 'k', 'width']);
    int(br, 'bottleneck', `${f}.${b}`, 1);
    int(br, 'k', `${f}.${b}`, 1, 15);
    int(br, 'width', `${f}.${b}`, 1);
  }
  for (const b of ['pool1', 'pool2']) {
    const pb = obj(o[b], `${f}.${b}`, ['size', 'maxWidth', 'minWidth']);
    int(pb, 'size', `${f}.${b}`, 1, 15);
    int(pb, 'maxWidth', `${f}.${b}`, 1);
    int(pb, 'minWidth', `${f}.${b}`, 1);
  }
  const width = int(o, 'width', f, 5);
  const p = v as PerceptionSpec;
  const sum = perceptionOutWidth(p);
  if (sum !== width) throw new SpecError(`${f}.width`, `is ${width} but the five units sum to ${sum}`);
  return p;
}

function sameScales(a: PerceptionSpec, b: PerceptionSpec): boolean {
  return (
    a.mm.size === b.mm.size &&
    a.c1.k === b.c1.k &&
    a.c2.k === b.c2.k &&
    a.pool1.size === b.pool1.size &&
    a.pool2.size === b.pool2.size
  );
}

/** Returns `v` typed as a spec when it is one; throws {@link SpecError} naming the field otherwise. */
export function validateSpec(v: unknown): CandidateSpec {
  const o = obj(v, 'spec', ['version', 'stem', 'perception', 'poolBeforeP5', 'sharedScales', 'dropout', 'activations']);
  if (o['version'] !== SPEC_VERSION) {
    throw new SpecError(
      'spec.version',
      `unsupported version ${JSON.stringify(o['version'])} (this build reads ${SPEC_VERSION})`,
    );
  }
  const stem = obj(o['stem'], 'spec.stem', ['conv0', 'conv1', 'conv2']);
  const c0 = obj(stem['conv0'], 'spec.stem.conv0', ['width', 'kernel', 'stride']);
  int(c0, 'width', 'spec.stem.conv0', 1);
  int(c0, 'kernel', 'spec.stem.conv0', 1, 15);
  int(c0, 'stride', 'spec.stem.conv0', 1, 4);
  const c1 = obj(stem['conv1'], 'spec.stem.conv1', ['width', 'stride']);
  int(c1, 'width', 'spec.stem.conv1', 1);
  int(c1, 'stride', 'spec.stem.conv1', 1, 4);
  const c2 = obj(stem['conv2'], 'spec.stem.conv2', ['width', 'kernel']);
  int(c2, 'width', 'spec.stem.conv2', 1);
  int(c2, 'kernel', 'spec.stem.conv2', 1, 15);
  const layers = o['perception'];
  if (!Array.isArray(layers) || layers.length !== 3)
    throw new SpecError('spec.perception', 'expected an array of 3 layers');
  const ps = layers.map((l, i) => perception(l, `spec.perception[${i}]`));
  for (const k of ['poolBeforeP5', 'sharedScales']) {
    if (typeof o[k] !== 'boolean') throw new SpecError(`spec.${k}`, `expected a boolean, got ${JSON.stringify(o[k])}`);
  }
  const d = o['dropout'];
  if (typeof d !== 'number' || !(d >= 0 && d < 1))
    throw new SpecError('spec.dropout', `expected a rate in [0, 1), got ${JSON.stringify(d)}`);
  const act = obj(o['activations'], 'spec.activations', ['stem', 'fusion', 'output']);
  for (const k of ['stem', 'fusion', 'output']) activation(act, k, 'spec.activations');
  if (o['sharedScales'] === true) {
    ps.forEach((p, i) => {
      if (!sameScales(p, ps[0] as PerceptionSpec)) {
        throw new SpecError(
          `spec.perception[${i}]`,
          'sharedScales is true but its M / k pair / pool pair differ from layer 0',
        );
      }
    });
  }
  return v as CandidateSpec;
}

/** Parses JSON text into a validated spec; JSON syntax errors become {@link SpecError} too. */
export function parseSpec(json: string): CandidateSpec {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch (e) {
    throw new SpecError('spec', `not JSON (${(e as Error).message})`);
  }
  return validateSpec(v);
}
