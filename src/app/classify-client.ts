/**
 * Page-side controller of the classify worker: loads a model file, classifies a section with progress and
 * cancel, computes the saliency of a clicked patch, and turns the map into what the viewer draws.
 */
import { proxy, type Remote } from 'comlink';
import { WorkerBridge } from './worker-bridge';
import { holdPage } from './page-guards';
import type { ClassifyWorkerApi } from '../../workers/classify.worker';
import type { BackendPreference } from '../runtime/backends';
import type { ClassifyFailureCode, ClassifyProgress, ClassifyResult, LoadedModel, MapResult, PatchSaliency, ProbabilityGrid } from '../core/classify/results';

import type { LineClassifyOptions } from '../core/classify/line-pipeline';

/** A model, section or grid the worker refused; the message names the problem. */
export class ClassifyFailedError extends Error {
  override readonly name = 'ClassifyFailedError';
  constructor(readonly code: ClassifyFailureCode, message: string) {
    super(message);
  }
}

/** Raw section to classify (trace-major amplitudes). */
export interface RawSection {
  readonly traceCount: number;
  readonly samplesPerTrace: number;
  readonly sampleIntervalUs: number;
  readonly samples: Float32Array;
}

/** Patch width, stride and how the line is presented, for a classification run. */
export interface ClassifySettings {
  readonly patchTraces: number;
  /** Step between patches, both along the line and down in time (traces and the line's own samples). */
  readonly stride: number;
  /** Time scale: 'auto' matches the line's dominant period to the generator's; a number is line samples per patch row (1 = as recorded). */
  readonly scale?: 'auto' | number;
  /** 'auto' picks the seabed and sets P = 0 above it; 'off' classifies without a mask; an array is a corrected pick per trace. */
  readonly seabed?: 'auto' | 'off' | Float32Array;
  /** Multiply the line by -1 before standardisation (reverse-polarity data). */
  readonly flipPolarity?: boolean;
  /** BSR share of patches the probabilities are reported at (default: the pipeline's 5 %; 0.5 = the network's output). */
  readonly bsrBaseRate?: number;
}

/** Progress and cancellation of one classification run. */
export interface ClassifyCall {
  onProgress?: (p: ClassifyProgress) => void;
  signal?: AbortSignal;
}

type ProgressProxy = (done: number, total: number, patchesPerS: number) => void;

function lineOptions(s: ClassifySettings): LineClassifyOptions {
  return {
    patchTraces: s.patchTraces, strideTraces: s.stride, strideSamples: s.stride,
    presentation: { scale: s.scale ?? 'auto', seabed: s.seabed ?? 'auto', flipPolarity: s.flipPolarity ?? false },
    ...(s.bsrBaseRate === undefined ? {} : { bsrBaseRate: s.bsrBaseRate }),
  };
}


const defaultWorker = (): Worker => new Worker(new URL('../../workers/classify.worker.ts', import.meta.url), { type: 'module', name: 'classify' });

/** Owns one classify worker (one backend, one model, the last standardised section). */
export class ClassifyClient {
  private bridge: WorkerBridge<ClassifyWorkerApi> | null = null;
  private started: Promise<string> | null = null;
  private nextId = 1;

  constructor(private readonly backend: BackendPreference = 'auto', private readonly makeWorker: () => Worker = defaultWorker) {}

  /** The tfjs backend the worker runs on (starts it on first use). */
  backendName(): Promise<string> {
    const bridge = this.live();
    this.started ??= bridge.call((w) => w.init(this.backend));
    return this.started;
  }

  /** Loads a model file (its JSON text); throws ClassifyFailedError naming the problem. */
  async loadModel(text: string): Promise<LoadedModel> {
    await this.backendName();
    return unwrap(await this.live().call<ClassifyResult<LoadedModel>>((w) => w.loadModel(text)));
  }

  /** Classifies the line; on abort the worker stops at its next batch and the partial map comes back (cancelled). */
  async classify(section: RawSection, settings: ClassifySettings, call: ClassifyCall = {}): Promise<MapResult> {
    const raw = { traces: section.traceCount, samples: section.samplesPerTrace, dtUs: section.sampleIntervalUs, data: section.samples };
    return this.run(call, (w, id, report) => w.classify(id, raw, lineOptions(settings), report));
  }

  /**
   * Classifies a whole 2D file too large to hold, band by band straight from the file (at most `bandSamples`
   * samples of it in memory at once); the worker keeps no section, so saliency is unavailable afterwards.
   */
  async classifyFile(file: Blob, name: string, settings: ClassifySettings, call: ClassifyCall & { bandSamples?: number } = {}): Promise<MapResult> {
    const options = { ...lineOptions(settings), ...(call.bandSamples === undefined ? {} : { maxBandSamples: call.bandSamples }) };
    return this.run(call, (w, id, report) => w.classifyFile(id, file, name, options, report));
  }

  private async run(call: ClassifyCall, start: (w: Remote<ClassifyWorkerApi>, id: number, report: ProgressProxy | undefined) => Promise<ClassifyResult<MapResult>>): Promise<MapResult> {
    await this.backendName();
    const bridge = this.live();
    const id = this.nextId++;
    const stop = (): void => void bridge.remote.cancel(id).catch(() => undefined);
    call.signal?.addEventListener('abort', stop, { once: true });
    const onProgress = call.onProgress;
    const report = onProgress ? proxy((done: number, total: number, patchesPerS: number) => onProgress({ done, total, patchesPerS })) : undefined;
    const release = holdPage('classification');
    try {
      // No signal on the bridge call: a cancelled run still answers, with its partial map.
      return unwrap(await bridge.call<ClassifyResult<MapResult>>((w) => start(w, id, report)));
    } finally {
      release();
      call.signal?.removeEventListener('abort', stop);
    }
  }

  /** Saliency of the patch nearest (trace, sample) of the last classified line. */
  async saliency(trace: number, sample: number): Promise<PatchSaliency> {
    return unwrap(await this.live().call<ClassifyResult<PatchSaliency>>((w) => w.saliency(trace, sample)));
  }

  terminate(): void {
    this.bridge?.terminate();
    this.bridge = null;
    this.started = null;
  }

  private live(): WorkerBridge<ClassifyWorkerApi> {
    if (!this.bridge || this.bridge.failed) {
      this.bridge?.terminate();
      this.bridge = new WorkerBridge<ClassifyWorkerApi>(this.makeWorker(), 'classify');
      this.started = null;
    }
    return this.bridge;
  }
}

function unwrap<T>(r: ClassifyResult<T>): T {
  if (r.ok) return r.value;
  throw new ClassifyFailedError(r.code, r.message);
}

/**
 * The map as the viewer's overlay grid: cell centres at the patch centres (trace t spans [t, t+1)). `step` > 1
 * places it over a preview that kept every step-th trace and sample.
 */
export function mapToGrid(map: MapResult, step = 1): ProbabilityGrid {
  const g = map.grid;
  return {
    columns: g.cols, rows: g.rows, originTrace: g.patchTraces / 2 / step, originSample: g.patchSamples / 2 / step,
    strideTraces: g.strideTraces / step, strideSamples: g.strideSamples / step, values: map.values,
  };
}
