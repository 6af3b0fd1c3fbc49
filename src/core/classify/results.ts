/** Data model shared by the classify worker, its client and the classify view. */
import type { PatchGrid } from '.';
import type { BsrHorizon } from './horizon';
import type { LinePresentation } from '../line/presentation';
import type { WorkerResult } from '../jobs/worker-result';
import type { ScaleProbe, ScaleSelection } from './scale-selection';

/** A model file loaded in the classify worker. */
export interface LoadedModel {
  /** Candidate id of the model's spec. */
  readonly id: string;
  readonly name: string;
  readonly parameters: number;
  /** Held-out test accuracy, 0-1, when the file records one. */
  readonly testAccuracy: number | null;
}

/** A BSR probability map over the patch grid. */
export interface MapResult {
  readonly grid: PatchGrid;
  /** cols × rows probabilities, row-major (time down): values[row * cols + col]; NaN = not classified. */
  readonly values: Float32Array;
  /** Patches classified. */
  readonly done: number;
  readonly cancelled: boolean;
  /** Amplitude that standardisation mapped to ±1 (the line's keep-polarity bound), data units. */
  readonly symmetricBound: number;
  /** tfjs backend that ran the network ('wasm', 'webgpu', 'webgl', 'cpu'). */
  readonly backend: string;
  /** Threads of the wasm backend (1 = single-thread build); null for other backends. */
  readonly threads: number | null;
  /** Wall time of the network pass over the grid (standardisation excluded), s. */
  readonly seconds: number;
  /** How the line was shown to the network (scale factor, polarity, seabed pick and mask). */
  readonly presentation: LinePresentation;
  /** Per trace, the most probable BSR sample below the seabed and its probability (NaN where below its minProbability). */
  readonly horizon: BsrHorizon;
  /**
   * Each patch centre's own P before the averaging along the seabed (masks applied), where the horizon is tracked;
   * null when no averaging ran (then `values` are their own). A viewer re-picks the horizon from it at its threshold.
   */
  readonly ownValues: Float32Array | null;
  /** Patch centres set to P = 0 by the seabed and dead-zone masks. */
  readonly masked: number;
  /** BSR share of patches the probabilities are reported at. */
  readonly bsrBaseRate: number;
  /** Half-width of the averaging along the seabed, traces (0 = none). */
  readonly seabedContextTraces: number;
  /** The time scales the network was probed at and the one it answered most strongly; null when none was selected. */
  readonly scaleSelection: ScaleSelection | null;
  /**
   * True when the time-scale selection was asked for but the model was fine-tuned on patches cut at the
   * period-matched scale, so the map was made there (scale-selection selectsScaleFor). Absent otherwise.
   */
  readonly matchedScaleKept?: boolean;
}

/** Saliency of one patch: the 48 × 48 network-side patch and d P(BSR)/d patch normalised to [-1, 1], both row-major, time down. */
export interface PatchSaliency {
  readonly col: number;
  readonly row: number;
  /** First trace and sample of the patch in the section, 0-based. */
  readonly firstTrace: number;
  readonly firstSample: number;
  readonly patch: Float32Array;
  readonly saliency: Float32Array;
  /** P(BSR) of this patch alone (before any averaging along the seabed), 0-1. */
  readonly probability: number;
}

/** Classify progress: patches done of total (the time-scale probes' and the map's), and throughput. */
export interface ClassifyProgress {
  readonly done: number;
  readonly total: number;
  readonly patchesPerS: number;
  /** The time-scale probe running; null (or absent) while the map itself runs. */
  readonly probing?: ScaleProbe | null;
}

/** 'cancelled': stopped before a map began (while a big file's presentation was planned): there is no partial map. */
export type ClassifyFailureCode = 'model' | 'classify' | 'no-model' | 'no-section' | 'cancelled' | 'internal';

/** A classify worker answer: the value or an expected failure. */
export type ClassifyResult<T> = WorkerResult<T, ClassifyFailureCode>;

/**
 * A probability map on a grid coarser than the section. Cell (col, row) is centred at trace coordinate
 * `originTrace + col·strideTraces` and sample coordinate `originSample + row·strideSamples` (trace t spans
 * [t, t+1), so the centre of a 48-trace patch starting at trace 0 is 24). Values are row-major (image order, time
 * down), NaN where a cell was not classified.
 */
export interface ProbabilityGrid {
  readonly columns: number;
  readonly rows: number;
  readonly originTrace: number;
  readonly originSample: number;
  readonly strideTraces: number;
  readonly strideSamples: number;
  /** columns × rows probabilities in [0, 1], row after row: values[row * columns + col]; NaN = none. */
  readonly values: Float32Array;
}
