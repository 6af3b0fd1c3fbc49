/**
 * One fine-tune run from a model FILE, shared by the finetune CLI and the fine-tune worker so both do
 * exactly the same: present the line (as classification would, same options; for a line too big to hold,
 * only the traces the marks need, read from its source), load a fresh copy of the base model (the base
 * file is never changed), measure synthetic test accuracy, fine-tune, measure again, and export the tuned
 * model as a new file with its provenance. A cancelled run returns no file.
 */
import * as tf from '@tensorflow/tfjs';
import type { Section, TraceSource } from '../classify/section';
import { defaultPatchTraces } from '../classify/grid';
import { checkLine, presentationSummary } from '../classify/line-pipeline';
import { seabedMarginFor, type PresentationOptions } from '../line/presentation';
import { loadModelFile, type ModelFile } from '../model-file';
import {
  checkEnoughMarks,
  fineTune,
  resolveFineTuneSettings,
  type FineTuneHooks,
  type FineTuneResult,
  type FineTuneSettings,
} from './finetune';
import { presentForPatches, type PresentedLine } from './mark-patches';
import { presentMarkedWindows, type MarkWindowHooks } from './mark-windows';
import { heldOutMarks, validateMarks, type Mark } from './marks';
import { exportTunedModel } from './provenance';
import { syntheticTestAccuracy } from './synthetic-check';

/** A line too big to hold: its traces are read from `source`, only those the marks need (mark-windows.ts). */
export interface BigLineInput {
  source: TraceSource;
  /** Most samples the marked traces may hold (default DEFAULT_MARK_WINDOW_SAMPLES). */
  maxSamples?: number;
}

export interface FineTuneRunInput {
  base: ModelFile;
  /** The line: held whole (raw traces), or read from a source. */
  raw: Section | BigLineInput;
  /** Marks in the whole line's traces. */
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

/** The presented line the marks' patches are cut from, the marks on it, and the whole line's size. */
async function presentMarked(
  input: FineTuneRunInput,
  hooks: MarkWindowHooks,
): Promise<{ line: PresentedLine; marks: readonly Mark[]; extent: Omit<Section, 'data'> }> {
  const { raw, marks } = input;
  // The seabed negatives start where the base model's maps stop being masked (its training data decides how far).
  const presentation = { seabedMargin: seabedMarginFor(input.base.training.generatorProfile), ...input.presentation };
  if ('source' in raw) {
    // Checked before the passes over a big file, so a marks problem is told at once.
    checkEnoughMarks(marks, heldOutMarks(marks, resolveFineTuneSettings(input.settings).holdOutEvery));
    const w = await presentMarkedWindows(raw.source, marks, presentation, input.patchTraces, raw.maxSamples, hooks);
    return { line: w.line, marks: w.marks, extent: w.extent };
  }
  const patchTraces = input.patchTraces ?? defaultPatchTraces(raw.traces);
  checkLine(raw, patchTraces);
  validateMarks(marks, raw);
  const line = await presentForPatches(raw, presentation, patchTraces);
  return { line, marks, extent: raw };
}

export async function runFineTune(input: FineTuneRunInput, hooks: FineTuneHooks = {}): Promise<FineTuneRunOutput> {
  const { base, marks } = input;
  const {
    line,
    marks: lineMarks,
    extent,
  } = await presentMarked(input, { isCancelled: () => hooks.isCancelled?.() === true });
  const testPatches = input.testPatches ?? 1000;
  const model = await loadModelFile(base);
  try {
    const seed = base.training.generatorSeed,
      generator = base.training.generatorProfile ?? 'paper';
    const before = testPatches > 0 ? await syntheticTestAccuracy(model, seed, testPatches, generator) : NaN;
    const result = await fineTune(
      model,
      line,
      lineMarks,
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
      line: { ...input.line, traces: extent.traces, samples: extent.samples, dtUs: extent.dtUs },
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
