/**
 * One fine-tune run from a model FILE, shared by the finetune CLI and the fine-tune worker so both do
 * exactly the same: present the line (as classification would, same options), load a fresh copy of
 * the base model (the base file is never changed), measure synthetic test accuracy, fine-tune,
 * measure again, and export the tuned model as a new file with its provenance. A cancelled run
 * returns no file.
 */
import * as tf from '@tensorflow/tfjs';
import type { Section } from '../classify/section';
import { defaultPatchTraces } from '../classify/grid';
import { checkLine, presentationSummary } from '../classify/line-pipeline';
import type { PresentationOptions } from '../line/presentation';
import { loadModelFile, type ModelFile } from '../model-file';
import { fineTune, type FineTuneHooks, type FineTuneResult, type FineTuneSettings } from './finetune';
import { presentForPatches } from './mark-patches';
import { validateMarks, type Mark } from './marks';
import { exportTunedModel } from './provenance';
import { syntheticTestAccuracy } from './synthetic-check';

export interface FineTuneRunInput {
  base: ModelFile;
  raw: Section;
  marks: readonly Mark[];
  line: { fingerprint: string; name: string };
  presentation?: PresentationOptions;
  /** Patch width of the classification the marks were drawn on, traces (default: as classification's default). */
  patchTraces?: number;
  settings?: Partial<FineTuneSettings>;
  /** Synthetic test-profile patches scored before and after (0 = skip; default 1000). */
  testPatches?: number;
  appVersion?: string;
}

export interface FineTuneRunOutput {
  result: FineTuneResult;
  syntheticTest: { before: number; after: number; patches: number } | null;
  /** The tuned model file; null when the run was cancelled. */
  file: ModelFile | null;
  /** Patch size the marked patches were cut at, traces and line samples (as classification). */
  patchTraces: number;
  patchSamples: number;
  scaleFactor: number;
  /** The tfjs backend the run trained on (what the user is told and the provenance records). */
  backend: string;
}

export async function runFineTune(input: FineTuneRunInput, hooks: FineTuneHooks = {}): Promise<FineTuneRunOutput> {
  const { base, raw, marks } = input;
  const patchTraces = input.patchTraces ?? defaultPatchTraces(raw.traces);
  checkLine(raw, patchTraces);
  validateMarks(marks, raw);
  const line = await presentForPatches(raw, input.presentation ?? {}, patchTraces);
  const testPatches = input.testPatches ?? 1000;
  const model = await loadModelFile(base);
  try {
    const seed = base.training.generatorSeed,
      generator = base.training.generatorProfile ?? 'paper';
    const before = testPatches > 0 ? await syntheticTestAccuracy(model, seed, testPatches, generator) : NaN;
    const result = await fineTune(
      model,
      line,
      marks,
      { generatorSeed: seed, generator, from: base.training.datasetSize },
      input.settings ?? {},
      hooks,
    );
    const out = {
      result,
      syntheticTest: null,
      file: null,
      patchTraces: line.patchTraces,
      patchSamples: line.patchSamples,
      scaleFactor: line.presentation.scaleFactor,
      backend: tf.getBackend(),
    };
    if (result.stoppedBy === 'cancelled') return out;
    const after = testPatches > 0 ? await syntheticTestAccuracy(model, seed, testPatches, generator) : NaN;
    const syntheticTest = testPatches > 0 ? { before, after, patches: testPatches } : null;
    const file = await exportTunedModel(model, base, {
      line: { ...input.line, traces: raw.traces, samples: raw.samples, dtUs: raw.dtUs },
      marks,
      result,
      presentation: { ...presentationSummary(line.presentation), patch_traces: line.patchTraces },
      syntheticTest,
      backend: out.backend,
      ...(input.appVersion ? { appVersion: input.appVersion } : {}),
    });
    return { ...out, syntheticTest, file };
  } finally {
    model.dispose();
  }
}
