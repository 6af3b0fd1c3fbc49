/**
 * The one code path from a line to its BSR probability map in node, shared by the classify and
 * evaluate CLIs so that evaluate scores exactly what classify writes: core classifyLine (present
 * the line, slide the model, mask above the seabed, pick the BSR horizon), then the CSV; the map
 * rows evaluate scores are read back from that very CSV text (the rounding included), as the
 * external scorer reads the file.
 */
import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { mapToCsv, type ProbabilityMap, type TraceSource } from '../core/classify';
import { classifyLine, presentationSummary } from '../core/classify/line-pipeline';
import { MIN_PATCH_TRACES, centreSpan, type PatchGrid } from '../core/classify/grid';
import { selectsScaleFor } from '../core/classify/scale-selection';
import { horizonToCsv } from '../core/classify/horizon';
import { seabedMarginFor, type PresentationOptions, type SeabedMargin } from '../core/line/presentation';
import { parseMapCsv, type HorizonPick, type MapRow } from '../core/evaluate';
import { loadModelFile, parseModelFile, type ModelFile } from '../core/model-file';
import { fnv1a64 } from '../core/model/hash';
import { nowMs } from '../core/clock';

/** Grid and batching of a CLI run (TRACES x SAMPLES pairs). */
export interface LineRunOptions {
  stride: [number, number];
  /**
   * Patch width in traces or null for the pipeline's default width (defaultPatchTraces), and height in samples or
   * null for the pipeline's automatic height (scale matching).
   */
  patch: [number | null, number | null];
  batch: number;
  /** Seabed mask, polarity flip, time scale (a fixed patch height overrides the scale). */
  presentation?: PresentationOptions;
  /** BSR base rate the probabilities are reported at (default: the pipeline's). */
  bsrBaseRate?: number;
  /** Half-width in traces of the averaging along the seabed (default: the pipeline's). */
  seabedContextTraces?: number;
  /** Choose the time scale by the network's response (core classify/scale-selection.ts; default: the pipeline's, on). */
  selectScale?: boolean;
  /** P(BSR) the horizon must reach (default: the pipeline's, 0.5). */
  horizonThreshold?: number;
  onProgress?: (done: number, total: number, patchesPerS: number) => void;
}

/** What a run gives: the CSV the classify CLI writes, its rows, a horizon when the pipeline picks one, a summary. */
export interface LineRun {
  /** The map itself (what the CSV lists; the SEG-Y export samples it). */
  map: ProbabilityMap;
  csv: string;
  /** CSV `trace,time_ms,probability` of the BSR horizon (core horizonToCsv). */
  horizonCsv: string;
  rows: MapRow[];
  /** One pick per trace (sample null where the pipeline kept none; confidence = its probability). */
  horizon: HorizonPick[] | null;
  summary: {
    patches: number;
    seconds: number;
    patches_per_s: number;
    backend: string;
    traces: number;
    samples: number;
    stride: number | [number, number];
    patch: [number, number];
    grid: [number, number];
    /**
     * First and last patch centres, in the CSV's units: beyond them the map has no value (a patch lies wholly within
     * the line, so about half a patch at each end and above the bottom), e.g. a BSR just above a window's bottom.
     */
    map_extent: { first_trace: number; last_trace: number; first: number; last: number; unit: 'ms' | 'sample' };
    masked: number;
    bsr_base_rate: number;
    /** Half-width of the averaging along the seabed, traces (0 = off). */
    seabed_context_traces: number;
    /** P(BSR) the horizon was tracked at. */
    horizon_threshold: number;
    horizon_traces: number;
    /**
     * What the time-scale selection probed (only when it ran): the matched factor, the probed factors, their
     * responses, and the patches the probes classified (counted in patches_per_s).
     */
    scale_selection?: {
      matched_factor: number;
      factors: number[];
      responses: (number | null)[];
      probe_patches: number;
    };
    presentation: Record<string, unknown>;
    /** Present when the time-scale selection was asked for but the model was fine-tuned at the matched scale. */
    matched_scale_kept?: true;
  };
}

/** The summary's map_extent: the span of patch centres in the map CSV's own units (ms, or samples without an interval). */
function mapExtent(grid: PatchGrid, dtUs: number): LineRun['summary']['map_extent'] {
  const span = centreSpan(grid);
  const t = (sample: number): number => (dtUs > 0 ? +((sample * dtUs) / 1000).toFixed(3) : sample);
  return {
    first_trace: span.firstTrace,
    last_trace: span.lastTrace,
    first: t(span.firstSample),
    last: t(span.lastSample),
    unit: dtUs > 0 ? 'ms' : 'sample',
  };
}

/** "48x32" -> [48, 32]; "16" -> [16, 16]; `flag` names the option in the message. Both at least 1. */
export function pair(flag: string, v: string | undefined): [number, number] {
  const m = v === undefined ? null : /^(\d+)(?:x(\d+))?$/.exec(v);
  const a = Number(m?.[1]);
  const b = m?.[2] === undefined ? a : Number(m[2]);
  if (!m || !(a >= 1 && b >= 1))
    throw new Error(
      `${flag} expects N or TRACESxSAMPLES (whole numbers from 1), got ${v === undefined ? 'nothing' : JSON.stringify(v)}`,
    );
  return [a, b];
}

/**
 * The one positional argument (the line): an argument starting with "-" is an option this command does not know, and
 * a second one is refused (it silently replaced the first, and "-o m.csv" read the output's name as the line).
 */
export function positionalArg(current: string | null, a: string, what: string): string {
  if (a.startsWith('-') && a !== '-') throw new Error(`unknown option ${a}`);
  if (current !== null) throw new Error(`one ${what} at a time; got a second one, ${a} (after ${current})`);
  return a;
}

/**
 * Refuses at once an output path that could not be written (a folder that does not exist, or a folder as the file):
 * otherwise the error came after the whole classification or fine-tuning.
 */
async function checkOutputPath(flag: string, path: string | null): Promise<void> {
  if (path === null) return;
  const dir = dirname(resolve(path));
  const dirStat = await stat(dir).catch(() => null);
  if (!dirStat?.isDirectory()) throw new Error(`${flag} ${path}: the folder ${dir} does not exist`);
  const fileStat = await stat(path).catch(() => null);
  if (fileStat?.isDirectory()) throw new Error(`${flag} ${path}: that is a folder; give a file name`);
  await access(dir, constants.W_OK).catch(() => {
    throw new Error(`${flag} ${path}: the folder ${dir} cannot be written to`);
  });
}

/** The file a path names: the same (device, inode) when it exists, else the resolved path. */
async function fileIdentity(path: string): Promise<string> {
  const st = await stat(path).catch(() => null);
  return st ? `${st.dev}:${st.ino}` : resolve(path);
}

/**
 * Every output checked as {@link checkOutputPath} does, and refused at once when it names one of the inputs (the line,
 * the model, the marks: writing the map over the line destroyed it) or the same file as another output (the horizon
 * replaced the map). Links and other spellings of one file count as that file.
 */
export async function checkOutputPaths(
  outputs: ReadonlyArray<readonly [string, string | null]>,
  inputs: ReadonlyArray<readonly [string, string | null]>,
): Promise<void> {
  const seen = new Map<string, string>();
  for (const [what, path] of inputs) if (path !== null) seen.set(await fileIdentity(path), `the ${what} (${path})`);
  for (const [flag, path] of outputs) {
    if (path === null) continue;
    await checkOutputPath(flag, path);
    const id = await fileIdentity(path);
    const taken = seen.get(id);
    if (taken) throw new Error(`${flag} ${path} is ${taken}: it would be overwritten; give another file name`);
    seen.set(id, `the file of ${flag}`);
  }
}

/** A flag's value as a finite number > 0, or null. */
function positiveNumber(v: string | undefined): number | null {
  const f = Number(v);
  return v !== undefined && Number.isFinite(f) && f > 0 ? f : null;
}

/** A flag's value as a whole number >= 0 (`flag` names the option in the message). */
export function countOption(flag: string, v: string | undefined): number {
  const n = Number(v);
  if (v === undefined || v.trim() === '' || !Number.isInteger(n) || n < 0)
    throw new Error(`${flag} expects a whole number >= 0, got ${JSON.stringify(v)}`);
  return n;
}

/** --scale: 'auto' (match the line's period) or a positive factor. */
export function scaleOption(v: string | undefined): 'auto' | number {
  if (v === 'auto') return 'auto';
  const f = positiveNumber(v);
  if (f === null) throw new Error(`--scale expects auto or a positive number, got ${JSON.stringify(v)}`);
  return f;
}

/** A flag's positive number (e.g. --bound-gain 1.5). */
export function positiveOption(flag: string, v: string | undefined): number {
  const f = positiveNumber(v);
  if (f === null) throw new Error(`${flag} expects a positive number, got ${JSON.stringify(v)}`);
  return f;
}

/** A flag's share or probability strictly between 0 and 1 (e.g. --base-rate 0.05, --horizon-threshold 0.2). */
export function openUnitOption(flag: string, v: string | undefined): number {
  const f = Number(v);
  if (!(v !== undefined && f > 0 && f < 1))
    throw new Error(`${flag} expects a number between 0 and 1, got ${JSON.stringify(v)}`);
  return f;
}

/**
 * The time-scale selection flags classify, evaluate and finetune share (core classify/scale-selection.ts). classify
 * and evaluate select by default (--no-select-scale keeps the period-matched scale; --select-scale is accepted);
 * finetune cuts the marked patches at the matched scale unless given --select-scale.
 */
export const SCALE_SELECTION_FLAGS: readonly string[] = ['--select-scale', '--no-select-scale'];

/** Whether a SCALE_SELECTION_FLAGS flag turns the selection on. */
export function scaleSelectionFlag(flag: string): boolean {
  return flag === '--select-scale';
}

/** The presentation flags classify, evaluate and finetune share, so a line is scored and tuned as it was classified. */
export const PRESENTATION_FLAGS: readonly string[] = [
  '--scale',
  '--bound-gain',
  '--no-seabed-mask',
  '--flip-polarity',
  '--keep-polarity',
];

/**
 * Reads the presentation flag at argv[i] into `into` and returns the index of its last argument (i, or i + 1 for a
 * flag with a value); -1 when argv[i] is not a presentation flag. --flip-polarity and --keep-polarity together are
 * refused rather than letting the later one win silently.
 */
export function presentationFlag(argv: readonly string[], i: number, into: PresentationOptions): number {
  const a = argv[i];
  switch (a) {
    case '--scale':
      into.scale = scaleOption(argv[i + 1]);
      return i + 1;
    case '--bound-gain':
      into.boundGain = positiveOption(a, argv[i + 1]);
      return i + 1;
    case '--no-seabed-mask':
      into.seabed = 'off';
      return i;
    case '--flip-polarity':
    case '--keep-polarity': {
      const flip = a === '--flip-polarity';
      if (typeof into.flipPolarity === 'boolean' && into.flipPolarity !== flip)
        throw new Error('give --flip-polarity or --keep-polarity, not both');
      into.flipPolarity = flip;
      return i;
    }
    default:
      return -1;
  }
}

/** --patch: "48" = 48 traces wide, height automatic; "48x64" = 64 samples tall (time scale 64/48). */
export function patchOption(v: string | undefined): [number, number | null] {
  const m = v === undefined ? null : /^(\d+)(?:x(\d+))?$/.exec(v);
  if (!m) throw new Error(`--patch expects TRACES or TRACESxSAMPLES, got ${JSON.stringify(v)}`);
  const traces = Number(m[1]);
  const samples = m[2] === undefined ? null : Number(m[2]);
  checkPatchTraces(traces);
  if (samples !== null && samples < 1) throw new Error(`--patch: the samples must be at least 1, got ${samples}`);
  return [traces, samples];
}

/**
 * As the app refuses it: the network sees MIN_PATCH_TRACES traces side by side, and a narrower patch would be
 * stretched sideways to fill them, flattening every dip (a silent wrong answer; `--patch 2` ran).
 */
export function checkPatchTraces(traces: number): void {
  if (!(Number.isInteger(traces) && traces >= MIN_PATCH_TRACES))
    throw new Error(
      `--patch must be at least ${MIN_PATCH_TRACES} traces, the network's width (got ${traces}; fewer would stretch the traces sideways)`,
    );
}

/** The shipped default model, found from this module so the CLIs run the same from any directory. */
export const DEFAULT_MODEL_FILE = fileURLToPath(new URL('../../public/models/demo.json', import.meta.url));

/** Throws "missing A, B; usage: …" naming every argument of `given` that is absent or empty. */
export function requireArgs(given: Record<string, string | null>, usage: string): void {
  const missing = Object.entries(given)
    .filter(([, v]) => !v)
    .map(([name]) => name);
  if (missing.length > 0) throw new Error(`missing ${missing.join(', ')}; ${usage}`);
}

/** The value of a file option such as --model; throws when it is missing. */
export function fileArg(flag: string, value: string | undefined): string {
  if (!value || value.startsWith('--')) throw new Error(`${flag} expects a file`);
  return value;
}

/** A model file loaded for the CLIs: the network, its names, and the seabed mask its training data asks for. */
export interface CliModel {
  model: tf.LayersModel;
  id: string;
  name: string | undefined;
  weights: string;
  /** How far below the seabed its maps are masked (core line/presentation seabedMarginFor). */
  seabedMargin: SeabedMargin;
  /** Whether its maps may choose their time scale (core classify/scale-selection selectsScaleFor). */
  selectsScale: boolean;
}

/** A model file loaded for a CLI; dispose the model after use. */
export async function loadCliModel(path: string): Promise<CliModel> {
  const file = await readModelFileAt(path);
  return {
    model: await loadModelFile(file),
    id: file.id,
    name: file.name,
    weights: modelWeightsDigest(file),
    seabedMargin: seabedMarginFor(file.training.generatorProfile),
    selectsScale: selectsScaleFor(file.provenance),
  };
}

/** The model file at `path`, parsed; a refusal names the file ("model file: …" alone did not say which). */
export async function readModelFileAt(path: string): Promise<ModelFile> {
  const text = await readFile(path, 'utf8');
  return namingFile(path, () => parseModelFile(text));
}

/** `read()`, a refusal prefixed with the name of the file it read ("marks: …" alone did not say which). */
export function namingFile<T>(path: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    throw new Error(`${basename(path)}: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * A short digest of a model file's weights. The file's id names its network (the spec), so a model fine-tuned from
 * another shares it; summaries give this beside it so scripted results tell the base from the tuned model.
 */
export function modelWeightsDigest(file: ModelFile): string {
  return `w-${fnv1a64(file.weightData)}`;
}

/** Progress lines on stderr, at most one per 2 s plus the last. */
export function stderrProgress(): (done: number, total: number, rate: number) => void {
  let last = 0;
  return (done, total, rate) => {
    if (nowMs() - last > 2000 || done === total) {
      last = nowMs();
      process.stderr.write(`${done}/${total} patches, ${rate.toFixed(1)} patches/s\n`);
    }
  };
}

/**
 * Classifies the line of `source` with `model` (the wasm backend must be started). A given patch
 * height fixes the time scale (height / 48); without one the pipeline matches the line's period.
 */
export async function runLineClassification(
  { model, seabedMargin, selectsScale = true }: Pick<CliModel, 'model' | 'seabedMargin'> & { selectsScale?: boolean },
  source: TraceSource,
  o: LineRunOptions,
): Promise<LineRun> {
  const t0 = nowMs();
  const [patchTraces, patchSamples] = o.patch;
  const r = await classifyLine(
    model,
    source,
    {
      ...(patchTraces === null ? {} : { patchTraces }),
      strideTraces: o.stride[0],
      strideSamples: o.stride[1],
      batchSize: o.batch,
      presentation: {
        seabedMargin,
        ...o.presentation,
        ...(patchSamples === null ? {} : { scale: patchSamples / 48 }),
      },
      bsrBaseRate: o.bsrBaseRate,
      seabedContextTraces: o.seabedContextTraces,
      selectScale: o.selectScale,
      modelKeepsMatchedScale: !selectsScale,
      horizonThreshold: o.horizonThreshold,
    },
    { onProgress: o.onProgress },
  );
  const seconds = (nowMs() - t0) / 1000;
  const { map, section, horizon } = r;
  // The network's throughput counts the time-scale probes' patches too: they ran in `seconds`.
  const networkPatches = map.done + (r.scaleSelection?.probePatches ?? 0);
  const csv = mapToCsv(map, section.dtUs);
  const horizonCsv = horizonToCsv(horizon, section.dtUs);
  const picks: HorizonPick[] = Array.from(horizon.samples, (s, t) => ({
    sample: Number.isNaN(s) ? null : s,
    confidence: horizon.probability[t]!,
  }));
  return {
    map,
    csv,
    horizonCsv,
    rows: parseMapCsv(csv, 'map'),
    horizon: picks,
    summary: {
      patches: map.done,
      seconds: +seconds.toFixed(3),
      patches_per_s: +(networkPatches / seconds).toFixed(2),
      backend: tf.getBackend(),
      traces: section.traces,
      samples: section.samples,
      stride: o.stride[0] === o.stride[1] ? o.stride[0] : o.stride,
      patch: [map.grid.patchTraces, map.grid.patchSamples],
      grid: [map.grid.cols, map.grid.rows],
      map_extent: mapExtent(map.grid, section.dtUs),
      masked: r.masked,
      bsr_base_rate: r.bsrBaseRate,
      seabed_context_traces: r.seabedContextTraces,
      horizon_threshold: horizon.minProbability,
      horizon_traces: picks.filter((p) => p.sample !== null).length,
      ...(r.scaleSelection && {
        scale_selection: {
          matched_factor: +r.scaleSelection.autoFactor.toFixed(3),
          factors: r.scaleSelection.factors.map((f) => +f.toFixed(3)),
          responses: r.scaleSelection.responses.map((v) => (Number.isNaN(v) ? null : +v.toFixed(4))),
          probe_patches: r.scaleSelection.probePatches,
        },
      }),
      presentation: presentationSummary(r.presentation),
      ...(r.matchedScaleKept && { matched_scale_kept: true as const }),
    },
  };
}
