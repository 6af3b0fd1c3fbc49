/**
 * The one code path from a line to its BSR probability map in node, shared by the classify and
 * evaluate CLIs so that evaluate scores exactly what classify writes: standardise the line, slide
 * the model over it, and render the CSV; the map rows evaluate scores are read back from that
 * very CSV text (the rounding included), as the external scorer reads the file.
 */
import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { classifySection, loadStandardisedSection, mapToCsv, type TraceSource } from '../core/classify';
import { parseMapCsv, type HorizonPick, type MapRow } from '../core/evaluate';
import { loadModelFile, parseModelFile } from '../core/model-file';
import { nowMs } from '../core/clock';

/** Grid and batching of a CLI run (TRACES x SAMPLES pairs). */
export interface LineRunOptions {
  stride: [number, number];
  patch: [number, number];
  batch: number;
  onProgress?(done: number, total: number, patchesPerS: number): void;
}

/** What a run gives: the CSV the classify CLI writes, its rows, a horizon when the pipeline picks one, a summary. */
export interface LineRun {
  csv: string;
  rows: MapRow[];
  /** One pick per trace, or null while the pipeline gives no horizon. */
  horizon: HorizonPick[] | null;
  summary: {
    patches: number; seconds: number; patches_per_s: number; backend: string; traces: number; samples: number;
    stride: number | [number, number]; patch: [number, number]; grid: [number, number];
  };
}

/** "48x32" -> [48, 32]; "16" -> [16, 16]; `flag` names the option in the message. */
export function pair(flag: string, v: string | undefined): [number, number] {
  const m = v === undefined ? null : /^(\d+)(?:x(\d+))?$/.exec(v);
  if (!m) throw new Error(`${flag} expects N or TRACESxSAMPLES, got ${JSON.stringify(v)}`);
  const a = Number(m[1]);
  return [a, m[2] === undefined ? a : Number(m[2])];
}

/** A model file loaded for a CLI; dispose the model after use. */
export async function loadCliModel(path: string): Promise<{ model: tf.LayersModel; id: string }> {
  const file = parseModelFile(await readFile(path, 'utf8'));
  return { model: await loadModelFile(file), id: file.id };
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

/** Classifies the line of `source` with `model` (the wasm backend must be started). */
export async function runLineClassification(model: tf.LayersModel, source: TraceSource, o: LineRunOptions): Promise<LineRun> {
  const { section } = await loadStandardisedSection(source);
  const t0 = nowMs();
  const map = await classifySection(model, section, { patchTraces: o.patch[0], patchSamples: o.patch[1], strideTraces: o.stride[0], strideSamples: o.stride[1], batchSize: o.batch }, { onProgress: o.onProgress });
  const seconds = (nowMs() - t0) / 1000;
  const csv = mapToCsv(map, section.dtUs);
  return {
    csv, rows: parseMapCsv(csv, 'map'), horizon: null,
    summary: {
      patches: map.done, seconds: +seconds.toFixed(3), patches_per_s: +(map.done / seconds).toFixed(2), backend: tf.getBackend(),
      traces: section.traces, samples: section.samples, stride: o.stride[0] === o.stride[1] ? o.stride[0] : o.stride,
      patch: o.patch, grid: [map.grid.cols, map.grid.rows],
    },
  };
}
