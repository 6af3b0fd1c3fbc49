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

/**
 * The model `file` was fine-tuned from, when it was tuned on the line with fingerprint `fingerprint` (null for a
 * model not fine-tuned, or tuned on another line): tuning again on that line starts from this base.
 */
export function baseTunedOnLine(file: ModelFile, fingerprint: string): ModelProvenance['baseModel'] | null {
  const p = file.provenance;
  if (p?.kind !== 'fine-tuned') return null;
  const line = p['line'] as { fingerprint?: unknown } | undefined;
  return line?.fingerprint === fingerprint ? p.baseModel : null;
}

/**
 * Whether `file` is the model a provenance names as its base: its id, name and time of export (a tuned model shares
 * its base's id, the id of their common spec, so the id alone does not tell them apart).
 */
export function isBaseModel(file: ModelFile | null, base: ModelProvenance['baseModel']): boolean {
  return file !== null && file.id === base.id && file.name === base.name && file.createdAt === base.createdAt;
}
