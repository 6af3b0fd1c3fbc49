/**
 * Slides the trained network over a standardised section: patches cut with time down, resized to
 * the generator's 48 x 48 when the patch size differs (core resizePatch, anti-aliased when
 * shrinking), batched through toNetworkInput (the same 48 -> 112 resize training used) and
 * model.predict. Each batch runs in tf.tidy and only its probabilities are read back, so the
 * tensor count returns to where it was; cancellation is polled between batches.
 */
import * as tf from '@tensorflow/tfjs';
import { nowMs, yieldToEventLoop } from '../clock';
import { resizePatch } from '../synthetic/resize';
import { PATCH_SIDE } from '../synthetic/types';
import { toNetworkInput } from '../train/network-input';
import {
  emptyMap,
  makePatchGrid,
  patchAt,
  ClassifyError,
  type GridOptions,
  type PatchGrid,
  type ProbabilityMap,
} from './grid';
import { cutPatch, type Section } from './section';
import { fastTwin } from '../model/fast-stem';

/** Options of {@link classifySection}. */
export interface ClassifyOptions extends GridOptions {
  /** Patches per model.predict call (default 64). */
  batchSize?: number;
}

/** Progress and cancellation of {@link classifySection}. */
export interface ClassifyHooks {
  /** After each batch: patches done, total, and throughput so far (patches/s). */
  onProgress?(done: number, total: number, patchesPerS: number): void;
  /** Polled before each batch; true stops and returns the partial map (cancelled: true). */
  isCancelled?(): boolean;
}

/**
 * Cuts the pt x ps patch at (firstTrace, firstSample) into out[offset..] as the network's 48 x 48,
 * resized when the size differs. Classification and fine-tuning (finetune/mark-patches.ts) both cut
 * through here, so a marked patch is exactly what the network is shown. `scratch` holds pt * ps values.
 */
export function cutNetworkPatch(
  section: Section,
  firstTrace: number,
  firstSample: number,
  pt: number,
  ps: number,
  out: Float32Array<ArrayBuffer>,
  offset: number,
  scratch?: Float32Array<ArrayBuffer>,
): void {
  if (pt === PATCH_SIDE && ps === PATCH_SIDE) cutPatch(section, firstTrace, firstSample, pt, ps, out, offset);
  else
    resizePatch(
      cutPatch(section, firstTrace, firstSample, pt, ps, scratch),
      ps,
      pt,
      PATCH_SIDE,
      PATCH_SIDE,
      out,
      0,
      offset,
    );
}

/** Fills `out` (batch x 48 x 48) with patches [from, from+n) of `grid`, resized to 48 x 48 when needed. */
export function cutBatch(
  section: Section,
  grid: PatchGrid,
  from: number,
  n: number,
  out: Float32Array<ArrayBuffer>,
): Float32Array<ArrayBuffer> {
  const { patchTraces: pt, patchSamples: ps } = grid;
  const cells = PATCH_SIDE * PATCH_SIDE;
  const scratch = new Float32Array(pt * ps);
  for (let i = 0; i < n; i++) {
    const { firstTrace, firstSample } = patchAt(grid, from + i);
    cutNetworkPatch(section, firstTrace, firstSample, pt, ps, out, i * cells, scratch);
  }
  return out;
}

/** BSR probability (class 1) of every patch of the grid over `section`. */
export async function classifySection(
  model: tf.LayersModel,
  section: Section,
  options: ClassifyOptions = {},
  hooks: ClassifyHooks = {},
): Promise<ProbabilityMap> {
  if (section.data.length !== section.traces * section.samples) {
    throw new ClassifyError(
      `section holds ${section.data.length} samples, expected ${section.traces} x ${section.samples}`,
    );
  }
  const grid = makePatchGrid(section.traces, section.samples, options);
  // Same function and weights, fewer operations where the stem allows (model/fast-stem.ts).
  const net = fastTwin(model);
  const batchSize = options.batchSize ?? 64;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new ClassifyError(`batchSize must be a positive integer, got ${batchSize}`);
  const map = emptyMap(grid);
  const buf = new Float32Array(batchSize * PATCH_SIDE * PATCH_SIDE);
  const t0 = nowMs();
  for (let from = 0; from < grid.count; from += batchSize) {
    // On the cpu and wasm backends data() resolves as a microtask: without a turn of the event loop a worker would
    // never see the page's cancel message before the whole grid is done.
    if (hooks.isCancelled && from > 0) await yieldToEventLoop();
    if (hooks.isCancelled?.()) {
      map.cancelled = true;
      break;
    }
    const n = Math.min(batchSize, grid.count - from);
    const x = cutBatch(section, grid, from, n, buf);
    const probT = tf.tidy(() => {
      // batchSize: predict would otherwise split the batch into 32s (slices, a concat and twice the kernel calls).
      const probs = net.predict(toNetworkInput(x.subarray(0, n * PATCH_SIDE * PATCH_SIDE), n, PATCH_SIDE), {
        batchSize: n,
      }) as tf.Tensor2D;
      return probs.slice([0, 1], [n, 1]);
    });
    let probs: Float32Array;
    try {
      probs = (await probT.data()) as Float32Array;
    } finally {
      probT.dispose();
    }
    for (let i = 0; i < n; i++) {
      const { col, row } = patchAt(grid, from + i);
      map.values[row * grid.cols + col] = probs[i]!;
    }
    map.done = from + n;
    hooks.onProgress?.(map.done, grid.count, map.done / Math.max(1e-9, (nowMs() - t0) / 1000));
  }
  return map;
}
