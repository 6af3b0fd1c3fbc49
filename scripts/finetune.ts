/**
 * finetune LINE.sgy --marks MARKS.csv [--model MODEL.json] --out TUNED.json [--epochs N]   (model default: public/models/demo.json)
 *   [--synthetic-ratio R] [--lr X] [--freeze-stem] [--no-seabed-negatives]
 *   [--no-off-bsr-negatives] [--average-epochs N] [--forget-budget X (0 = no guard)] [--hold-out N] [--seed N]
 *   [--test-patches N]
 *   [--scale auto|N] [--bound-gain N] [--no-seabed-mask] [--flip-polarity | --keep-polarity] [--patch TRACES]
 *   [--select-scale]   (show the line as `classify` was told to: the same presentation flags, src/node/classify-line.ts;
 *   an automatic time scale is the period-matched one; --select-scale cuts the marked patches at the scale `classify`
 *   chooses with the base model instead, which the half-line check found worse: README, issue 18)
 *   [--marked-traces [MAX_SAMPLES]]   (read only the traces the marks need, as the app does for a file too big to hold:
 *   the presentation is planned over the whole file in streaming passes; at most MAX_SAMPLES samples, default 32 Mi)
 * Fine-tunes a model file on a line's marks in node (wasm backend, one thread), exactly as the app's
 * fine-tune panel does (core finetune/), and writes the tuned model as a new model file with its
 * provenance. Progress goes to stderr; a JSON summary is the LAST stdout line; on failure it prints
 * {"error": "..."} and exits 1 (nothing is written).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initNodeWasm } from './wasm-node';
import { SegyReader } from '../src/core/segy';
import { openFileByteSource } from '../src/node/file-byte-source';
import { loadModelFile, stringifyModelFile, type ModelFile } from '../src/core/model-file';
import {
  ALL_TRACES_FLAG,
  LINE_FLAGS,
  explainingLineErrors,
  lineChoiceFlag,
  lineSource,
  lineWarnings,
} from '../src/node/line-choice';
import {
  DEFAULT_MODEL_FILE,
  PRESENTATION_FLAGS,
  SCALE_SELECTION_FLAGS,
  scaleSelectionFlag,
  fileArg,
  presentationFlag,
  requireArgs,
  positionalArg,
  checkOutputPaths,
  readModelFileAt,
  namingFile,
  checkPatchTraces,
} from '../src/node/classify-line';
import type { LineChoice } from '../src/core/line/segy-types';
import { readRawLine, selectTimeScale } from '../src/core/classify/line-pipeline';
import {
  DEFAULT_MARK_WINDOW_SAMPLES,
  FINGERPRINT_HEADER_BYTES,
  lineFingerprint,
  readMarksForLine,
  checkEnoughMarks,
  heldOutMarks,
  runFineTune,
  resolveFineTuneSettings,
  FineTuneSettingError,
  type BigLineInput,
  type FineTuneSettings,
} from '../src/core/finetune';
import type { Section } from '../src/core/classify/section';
import { nowMs } from '../src/core/clock';
import type { PresentationOptions } from '../src/core/line/presentation';

interface Args {
  line: string;
  marks: string;
  model: string;
  out: string;
  testPatches: number;
  /** Patch width in traces, as `classify --patch` (undefined: the default). */
  patchTraces: number | undefined;
  settings: Partial<FineTuneSettings>;
  presentation: PresentationOptions;
  selectScale: boolean;
  lineChoice: LineChoice;
  allTraces: boolean;
  /** Read only the marked traces (at most this many samples); null = the whole line. */
  markedTraces: number | null;
}

/** The numeric fine-tune settings by their flags. */
const SETTING_FLAGS: Readonly<Record<string, NumericSetting>> = {
  '--epochs': 'epochs',
  '--synthetic-ratio': 'syntheticRatio',
  '--lr': 'learningRate',
  '--batch': 'batchSize',
  '--hold-out': 'holdOutEvery',
  '--seed': 'seed',
  '--average-epochs': 'averageEpochs',
  '--forget-budget': 'forgetBudget',
};
type NumericSetting = {
  [K in keyof FineTuneSettings]: FineTuneSettings[K] extends number ? K : never;
}[keyof FineTuneSettings];

function num(flag: string, v: string | undefined): number {
  const n = v === undefined ? NaN : Number(v);
  if (!Number.isFinite(n)) throw new Error(`${flag} expects a number, got ${JSON.stringify(v)}`);
  return n;
}

function parseArgs(argv: string[]): Args {
  let line: string | null = null,
    marks: string | null = null,
    model: string | null = null,
    out: string | null = null,
    testPatches = 1000,
    patchTraces: number | undefined;
  const settings: Partial<FineTuneSettings> = {};
  const presentation: PresentationOptions = {};
  let lineChoice: LineChoice = null;
  let allTraces = false;
  let selectScale = false;
  let markedTraces: number | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--marks') marks = fileArg(a, argv[++i]);
    else if (a === '--model') model = fileArg(a, argv[++i]);
    else if (a === '--out') out = fileArg(a, argv[++i]);
    // Own keys only: `in` also finds "toString" and "constructor", so a line file of that name read as a setting.
    else if (Object.hasOwn(SETTING_FLAGS, a)) settings[SETTING_FLAGS[a]!] = num(a, argv[++i]);
    else if (a === '--freeze-stem') settings.freezeStem = true;
    else if (a === '--no-seabed-negatives') settings.seabedNegatives = false;
    else if (a === '--no-off-bsr-negatives') settings.offBsrNegatives = false;
    else if (PRESENTATION_FLAGS.includes(a)) i = presentationFlag(argv, i, presentation);
    else if (SCALE_SELECTION_FLAGS.includes(a)) selectScale = scaleSelectionFlag(a);
    else if (a === '--test-patches') testPatches = num(a, argv[++i]);
    else if (a === '--marked-traces') {
      const next = argv[i + 1];
      markedTraces = next !== undefined && /^\d+$/.test(next) ? num(a, argv[++i]) : DEFAULT_MARK_WINDOW_SAMPLES;
    } else if (a === '--patch') {
      patchTraces = num(a, argv[++i]);
      checkPatchTraces(patchTraces);
    } else if (LINE_FLAGS.includes(a)) lineChoice = lineChoiceFlag(a, argv[++i]);
    else if (a === ALL_TRACES_FLAG) allTraces = true;
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else line = positionalArg(line, a, 'line');
  }
  requireArgs(
    { 'LINE.sgy': line, '--marks MARKS.csv': marks, '--out TUNED.json': out },
    'usage: finetune LINE.sgy [--inline N | --crossline N | --gather FFID] --marks MARKS.csv [--model MODEL.json] --out TUNED.json [--epochs N]',
  );
  // Refused before the line and marks are read, by the flag the user typed (the setting's name in code said it late).
  try {
    resolveFineTuneSettings(settings);
  } catch (e) {
    if (!(e instanceof FineTuneSettingError)) throw e;
    const flag = Object.entries(SETTING_FLAGS).find(([, k]) => k === e.field)?.[0] ?? e.field;
    throw new Error(`${flag} ${e.problem}`, { cause: e });
  }
  return {
    line: line as string,
    marks: marks as string,
    model: model ?? DEFAULT_MODEL_FILE,
    out: out as string,
    testPatches,
    patchTraces,
    settings,
    presentation,
    selectScale,
    lineChoice,
    allTraces,
    markedTraces,
  };
}

const r3 = (v: number | null | undefined): number | null =>
  v === null || v === undefined || !Number.isFinite(v) ? null : +v.toFixed(4);

async function main(): Promise<Record<string, unknown>> {
  const args = parseArgs(process.argv.slice(2));
  // Refused at once, not after the training (minutes at the defaults).
  await checkOutputPaths(
    [['--out', args.out]],
    [
      ['line', args.line],
      ['base model', args.model],
      ['marks file', args.marks],
    ],
  );
  await initNodeWasm();
  const baseFile = await readModelFileAt(args.model);
  const marksText = await readFile(args.marks, 'utf8');
  if (args.markedTraces !== null && args.selectScale)
    throw new Error('--select-scale needs the whole line held; it cannot be combined with --marked-traces');
  const source = await openFileByteSource(args.line);
  try {
    const fingerprint = lineFingerprint(source.size, await source.read(0, FINGERPRINT_HEADER_BYTES));
    const reader = await SegyReader.open(source);
    const lineRead = await lineSource(reader, args.lineChoice, args.allTraces);
    const traces = lineRead.source;
    const summary = await explainingLineErrors(args.line, lineRead, async () =>
      args.markedTraces === null
        ? tune(args, baseFile, marksText, fingerprint, await readRawLine(traces))
        : tune(args, baseFile, marksText, fingerprint, { source: traces, maxSamples: args.markedTraces }),
    );
    // As classify and evaluate: NaN/Inf samples read as 0 and the reader's warnings (counted once the traces are read).
    const warnings = lineWarnings(reader, lineRead);
    return warnings.length ? { ...summary, warnings } : summary;
  } finally {
    await source.close();
  }
}

/** Fine-tunes on the line (held whole, or read from the open file's marked traces) and writes the tuned model. */
async function tune(
  args: Args,
  baseFile: ModelFile,
  marksText: string,
  fingerprint: string,
  raw: Section | BigLineInput,
): Promise<Record<string, unknown>> {
  const extent =
    'source' in raw
      ? { traces: raw.source.traceCount, samples: raw.source.samplesPerTrace, dtUs: raw.source.sampleIntervalUs }
      : raw;
  const marks = namingFile(args.marks, () => {
    const read = readMarksForLine(marksText, extent, fingerprint);
    // Checked here too (the run checks them again), so "too few marks" names the file as the other refusals do.
    checkEnoughMarks(read, heldOutMarks(read, resolveFineTuneSettings(args.settings).holdOutEvery));
    return read;
  });
  // By default the marked patches are cut at the period-matched scale; `classify` with the tuned model then chooses
  // its own (it answers most strongly near the scale it was tuned at). --select-scale cuts them at the base model's
  // choice instead.
  let presentation = args.presentation;
  if (args.selectScale && !('source' in raw)) {
    const base = await loadModelFile(baseFile);
    try {
      const chosen = await selectTimeScale(base, raw, {
        presentation,
        ...(args.patchTraces === undefined ? {} : { patchTraces: args.patchTraces }),
      });
      if (chosen) presentation = { ...presentation, scale: chosen.factor };
    } finally {
      base.dispose();
    }
  }
  let last = 0;
  const t0 = nowMs();
  const run = await runFineTune(
    {
      base: baseFile,
      raw,
      marks,
      line: { fingerprint, name: basename(args.line) },
      presentation,
      settings: args.settings,
      testPatches: args.testPatches,
      ...(args.patchTraces === undefined ? {} : { patchTraces: args.patchTraces }),
    },
    {
      onProgress: (p) => {
        if (nowMs() - last > 2000 || p.step === p.totalSteps) {
          last = nowMs();
          process.stderr.write(
            `epoch ${p.epoch + 1}, step ${p.step}/${p.totalSteps}, loss ${p.loss.toFixed(3)}, acc ${p.acc.toFixed(3)}, ETA ${p.etaSeconds.toFixed(0)} s\n`,
          );
        }
      },
    },
  );
  if (!run.file) throw new Error('fine-tuning stopped before the end; nothing was written');
  await writeFile(args.out, stringifyModelFile(run.file));
  const { result, syntheticTest } = run;
  const held = result.heldOut;
  return {
    out: args.out,
    base_model: baseFile.id,
    line: fingerprint,
    marks: marks.length,
    train_marks: result.trainMarks,
    held_out_marks: result.heldOutMarks,
    train_patches: result.trainPatches,
    epochs: result.epochs,
    steps: result.steps,
    seconds: +((nowMs() - t0) / 1000).toFixed(2),
    backend: tf.getBackend(),
    held_out: held
      ? {
          patches: held.before.count,
          accuracy_before: r3(held.before.accuracy),
          accuracy_after: r3(held.after?.accuracy),
          ap_before: r3(held.before.ap),
          ap_after: r3(held.after?.ap),
        }
      : null,
    synthetic_test_accuracy: syntheticTest
      ? { before: r3(syntheticTest.before), after: r3(syntheticTest.after), patches: syntheticTest.patches }
      : null,
    forgetting_guard: result.forgetting
      ? {
          before: r3(result.forgetting.before),
          after: r3(result.forgetting.after),
          base_share: result.forgetting.baseShare,
        }
      : null,
    settings: result.settings,
    patch_traces: run.patchTraces,
    patch_samples: run.patchSamples,
    scale_factor: r3(run.scaleFactor),
    final_loss: r3(result.curve.at(-1)?.loss),
  };
}

try {
  console.log(JSON.stringify(await main()));
} catch (e) {
  console.log(JSON.stringify({ error: (e as Error).message }));
  process.exitCode = 1;
}
