/**
 * A fine-tuned model as a NEW model file: same spec, the tuned weights, and its provenance (base
 * model, line fingerprint, marks, settings, presentation, scores). The base file's training record is
 * kept (the synthetic stream it learned from), so the tuned file can itself be tuned again.
 */
import type * as tf from '@tensorflow/tfjs';
import { exportModelFile, type ModelFile, type ModelProvenance } from '../model-file';
import type { FineTuneResult } from './finetune';
import type { Mark } from './marks';

/** The line a model was tuned on. */
export interface TunedLine {
  fingerprint: string;
  name: string;
  traces: number;
  samples: number;
  dtUs: number;
}

export interface TunedModelInfo {
  line: TunedLine;
  marks: readonly Mark[];
  result: FineTuneResult;
  /** How the line was shown to the network (presentationSummary). */
  presentation: Record<string, unknown>;
  /** Accuracy on synthetic test-profile patches, before and after (null when not measured). */
  syntheticTest: { before: number; after: number; patches: number } | null;
  backend: string;
  appVersion?: string;
  createdAt?: Date;
}

/** Provenance record of a tuned model. */
export function fineTuneProvenance(base: ModelFile, info: TunedModelInfo): ModelProvenance {
  const { result } = info;
  return {
    kind: 'fine-tuned',
    baseModel: {
      id: base.id,
      ...(base.name !== undefined ? { name: base.name } : {}),
      createdAt: base.createdAt,
      ...(base.provenance ? { provenance: base.provenance } : {}),
    },
    line: { ...info.line },
    marks: info.marks.map((m) => ({ ...m })),
    settings: { ...result.settings },
    presentation: info.presentation,
    scores: { heldOut: result.heldOut, syntheticTest: info.syntheticTest, forgetting: result.forgetting },
    trainPatches: result.trainPatches,
    trainMarks: result.trainMarks,
    heldOutMarks: result.heldOutMarks,
    steps: result.steps,
    seconds: +result.seconds.toFixed(3),
    backend: info.backend,
  };
}

/** Exports the tuned `model` as a new model file derived from `base`. */
export async function exportTunedModel(
  model: tf.LayersModel,
  base: ModelFile,
  info: TunedModelInfo,
): Promise<ModelFile> {
  const provenance = fineTuneProvenance(base, info);
  const heldAfter = info.result.heldOut?.after;
  return exportModelFile(model, {
    spec: base.spec,
    name: `${base.name ?? base.id} · tuned on ${info.line.name}`,
    appVersion: info.appVersion ?? base.appVersion,
    ...(info.createdAt ? { createdAt: info.createdAt } : {}),
    training: { ...base.training },
    metrics: {
      ...base.metrics,
      testAccuracy: info.syntheticTest?.after ?? base.metrics.testAccuracy,
      ...(heldAfter ? { heldOutMarksAccuracy: heldAfter.accuracy, heldOutMarksAp: heldAfter.ap } : {}),
    },
    provenance,
  });
}
