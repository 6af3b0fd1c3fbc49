/**
 * The half-line check of fine-tuning (issue 18): marks drawn from the truth on the FIRST half of a
 * line's traces — BSR boxes of 16 traces x ±10 samples along the pick, not-BSR boxes of 16 traces x
 * 24 samples at least 40 samples from it — fine-tune with the defaults (or the settings given), then
 * classify with base and tuned models and score only the SECOND half with score_map.py.
 *
 *   npx tsx bench/finetune-halves.ts --model M.json [--synthetic N] [--set k=v ...] [--keep DIR] [--select-scale] [--mirror]
 *     [--marked-traces] [--review N] LINE.sgy...
 * --review N adds one round of the Classify view's "places to review": the N places the tuned model's map is surest
 * of on the marked half outside the marks (placesToReview), answered from the truth as an interpreter would (BSR
 * within 16 samples of the pick, not BSR where the box stays 40 samples from it, a place in between left alone),
 * and the tuned model fine-tuned again on all the marks (with --review-from-base: the base model tuned afresh on all
 * of them); `ap_review` scores it.
 * --marked-traces fine-tunes on the marked traces only, read as the app reads a file too big to hold (mark-windows.ts).
 * --mirror adds each line mirrored (its traces reversed, truth too): the marks then fall on the other half and the
 * score on the first, the check run in both directions. Each row also gives `ap_picked` (before, after): AP over the
 * traces that carry a pick only, a diagnostic of how much of a change lies on traces the truth leaves unpicked (the
 * scorer counts those as not-BSR all the way down).
 * As `finetune`, the marked patches are cut at the period-matched scale; --select-scale cuts them at the scale the
 * base model's response chooses (`finetune --select-scale`).
 * A LINE.sgy needs its truth LINE.json ({traces, samples, dt_us, bsr_sample per trace}) beside it;
 * `--synthetic N` adds N synthetic lines (classify/synthetic-line.ts, seeds 1..N). Prints one JSON
 * object per line and a summary as the last line. Uses real lines only from the command line: no
 * data is bundled.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initNodeWasm } from '../scripts/wasm-node';
import { SegyReader } from '../src/core/segy';
import { openFileByteSource } from '../src/node/file-byte-source';
import { loadModelFile, parseModelFile } from '../src/core/model-file';
import { classifyRawLine, readRawLine, selectTimeScale } from '../src/core/classify/line-pipeline';
import { seabedMarginFor } from '../src/core/line/presentation';
import {
  makeSyntheticLine,
  mapToCsv,
  patchCentre,
  type PatchGrid,
  sectionTraceSource,
  segyTraceSource,
  type Section,
} from '../src/core/classify';
import {
  fineTune,
  marksToCsv,
  presentForPatches,
  placesToReview,
  presentMarkedWindows,
  syntheticTestAccuracy,
  type Mark,
  type ReviewPlace,
} from '../src/core/finetune';
import {
  halfLineMarks,
  markedHalf,
  parseMapCsv,
  parseTruthJson,
  roundHalfEven,
  scoreMap,
  truthToJson,
  type LineTruth,
} from '../src/core/evaluate';
import type * as tf from '@tensorflow/tfjs';

const SCORER = process.env['SCORE_MAP'] ?? '/work/shared/data/realbsr-dev/score_map.py';

/** The map CSV's header and its rows in the scored half (the same rows {@link scoredHalfRows} keeps). */
function secondHalfCsv(csv: string, traces: number): string {
  const half = traces / 2;
  return (
    csv
      .split('\n')
      .filter((row, i) => i === 0 || (row !== '' && Number(row.split(',')[0]) >= half))
      .join('\n') + '\n'
  );
}

/** AUC and AP of a map against the truth, or null when the scorer finds no positive (or no negative) centre. */
function score(mapCsv: string, truthPath: string): { auc: number; ap: number } | null {
  const dir = mkdtempSync(join(tmpdir(), 'ft-'));
  const p = join(dir, 'map.csv');
  writeFileSync(p, mapCsv);
  const r = spawnSync('/usr/bin/python3', [SCORER, p, truthPath], { encoding: 'utf8' });
  const out = JSON.parse(r.stdout.trim() || '{}') as { auc?: number; ap?: number; error?: string };
  if (out.auc === undefined || out.ap === undefined) {
    if (out.error?.includes('no positives or no negatives')) return null;
    throw new Error(`scoring ${truthPath} failed: ${out.error ?? r.stderr}`);
  }
  return { auc: out.auc, ap: out.ap };
}

/** AP of a (second-half) map CSV over the traces that carry a pick only; null without positives. */
function pickedOnlyAp(csv: string, truth: LineTruth): number | null {
  const rows = parseMapCsv(csv).filter((r) => (truth.bsrSample[roundHalfEven(r.trace)] ?? null) !== null);
  return scoreMap(rows, truth).ap;
}

/** The line with its traces in reverse order (trace-major data), and its truth likewise. */
function mirrored(raw: Section, truth: LineTruth): { raw: Section; truth: LineTruth } {
  const data = new Float32Array(raw.data.length);
  for (let t = 0; t < raw.traces; t++)
    data.set(raw.data.subarray(t * raw.samples, (t + 1) * raw.samples), (raw.traces - 1 - t) * raw.samples);
  const flip = <T>(a: readonly T[] | undefined): T[] | undefined => (a ? [...a].reverse() : undefined);
  const seabed = flip(truth.seabedSample);
  return {
    raw: { ...raw, data },
    // Not the original line's truth any more: without its `line`, which names the unmirrored file.
    truth: {
      traces: truth.traces,
      samples: truth.samples,
      dtUs: truth.dtUs,
      bsrSample: flip(truth.bsrSample)!,
      ...(seabed ? { seabedSample: seabed } : {}),
    },
  };
}

/**
 * An interpreter's answer to a place to review, from the truth: BSR where the pick on its centre trace lies within 16
 * samples (the scorer's BSR), not BSR where no trace of the not-BSR box has a pick within 40 samples of the box (the
 * half-line check's distance), null in between (a careful interpreter leaves a place they are unsure of alone).
 */
function answerFromTruth(place: ReviewPlace, truth: LineTruth): Mark | null {
  const pick = truth.bsrSample[Math.round(place.trace)] ?? null;
  if (pick !== null && Math.abs(place.sample - pick) <= 16) return place.marks[1];
  const no = place.marks[0],
    dt = truth.dtUs / 1000;
  for (let t = no.traceFrom; t <= no.traceTo; t++) {
    const p = truth.bsrSample[t] ?? null;
    if (p !== null && p > no.timeFromMs / dt - 40 && p < no.timeToMs / dt + 40) return null;
  }
  return no;
}

/**
 * One round of review on the marked half: the tuned map's places there (none whose boxes reach the scored half),
 * answered from the truth; the places left alone are not replaced by weaker ones.
 */
function reviewAnswers(
  map: { grid: PatchGrid; values: Float32Array },
  marks: readonly Mark[],
  truth: LineTruth,
  count: number,
): Mark[] {
  const half = markedHalf(truth.traces),
    values = map.values.slice();
  for (let k = 0; k < values.length; k++) {
    const col = k % map.grid.cols;
    if (patchCentre(map.grid, col, 0).trace + 8 >= half) values[k] = NaN;
  }
  const places = placesToReview(map.grid, values, marks, truth, { count });
  return places.flatMap((p) => answerFromTruth(p, truth) ?? []);
}

async function readLine(path: string): Promise<Section> {
  const src = await openFileByteSource(path);
  try {
    return await readRawLine(segyTraceSource(await SegyReader.open(src)));
  } finally {
    await src.close();
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let modelPath = 'public/models/demo.json',
    synthetic = 0,
    keep: string | null = null,
    marksAtChosen = false,
    mirror = false,
    markedTraces = false,
    review = 0,
    reviewFromBase = false;
  const settings: Record<string, number | boolean> = {};
  const lines: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--model') modelPath = argv[++i]!;
    else if (a === '--synthetic') synthetic = Number(argv[++i]);
    else if (a === '--keep') keep = argv[++i]!;
    else if (a === '--select-scale') marksAtChosen = true;
    else if (a === '--mirror') mirror = true;
    else if (a === '--marked-traces') markedTraces = true;
    else if (a === '--review') review = Number(argv[++i]);
    else if (a === '--review-from-base') reviewFromBase = true;
    else if (a === '--set') {
      const [k, v] = argv[++i]!.split('=');
      settings[k!] = v === 'true' ? true : v === 'false' ? false : Number(v);
    } else lines.push(a);
  }
  if (review > 0 && markedTraces) throw new Error('--review runs on lines held whole: leave out --marked-traces');
  await initNodeWasm();
  const baseFile = parseModelFile(readFileSync(modelPath, 'utf8'));
  const work = keep ?? mkdtempSync(join(tmpdir(), 'ft-halves-'));
  const jobs: Array<{ name: string; raw: Section; truthPath: string; truth: LineTruth }> = [];
  for (const p of lines) {
    const truthPath = p.replace(/\.(sgy|segy|su)$/i, '.json');
    jobs.push({
      name: p.split('/').at(-1)!,
      raw: await readLine(p),
      truthPath,
      truth: parseTruthJson(readFileSync(truthPath, 'utf8'), truthPath),
    });
  }
  if (mirror)
    for (const job of [...jobs]) {
      const m = mirrored(job.raw, job.truth);
      const truthPath = join(work, `${job.name}.mirrored.json`);
      writeFileSync(truthPath, truthToJson(m.truth));
      jobs.push({ name: `${job.name}-mirrored`, raw: m.raw, truthPath, truth: m.truth });
    }
  for (let s = 1; s <= synthetic; s++) {
    const l = makeSyntheticLine(s, { traces: 480, samples: 600 });
    const truth: LineTruth = {
      traces: l.section.traces,
      samples: l.section.samples,
      dtUs: l.section.dtUs || 4000,
      bsrSample: Array.from(l.bsrDepth, (d) => (Number.isNaN(d) ? null : d)),
    };
    const truthPath = join(work, `synthetic-${s}.json`);
    writeFileSync(truthPath, truthToJson(truth));
    jobs.push({ name: `synthetic-${s}`, raw: { ...l.section, dtUs: l.section.dtUs || 4000 }, truthPath, truth });
  }
  const rows: Array<Record<string, unknown>> = [];
  const skipped: string[] = [];
  const seed = baseFile.training.generatorSeed,
    generator = baseFile.training.generatorProfile ?? 'paper';
  const base = await loadModelFile(baseFile);
  // Both models' maps and the marked patches are masked under the seabed as far as the base model's training asks.
  const seabedMargin = seabedMarginFor(baseFile.training.generatorProfile);
  const synthBefore = await syntheticTestAccuracy(base, seed, 1000, generator);
  for (const job of jobs) {
    const marks = halfLineMarks(job.truth);
    writeFileSync(join(work, `${job.name}.marks.csv`), marksToCsv(marks, null));
    // As `finetune` does: the marked patches are cut at the period-matched scale (or at the base model's choice).
    const chosen = marksAtChosen ? await selectTimeScale(base, job.raw, { presentation: { seabedMargin } }) : null;
    const presentation = chosen ? { seabedMargin, scale: chosen.factor } : { seabedMargin };
    const { line, marks: lineMarks } = markedTraces
      ? await presentMarkedWindows(sectionTraceSource(job.raw), marks, presentation)
      : { line: await presentForPatches(job.raw, presentation), marks };
    // As `classify` with the model file alone (the hidden check's command): the base model's map at the scale it
    // selects, the tuned model's at the scale its marks were cut at when that was the matched one (selectsScaleFor).
    const factors: number[] = [];
    const picked: Array<number | null> = [];
    let lastMap: { grid: PatchGrid; values: Float32Array } | null = null;
    const classify = async (m: tf.LayersModel): Promise<{ auc: number; ap: number } | null> => {
      const r = await classifyRawLine(m, job.raw, {
        presentation: { seabedMargin },
        modelKeepsMatchedScale: m !== base && !marksAtChosen,
      });
      lastMap = r.map;
      factors.push(+r.presentation.scaleFactor.toFixed(3));
      const csv = secondHalfCsv(mapToCsv(r.map, job.raw.dtUs), job.raw.traces);
      writeFileSync(join(work, `${job.name}.${m === base ? 'base' : 'tuned'}.csv`), csv);
      picked.push(pickedOnlyAp(csv, job.truth));
      return score(csv, job.truthPath);
    };
    const before = await classify(base);
    if (before === null) {
      // Patch centres lie every 8 traces (and half a patch from the line's ends), so a pick on a few traces may label
      // none: GOM GC's second half is picked on traces 286-290, between the 72-trace grid's centres 283.5 and 291.5.
      console.error(`${job.name}: no patch centre of the second half is labelled BSR; skipped`);
      skipped.push(job.name);
      continue;
    }
    const tuned = await loadModelFile(baseFile);
    try {
      const result = await fineTune(
        tuned,
        line,
        lineMarks,
        { generatorSeed: seed, generator, from: baseFile.training.datasetSize },
        settings,
      );
      const after = await classify(tuned);
      if (after === null) throw new Error(`${job.name}: the tuned map scores no positives, the base map did`);
      let reviewed: Record<string, unknown> | null = null;
      if (review > 0 && lastMap !== null) {
        const answers = reviewAnswers(lastMap, marks, job.truth, review);
        if (reviewFromBase) {
          // The second round tunes the base model again on all the marks (the tuned weights are replaced).
          const fresh = await loadModelFile(baseFile);
          tuned.setWeights(fresh.getWeights());
          fresh.dispose();
        }
        const again = await fineTune(
          tuned,
          line,
          [...lineMarks, ...answers],
          { generatorSeed: seed, generator, from: baseFile.training.datasetSize },
          settings,
        );
        const ap = (await classify(tuned))?.ap ?? null;
        reviewed = {
          bsr: answers.filter((m) => m.label === 1).length,
          not_bsr: answers.filter((m) => m.label === 0).length,
          forgetting: again.forgetting,
          ap_review: ap,
        };
      }
      const synthAfter = await syntheticTestAccuracy(tuned, seed, 1000, generator);
      const row = {
        line: job.name,
        marks: marks.length,
        bsr_marks: marks.filter((m) => m.label === 1).length,
        train_patches: result.trainPatches,
        seconds: +result.seconds.toFixed(1),
        ap_before: before.ap,
        ap_after: after.ap,
        auc_before: before.auc,
        auc_after: after.auc,
        ap_picked: picked.map((v) => (v === null ? null : +v.toFixed(4))),
        held_out_ap: [result.heldOut?.before.ap ?? null, result.heldOut?.after?.ap ?? null],
        forgetting: result.forgetting,
        synthetic_acc: [+synthBefore.toFixed(4), +synthAfter.toFixed(4)],
        // Time scale of the base map, of the marked patches and of the tuned map.
        scale: { base: factors[0], marks: +line.presentation.scaleFactor.toFixed(3), tuned: factors[1] },
        ...(reviewed ? { review: reviewed } : {}),
      };
      rows.push(row);
      console.log(JSON.stringify(row));
    } finally {
      tuned.dispose();
    }
  }
  base.dispose();
  const mean = (k: string): number => rows.reduce((s, r) => s + (r[k] as number), 0) / Math.max(1, rows.length);
  const drop = rows.reduce(
    (m, r) => Math.max(m, (r['synthetic_acc'] as number[])[0]! - (r['synthetic_acc'] as number[])[1]!),
    -1,
  );
  console.log(
    JSON.stringify({
      lines: rows.length,
      skipped,
      mean_ap_before: +mean('ap_before').toFixed(4),
      mean_ap_after: +mean('ap_after').toFixed(4),
      mean_ap_gain: +(mean('ap_after') - mean('ap_before')).toFixed(4),
      max_synthetic_acc_drop: +drop.toFixed(4),
      settings,
      marked_traces: markedTraces,
      work,
    }),
  );
}

await main();
