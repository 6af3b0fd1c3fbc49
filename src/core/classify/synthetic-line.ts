/**
 * A synthetic 2D line with a known BSR, for demos and for measuring a model's map against truth:
 * dipping layered sediments (blocky layers of value U(-0.3, 0.24), like the generator's
 * background), water above a seabed that undulates, a strong seabed reflector (positive over
 * negative lobe), and over the middle part of the line a BSR that parallels the seabed ~160
 * samples below it, cuts across the dipping layers and has REVERSED polarity (negative over
 * positive). Raw amplitudes are scaled x1000 like field data, so the classifier's own
 * standardisation is exercised.
 */
import { Rng } from '../prng';
import { patchCentre, type PatchGrid, type ProbabilityMap } from './grid';
import type { Section } from './section';

/** A synthetic line and where its reflectors are. */
export interface SyntheticLine {
  /** Raw (not standardised) section, trace-major. */
  section: Section;
  /** Seabed depth per trace, samples (top of its positive lobe). */
  seabedDepth: Float32Array;
  /** BSR depth per trace, samples (boundary between its lobes); NaN where the line has no BSR. */
  bsrDepth: Float32Array;
}

/** Options of {@link makeSyntheticLine}. */
export interface SyntheticLineOptions {
  traces?: number;
  samples?: number;
  /** Noise sd relative to the layer amplitudes (default 0.02). */
  noise?: number;
}

/** Samples per reflector lobe (a generated 48-row patch has 2-3 rows per lobe). */
const LOBE = 3;
const SCALE = 1000;

/** Builds the line; same seed, same line. */
export function makeSyntheticLine(seed: number, opts: SyntheticLineOptions = {}): SyntheticLine {
  const traces = opts.traces ?? 400,
    samples = opts.samples ?? 600,
    noise = opts.noise ?? 0.02;
  const rng = new Rng(seed);
  const phase = rng.uniform(0, 2 * Math.PI);
  const dip = rng.uniform(0.12, 0.3) * (rng.chance(0.5) ? 1 : -1); // layer dip, samples per trace
  const seabedDepth = new Float32Array(traces);
  const bsrDepth = new Float32Array(traces).fill(NaN);
  const bsrFrom = Math.round(traces * 0.3),
    bsrTo = Math.round(traces * 0.8);
  const bsrAmp = rng.uniform(0.5, 0.8);
  for (let t = 0; t < traces; t++) {
    seabedDepth[t] = samples * 0.15 + samples * 0.05 * Math.sin((2 * Math.PI * t) / traces + phase) + 0.08 * t;
    if (t >= bsrFrom && t < bsrTo) bsrDepth[t] = seabedDepth[t]! + samples * 0.27 + 6 * Math.sin(t / 40);
  }
  // Layer profile along u = s - dip * t (plus a share of the seabed shape: sediments drape it).
  const margin = Math.ceil(Math.abs(dip) * traces + samples * 0.2) + 8;
  const profile = new Float32Array(samples + 2 * margin);
  for (let u = 0; u < profile.length;) {
    const thick = Math.round(rng.uniform(2, 6));
    const v = rng.uniform(-0.3, 0.24);
    for (let k = 0; k < thick && u < profile.length; k++, u++) profile[u] = v;
  }
  const data = new Float32Array(traces * samples);
  for (let t = 0; t < traces; t++) {
    const sb = seabedDepth[t]!,
      bsr = bsrDepth[t]!;
    const drape = 0.5 * (sb - samples * 0.15);
    for (let s = 0; s < samples; s++) {
      let v: number;
      const dSea = s - sb,
        dBsr = s - bsr;
      if (dSea < 0) v = 0;
      else if (dSea < LOBE) v = 0.9;
      else if (dSea < 2 * LOBE) v = -0.8;
      else if (dBsr >= -LOBE && dBsr < 0) v = -bsrAmp;
      else if (dBsr >= 0 && dBsr < LOBE) v = bsrAmp;
      else {
        const u = s - dip * t - drape + margin;
        const i = Math.max(0, Math.min(profile.length - 2, Math.floor(u))),
          f = u - Math.floor(u);
        v = profile[i]! * (1 - f) + profile[i + 1]! * f;
      }
      data[t * samples + s] = (v + rng.normal(0, noise)) * SCALE;
    }
  }
  return { section: { traces, samples, dtUs: 4000, data }, seabedDepth, bsrDepth };
}

/**
 * Truth per grid cell: 1 when the line has a BSR at the patch's centre trace passing within
 * `within` x patch height of the patch's centre sample. The default 0.5 means "the BSR crosses
 * the patch window" (at its centre trace), which is what a patch classifier can be asked about:
 * trained patches have the reflector near the middle, but rotations (±15°), perspective and
 * elastic augmentations move it, so models also fire when it sits off-centre in the window.
 */
export function lineTruth(line: SyntheticLine, grid: PatchGrid, within = 0.5): Uint8Array {
  const truth = new Uint8Array(grid.count);
  for (let row = 0; row < grid.rows; row++) {
    for (let col = 0; col < grid.cols; col++) {
      const c = patchCentre(grid, col, row);
      const z = line.bsrDepth[Math.round(c.trace)]!;
      if (!Number.isNaN(z) && Math.abs(z - c.sample) <= grid.patchSamples * within) truth[row * grid.cols + col] = 1;
    }
  }
  return truth;
}

/** Intersection over union of (probability >= threshold) and truth, over classified cells (1 when both are empty). */
export function iou(map: ProbabilityMap, truth: Uint8Array, threshold = 0.5): number {
  let inter = 0,
    union = 0;
  for (let i = 0; i < map.values.length; i++) {
    const p = map.values[i]!;
    if (Number.isNaN(p)) continue;
    const a = p >= threshold,
      b = truth[i] === 1;
    if (a && b) inter++;
    if (a || b) union++;
  }
  return union === 0 ? 1 : inter / union;
}
