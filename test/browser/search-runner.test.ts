import { afterEach, describe, expect, it } from 'vitest';
import { openSpnDb, type SpnDatabase } from '../../src/db/schema';
import { createRun, detectInterruptedRuns, listCandidates } from '../../src/db/runs';
import { SearchRunner, type SearchMessage } from '../../src/app/search-runner';
import { checkDbConsistency } from '../../src/db/check';
import type { SearchSettings } from '../../src/core/search/settings';
import { TINY_SEARCH } from './tiny-search';

const tiny: SearchSettings = TINY_SEARCH;

const dbs: SpnDatabase[] = [];
const runners: SearchRunner[] = [];
async function freshDb(): Promise<SpnDatabase> {
  const db = await openSpnDb(`spn-test-${Math.random().toString(36).slice(2)}`);
  dbs.push(db);
  return db;
}
function runner(db: SpnDatabase): SearchRunner {
  const r = new SearchRunner(db);
  runners.push(r);
  return r;
}
afterEach(async () => {
  for (const d of dbs) expect(await checkDbConsistency(d)).toEqual([]);
  for (const r of runners.splice(0)) r.dispose();
  for (const d of dbs.splice(0)) d.close();
});

function trainedIndices(r: SearchRunner): Set<number> {
  const seen = new Set<number>();
  r.addEventListener('message', (e) => {
    const m = (e as CustomEvent<SearchMessage>).detail;
    if (m.type === 'progress' && m.tabId === r.tabId) seen.add(m.index);
  });
  return seen;
}

describe('search runner (real workers, real IndexedDB, Web Locks)', () => {
  it('runs a tiny search to the end and keeps results and best weights', async () => {
    const db = await freshDb();
    const run = await createRun(db, tiny);
    const r = runner(db);
    await r.resume(run.id);
    const cands = await listCandidates(db, run.id);
    expect(cands.map((c) => c.status)).toEqual(['finished', 'finished', 'finished']);
    for (const c of cands) {
      expect(c.result?.steps).toBe(3);
      expect(c.backend).toBe('wasm');
      expect(c.result?.test?.confusion).toBeDefined();
    }
    expect((await db.getAllFromIndex('weights', 'byRun', run.id)).length).toBe(3);
    expect((await db.get('runs', run.id))?.status).toBe('finished');
  });

  it('a second Start while the first is creating its run (a double click) is refused: one run, worked on to the end', async () => {
    const db = await freshDb();
    const r = runner(db);
    const first = r.start(tiny);
    await expect(r.start(tiny)).rejects.toThrow('this tab is already working on a run; stop it first');
    const run = await first;
    for (const t0 = performance.now(); (await db.get('runs', run.id))?.status !== 'finished';) {
      if (performance.now() - t0 > 120_000) throw new Error('timed out waiting for the run to finish');
      await new Promise((res) => setTimeout(res, 100));
    }
    expect((await db.getAll('runs')).map((x) => x.id)).toEqual([run.id]);
  });

  it('names two runs started in the same minute with the same seed apart', async () => {
    const db = await freshDb();
    const a = await createRun(db, tiny);
    const b = await createRun(db, tiny);
    expect(b.name).not.toBe(a.name);
    // (Unless a minute turned between the two calls, which names them apart by their times.)
    if (b.name.startsWith(a.name)) expect(b.name).toBe(`${a.name} #2`);
  });

  it('adds the time worked while it works, so a reload loses at most one count of it', async () => {
    const db = await freshDb();
    const run = await createRun(db, tiny);
    const r = runner(db);
    r.workCountMs = 200;
    const counts: number[] = [];
    r.addEventListener('message', (e) => {
      const m = (e as CustomEvent<SearchMessage>).detail;
      if (m.type === 'work-counted' && m.runId === run.id) counts.push(m.timings.workSeconds ?? 0);
    });
    const t0 = performance.now();
    let done = false;
    const working = r.resume(run.id).then(() => (done = true));
    const stored = async () => (await db.get('runs', run.id))?.timings.workSeconds ?? 0;
    let midway = 0;
    while (!done && midway === 0) {
      await new Promise((res) => setTimeout(res, 50));
      midway = await stored();
    }
    // Counted before the run ended: what a tab closed at this moment would have left in the run.
    expect(done).toBe(false);
    expect(midway).toBeGreaterThan(0);
    await working;
    const total = await stored();
    expect(total).toBeGreaterThan(midway);
    expect(total).toBeLessThanOrEqual((performance.now() - t0) / 1000);
    // Each count told the page the run's time worked as stored, rising, the last one the final total.
    expect(counts.length).toBeGreaterThan(1);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts.at(-1)).toBe(total);
  });

  it('counts the time worked as the page goes (a reload between two counts loses none of it)', async () => {
    const db = await freshDb();
    // Four candidates: long enough to be reloaded while working.
    const run = await createRun(db, { ...tiny, limit: { kind: 'count', candidates: 4 } });
    const r = runner(db);
    r.workCountMs = 600_000;
    let done = false;
    const working = r.resume(run.id).then(() => (done = true));
    const stored = async () => (await db.get('runs', run.id))?.timings.workSeconds ?? 0;
    await new Promise((res) => setTimeout(res, 300));
    expect(done).toBe(false);
    expect(await stored()).toBe(0);
    window.dispatchEvent(new Event('pagehide'));
    let counted = 0;
    for (let i = 0; i < 40 && counted === 0; i++) {
      await new Promise((res) => setTimeout(res, 25));
      counted = await stored();
    }
    expect(counted).toBeGreaterThanOrEqual(0.3);
    await working;
    // After the run the page's listener is gone: another pagehide adds nothing.
    const total = await stored();
    window.dispatchEvent(new Event('pagehide'));
    await new Promise((res) => setTimeout(res, 100));
    expect(await stored()).toBe(total);
  });

  it('a time-limited run resumed works for what is left of its budget, not the whole budget again', async () => {
    const db = await freshDb();
    const run = await createRun(db, { ...tiny, limit: { kind: 'time', minutes: 1 } });
    // Earlier sessions spent 59.5 of its 60 s (as a stop or reload leaves them counted).
    const stored = (await db.get('runs', run.id))!;
    await db.put('runs', { ...stored, timings: { ...stored.timings, budgetSeconds: 59.5 } });
    const r = runner(db);
    await r.resume(run.id);
    // Without the earlier sessions' time it would train new candidates for a whole minute (dozens of tiny ones).
    expect((await listCandidates(db, run.id)).length).toBeLessThanOrEqual(2);
    const after = (await db.get('runs', run.id))!;
    expect(after.status).toBe('finished');
    expect(after.timings.budgetSeconds).toBeGreaterThan(59.5);
  });

  it('two tabs on one run never train the same candidate', async () => {
    const db = await freshDb();
    const run = await createRun(db, { ...tiny, limit: { kind: 'count', candidates: 4 } });
    const a = runner(db),
      b = runner(db);
    const seenA = trainedIndices(a),
      seenB = trainedIndices(b);
    await Promise.all([a.resume(run.id), b.resume(run.id)]);
    expect([...seenA].filter((i) => seenB.has(i))).toEqual([]);
    expect(seenA.size + seenB.size).toBe(4);
    expect(seenA.size).toBeGreaterThan(0);
    expect(seenB.size).toBeGreaterThan(0);
    expect((await listCandidates(db, run.id)).every((c) => c.status === 'finished')).toBe(true);
  });

  it('after a reload (tab gone mid-candidate) the run shows interrupted and resumes, restarting the orphan', async () => {
    const db = await freshDb();
    const run = await createRun(db, tiny);
    // What a reload leaves behind: candidate 0 finished earlier, candidate 1 claimed by a tab that no longer exists.
    const [c0, c1] = await listCandidates(db, run.id);
    await db.put('candidates', { ...c1!, status: 'running', claimedBy: 'tab-gone' });
    expect(await detectInterruptedRuns(db)).toEqual([run.id]);
    expect((await db.get('runs', run.id))?.status).toBe('interrupted');
    // Nothing trains the orphan now: it waits in the queue (the leaderboard said "running" after a reload).
    const orphan = await db.get('candidates', [run.id, 1]);
    expect([orphan?.status, orphan?.claimedBy]).toEqual(['queued', undefined]);
    const r = runner(db);
    const seen = trainedIndices(r);
    await r.resume(run.id);
    expect(seen.has(1)).toBe(true);
    const after = await listCandidates(db, run.id);
    expect(after.every((c) => c.status === 'finished')).toBe(true);
    expect(after[0]?.id).toBe(c0?.id);
  });

  it('a worker crash during a candidate is retried once on the next backend and marked', async () => {
    const db = await freshDb();
    // The retry runs on the next backend after wasm, the slow pure-JS cpu one: keep the data tiny.
    const run = await createRun(db, {
      ...tiny,
      limit: { kind: 'count', candidates: 1 },
      dataset: { size: 40, valFraction: 0.2, testSize: 8 },
      maxEpochs: 4,
    });
    const r = runner(db);
    let injected = false;
    r.addEventListener('message', (e) => {
      const m = (e as CustomEvent<SearchMessage>).detail;
      if (m.type === 'progress' && m.index === 0 && !injected) {
        injected = true;
        void r.injectFault('crash');
      }
    });
    await r.resume(run.id);
    const cands = await listCandidates(db, run.id);
    expect(cands.map((c) => c.status)).toEqual(['finished']);
    expect(cands[0]?.retried?.firstBackend).toBe('wasm');
    expect(cands[0]?.retried?.error).toMatch(/worker failed/);
    expect(cands[0]?.backend).toBe('cpu');
    // Why it ran there: the fallback, not a choice of the user's (the run asked for wasm).
    expect(cands[0]?.backendReason).toMatch(/^the next backend after wasm failed/);
    expect(cands[0]?.result?.steps).toBe(4);
  });
});

describe('storage full', () => {
  it('a QuotaExceededError on the weights write keeps the result, drops only the weights, and leaves the store consistent', async () => {
    const db = await freshDb();
    const run = await createRun(db, { ...tiny, limit: { kind: 'count', candidates: 2 } });
    // Chromium's quota override (DevTools Storage.overrideQuotaForOrigin) did not bind IndexedDB writes here, so
    // the failure is raised where the browser raises it: IDBObjectStore.put on the weights store.
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with apply(this, args)
    const realPut = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'weights') throw new DOMException('quota exceeded (test)', 'QuotaExceededError');
      return realPut.apply(this, args);
    };
    try {
      const r = runner(db);
      await r.resume(run.id);
      const cands = await listCandidates(db, run.id);
      expect(cands.map((c) => c.status)).toEqual(['finished', 'finished']);
      expect(cands.every((c) => c.result?.steps === 3)).toBe(true);
      expect(await db.getAllFromIndex('weights', 'byRun', run.id)).toEqual([]);
    } finally {
      IDBObjectStore.prototype.put = realPut;
    }
  });
});

describe('GPU device loss (SwiftShader WebGPU here)', () => {
  it('a lost WebGPU device fails the candidate with a clear error; it is retried on the next backend, marked, finished once', async () => {
    const db = await freshDb();
    // One tiny candidate: a SwiftShader WebGPU step takes seconds.
    const run = await createRun(db, {
      ...tiny,
      seed: 11,
      limit: { kind: 'count', candidates: 1 },
      dataset: { size: 24, valFraction: 0.2, testSize: 4 },
      backend: 'webgpu',
      batchSize: 4,
      widthFactor: 0.05,
    });
    const r = runner(db);
    const steps: string[] = [];
    const faults: Promise<number>[] = [];
    r.addEventListener('message', (e) => {
      const m = (e as CustomEvent<SearchMessage>).detail;
      if (m.type !== 'progress') return;
      steps.push(`${m.backend}:${m.progress.step}`);
      if (faults.length === 0 && m.backend === 'webgpu') faults.push(r.injectFault('device-loss'));
    });
    await r.resume(run.id);
    expect(faults).toHaveLength(1);
    expect(await faults[0]).toBe(1);
    const cands = await listCandidates(db, run.id);
    console.info(`device loss: steps ${steps.join(' ')}; first error: ${cands[0]?.retried?.error}`);
    expect(cands.map((c) => c.status)).toEqual(['finished']);
    expect(cands[0]?.retried?.firstBackend).toBe('webgpu');
    expect(cands[0]?.retried?.error).toMatch(/^WebGPU device lost \(destroyed/);
    expect(cands[0]?.backend).toBe('wasm');
    // Trained from scratch on the retry backend: its steps restart at 1 and the result counts only those.
    const retrySteps = steps.filter((s) => s.startsWith('wasm:')).map((s) => Number(s.split(':')[1]));
    expect(retrySteps[0]).toBe(1);
    expect(cands[0]?.result?.steps).toBe(retrySteps.at(-1));
  });
});
