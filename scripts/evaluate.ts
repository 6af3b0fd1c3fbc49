/**
 * Scores a model's BSR map on lines with a known BSR, the way shipped models are scored.
 *   npm run --silent evaluate -- LINE.sgy --truth PICKS.csv|TRUTH.json [--model MODEL.json] [--stride 8]
 *   npm run --silent evaluate -- LINE.sgy --truth PICKS.csv|TRUTH.json --map MAP.csv     (score a map CSV)
 *   npm run --silent evaluate -- --suite [--model M]... [--only ID,ID]                 (fixed set, in memory)
 * The map comes from the classify CLI's own code path (src/node/classify-line.ts). Per line it prints
 * one JSON object: auc, ap (patch centres within 16 samples of the BSR pick positive, beyond 32
 * negative), positives, negatives, false_alarm_share (share of patches with P > 0.5) and, when the
 * pipeline returns a horizon, horizon precision/recall/F1 (picks with confidence >= --min-confidence, default the
 * horizon's own threshold --horizon-threshold, 0.5, within --tolerance samples, default 8). --suite runs
 * FIXED_EVALUATION_SET (default model public/models/demo.json): one row per line, then per model {model, mean_auc, mean_ap over the BSR
 * lines, max_false_alarm_share over the BSR-free lines}, last. Bad input: {"error"} last, exit 1.
 * Options as in classify: --patch TRACES[xSAMPLES] (default width 72), --batch 64, --base-rate R (default 0.05),
 * --seabed-context N (default 32) and the presentation flags (--scale auto|N, --bound-gain N, --no-seabed-mask,
 * --flip-polarity | --keep-polarity) and --no-select-scale, so a line is scored as classify shows it.
 */
import { readFile } from 'node:fs/promises';
import { basename, relative } from 'node:path';
import { initNodeWasm } from './wasm-node';
import { SegyReader } from '../src/core/segy';
import { openFileByteSource } from '../src/node/file-byte-source';
import { sectionTraceSource, type TraceSource } from '../src/core/classify';
import { DEFAULT_HORIZON_THRESHOLD } from '../src/core/classify/horizon';
import {
  ALL_TRACES_FLAG,
  LINE_FLAGS,
  explainingLineErrors,
  lineChoiceFlag,
  lineSource,
  lineWarnings,
} from '../src/node/line-choice';
import type { LineChoice } from '../src/core/line/segy-types';
import { FINGERPRINT_HEADER_BYTES, lineFingerprint } from '../src/core/finetune/fingerprint';
import {
  FIXED_EVALUATION_SET,
  buildTestLine,
  checkTruthShape,
  evaluationLine,
  isBsrFree,
  parseMapCsv,
  parsePicksCsv,
  parseTruthJson,
  checkTruthLine,
  picksLine,
  picksToTruth,
  rowsOffTheLine,
  scoreHorizon,
  scoreMap,
  type LineTruth,
  type MapRow,
  type HorizonPick,
} from '../src/core/evaluate';
import {
  loadCliModel,
  pair,
  patchOption,
  PRESENTATION_FLAGS,
  SCALE_SELECTION_FLAGS,
  scaleSelectionFlag,
  presentationFlag,
  openUnitOption,
  countOption,
  runLineClassification,
  stderrProgress,
  fileArg,
  requireArgs,
  DEFAULT_MODEL_FILE,
  type LineRunOptions,
  positionalArg,
} from '../src/node/classify-line';
import type * as tf from '@tensorflow/tfjs';

interface Args {
  line: string | null;
  truth: string | null;
  models: string[];
  map: string | null;
  suite: boolean;
  only: string[] | null;
  run: LineRunOptions;
  tolerance: number;
  /** Null: the horizon's own threshold (--horizon-threshold, default 0.5) counts every pick. */
  minConfidence: number | null;
  lineChoice: LineChoice;
  allTraces: boolean;
}

function num(flag: string, v: string | undefined): number {
  const x = v === undefined ? NaN : Number(v);
  if (!Number.isFinite(x) || x < 0) throw new Error(`${flag} expects a number >= 0, got ${JSON.stringify(v)}`);
  return x;
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    line: null,
    truth: null,
    models: [],
    map: null,
    suite: false,
    only: null,
    run: { stride: [8, 8], patch: [null, null], batch: 64 },
    tolerance: 8,
    minConfidence: null,
    lineChoice: null,
    allTraces: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i] as string;
    if (x === '--truth') a.truth = fileArg(x, argv[++i]);
    else if (x === '--model') a.models.push(fileArg(x, argv[++i]));
    else if (x === '--map') a.map = fileArg(x, argv[++i]);
    else if (x === '--suite') a.suite = true;
    else if (x === '--only') {
      a.only = (argv[++i] ?? '').split(',').filter((s) => s !== '');
      // "--only ," scored no line and printed null means with exit 0.
      if (a.only.length === 0) throw new Error('--only expects test line ids, comma-separated (e.g. bsr-r30-4ms)');
    } else if (x === '--stride') a.run.stride = pair(x, argv[++i]);
    else if (x === '--patch') a.run.patch = patchOption(argv[++i]);
    else if (x === '--batch') a.run.batch = pair(x, argv[++i])[0];
    else if (PRESENTATION_FLAGS.includes(x)) i = presentationFlag(argv, i, (a.run.presentation ??= {}));
    else if (x === '--base-rate') a.run.bsrBaseRate = openUnitOption(x, argv[++i]);
    else if (x === '--horizon-threshold') a.run.horizonThreshold = openUnitOption(x, argv[++i]);
    else if (x === '--seabed-context') a.run.seabedContextTraces = countOption(x, argv[++i]);
    else if (SCALE_SELECTION_FLAGS.includes(x)) a.run.selectScale = scaleSelectionFlag(x);
    else if (x === '--tolerance') a.tolerance = num(x, argv[++i]);
    else if (x === '--min-confidence') a.minConfidence = num(x, argv[++i]);
    else if (LINE_FLAGS.includes(x)) a.lineChoice = lineChoiceFlag(x, argv[++i]);
    else if (x === ALL_TRACES_FLAG) a.allTraces = true;
    else if (x.startsWith('--')) throw new Error(`unknown option ${x}`);
    else a.line = positionalArg(a.line, x, 'line');
  }
  const usage =
    'usage: evaluate LINE.sgy --truth PICKS.csv|TRUTH.json [--model MODEL.json | --map MAP.csv] [--inline N | --crossline N | --gather FFID] [--stride 8], or evaluate --suite [--model MODEL.json]...';
  if (a.suite) {
    if (a.line || a.truth || a.map) throw new Error(`--suite takes no line, --truth or --map; ${usage}`);
  } else {
    requireArgs({ 'LINE.sgy': a.line, '--truth PICKS.csv|TRUTH.json': a.truth }, usage);
    if (a.models.length > (a.map === null ? 1 : 0)) throw new Error(`give one --model or one --map; ${usage}`);
  }
  // Without --map, the shipped default model scores the line(s).
  if (a.map === null && a.models.length === 0) a.models.push(relative(process.cwd(), DEFAULT_MODEL_FILE));
  return a;
}

const r4 = (v: number | null): number | null => (v === null ? null : +v.toFixed(4));

/** A map has a grid of patch centres, several per trace; a horizon at most one per trace. */
function looksLikeHorizon(rows: readonly MapRow[]): boolean {
  if (rows.length < 2) return false;
  const traces = new Set(rows.map((r) => r.trace));
  return traces.size === rows.length;
}

/** The per-line JSON row. */
function lineRow(
  id: string,
  model: string,
  truth: LineTruth,
  rows: MapRow[],
  horizon: HorizonPick[] | null,
  a: Args,
): Record<string, unknown> {
  const s = scoreMap(rows, truth);
  const off = rowsOffTheLine(rows, truth);
  const warnings = [
    // Left out as the reference scorer leaves them, but said: a map of another line has rows off this one.
    off > 0
      ? `${off} of ${rows.length} map rows lie off the line (traces 0–${truth.traces - 1}, samples 0–${truth.samples - 1}): is the map of another line?`
      : '',
    // A BSR horizon CSV has a map's header but one row per trace, every one a pick (it scored false alarms of 1).
    looksLikeHorizon(rows)
      ? 'every trace has one row at most: is this a BSR horizon CSV (classify --horizon-out) rather than a map (--out)?'
      : '',
  ].filter(Boolean);
  const row: Record<string, unknown> = {
    line: id,
    model,
    bsr_free: isBsrFree(truth),
    bsr_traces: truth.bsrSample.filter((b) => b !== null).length,
    auc: r4(s.auc),
    ap: r4(s.ap),
    positives: s.positives,
    negatives: s.negatives,
    ignored: s.ignored,
    ...(warnings.length ? { warning: warnings.join('; ') } : {}),
    rows: s.rows,
    false_alarm_share: r4(s.false_alarm_share),
  };
  if (horizon) {
    const threshold = a.run.horizonThreshold ?? DEFAULT_HORIZON_THRESHOLD;
    const h = scoreHorizon(horizon, truth, { tolerance: a.tolerance, minConfidence: a.minConfidence ?? threshold });
    Object.assign(row, {
      horizon_threshold: threshold,
      horizon_precision: r4(h.precision),
      horizon_recall: r4(h.recall),
      horizon_f1: r4(h.f1),
      horizon_picked_share: r4(h.picked_share),
    });
  }
  return row;
}

/** Truth of the file `path` for a line of this shape: .json = truth JSON, otherwise a picks CSV. */
async function readTruth(
  path: string,
  src: TraceSource,
  line: { fingerprint: string; name: string },
): Promise<LineTruth> {
  const text = await readFile(path, 'utf8'),
    name = basename(path);
  const shape = { traces: src.traceCount, samples: src.samplesPerTrace, dtUs: src.sampleIntervalUs };
  if (path.toLowerCase().endsWith('.json')) {
    const t = parseTruthJson(text, name);
    checkTruthLine(t.line, line.fingerprint, name, line.name);
    checkTruthShape(t, shape, name);
    return t;
  }
  checkTruthLine(picksLine(text), line.fingerprint, name, line.name);
  return picksToTruth(parsePicksCsv(text, shape.dtUs, name), shape, name);
}

async function oneLine(a: Args): Promise<Record<string, unknown>> {
  const source = await openFileByteSource(a.line!);
  try {
    const reader = await SegyReader.open(source);
    const lineRead = await lineSource(reader, a.lineChoice, a.allTraces);
    const src = lineRead.source;
    const fingerprint = lineFingerprint(source.size, await source.read(0, FINGERPRINT_HEADER_BYTES));
    const truth = await readTruth(a.truth!, src, { fingerprint, name: basename(a.line!) });
    if (a.map !== null)
      return lineRow(
        basename(a.line!),
        basename(a.map),
        truth,
        parseMapCsv(await readFile(a.map, 'utf8'), basename(a.map)),
        null,
        a,
      );
    await initNodeWasm();
    const loaded = await loadCliModel(a.models[0]!);
    const { model, id, weights } = loaded;
    try {
      const run = await explainingLineErrors(a.line!, lineRead, () =>
        runLineClassification(loaded, src, { ...a.run, onProgress: stderrProgress() }),
      );
      const warnings = lineWarnings(reader, lineRead);
      return {
        ...lineRow(basename(a.line!), id, truth, run.rows, run.horizon, a),
        model_weights: weights, // a tuned model shares its base's id (the network's), not its weights
        ...(warnings.length ? { warnings } : {}),
        patches_per_s: run.summary.patches_per_s,
        patch: run.summary.patch,
        masked: run.summary.masked,
        presentation: run.summary.presentation,
        scale_selection: run.summary.scale_selection, // absent from the JSON when the selection did not run
      };
    } finally {
      model.dispose();
    }
  } finally {
    await source.close();
  }
}

const mean = (xs: number[]): number | null => (xs.length === 0 ? null : xs.reduce((s, x) => s + x, 0) / xs.length);

async function suite(a: Args): Promise<Record<string, unknown>> {
  const specs = a.only ? a.only.map(evaluationLine) : FIXED_EVALUATION_SET;
  await initNodeWasm();
  const summaries: Record<string, unknown>[] = [];
  for (const path of a.models) {
    let model: tf.LayersModel | null = null;
    try {
      const loaded = await loadCliModel(path);
      model = loaded.model;
      const rows: Record<string, unknown>[] = [];
      let seconds = 0;
      for (const spec of specs) {
        const { section, truth } = buildTestLine(spec.options);
        const run = await runLineClassification(loaded, sectionTraceSource(section), a.run);
        seconds += run.summary.seconds;
        const { scale_factor, polarity, seabed } = run.summary.presentation;
        const row = {
          ...lineRow(spec.id, loaded.id, truth, run.rows, run.horizon, a),
          patches_per_s: run.summary.patches_per_s,
          patch: run.summary.patch,
          scale_factor,
          polarity,
          seabed,
          scale_selection: run.summary.scale_selection, // absent from the JSON when the selection did not run
        };
        console.log(JSON.stringify(row));
        rows.push(row);
      }
      const bsr = rows.filter((r) => !r['bsr_free']),
        free = rows.filter((r) => r['bsr_free']);
      const nums = (rs: Record<string, unknown>[], k: string) =>
        rs.map((r) => r[k]).filter((v): v is number => typeof v === 'number');
      const fa = nums(free, 'false_alarm_share');
      const summary: Record<string, unknown> = {
        model: loaded.id,
        model_weights: loaded.weights,
        file: path,
        lines: rows.length,
        bsr_lines: bsr.length,
        bsr_free_lines: free.length,
        mean_auc: r4(mean(nums(bsr, 'auc'))),
        mean_ap: r4(mean(nums(bsr, 'ap'))),
        max_false_alarm_share: fa.length ? Math.max(...fa) : null,
        classify_seconds: +seconds.toFixed(1),
      };
      if (bsr.some((r) => 'horizon_f1' in r)) summary['mean_horizon_f1'] = r4(mean(nums(bsr, 'horizon_f1')));
      summaries.push(summary);
      if (a.models.length > 1) console.log(JSON.stringify(summary));
    } finally {
      model?.dispose();
    }
  }
  return a.models.length > 1 ? { summaries } : summaries[0]!;
}

try {
  const args = parseArgs(process.argv.slice(2));
  console.log(JSON.stringify(args.suite ? await suite(args) : await oneLine(args)));
} catch (e) {
  console.log(JSON.stringify({ error: (e as Error).message }));
  process.exitCode = 1;
}
