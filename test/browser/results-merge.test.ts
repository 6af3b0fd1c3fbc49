import { describe, expect, it } from 'vitest';
import { openSpnDb } from '../../src/db/schema';
import { createRun, listCandidates } from '../../src/db/runs';
import { importRunResults } from '../../src/app/model-export';
import { checkDbConsistency } from '../../src/db/check';
import { runResultsJson } from '../../src/core/search/results-export';
import { DEFAULT_SEARCH_SETTINGS } from '../../src/core/search/settings';
import { sampleCandidate, scaleSpecWidths, specId } from '../../src/core/model';
import { candidateResult } from './candidate-result';
import { SearchController } from '../../src/app/search-controller';
import { SearchRunner } from '../../src/app/search-runner';
import { TINY_SEARCH } from './tiny-search';
import { until } from './waiting';

describe('merging results from another machine (real IndexedDB)', () => {
  it('dedupes by spec hash: queued ones take the imported result, finished ones are kept, new ones appended', async () => {
    const db = await openSpnDb(`spn-merge-${Math.random().toString(36).slice(2)}`);
    const settings = {
      ...DEFAULT_SEARCH_SETTINGS,
      seed: 9,
      limit: { kind: 'count' as const, candidates: 3 },
      widthFactor: 0.5,
    };
    const run = await createRun(db, settings);
    const local = await listCandidates(db, run.id);
    await db.put('candidates', { ...local[1]!, status: 'finished', result: candidateResult(0.7, true) });
    // The other machine worked on the same run (same seed → same specs) and one more candidate.
    const spec3 = scaleSpecWidths(sampleCandidate(9, 3), 0.5);
    const remote = [
      {
        index: 0,
        id: local[0]!.id,
        spec: local[0]!.spec,
        status: 'finished',
        backend: 'webgpu',
        result: candidateResult(0.8, true),
        origin: 'gpu box',
      },
      {
        index: 1,
        id: local[1]!.id,
        spec: local[1]!.spec,
        status: 'finished',
        backend: 'webgpu',
        result: candidateResult(0.99, true),
        origin: 'gpu box',
      },
      {
        index: 3,
        id: specId(spec3),
        spec: spec3,
        status: 'finished',
        backend: 'webgpu',
        result: candidateResult(0.85, true),
        origin: 'gpu box',
      },
    ];
    const text = runResultsJson({ ...run, origin: 'gpu box' }, remote);
    const first = await importRunResults(db, new Blob([text]));
    expect(first).toEqual({ runId: run.id, added: 2, skipped: 1 });
    const merged = await listCandidates(db, run.id);
    expect(merged.map((c) => [c.index, c.status, c.result?.meanTop5 ?? null])).toEqual([
      [0, 'finished', 0.8],
      [1, 'finished', 0.7],
      [2, 'queued', null],
      [3, 'finished', 0.85],
    ]);
    expect(merged[0]?.origin).toBe('gpu box');
    // Importing the same file again changes nothing.
    expect(await importRunResults(db, new Blob([text]))).toEqual({ runId: run.id, added: 0, skipped: 3 });
    expect(await listCandidates(db, run.id)).toHaveLength(4);
    expect(await checkDbConsistency(db)).toEqual([]);
    // A broken file is refused and nothing changes.
    await expect(importRunResults(db, new Blob([text.slice(0, 200)]))).rejects.toThrow(/not valid JSON/);
    expect(await listCandidates(db, run.id)).toHaveLength(4);
    db.close();
  });

  it("a run new to this browser keeps the other machine's timings and estimate; bad ones are refused", async () => {
    const db = await openSpnDb(`spn-merge-${Math.random().toString(36).slice(2)}`);
    const elsewhere = await openSpnDb(`spn-merge-${Math.random().toString(36).slice(2)}`);
    try {
      const run = await createRun(elsewhere, { ...DEFAULT_SEARCH_SETTINGS, limit: { kind: 'count', candidates: 1 } });
      const [c] = await listCandidates(elsewhere, run.id);
      const done = [{ ...c!, status: 'finished', result: candidateResult(0.8, true), origin: 'local' }];
      const timings = { datasetSeconds: 12.5, trainSeconds: 300, workSeconds: 340 };
      const estimate = { seconds: 320, low: 250, high: 420, device: 'webgpu' };
      const text = runResultsJson({ ...run, timings, estimate }, done);
      await importRunResults(db, new Blob([text]));
      const merged = await db.get('runs', run.id);
      expect([merged?.timings, merged?.estimate]).toEqual([timings, estimate]);
      // The same file again through the Search view: it says nothing was new.
      const ctl = new SearchController(db);
      try {
        await ctl.importResults(new File([text], 'elsewhere.results.json'));
        expect(ctl.state.message).toBe(
          'Nothing new in elsewhere.results.json: its 1 candidate result(s) are here already (kept as they were).',
        );
      } finally {
        ctl.dispose();
      }

      const bad = JSON.parse(text) as { run: Record<string, unknown> };
      bad.run['timings'] = { datasetSeconds: -1, trainSeconds: 3 };
      await expect(importRunResults(db, new Blob([JSON.stringify(bad)]))).rejects.toThrow(/run\.timings: expected/);
      bad.run['timings'] = timings;
      bad.run['estimate'] = { seconds: 'soon' };
      await expect(importRunResults(db, new Blob([JSON.stringify(bad)]))).rejects.toThrow(/run\.estimate: expected/);
    } finally {
      db.close();
      elsewhere.close();
    }
  });
  it("results imported while this tab searches wait under Runs: the running run's board stays on screen", async () => {
    const db = await openSpnDb(`spn-merge-${Math.random().toString(36).slice(2)}`);
    const elsewhere = await openSpnDb(`spn-merge-${Math.random().toString(36).slice(2)}`);
    const ctl = new SearchController(db);
    try {
      const other = await createRun(
        elsewhere,
        { ...DEFAULT_SEARCH_SETTINGS, limit: { kind: 'count', candidates: 1 } },
        'from the GPU box',
      );
      const [c] = await listCandidates(elsewhere, other.id);
      const text = runResultsJson(other, [
        { ...c!, status: 'finished', result: candidateResult(0.8, true), origin: 'gpu' },
      ]);
      await ctl.init();
      expect(await ctl.start({ ...TINY_SEARCH, limit: { kind: 'count', candidates: 2 } }, 'searching here')).toBe(true);
      const running = ctl.state.run!.id;
      await ctl.importResults(new File([text], 'gpu.results.json'));
      expect(ctl.state.run?.id).toBe(running);
      expect(ctl.state.message).toBe(
        'Imported 1 candidate result(s) from gpu.results.json. Open “from the GPU box (imported)” under Runs to see them.',
      );
      expect(ctl.state.runs.map((r) => r.id)).toContain(other.id);
      ctl.stop();
      await until(() => ctl.state.working === null, 60_000);
      // Not searching: an import shows its run, as before.
      await ctl.importResults(new File([text], 'gpu.results.json'));
      expect(ctl.state.run?.id).toBe(other.id);
    } finally {
      ctl.dispose();
      db.close();
      elsewhere.close();
    }
  });

  it("a run new to this browser keeps the file's candidate numbers (as its exported model files name them)", async () => {
    const db = await openSpnDb(`spn-merge-${Math.random().toString(36).slice(2)}`);
    const elsewhere = await openSpnDb(`spn-merge-${Math.random().toString(36).slice(2)}`);
    try {
      const run = await createRun(elsewhere, { ...DEFAULT_SEARCH_SETTINGS, limit: { kind: 'count', candidates: 3 } });
      // #0 still queued there (a second worker's), #1 and #2 finished: the file holds #1 and #2.
      const cands = await listCandidates(elsewhere, run.id);
      const done = cands.slice(1).map((c, k) => ({
        ...c,
        status: 'finished' as const,
        result: candidateResult(0.7 + k / 10, true),
        origin: 'local',
      }));
      await importRunResults(db, new Blob([runResultsJson(run, done)]));
      const merged = await listCandidates(db, run.id);
      expect(merged.map((c) => [c.index, c.id])).toEqual(done.map((c) => [c.index, c.id]));
      expect(merged.map((c) => c.index)).toEqual([1, 2]);
      expect(await checkDbConsistency(db)).toEqual([]);
    } finally {
      db.close();
      elsewhere.close();
    }
  });
  it('a resumed run says it was resumed while it works, and how it ended after', async () => {
    const db = await openSpnDb(`spn-merge-${Math.random().toString(36).slice(2)}`);
    const runner = new SearchRunner(db);
    const ctl = new SearchController(db, runner);
    try {
      const run = await createRun(db, { ...TINY_SEARCH, limit: { kind: 'count', candidates: 2 } }, 'tiny again');
      await ctl.init();
      const seen: string[] = [];
      const working = ctl.resume(run.id);
      seen.push(ctl.state.message);
      await working;
      // Not "Resuming…", which stayed on screen for the whole run as if it never got going.
      expect(seen).toEqual(['Resumed tiny again.']);
      expect(ctl.state.message).not.toContain('Resum');
      expect((await db.get('runs', run.id))?.status).toBe('finished');
    } finally {
      ctl.dispose();
      runner.dispose();
      db.close();
    }
  });

  it('"Export best model" says so when the best-ranked candidate has no weights here and it exports the next', async () => {
    const db = await openSpnDb(`spn-merge-${Math.random().toString(36).slice(2)}`);
    const runner = new SearchRunner(db);
    const ctl = new SearchController(db);
    try {
      const run = await createRun(db, { ...TINY_SEARCH, limit: { kind: 'count', candidates: 1 } });
      await runner.resume(run.id);
      const [own] = await listCandidates(db, run.id);
      // From another machine: a better candidate of the same run, its result without weights.
      const spec = scaleSpecWidths(sampleCandidate(12345, 1), 0.06);
      const better = {
        ...own!,
        index: 1,
        id: specId(spec),
        spec,
        status: 'finished' as const,
        result: candidateResult(0.99, true),
        origin: 'local',
      };
      await importRunResults(db, new Blob([runResultsJson((await db.get('runs', run.id))!, [better])]));
      const saved: string[] = [];
      ctl.download = (name) => saved.push(name);
      await ctl.openRun(run.id);
      expect(ctl.state.rows.map((r) => r.index)).toEqual([1, 0]);
      await ctl.exportModel('json');
      expect(saved).toHaveLength(1);
      // Named as the model inside it (and as it downloads again once imported): the run and the candidate's number.
      const name = (await db.get('runs', run.id))!.name;
      expect(saved[0]).toBe(`${name.replace(/[^a-z0-9._-]+/gi, '-').replace(/^-+|-+$/g, '')}-candidate-0.json`);
      expect(ctl.state.message).toBe(
        `Exported candidate #0 (${own!.id}), the best-ranked with stored weights: #1, ranked first, has none here (results files carry no weights).`,
      );
    } finally {
      ctl.dispose();
      runner.dispose();
      db.close();
    }
  });
});
