/**
 * Training worker: owns one tfjs backend and trains candidates on the data set it was given (shared memory when
 * the page is cross-origin isolated, a copy otherwise). The page keeps the queue; this file only adapts the core
 * trainer to comlink: progress through a proxied callback, cancel through a flag polled between steps, trained
 * weights back as transferable tfjs artifacts.
 */
import { expose, transfer } from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { chooseBackend, type BackendChoice, type BackendPreference, type ProbeTiming } from '../src/runtime/backends';
import {
  trainCandidate,
  type CandidateResult,
  type TrainProgress,
  type TrainSettings,
} from '../src/core/train/trainer';
import type { SplitDataset } from '../src/core/train/patch-set';
import type { CandidateSpec } from '../src/core/model';

/** tfjs model artifacts with the weights in one buffer (what tf.io handlers exchange). */
export interface WeightArtifacts {
  modelTopology: object;
  weightSpecs: tf.io.WeightsManifestEntry[];
  weightData: ArrayBuffer;
}

export interface TrainReply {
  result: CandidateResult;
  backend: string;
  artifacts?: WeightArtifacts;
}

let data: SplitDataset | null = null;
let cancelled = false;
let choice: BackendChoice | null = null;
/** Rejects once the WebGPU device is lost (driver reset, GPU removed, destroy()); never settles on other backends. */
let deviceLost: Promise<never> = new Promise<never>(() => undefined);

/**
 * A lost device surfaces from tfjs as an unrelated error (e.g. "mapAsync: Buffer was unmapped") or not at all (a
 * step that never completes), so the running call is raced against GPUDevice.lost and fails with a clear message.
 */
function watchDevice(): void {
  const device = (tf.backend() as unknown as { device?: { lost?: Promise<{ reason?: string; message?: string }> } })
    .device;
  if (tf.getBackend() !== 'webgpu' || !device?.lost) return;
  deviceLost = device.lost.then((info) => {
    throw new Error(
      `WebGPU device lost (${info.reason ?? 'unknown reason'}${info.message ? `: ${info.message}` : ''})`,
    );
  });
  deviceLost.catch(() => undefined); // only a running train() reports it
}

const api = {
  /** Starts a backend ('auto' probes); returns the choice with its reason (`fixedBecause`: why a fixed one). */
  async init(
    preference: BackendPreference,
    cachedProbe?: ProbeTiming[],
    fixedBecause?: string,
  ): Promise<BackendChoice> {
    choice = await chooseBackend(preference, cachedProbe, fixedBecause);
    watchDevice();
    return choice;
  },

  setData(d: SplitDataset): void {
    data = d;
  },

  /** Trains one candidate; `onProgress` gets every step. Pass `keepWeights` to get the trained weights back. */
  async train(
    spec: CandidateSpec,
    settings: TrainSettings,
    options: { candidateKey: number; keepWeights: boolean },
    onProgress?: (p: TrainProgress) => void,
    shouldPrune?: (step: number, valAcc: number) => Promise<boolean>,
  ): Promise<TrainReply> {
    if (!data || !choice) throw new Error('training worker not ready: call init() and setData() first');
    cancelled = false;
    const training = trainCandidate(
      spec,
      data,
      settings,
      { onProgress, isCancelled: () => cancelled, shouldPrune },
      { keepModel: options.keepWeights, candidateKey: options.candidateKey },
    );
    training.catch(() => undefined); // when the device is lost first, its own (obscure) failure is not reported
    let outcome: Awaited<typeof training>;
    try {
      outcome = await Promise.race([training, deviceLost]);
    } catch (e) {
      throw await explainDeviceLoss(e as Error);
    }
    const reply: TrainReply = { result: outcome.result, backend: tf.getBackend() };
    if (outcome.model) {
      try {
        reply.artifacts = await saveArtifacts(outcome.model);
      } finally {
        outcome.model.dispose();
      }
      return transfer(reply, [reply.artifacts.weightData]);
    }
    return reply;
  },

  /** Asks the running train() to stop after its current step. */
  cancel(): void {
    cancelled = true;
  },

  /** Live tensor count (tests check it returns to its baseline). */
  numTensors(): number {
    return tf.memory().numTensors;
  },

  /** Fault injection for tests: an uncaught error kills this worker, as a crash would. */
  crash(): void {
    setTimeout(() => {
      throw new Error('simulated worker crash');
    });
  },

  /** Fault injection for tests: destroys the WebGPU device, as a driver reset or GPU loss would. */
  loseDevice(): boolean {
    const b = tf.backend() as unknown as { device?: { destroy(): void } };
    if (tf.getBackend() !== 'webgpu' || !b.device) return false;
    b.device.destroy();
    return true;
  },
};

/** The error to report: a tfjs failure caused by a lost device (lost reported just after it) says so first. */
async function explainDeviceLoss(e: Error): Promise<Error> {
  const lost = await Promise.race([
    deviceLost.then(
      () => null,
      (l: Error) => l,
    ),
    new Promise<null>((r) => setTimeout(() => r(null), 250)),
  ]);
  return lost && lost !== e ? new Error(`${lost.message}; the training step failed with: ${e.message}`) : e;
}

async function saveArtifacts(model: tf.LayersModel): Promise<WeightArtifacts> {
  let out: WeightArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      const wd = a.weightData;
      const buffer = wd instanceof ArrayBuffer ? wd : tf.io.concatenateArrayBuffers(Array.isArray(wd) ? wd : []);
      out = { modelTopology: a.modelTopology as object, weightSpecs: a.weightSpecs ?? [], weightData: buffer };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!out) throw new Error('model.save produced no artifacts');
  return out;
}

export type TrainWorkerApi = typeof api;
expose(api);
