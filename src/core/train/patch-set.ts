/**
 * A labelled set of square patches stored compactly at generation size (48x48 float32); the network input (112x112)
 * is made per batch, so a 20,000-patch data set stays under 200 MB.
 */
export interface PatchSet {
  /** Patch values, patch-major, row-major within a patch (count * side * side). */
  x: Float32Array;
  /** Class label per patch: 1 = BSR, 0 = not BSR. */
  labels: Uint8Array;
  /** Patch side in samples (48 for generated data). */
  side: number;
  /** Number of patches. */
  count: number;
}

/** The three sets of one search run: train and validation (train profile), held-out test (test profile). */
export interface SplitDataset {
  train: PatchSet;
  val: PatchSet;
  test: PatchSet;
  /** Generator kind of each test patch (for the per-kind test accuracy), when known. */
  testKinds?: Uint8Array;
}

/** All patches of a built data set (synthetic buildDataset) as a PatchSet, without copying. */
export function datasetPatches(ds: { inputs: Float32Array; labels: Uint8Array; side: number }): PatchSet {
  return { x: ds.inputs, labels: ds.labels, side: ds.side, count: ds.labels.length };
}

/**
 * A train set and validation + test sets cut from one held-out set (validation first, then test): the training
 * scripts validate on the test profile, like the search.
 */
export function heldOutSplit(
  train: PatchSet,
  heldOut: PatchSet,
  valCount: number,
  testCount: number,
): { train: PatchSet; val: PatchSet; test: PatchSet } {
  return { train, val: slicePatchSet(heldOut, 0, valCount), test: slicePatchSet(heldOut, valCount, testCount) };
}

/** A view of patches [from, from+count) without copying. */
export function slicePatchSet(set: PatchSet, from: number, count: number): PatchSet {
  const cells = set.side * set.side;
  return {
    x: set.x.subarray(from * cells, (from + count) * cells),
    labels: set.labels.subarray(from, from + count),
    side: set.side,
    count,
  };
}

/** Copies the patches at `indices` into one contiguous batch buffer (reused when `out` is given). */
export function gatherPatches(
  set: PatchSet,
  indices: ArrayLike<number>,
  out?: Float32Array,
): { x: Float32Array; labels: Uint8Array } {
  const cells = set.side * set.side;
  const x =
    out && out.length >= indices.length * cells
      ? out.subarray(0, indices.length * cells)
      : new Float32Array(indices.length * cells);
  const labels = new Uint8Array(indices.length);
  for (let b = 0; b < indices.length; b++) {
    const i = indices[b] as number;
    x.set(set.x.subarray(i * cells, (i + 1) * cells), b * cells);
    labels[b] = set.labels[i] as number;
  }
  return { x, labels };
}

/** A new set holding the patches of `a` then those of `b` (same side). */
export function concatPatchSets(a: PatchSet, b: PatchSet): PatchSet {
  if (a.side !== b.side) throw new RangeError(`patch sides differ: ${a.side} and ${b.side}`);
  const cells = a.side * a.side;
  const x = new Float32Array((a.count + b.count) * cells);
  x.set(a.x.subarray(0, a.count * cells));
  x.set(b.x.subarray(0, b.count * cells), a.count * cells);
  const labels = new Uint8Array(a.count + b.count);
  labels.set(a.labels.subarray(0, a.count));
  labels.set(b.labels.subarray(0, b.count), a.count);
  return { x, labels, side: a.side, count: a.count + b.count };
}
