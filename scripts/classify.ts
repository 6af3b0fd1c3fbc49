/**
 * classify FILE --model MODEL.json [--stride 8 | --stride 8x4] [--patch 48x48] [--batch 64] [--out map.csv]
 * Slides a model file's network over a SEG-Y/SU line on the wasm backend (single thread, like a
 * worker in the page) and writes the BSR probability CSV (trace,time_ms,probability per patch
 * centre). --patch and --stride are TRACESxSAMPLES (one number = both). Prints progress to stderr
 * and a JSON summary as the LAST stdout line; on failure prints {"error": "..."} and exits 1.
 */
import { readFile, writeFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { initNodeWasm } from './wasm-node';
import { SegyReader } from '../src/core/segy';
import { openFileByteSource } from '../src/node/file-byte-source';
import { loadModelFile, parseModelFile } from '../src/core/model-file';
import { classifySection, loadStandardisedSection, mapToCsv, segyTraceSource } from '../src/core/classify';
import { nowMs } from '../src/core/clock';

/** "48x32" -> [48, 32]; "16" -> [16, 16]. */
function pair(flag: string, v: string | undefined): [number, number] {
  const m = v === undefined ? null : /^(\d+)(?:x(\d+))?$/.exec(v);
  if (!m) throw new Error(`${flag} expects N or TRACESxSAMPLES, got ${JSON.stringify(v)}`);
  const a = Number(m[1]);
  return [a, m[2] === undefined ? a : Number(m[2])];
}

function parseArgs(argv: string[]): { file: string; model: string; out: string | null; stride: [number, number]; patch: [number, number]; batch: number } {
  let file: string | null = null, model: string | null = null, out: string | null = null;
  let stride: [number, number] = [8, 8], patch: [number, number] = [48, 48], batch = 64;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--model') model = argv[++i] ?? null;
    else if (a === '--out') out = argv[++i] ?? null;
    else if (a === '--stride') stride = pair(a, argv[++i]);
    else if (a === '--patch') patch = pair(a, argv[++i]);
    else if (a === '--batch') batch = pair(a, argv[++i])[0];
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else file = a;
  }
  if (!file || !model) throw new Error('usage: classify FILE --model MODEL.json [--stride 8] [--patch 48x48] [--out map.csv]');
  return { file, model, out, stride, patch, batch };
}

async function main(): Promise<Record<string, unknown>> {
  const args = parseArgs(process.argv.slice(2));
  await initNodeWasm();
  const modelFile = parseModelFile(await readFile(args.model, 'utf8'));
  const model = await loadModelFile(modelFile);
  const source = await openFileByteSource(args.file);
  try {
    const reader = await SegyReader.open(source);
    const { section } = await loadStandardisedSection(segyTraceSource(reader));
    const t0 = nowMs();
    let lastReport = 0;
    const map = await classifySection(model, section, { patchTraces: args.patch[0], patchSamples: args.patch[1], strideTraces: args.stride[0], strideSamples: args.stride[1], batchSize: args.batch }, {
      onProgress: (done, total, rate) => {
        if (nowMs() - lastReport > 2000 || done === total) {
          lastReport = nowMs();
          process.stderr.write(`${done}/${total} patches, ${rate.toFixed(1)} patches/s\n`);
        }
      },
    });
    const seconds = (nowMs() - t0) / 1000;
    if (args.out) await writeFile(args.out, mapToCsv(map, section.dtUs));
    return {
      patches: map.done, seconds: +seconds.toFixed(3), patches_per_s: +(map.done / seconds).toFixed(2), backend: tf.getBackend(),
      traces: section.traces, samples: section.samples, stride: args.stride[0] === args.stride[1] ? args.stride[0] : args.stride,
      patch: args.patch, grid: [map.grid.cols, map.grid.rows], model: modelFile.id, out: args.out,
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
