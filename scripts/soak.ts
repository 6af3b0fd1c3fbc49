/**
 * Soak test: a 20-candidate search on small data in the built app (headless Chromium, wasm backend), driven
 * through the Search form as a user would. Reports the page's JS heap (after a forced GC), the whole tab's memory
 * including workers (performance.measureUserAgentSpecificMemory; the app is cross-origin isolated), the training
 * worker's tf.memory() after each finished candidate (read from tfjs's global engine in the worker), and the
 * IndexedDB usage. Exits 1 when the page heap grows by more than the bound or the worker leaks tensors.
 *
 *   npx tsx scripts/soak.ts [--candidates 20] [--heap-bound-mb 50]
 */
import type { CDPSession, Page, Worker } from 'playwright-core';
import { launchChromium } from './browser';
import { serveBuiltApp } from './serve';
import { readRecords, startTinySearch } from '../test/e2e/search-page';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const CANDIDATES = arg('candidates', 20);
const HEAP_BOUND_MB = arg('heap-bound-mb', 50);
/** Live tensors may differ between candidates only by this much (the data set stays; models must go). */
const TENSOR_SLACK = 0;

interface Memory {
  pageHeapMB: number;
  tabTotalMB: number | null;
  storageMB: number | null;
}
interface WorkerMemory {
  finished: number;
  numTensors: number;
  numBytesMB: number;
}

const mb = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;

async function measure(page: Page, cdp: CDPSession): Promise<Memory> {
  await cdp.send('HeapProfiler.collectGarbage');
  const m = await page.evaluate(async () => {
    const perf = performance as Performance & {
      memory?: { usedJSHeapSize: number };
      measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }>;
    };
    const total = perf.measureUserAgentSpecificMemory
      ? await perf.measureUserAgentSpecificMemory().then(
          (r) => r.bytes,
          () => null,
        )
      : null;
    const est = await navigator.storage.estimate();
    return { heap: perf.memory?.usedJSHeapSize ?? 0, total, storage: est.usage ?? null };
  });
  return {
    pageHeapMB: mb(m.heap),
    tabTotalMB: m.total === null ? null : mb(m.total),
    storageMB: m.storage === null ? null : mb(m.storage),
  };
}

/** Candidate statuses of the app's database. */
async function statuses(page: Page): Promise<{ run: string | null; cands: string[] }> {
  const r = (await readRecords(page, ['runs', 'candidates'])) as Record<string, { status: string }[]>;
  return { run: r['runs']?.[0]?.status ?? null, cands: (r['candidates'] ?? []).map((c) => c.status) };
}

/** tf.memory() of the training worker, through tfjs's engine global (undefined when no trainer is alive). */
async function trainerMemory(page: Page): Promise<{ numTensors: number; numBytes: number } | undefined> {
  const trainers = page.workers().filter((w: Worker) => /train\.worker|trainer/.test(w.url()));
  for (const w of trainers) {
    const m = await w
      .evaluate(() =>
        (globalThis as { _tfengine?: { memory(): { numTensors: number; numBytes: number } } })._tfengine?.memory(),
      )
      .catch(() => undefined);
    if (m) return { numTensors: m.numTensors, numBytes: m.numBytes };
  }
  return undefined;
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const served = await serveBuiltApp();
  const browser = await launchChromium(['--enable-precise-memory-info']);
  const errors: string[] = [];
  try {
    const context = await browser.newContext();
    // tsx compiles this script with esbuild's keepNames: functions passed to page.evaluate then call __name().
    await context.addInitScript('globalThis.__name = (f) => f;');
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(served.url);
    await page.waitForSelector('spn-app');
    const cdp = await context.newCDPSession(page);
    await page.waitForTimeout(2000); // let the app settle (service worker, first render)
    const before = await measure(page, cdp);
    console.log(`before: ${JSON.stringify(before)}`);

    await startTinySearch(page, { candidates: CANDIDATES, datasetSize: 200, testSize: 40, maxEpochs: 2 });
    const started = Date.now();

    const samples: WorkerMemory[] = [];
    let lastFinished = -1;
    for (;;) {
      const s = await statuses(page);
      const finished = s.cands.filter((c) => c === 'finished' || c === 'pruned').length;
      if (finished !== lastFinished && finished > 0) {
        lastFinished = finished;
        const w = await trainerMemory(page);
        if (w) samples.push({ finished, numTensors: w.numTensors, numBytesMB: mb(w.numBytes) });
        console.log(
          `${((Date.now() - started) / 1000).toFixed(0)} s: ${finished}/${CANDIDATES} finished; trainer ${w ? `${w.numTensors} tensors, ${mb(w.numBytes)} MB` : 'n/a'}`,
        );
      }
      if (s.run === 'finished' || s.run === 'interrupted' || s.cands.some((c) => c === 'failed')) break;
      if (Date.now() - started > 60 * 60_000) throw new Error('soak: the search did not finish within an hour');
      await page.waitForTimeout(1000);
    }
    const final = await statuses(page);
    await page.waitForTimeout(1000);
    const after = await measure(page, cdp);
    console.log(`after: ${JSON.stringify(after)}`);

    // The trainer holds the data set and, mid-candidate, one model: compare the lowest counts seen early and late.
    const early = samples.slice(0, 3),
      late = samples.slice(-3);
    const low = (xs: WorkerMemory[]) => Math.min(...xs.map((x) => x.numTensors));
    const tensorGrowth = samples.length >= 4 ? low(late) - low(early) : null;
    const heapGrowth = Math.round((after.pageHeapMB - before.pageHeapMB) * 10) / 10;
    const report = {
      candidates: CANDIDATES,
      finished: final.cands.filter((c) => c === 'finished').length,
      runStatus: final.run,
      searchMinutes: Math.round((Date.now() - started) / 6000) / 10,
      totalMinutes: Math.round((Date.now() - t0) / 6000) / 10,
      before,
      after,
      pageHeapGrowthMB: heapGrowth,
      tabTotalGrowthMB:
        after.tabTotalMB !== null && before.tabTotalMB !== null
          ? Math.round((after.tabTotalMB - before.tabTotalMB) * 10) / 10
          : null,
      trainerSamples: samples,
      trainerTensorGrowth: tensorGrowth,
      pageErrors: errors,
      bounds: { pageHeapGrowthMB: `< ${HEAP_BOUND_MB}`, trainerTensorGrowth: `<= ${TENSOR_SLACK}`, allFinished: true },
    };
    console.log(JSON.stringify(report, null, 2));
    const failures: string[] = [];
    if (heapGrowth >= HEAP_BOUND_MB) failures.push(`page heap grew by ${heapGrowth} MB (bound ${HEAP_BOUND_MB} MB)`);
    if (tensorGrowth !== null && tensorGrowth > TENSOR_SLACK)
      failures.push(`training worker holds ${tensorGrowth} more tensors late than early`);
    if (report.finished !== CANDIDATES || final.run !== 'finished')
      failures.push(`${report.finished}/${CANDIDATES} finished, run ${final.run}`);
    if (errors.length) failures.push(`page errors: ${errors.join(' | ')}`);
    console.log(failures.length ? `SOAK FAILED: ${failures.join('; ')}` : 'SOAK OK: within bounds');
    process.exitCode = failures.length ? 1 : 0;
  } finally {
    await browser.close();
    await served.close();
  }
}

await main();
