/**
 * Page-side controller of the classify worker: loads a model file, classifies a section with progress and
 * cancel, computes the saliency of a clicked patch, and turns the map into what the viewer draws.
 */
import { proxy } from 'comlink';
import { WorkerBridge } from './worker-bridge';
import type { ClassifyWorkerApi } from '../../workers/classify.worker';
import type { BackendPreference } from '../runtime/backends';
import type { ClassifyFailureCode, ClassifyProgress, ClassifyResult, LoadedModel, MapResult, PatchSaliency } from './classify-types';
import type { ProbabilityGrid } from '../ui/section-paint';

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

/** Patch size and stride for a classification run, in traces and samples. */
export interface ClassifySettings {
  readonly patchTraces: number;
  readonly patchSamples: number;
  /** Step between patches, both along the line and down in time. */
  readonly stride: number;
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
  async classify(section: RawSection, settings: ClassifySettings, call: { onProgress?: (p: ClassifyProgress) => void; signal?: AbortSignal } = {}): Promise<MapResult> {
    await this.backendName();
    const bridge = this.live();
    const id = this.nextId++;
    const stop = (): void => void bridge.remote.cancel(id).catch(() => undefined);
    call.signal?.addEventListener('abort', stop, { once: true });
    const raw = { traces: section.traceCount, samples: section.samplesPerTrace, dtUs: section.sampleIntervalUs, data: section.samples };
    const options = { patchTraces: settings.patchTraces, patchSamples: settings.patchSamples, strideTraces: settings.stride, strideSamples: settings.stride };
    const onProgress = call.onProgress;
    const report = onProgress ? proxy((done: number, total: number, patchesPerS: number) => onProgress({ done, total, patchesPerS })) : undefined;
    try {
      // No signal on the bridge call: a cancelled run still answers, with its partial map.
      return unwrap(await bridge.call<ClassifyResult<MapResult>>((w) => w.classify(id, raw, options, report)));
    } finally {
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

/** The map as the viewer's overlay grid: cell centres at the patch centres (trace t spans [t, t+1)). */
export function mapToGrid(map: MapResult): ProbabilityGrid {
  const g = map.grid;
  return {
    columns: g.cols, rows: g.rows, originTrace: g.patchTraces / 2, originSample: g.patchSamples / 2,
    strideTraces: g.strideTraces, strideSamples: g.strideSamples, values: map.values,
  };
}
