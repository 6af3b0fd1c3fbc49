/**
 * Page-side controller of the classify worker: loads a model file, classifies a section (or a big line's traces
 * served by the SEG-Y worker) with progress and cancel, computes the saliency of a clicked patch, and turns the map
 * into what the viewer draws. Every call goes through WorkerBridge.request.
 */
import { transfer, type Remote } from 'comlink';
import { BackendWorkerClient } from './backend-worker';
import { CancelledError, type RequestCall, type WorkerFailure } from './worker-bridge';
import type { TraceSourcePort } from './segy-client';
import { holdPage } from './page-guards';
import type { ClassifyWorkerApi } from '../../workers/classify.worker';
import type { BackendPreference } from '../runtime/backends';
import type {
  ClassifyFailureCode,
  ClassifyProgress,
  ClassifyResult,
  LoadedModel,
  MapResult,
  PatchSaliency,
  ProbabilityGrid,
} from '../core/classify/results';

import type { LineClassifyOptions } from '../core/classify/line-pipeline';
import type { PolarityChoice } from '../core/line/presentation';

/** A model, section or grid the worker refused; the message names the problem. */
export class ClassifyFailedError extends Error {
  override readonly name = 'ClassifyFailedError';
  constructor(
    readonly code: ClassifyFailureCode,
    message: string,
  ) {
    super(message);
  }
}

/** Raw section to classify (trace-major amplitudes). */
export interface RawSection {
  readonly traceCount: number;
  readonly samplesPerTrace: number;
  readonly sampleIntervalUs: number;
  readonly samples: Float32Array;
  /** Recording delay of the first trace, ms (time of sample 0 after the shot; places the seabed multiple). */
  readonly delayMs?: number;
}

/** The recording delay in samples (0 when unknown): the seabed multiple's time counts from the shot. */
export function delaySamplesOf(section: RawSection): number {
  const d = section.delayMs ?? 0;
  return section.sampleIntervalUs > 0 && Number.isFinite(d) ? (d * 1000) / section.sampleIntervalUs : 0;
}

/** Patch width, stride and how the line is presented, for a classification run. */
export interface ClassifySettings {
  readonly patchTraces: number;
  /** Step between patches, both along the line and down in time (traces and the line's own samples). */
  readonly stride: number;
  /**
   * Time scale: 'auto' matches the line's dominant period to the generator's, then probes multiples of that factor
   * and keeps the one the network answers most strongly (core classify/scale-selection.ts); 'matched' stops at the
   * period match; a number is line samples per patch row (1 = as recorded).
   */
  readonly scale?: 'auto' | 'matched' | number;
  /** 'auto' picks the seabed and sets P = 0 above it; 'off' classifies without a mask; an array is a corrected pick per trace. */
  readonly seabed?: 'auto' | 'off' | Float32Array;
  /** Multiply the line by -1 before standardisation: true, false (as recorded) or 'auto' (default: when the seabed reads negative first). */
  readonly flipPolarity?: PolarityChoice;
  /** BSR share of patches the probabilities are reported at (default: the pipeline's 5 %; 0.5 = the network's output). */
  readonly bsrBaseRate?: number;
  /** Half-width in traces of the averaging along the seabed (default: the pipeline's; 0 = off). */
  readonly seabedContextTraces?: number;
}

/** Progress and cancellation of one classification run. */
export type ClassifyCall = RequestCall<ClassifyProgress>;

function lineOptions(s: ClassifySettings, delaySamples = 0): LineClassifyOptions {
  return {
    patchTraces: s.patchTraces,
    strideTraces: s.stride,
    strideSamples: s.stride,
    presentation: {
      scale: s.scale === 'matched' ? 'auto' : (s.scale ?? 'auto'),
      seabed: s.seabed ?? 'auto',
      flipPolarity: s.flipPolarity ?? 'auto',
      delaySamples,
    },
    selectScale: s.scale !== 'matched',
    ...(s.bsrBaseRate === undefined ? {} : { bsrBaseRate: s.bsrBaseRate }),
    ...(s.seabedContextTraces === undefined ? {} : { seabedContextTraces: s.seabedContextTraces }),
  };
}

const defaultWorker = (): Worker =>
  new Worker(new URL('../../workers/classify.worker.ts', import.meta.url), { type: 'module', name: 'classify' });

/** Owns one classify worker (one backend, one model, the last standardised section). */
export class ClassifyClient extends BackendWorkerClient<ClassifyWorkerApi> {
  constructor(backend: BackendPreference = 'auto', makeWorker: () => Worker = defaultWorker) {
    super(makeWorker, backend, 'classify');
  }

  /** Loads a model file (its JSON text); throws ClassifyFailedError naming the problem. */
  async loadModel(text: string): Promise<LoadedModel> {
    await this.backendName();
    return this.live().request({ start: (w) => w.loadModel(text), fail });
  }

  /** Classifies the line; on abort the worker stops at its next batch and the partial map comes back (cancelled). */
  async classify(section: RawSection, settings: ClassifySettings, call: ClassifyCall = {}): Promise<MapResult> {
    const raw = {
      traces: section.traceCount,
      samples: section.samplesPerTrace,
      dtUs: section.sampleIntervalUs,
      data: section.samples,
    };
    return this.run(call, (w, id, report) =>
      w.classify(id, raw, lineOptions(settings, delaySamplesOf(section)), report),
    );
  }

  /**
   * Classifies a whole 2D line too large to hold, band by band (at most `bandSamples` samples of it in memory at
   * once), reading its traces from `source` (SegyClient.traceSource: the SEG-Y worker's open file, not parsed again).
   * The worker keeps no section: a patch's saliency reads its traces again ({@link saliencyFromSource}). The port is
   * used up by the call.
   */
  async classifySource(
    source: TraceSourcePort,
    settings: ClassifySettings,
    call: ClassifyCall & { bandSamples?: number } = {},
  ): Promise<MapResult> {
    const options = {
      ...lineOptions(settings),
      ...(call.bandSamples === undefined ? {} : { maxBandSamples: call.bandSamples }),
    };
    const { port, ...shape } = source;
    return this.run(call, (w, id, report) => w.classifySource(id, shape, transfer(port, [port]), options, report));
  }

  private async run(
    call: ClassifyCall,
    start: (
      w: Remote<ClassifyWorkerApi>,
      id: number,
      report: ((p: ClassifyProgress) => void) | undefined,
    ) => Promise<ClassifyResult<MapResult>>,
  ): Promise<MapResult> {
    await this.backendName();
    const release = holdPage('classification');
    try {
      // A cancelled run still answers, with its partial map.
      return await this.live().request({ start, fail, cancel: (w, id) => w.cancel(id), onAbort: 'answer' }, call);
    } finally {
      release();
    }
  }

  /**
   * Saliency of the patch nearest (trace, sample) of the last classified line. It is one gradient step in the
   * worker: an abort rejects at once with CancelledError and its answer is dropped.
   */
  async saliency(trace: number, sample: number, call: { signal?: AbortSignal } = {}): Promise<PatchSaliency> {
    return this.live().request({ start: (w) => w.saliency(trace, sample), fail }, call);
  }

  /**
   * Saliency of the patch nearest (trace, sample) of the last line classified in bands (classifySource): the patch's
   * traces are read again from `source` (the port is used up by the call). Abort as for {@link saliency}.
   */
  async saliencyFromSource(
    source: TraceSourcePort,
    trace: number,
    sample: number,
    call: { signal?: AbortSignal } = {},
  ): Promise<PatchSaliency> {
    const { port, ...shape } = source;
    return this.live().request(
      { start: (w) => w.saliencyFromSource(shape, transfer(port, [port]), trace, sample), fail },
      call,
    );
  }
}

function fail(f: WorkerFailure<ClassifyFailureCode>): Error {
  return f.code === 'cancelled' ? new CancelledError('classification') : new ClassifyFailedError(f.code, f.message);
}

/**
 * The map as the viewer's overlay grid: cell centres at the patch centres (trace t spans [t, t+1)). `step` > 1
 * places it over a preview that kept every step-th trace and sample.
 */
export function mapToGrid(map: MapResult, step = 1): ProbabilityGrid {
  const g = map.grid;
  return {
    columns: g.cols,
    rows: g.rows,
    originTrace: g.patchTraces / 2 / step,
    originSample: g.patchSamples / 2 / step,
    strideTraces: g.strideTraces / step,
    strideSamples: g.strideSamples / step,
    values: map.values,
  };
}
