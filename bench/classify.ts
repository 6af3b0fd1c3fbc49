/**
 * Classifying the real line 31_81_PR.sgy (534 traces x 1501 samples) in the built app, headless Chromium, the way a
 * user does it: file picker, model file picker, Classify. Runs the bundled demo model, then the PAPER network
 * (untrained weights: only speed matters; built and exported here in node), and times what the app reports for a
 * run: present the line (standardise, trend, seabed), cut the patches, resize them to 112, predict, mask and pick
 * the horizon (workers/classify.worker.ts; the peer does the standardise/cut/resize/predict core). Memory:
 * peak of performance.measureUserAgentSpecificMemory() (page + workers) and of the renderer's RSS.
 * The PyTorch peer does that core on the same line (bench/peers/torch_timed.py --mode classify with the
 * network of ../shared/bench/torch_spn_ref.py, batch 64) at the wasm backend's thread count. The paper network and
 * the peer alternate for --rounds rounds, each side --warmup untimed then --iters timed runs of the whole line; the
 * statistic is the median run, printed with its spread for both. Exits non-zero, with the reason, when the peer
 * cannot run. --pi4 adds the demo model with the renderer throttled 4x (as test/e2e/pi4.test.ts does).
 * The time scale is set to 'matched period only': the peer makes one pass over the line, so the app's time-scale
 * probes (a second pass's worth of patches, by default) are left out on both sides.
 * Usage: npm run bench:classify [-- --stride 8 --rounds 2 --warmup 1 --iters 2 --pi4]
 * Last line: {"bench":"classify","model":"paper",...,"torch_patches_per_s":…,"ratio":…}
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Locator } from 'playwright-core';
import { launchChromium } from '../scripts/browser';
import { serveBuiltApp } from '../scripts/serve';
import { presetSpec } from '../src/core/model';
import { buildModel } from '../src/core/model/build';
import { exportModelFile, stringifyModelFile } from '../src/core/model-file';
import { sampleTabMemory, type MemoryPeaks } from '../test/e2e/tab-memory';
import { throttleRenderers } from '../test/e2e/process-throttle';
import {
  alternate,
  exitWithoutPeer,
  logLoadAverage,
  requirePeer,
  runTorchTimed,
  spread,
  numberArg,
} from './browser/harness';

const STRIDE = numberArg('stride', 8);
const ROUNDS = numberArg('rounds', 2);
const WARMUP = numberArg('warmup', 1);
const ITERS = numberArg('iters', 2);
const PI4 = process.argv.includes('--pi4');
const LINE = path.resolve(import.meta.dirname, '../public/data/31_81_PR.sgy');
const PI4_AUTHORS_PATCHES_PER_S = 33;
const log = (line: string): void => console.log(line);
const emit = (o: Record<string, unknown>): void => console.log(JSON.stringify(o));
const round = (v: number, d = 1): number => +v.toFixed(d);

/** The paper network with fresh (untrained) weights as an app model file; returns its path and id. */
async function paperModelFile(): Promise<{ file: string; id: string }> {
  await tf.setBackend('cpu');
  const spec = presetSpec('paper');
  const model = buildModel(spec);
  const mf = await exportModelFile(model, {
    spec,
    name: 'Paper network (untrained, timing only)',
    training: {
      generatorSeed: 0,
      generatorVersion: 'none',
      datasetSize: 0,
      backend: 'cpu',
      settings: {},
      script: 'bench/classify.ts',
    },
    metrics: { meanTop5: null, top3: null, max: null, testAccuracy: null },
  });
  model.dispose();
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'spn-bench-')), 'paper.json');
  writeFileSync(file, stringifyModelFile(mf));
  return { file, id: mf.id };
}

interface Run {
  patches: number;
  seconds: number;
  patches_per_s: number;
  backend: string;
  threads: number | null;
  peak_mb: number | null;
  renderer_rss_peak_mb: number | null;
}

/** Picks the model, classifies at STRIDE, and reads what the view reports, with memory peaks over the run. */
async function classify(
  view: Locator,
  modelId: string,
  sample: () => Promise<{ stop(): Promise<MemoryPeaks> }>,
): Promise<Run> {
  const controls = view.locator('spn-classify-controls');
  await controls.locator('select[aria-label=model]').selectOption(modelId);
  const stride = controls.getByLabel('stride');
  await stride.fill(String(STRIDE));
  await stride.dispatchEvent('change');
  await controls.locator('select[aria-label="time scale"]').selectOption('matched');
  const memory = await sample();
  const result = view.locator('.classify-result');
  await controls.getByRole('button', { name: 'Classify' }).click();
  await result.waitFor({ state: 'detached', timeout: 60_000 }); // the previous run's line goes when a run starts
  await result.waitFor({ timeout: 3_600_000 });
  const peaks = await memory.stop();
  const text = ((await result.textContent()) ?? '').replace(/\s+/g, ' ');
  const m = /([\d,]+) patches in ([0-9.]+) s/.exec(text); // no "(and N probing the time scale)": the scale is matched
  if (!m) throw new Error(`unexpected run line: ${text}`);
  const patches = Number(m[1]!.replace(/,/g, '')),
    seconds = Number(m[2]);
  const threads = await result.getAttribute('data-threads');
  return {
    patches,
    seconds,
    patches_per_s: round(patches / seconds),
    backend: (await result.getAttribute('data-backend')) ?? '?',
    threads: threads ? Number(threads) : null,
    peak_mb: peaks.uaPeakMb,
    renderer_rss_peak_mb: peaks.rendererRssPeakMb,
  };
}

requirePeer();
logLoadAverage(log, 'before');
const paper = await paperModelFile();
const served = await serveBuiltApp();
const browser = await launchChromium(['--enable-blink-features=ForceEagerMeasureMemory']);
let paperRun: Run;
let timed: {
  ours: ReturnType<typeof spread>;
  peer: ReturnType<typeof spread>;
  oursRounds: number[];
  peerRounds: number[];
};
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' })).newPage();
  page.on('pageerror', (e) => log(`# [page error] ${e.message.slice(0, 300)}`));
  await page.goto(served.url);
  await page.locator('spn-app').getByRole('tab', { name: 'Classify' }).click();
  const view = page.locator('spn-classify-view');
  await view.locator('spn-file-drop').first().locator('input[type=file]').setInputFiles(LINE);
  await view.locator('h3', { hasText: '534 traces × 1501 samples' }).waitFor({ timeout: 120_000 });
  log(
    `# 31_81_PR.sgy opened; crossOriginIsolated=${await page.evaluate(() => crossOriginIsolated)}, cores=${await page.evaluate(() => navigator.hardwareConcurrency)}, stride ${STRIDE}`,
  );
  const sample = () => sampleTabMemory(browser, page);

  emit({ bench: 'classify', model: 'demo', stride: STRIDE, ...(await classify(view, 'demo', sample)) });
  if (PI4) {
    const throttle = await throttleRenderers(browser, 4);
    try {
      emit({
        bench: 'classify',
        model: 'demo',
        stride: STRIDE,
        throttle: 4,
        ...(await classify(view, 'demo', sample)),
      });
    } finally {
      await throttle.stop();
    }
  }
  await view.locator('spn-classify-controls spn-file-drop input[type=file]').setInputFiles(paper.file);
  await view
    .locator(`spn-classify-controls select[aria-label=model] option[value="${paper.id}"]`)
    .waitFor({ state: 'attached', timeout: 120_000 });
  // Ours and the peer alternate; each side: WARMUP untimed runs, then ITERS timed runs of the whole line.
  // Memory is sampled during the first (warm-up) run only: sampling costs time the peer does not pay.
  const none: MemoryPeaks = {
    uaSamples: 0,
    rssSamples: 0,
    uaPeakMb: null,
    rendererRssPeakMb: null,
    uaLongestMs: 0,
    uaSource: null,
  };
  const noMemory = async () => ({ stop: async () => none });
  const runs: Run[] = [];
  const ours = async (): Promise<number[]> => {
    const ms: number[] = [];
    for (let i = 0; i < WARMUP + ITERS; i++) {
      const r = await classify(view, paper.id, i === 0 && runs.length === 0 ? sample : noMemory);
      runs.push(r);
      if (i >= WARMUP) ms.push(r.seconds * 1000);
    }
    return ms;
  };
  const peer = (): number[] => {
    try {
      return runTorchTimed({
        mode: 'classify',
        threads: runs[runs.length - 1]?.threads ?? 1,
        batch: 64,
        warmup: WARMUP,
        iters: ITERS,
        line: LINE,
        stride: STRIDE,
      }).ms;
    } catch (e) {
      return exitWithoutPeer(e);
    }
  };
  const r = await alternate(ROUNDS, ours, peer, log);
  paperRun = runs[0] as Run;
  timed = { ours: spread(r.ours), peer: spread(r.peer), oursRounds: r.oursRounds, peerRounds: r.peerRounds };
} finally {
  await browser.close();
  await served.close();
}
log(
  `# note: the authors report ~${PI4_AUTHORS_PATCHES_PER_S} patches/s for the paper network on a Raspberry Pi 4 (spn-reference); this machine has no Pi: compare with test/e2e/pi4.test.ts (4x throttled renderer)`,
);
const patches = paperRun.patches;
emit({
  bench: 'classify',
  model: 'paper',
  stride: STRIDE,
  patches,
  backend: paperRun.backend,
  threads: paperRun.threads,
  peak_mb: paperRun.peak_mb,
  renderer_rss_peak_mb: paperRun.renderer_rss_peak_mb,
  rounds: ROUNDS,
  warmup: WARMUP,
  iters_per_round: ITERS,
  patches_per_s: round(patches / (timed.ours.median / 1000)),
  torch_patches_per_s: round(patches / (timed.peer.median / 1000)),
  ratio: round(timed.peer.median / timed.ours.median, 2),
  run_ms: timed.ours,
  torch_run_ms: timed.peer,
  round_medians_ms: timed.oursRounds,
  torch_round_medians_ms: timed.peerRounds,
});
