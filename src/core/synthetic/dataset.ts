/**
 * Turning raw patches into a training set: one keep-polarity scale over ALL patches (possibly
 * generated in parts by several workers), then optionally the resize to the network input.
 */
import { resizePatch } from './resize';
import { applyKeepPolarity, keepPolarityScale } from './standardise';
import type { KeepPolarityBounds } from './standardise';
import { GeneratorSettingsError, PATCH_CELLS, PATCH_SIDE } from './types';
import type { RawPatches } from './generator';

/** Largest output buffer {@link buildDataset} will allocate, in float32 values (1 GiB). */
export const MAX_DATASET_VALUES = 2 ** 28;

export interface Dataset {
  /** count·side² standardised values, patch-major. */
  inputs: Float32Array;
  /** Side of each patch in `inputs` (48, or the requested output size). */
  side: number;
  labels: Uint8Array;
  kinds: Uint8Array;
  applied: Uint8Array;
  /** The one scale used for every patch. */
  bounds: KeepPolarityBounds;
}

export interface BuildOptions {
  /** Resize each patch to this side (e.g. 112); default: keep 48. */
  outputSide?: number;
  /** Standardise the parts' own arrays in place instead of copying (48 output only). */
  inPlace?: boolean;
}

/** Standardises raw parts together (order kept) and optionally resizes. Pure apart from `inPlace`. */
export function buildDataset(parts: RawPatches | readonly RawPatches[], options: BuildOptions = {}): Dataset {
  const list = Array.isArray(parts) ? (parts as readonly RawPatches[]) : [parts as RawPatches];
  const count = list.reduce((s, p) => s + p.labels.length, 0);
  if (count === 0) throw new GeneratorSettingsError('parts', 'no patches to build a data set from');
  const side = options.outputSide ?? PATCH_SIDE;
  if (!Number.isInteger(side) || side < 2)
    throw new GeneratorSettingsError('outputSide', `must be an integer >= 2, got ${side}`);
  if (count * side * side > MAX_DATASET_VALUES) {
    throw new GeneratorSettingsError(
      'outputSide',
      `${count} patches of ${side}x${side} exceed ${MAX_DATASET_VALUES} values; resize per batch instead`,
    );
  }
  if (options.inPlace && (side !== PATCH_SIDE || list.length !== 1)) {
    throw new GeneratorSettingsError('inPlace', 'only possible for a single part without resizing');
  }
  const bounds = keepPolarityScale(list.map((p) => p.patches));
  const cat = <T extends Uint8Array>(pick: (p: RawPatches) => T): Uint8Array => {
    const out = new Uint8Array(count);
    let at = 0;
    for (const p of list) {
      out.set(pick(p), at);
      at += p.labels.length;
    }
    return out;
  };
  const inputs = options.inPlace ? list[0]!.patches : new Float32Array(count * side * side);
  let at = 0;
  const scratch = side === PATCH_SIDE ? null : new Float32Array(PATCH_CELLS);
  for (const p of list) {
    if (options.inPlace) applyKeepPolarity(p.patches, bounds);
    else if (!scratch)
      applyKeepPolarity(p.patches, bounds, inputs.subarray(at * PATCH_CELLS, (at + p.labels.length) * PATCH_CELLS));
    else {
      for (let j = 0; j < p.labels.length; j++) {
        applyKeepPolarity(p.patches.subarray(j * PATCH_CELLS, (j + 1) * PATCH_CELLS), bounds, scratch);
        resizePatch(scratch, PATCH_SIDE, PATCH_SIDE, side, side, inputs, 0, (at + j) * side * side);
      }
    }
    at += p.labels.length;
  }
  return {
    inputs,
    side,
    labels: cat((p) => p.labels),
    kinds: cat((p) => p.kinds),
    applied: cat((p) => p.applied),
    bounds,
  };
}
