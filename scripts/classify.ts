/**
 * classify FILE [--model MODEL.json] [--inline N | --crossline N | --gather FFID] [--stride 8 | --stride 8x4] [--patch 72 | --patch 72x48] [--batch 64] [--out map.csv]
 *          [--horizon-out horizon.csv] [--scale auto|N] [--bound-gain N] [--no-seabed-mask] [--flip-polarity | --keep-polarity] [--base-rate 0.05]
 *          [--seabed-context 32] [--no-select-scale] [--segy-out map.sgy] [--horizon-threshold 0.5]
 * Runs a model file's network (default: the shipped public/models/demo.json) over a SEG-Y/SU line on the wasm backend (single thread, like a
 * worker in the page) through the line pipeline (core classifyLine: presentation, seabed mask, BSR
 * horizon; src/node/classify-line.ts) and writes the BSR probability CSV (trace,time_ms,probability
 * per patch centre). --stride is TRACESxSAMPLES (one number = both); --patch is the patch width in
 * traces (default 72, DEFAULT_PATCH_TRACES; a narrower line uses all its traces), and with xSAMPLES a fixed patch
 * height (otherwise matched to the line's period). Prints
 * progress to stderr and a JSON summary as the LAST stdout line; on failure {"error": "..."}, exit 1.
 * --scale fixes the time scale (1 = as recorded), --bound-gain N widens the line's standardisation bound (default
 * 1.5, LINE_BOUND_GAIN; 1 = the seed's), --no-seabed-mask classifies above the seabed too,
 * --flip-polarity multiplies the line by -1 first (reverse-polarity data), --keep-polarity keeps it as recorded; by
 * default the line is flipped when its seabed reads negative first (the summary's flip_source says 'auto'); a 3D or prestack file needs
 * --inline N, --crossline N or --gather FFID (one line; a 2D file is the line); --horizon-out writes the
 * BSR horizon (trace,time_ms,probability per trace with a pick), tracked through patches whose own P(BSR) reaches
 * --horizon-threshold (default 0.5; a cautious model on a hard line may stay under it). --base-rate is the BSR share
 * of patches the probabilities are reported at (default 0.05; 0.5 = the network's own output, trained on half BSRs).
 * --seabed-context N averages each patch's P with the patches within N traces at the same depth below the seabed
 * (default 32, DEFAULT_SEABED_CONTEXT_TRACES; 0 = off; core classify/seabed-context.ts).
 * With an automatic time scale the line is probed at 1, 1.25, 1.5 and 1.8 times the period-matched scale and the map
 * is made at the one the network answers most strongly (core classify/scale-selection.ts; about twice the work; the
 * summary's scale_selection lists the probes); `finetune --select-scale` makes the same choice with the same model.
 * --no-select-scale keeps the matched scale.
 * --segy-out writes the map as SEG-Y on the line's own trace headers, P(BSR) at every sample (bilinear between patch
 * centres; core classify/map-segy.ts), as the app's SEG-Y download does.
 */
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { mapSegyParts, mapSegyText } from '../src/core/classify/map-segy';
import { APP_VERSION } from '../src/version';
import { initNodeWasm } from './wasm-node';
import { SegyReader } from '../src/core/segy';
import { openFileByteSource } from '../src/node/file-byte-source';
import {
  ALL_TRACES_FLAG,
  LINE_FLAGS,
  explainingLineErrors,
  lineChoiceFlag,
  lineSource,
  lineWarnings,
} from '../src/node/line-choice';
import type { LineChoice } from '../src/core/line/segy-types';
import {
  loadCliModel,
  pair,
  patchOption,
  runLineClassification,
  PRESENTATION_FLAGS,
  SCALE_SELECTION_FLAGS,
  scaleSelectionFlag,
  presentationFlag,
  openUnitOption,
  countOption,
  stderrProgress,
  requireArgs,
  fileArg,
  DEFAULT_MODEL_FILE,
  positionalArg,
  checkOutputPaths,
} from '../src/node/classify-line';
import type { PresentationOptions } from '../src/core/line/presentation';

interface Args {
  file: string;
  model: string;
  out: string | null;
  horizonOut: string | null;
  segyOut: string | null;
  stride: [number, number];
  patch: [number | null, number | null];
  batch: number;
  presentation: PresentationOptions;
  bsrBaseRate: number | undefined;
  horizonThreshold: number | undefined;
  seabedContextTraces: number | undefined;
  selectScale: boolean;
  line: LineChoice;
  allTraces: boolean;
}

function parseArgs(argv: string[]): Args {
  let file: string | null = null,
    model: string | null = null,
    out: string | null = null,
    horizonOut: string | null = null,
    segyOut: string | null = null;
  const presentation: PresentationOptions = {};
  let bsrBaseRate: number | undefined, horizonThreshold: number | undefined;
  let seabedContextTraces: number | undefined;
  let selectScale = true;
  let line: LineChoice = null;
  let allTraces = false;
  let stride: [number, number] = [8, 8],
    patch: [number | null, number | null] = [null, null],
    batch = 64;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--model') model = fileArg(a, argv[++i]);
    else if (a === '--out') out = fileArg(a, argv[++i]);
    else if (a === '--stride') stride = pair(a, argv[++i]);
    else if (a === '--patch') patch = patchOption(argv[++i]);
    else if (a === '--batch') batch = pair(a, argv[++i])[0];
    else if (a === '--horizon-out') horizonOut = fileArg(a, argv[++i]);
    else if (a === '--segy-out') segyOut = fileArg(a, argv[++i]);
    else if (PRESENTATION_FLAGS.includes(a)) i = presentationFlag(argv, i, presentation);
    else if (a === '--base-rate') bsrBaseRate = openUnitOption(a, argv[++i]);
    else if (a === '--horizon-threshold') horizonThreshold = openUnitOption(a, argv[++i]);
    else if (a === '--seabed-context') seabedContextTraces = countOption(a, argv[++i]);
    else if (SCALE_SELECTION_FLAGS.includes(a)) selectScale = scaleSelectionFlag(a);
    else if (LINE_FLAGS.includes(a)) line = lineChoiceFlag(a, argv[++i]);
    else if (a === ALL_TRACES_FLAG) allTraces = true;
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else file = positionalArg(file, a, 'line');
  }
  requireArgs(
    { FILE: file },
    'usage: classify FILE [--model MODEL.json] [--inline N | --crossline N | --gather FFID] [--stride 8] [--patch 72[xSAMPLES]] [--out map.csv]',
  );
  return {
    file: file as string,
    model: model ?? DEFAULT_MODEL_FILE,
    out,
    horizonOut,
    segyOut,
    stride,
    patch,
    batch,
    presentation,
    bsrBaseRate,
    horizonThreshold,
    seabedContextTraces,
    selectScale,
    line,
    allTraces,
  };
}

async function main(): Promise<Record<string, unknown>> {
  const args = parseArgs(process.argv.slice(2));
  await checkOutputPaths(
    [
      ['--out', args.out],
      ['--horizon-out', args.horizonOut],
      ['--segy-out', args.segyOut],
    ],
    [
      ['line', args.file],
      ['model', args.model],
    ],
  );
  await initNodeWasm();
  const loaded = await loadCliModel(args.model);
  const { model, id, name, weights } = loaded;
  const source = await openFileByteSource(args.file);
  try {
    const reader = await SegyReader.open(source);
    const lineRead = await lineSource(reader, args.line, args.allTraces);
    const { source: traces, line, delaySamples, delayMs, headersOf } = lineRead;
    // The seabed multiple's time counts from the shot: the recording delay places it on the line.
    args.presentation.delaySamples ??= delaySamples;
    const run = await explainingLineErrors(args.file, lineRead, () =>
      runLineClassification(loaded, traces, {
        stride: args.stride,
        patch: args.patch,
        batch: args.batch,
        presentation: args.presentation,
        bsrBaseRate: args.bsrBaseRate,
        horizonThreshold: args.horizonThreshold,
        seabedContextTraces: args.seabedContextTraces,
        selectScale: args.selectScale,
        onProgress: stderrProgress(),
      }),
    );
    if (args.out) await writeFile(args.out, run.csv);
    if (args.horizonOut) await writeFile(args.horizonOut, run.horizonCsv);
    if (args.segyOut) {
      const shape = {
        traces: traces.traceCount,
        samples: traces.samplesPerTrace,
        dtUs: traces.sampleIntervalUs,
        delayMs,
      };
      const text = mapSegyText({
        line: `${basename(args.file)} - ${line}`,
        // As the app: the model by its name, with its id.
        model: name ?? basename(args.model),
        modelId: id,
        appVersion: APP_VERSION,
        map: run.map,
        dtUs: shape.dtUs,
      });
      await writeFile(args.segyOut, Buffer.concat(await mapSegyParts(run.map, shape, headersOf, text)));
    }
    const warnings = lineWarnings(reader, lineRead);
    return {
      ...run.summary,
      line,
      // time_ms counts from the first sample: the recording delay is not in it (as the truth files' samples are not).
      delay_ms: delayMs,
      ...(warnings.length ? { warnings } : {}),
      model: id,
      // The id names the network; a model tuned from another shares it, its weights do not.
      model_weights: weights,
      out: args.out,
      horizon_out: args.horizonOut,
      segy_out: args.segyOut,
    };
  } finally {
    model.dispose();
    await source.close();
  }
}

try {
  console.log(JSON.stringify(await main()));
} catch (e) {
  console.log(JSON.stringify({ error: (e as Error).message }));
  process.exitCode = 1;
}
