/**
 * Classify worker (runs off the main thread): holds one tfjs backend, one loaded model file and the last
 * standardised section. The page sends the raw line once; the worker standardises it with the line's own
 * keep-polarity scale, slides the network over it (progress through a proxied callback, cancel through a flag
 * polled between batches) and answers saliency requests on the same standardised data. A line too big to hold
 * comes as a port onto the SEG-Y worker's open file instead, read band by band (that worker parsed it once).
 * Expected failures come back as `{ok:false, code, message}` values (comlink keeps only name and message).
 */
import { expose, releaseProxy, transfer, wrap } from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { chooseBackend, wasmThreadCount, type BackendPreference } from '../src/runtime/backends';
import { loadModelFile, parseModelFile } from '../src/core/model-file';
import {
  cutBatch,
  nearestPatch,
  readGridPatch,
  saliencyMap,
  type PatchGrid,
  type Section,
  type TraceChunkReader,
  type TraceSource,
  type TraceSourceShape,
} from '../src/core/classify';
import {
  classifyLineInBands,
  classifyRawLine,
  type BandedLineOptions,
  type LineClassification,
  type LineClassifyOptions,
  type LineHooks,
} from '../src/core/classify/line-pipeline';
import { selectsScaleFor, type ScaleProbe } from '../src/core/classify/scale-selection';
import { probabilityAtBaseRate } from '../src/core/classify/horizon';
import { presentChunk, seabedMarginFor, type PresentationPlan, type SeabedMargin } from '../src/core/line/presentation';
import { PATCH_SIDE } from '../src/core/synthetic/types';
import type {
  ClassifyProgress,
  ClassifyResult,
  LoadedModel,
  MapResult,
  PatchSaliency,
} from '../src/core/classify/results';

let model: tf.LayersModel | null = null;
/** The seabed mask the loaded model's training data asks for (core line/presentation seabedMarginFor). */
let seabedMargin: SeabedMargin = 'wavelet';
/** Whether the loaded model's maps may choose their time scale (core classify/scale-selection selectsScaleFor). */
let selectsScale = true;
let section: Section | null = null;
let grid: PatchGrid | null = null;
/** How the last line classified in bands was presented, so one of its patches can be read again for saliency. */
let banded: PresentationPlan | null = null;
/** Base rate of the last map, so a clicked patch's P(BSR) reads as on the map. */
let baseRate = 0.5;
const cancelled = new Set<number>();

/**
 * Request `id`'s hooks for the core: the page's progress callback (one object per report, naming the time-scale
 * probe that runs, if one does) and its cancel flag.
 */
function runHooks(id: number, onProgress?: (p: ClassifyProgress) => void): LineHooks {
  let probing: ScaleProbe | null = null;
  return {
    onScaleProbe: (probe) => (probing = probe),
    onProgress: (done, total, patchesPerS) => onProgress?.({ done, total, patchesPerS, probing }),
    isCancelled: () => cancelled.has(id),
  };
}

function failure(e: unknown): ClassifyResult<never> {
  const name = e instanceof Error ? e.name : '';
  const code =
    name === 'ModelFileError'
      ? 'model'
      : name === 'ClassifyError' || name === 'StandardisationError' || name === 'SegyError'
        ? 'classify'
        : name === 'ReadCancelledError'
          ? 'cancelled'
          : 'internal';
  return { ok: false, code, message: e instanceof Error ? e.message : String(e) };
}

/**
 * The caller's options with the loaded model's seabed mask (unless the caller chose one), and the matched time scale
 * for a model fine-tuned there (selectsScaleFor).
 */
function withModelOptions<T extends LineClassifyOptions>(options: T): T {
  return {
    ...options,
    presentation: { seabedMargin, ...options.presentation },
    modelKeepsMatchedScale: !selectsScale,
  };
}

const api = {
  /** Starts the tfjs backend; returns its name. */
  async init(preference: BackendPreference = 'auto'): Promise<string> {
    return (await chooseBackend(preference)).name;
  },

  /** Parses and loads a model file (JSON text), replacing the previous model. */
  async loadModel(text: string): Promise<ClassifyResult<LoadedModel>> {
    try {
      const file = parseModelFile(text);
      const next = await loadModelFile(file);
      model?.dispose();
      model = next;
      seabedMargin = seabedMarginFor(file.training.generatorProfile);
      selectsScale = selectsScaleFor(file.provenance);
      return {
        ok: true,
        value: {
          id: file.id,
          name: file.name ?? file.id,
          parameters: next.countParams(),
          testAccuracy: file.metrics.testAccuracy,
        },
      };
    } catch (e) {
      return failure(e);
    }
  },

  /**
   * Presents the raw line as the network learned it (core line/presentation: polarity, trend removal, standardisation,
   * seabed, scale), classifies every patch of the grid, masks above the seabed and picks the BSR horizon.
   */
  async classify(
    id: number,
    raw: Section,
    options: LineClassifyOptions,
    onProgress?: (p: ClassifyProgress) => void,
  ): Promise<ClassifyResult<MapResult>> {
    if (!model) return { ok: false, code: 'no-model', message: 'no model is loaded: choose a model file first' };
    try {
      const t0 = performance.now();
      const line = await classifyRawLine(model, raw, withModelOptions(options), runHooks(id, onProgress));
      section = line.section;
      grid = line.map.grid;
      baseRate = line.bsrBaseRate;
      banded = null;
      return mapReply(line, t0);
    } catch (e) {
      return failure(e);
    } finally {
      cancelled.delete(id);
    }
  },

  /**
   * Classifies a whole 2D line too large to hold standardised, reading its traces over `port` from the SEG-Y worker
   * that holds the open file (no second parse): the presentation planned in streaming passes, then bands of patch
   * columns (core classifyLineInBands). No section is kept, so saliency is unavailable afterwards.
   */
  async classifySource(
    id: number,
    shape: TraceSourceShape,
    port: MessagePort,
    options: BandedLineOptions,
    onProgress?: (p: ClassifyProgress) => void,
  ): Promise<ClassifyResult<MapResult>> {
    const reads = wrap<TraceChunkReader>(port);
    try {
      if (!model) return { ok: false, code: 'no-model', message: 'no model is loaded: choose a model file first' };
      section = null;
      grid = null;
      banded = null;
      const src: TraceSource = { ...shape, readChunk: (first, count) => reads.readChunk(first, count) };
      const t0 = performance.now();
      const line = await classifyLineInBands(model, src, withModelOptions(options), runHooks(id, onProgress));
      grid = line.map.grid;
      baseRate = line.bsrBaseRate;
      banded = { presentation: line.presentation, bounds: line.bounds };
      return mapReply(line, t0);
    } catch (e) {
      return failure(e);
    } finally {
      cancelled.delete(id);
      reads[releaseProxy](); // the SEG-Y worker stops serving this port
    }
  },

  /** Saliency of the patch whose centre is nearest (trace, sample) of the last classified section (one step, no cancel point). */
  async saliency(trace: number, sample: number): Promise<ClassifyResult<PatchSaliency>> {
    if (!model || !section || !grid)
      return {
        ok: false,
        code: 'no-section',
        message: banded
          ? 'this line was classified in bands from the file: its saliency reads the patch from the file'
          : 'classify the line first, then click a patch',
      };
    const g = grid,
      held = section;
    return patchSaliency(trace, sample, g, async (col, row) =>
      cutBatch(held, g, col * g.rows + row, 1, new Float32Array(PATCH_SIDE * PATCH_SIDE)),
    );
  },

  /**
   * Saliency of a patch of the last line classified in bands: its traces read again over `port` from the SEG-Y
   * worker's open file and presented as the bands were (the worker holds no section of such a line).
   */
  async saliencyFromSource(
    shape: TraceSourceShape,
    port: MessagePort,
    trace: number,
    sample: number,
  ): Promise<ClassifyResult<PatchSaliency>> {
    const reads = wrap<TraceChunkReader>(port);
    try {
      const plan = banded,
        g = grid;
      if (!model || !plan || !g)
        return { ok: false, code: 'no-section', message: 'classify the line first, then click a patch' };
      const src: TraceSource = { ...shape, readChunk: (first, count) => reads.readChunk(first, count) };
      return await patchSaliency(trace, sample, g, (col, row) =>
        readGridPatch(src, g, col, row, (raw, traces, samples) => presentChunk(raw, traces, samples, plan)),
      );
    } finally {
      reads[releaseProxy]();
    }
  },

  /** Stops classification request `id` before its next batch (the partial map comes back, cancelled). */
  cancel(id: number): void {
    cancelled.add(id);
  },
};

/** A finished (or cancelled) map with the backend that ran, its values transferred rather than copied. */
/** The saliency of the patch nearest (trace, sample) of `g`, its network input given by `patchOf`. */
async function patchSaliency(
  trace: number,
  sample: number,
  g: PatchGrid,
  patchOf: (col: number, row: number) => Promise<Float32Array<ArrayBuffer>>,
): Promise<ClassifyResult<PatchSaliency>> {
  if (!model) return { ok: false, code: 'no-model', message: 'no model is loaded: choose a model file first' };
  try {
    const { col, row } = nearestPatch(g, trace, sample);
    const patch = await patchOf(col, row);
    const s = await saliencyMap(model, patch);
    const value: PatchSaliency = {
      col,
      row,
      firstTrace: col * g.strideTraces,
      firstSample: row * g.strideSamples,
      patch,
      saliency: s.saliency,
      probability: probabilityAtBaseRate(s.probability, baseRate),
    };
    return transfer({ ok: true, value }, [patch.buffer, s.saliency.buffer as ArrayBuffer]);
  } catch (e) {
    return failure(e);
  }
}

function mapReply(line: Omit<LineClassification, 'section'>, t0: number): ClassifyResult<MapResult> {
  const { map, presentation, horizon, ownValues, matchedScaleKept } = line;
  const value: MapResult = {
    grid: map.grid,
    values: map.values,
    done: map.done,
    cancelled: map.cancelled,
    symmetricBound: presentation.symmetricBound,
    backend: tf.getBackend(),
    threads: wasmThreadCount(),
    seconds: (performance.now() - t0) / 1000,
    presentation,
    horizon,
    ownValues,
    masked: line.masked,
    bsrBaseRate: line.bsrBaseRate,
    seabedContextTraces: line.seabedContextTraces,
    scaleSelection: line.scaleSelection,
    ...(matchedScaleKept ? { matchedScaleKept } : {}),
  };
  return transfer({ ok: true, value }, [
    map.values.buffer as ArrayBuffer,
    horizon.samples.buffer as ArrayBuffer,
    horizon.probability.buffer as ArrayBuffer,
    ...(ownValues ? [ownValues.buffer as ArrayBuffer] : []),
  ]);
}

export type ClassifyWorkerApi = typeof api;
expose(api);
