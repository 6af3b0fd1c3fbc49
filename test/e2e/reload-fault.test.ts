/**
 * A tab reloaded at a random moment of a search, in the built app: two uninterrupted runs measure how long the
 * (warm) search takes, then the same search is started again and the page is reloaded once at a random delay in
 * [0, that duration). After resuming, every candidate that had finished before the reload is kept, unchanged and
 * exactly once, all candidates finish, and the app's own consistency checker (src/db/check.ts, fed with the raw
 * IndexedDB records of the page) finds nothing. The delay's seed is printed; SPN_RELOAD_SEED replays it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp, type Harness } from './harness';
import { readStores, startTinySearch, type Stores } from './search-page';
import { checkDbConsistency } from '../../src/db/check';
import { Rng } from '../../src/core/prng';
import type { SpnDatabase } from '../../src/db/schema';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

type Dump = Stores;

const dump = readStores;

/** checkDbConsistency over dumped records: the same code the app runs, reading a read-only in-memory "database". */
function consistency(d: Dump): Promise<string[]> {
  const stores: Record<string, unknown[]> = { runs: d.runs, candidates: d.candidates, weights: d.weights };
  const db = {
    transaction: () => ({
      objectStore: (name: string) => ({ getAll: async () => stores[name] }),
      done: Promise.resolve(),
    }),
  };
  return checkDbConsistency(db as unknown as SpnDatabase);
}

function startSearch(page: Page): Promise<void> {
  return startTinySearch(page, { candidates: 4, datasetSize: 120, testSize: 24, maxEpochs: 2 });
}

const runStatus = async (page: Page, runId: string) => (await dump(page)).runs.find((r) => r.id === runId)?.status;

describe('reload at a random moment of a search', () => {
  it('keeps finished candidates exactly once and resumes to a consistent store', async () => {
    h = await openApp();
    const { page } = h;

    // 1. The search's duration, uninterrupted (from the run record's creation to its end). The first run pays for
    // compiling the wasm kernels and the generator, so the duration is taken from a second, warm one.
    let first = '';
    let duration = 0;
    for (let k = 1; k <= 2; k++) {
      await startSearch(page);
      await expect.poll(async () => (await dump(page)).runs.length, { timeout: 30_000, interval: 100 }).toBe(k);
      const t0 = Date.now();
      first = (await dump(page)).runs.find((r) => r.status !== 'finished')!.id;
      await expect.poll(() => runStatus(page, first), { timeout: 300_000, interval: 200 }).toBe('finished');
      duration = Date.now() - t0;
    }

    // 2. The same search again, reloaded once at a random delay.
    const seed = Number(process.env['SPN_RELOAD_SEED'] ?? Date.now() % 1_000_000);
    const delay = Math.floor(new Rng(seed).next() * duration);
    await startSearch(page);
    await expect.poll(async () => (await dump(page)).runs.length, { timeout: 30_000, interval: 100 }).toBe(3);
    const second = (await dump(page)).runs.find((r) => r.status !== 'finished')!.id;
    await page.waitForTimeout(delay);
    const before = await dump(page);
    const finishedBefore = before.candidates.filter((c) => c.runId === second && c.status === 'finished');
    await page.reload();
    await page.waitForSelector('spn-app');
    console.info(
      `reload: seed ${seed}, uninterrupted run ${(duration / 1000).toFixed(1)} s, reloaded after ${(delay / 1000).toFixed(1)} s ` +
        `with ${finishedBefore.length}/4 candidates finished (run ${before.runs.find((r) => r.id === second)?.status})`,
    );

    // Right after the reload: nothing finished was lost or changed, and the store is already consistent.
    const afterReload = await dump(page);
    for (const c of finishedBefore) {
      const now = afterReload.candidates.find((x) => x.runId === second && x.index === c.index);
      expect(now?.status).toBe('finished');
      expect(now?.result).toEqual(c.result);
    }
    expect(await consistency(afterReload)).toEqual([]);

    // Resume (unless it had finished before the reload) and run to the end.
    const item = page.locator(`spn-run-list li[data-run="${second}"]`);
    if ((await runStatus(page, second)) !== 'finished') {
      await expect.poll(async () => (await item.textContent()) ?? '', { timeout: 30_000 }).toMatch(/interrupted/i);
      await item.locator('button.resume').click();
      await expect.poll(() => runStatus(page, second), { timeout: 300_000, interval: 500 }).toBe('finished');
    }
    const end = await dump(page);
    const cands = end.candidates.filter((c) => c.runId === second);
    expect(cands.map((c) => c.index).sort()).toEqual([0, 1, 2, 3]);
    expect(cands.every((c) => c.status === 'finished')).toBe(true);
    expect(new Set(cands.map((c) => c.id)).size).toBe(4);
    for (const c of finishedBefore) expect(cands.find((x) => x.index === c.index)?.result).toEqual(c.result);
    // Same seed and settings as the uninterrupted run: the same four architectures were searched.
    const ids = (runId: string) =>
      end.candidates
        .filter((c) => c.runId === runId)
        .map((c) => c.id)
        .sort();
    expect(ids(second)).toEqual(ids(first));
    expect(await consistency(end)).toEqual([]);
    expect(h.errors).toEqual([]);
  });
});
