/**
 * Two tabs over one store (two controllers with their own connections and channels, in one page, talk as two tabs
 * do): a run deleted in one tab leaves the other tab's run list and leaderboard, and the other tab's actions on it
 * say it is gone; a model imported or deleted in one tab is listed or dropped in the other tab's Search and Classify
 * views, so a deleted model is not offered (nor used) anywhere.
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '../../src/ui/classify-view';
import { SearchController } from '../../src/app/search-controller';
import { createRun, deleteRun as deleteRunRecord } from '../../src/db/runs';
import { RunGoneError, openSpnDb } from '../../src/db/schema';
import { QUICK_SEARCH_SETTINGS } from '../../src/core/search/settings';
import { stringifyModelFile } from '../../src/core/model-file';
import { tinyModelFile } from './tiny-model';
import { deleteDatabase, untilWithin } from './waiting';

const until = untilWithin(20_000);

describe('a run deleted in another tab', () => {
  it("leaves this tab's run list and leaderboard, and resuming it says it is gone", async () => {
    const name = `spn-store-tabs-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const dbA = await openSpnDb(name),
      dbB = await openSpnDb(name);
    const a = new SearchController(dbA),
      b = new SearchController(dbB);
    try {
      const kept = await createRun(dbA, { ...QUICK_SEARCH_SETTINGS, limit: { kind: 'count', candidates: 2 } }, 'kept');
      const gone = await createRun(dbA, { ...QUICK_SEARCH_SETTINGS, limit: { kind: 'count', candidates: 2 } }, 'gone');
      const silent = await createRun(dbA, { ...QUICK_SEARCH_SETTINGS, limit: { kind: 'count', candidates: 1 } }, 's');
      await a.init();
      await b.init();
      await a.openRun(gone.id);
      expect(a.state.rows.length).toBe(2);
      await b.deleteRun(gone.id);
      await until(
        () => !a.state.runs.some((r) => r.id === gone.id) && a.state.run?.id !== gone.id,
        undefined,
        () => `tab A lists ${a.state.runs.map((r) => r.name).join(', ')} and shows ${a.state.run?.name}`,
      );
      await a.resume(gone.id);
      expect(a.state.error).toBe(new RunGoneError(gone.id).message);
      expect(a.state.message).toBe(''); // not "Resuming…" for ever
      // Deleted before this tab heard of it (straight from the store, no word said): its export says it is gone, in
      // words, and the list follows.
      expect(a.state.runs.some((r) => r.id === silent.id)).toBe(true);
      await deleteRunRecord(dbB, silent.id);
      await a.exportResults(silent.id, 'json');
      expect(a.state.error).toBe(new RunGoneError(silent.id).message);
      await until(() => !a.state.runs.some((r) => r.id === silent.id));
      expect(a.state.runs.map((r) => r.id)).toEqual([kept.id]);
    } finally {
      a.dispose();
      b.dispose();
      dbA.close();
      dbB.close();
      await deleteDatabase(name);
    }
  });
});

describe('a model imported or deleted in another tab', () => {
  it("is listed or dropped in this tab's Search view and Classify list", async () => {
    await tf.setBackend('cpu');
    const text = stringifyModelFile(await tinyModelFile()); // random weights: a file not stored before
    const dbA = await openSpnDb(),
      dbB = await openSpnDb();
    const a = new SearchController(dbA),
      b = new SearchController(dbB);
    const classify = document.createElement('spn-classify-view');
    document.body.append(classify);
    try {
      await a.init();
      await b.init();
      await classify.refreshModels();
      await b.importModel(new File([text], 'other-tab.json'));
      const rec = b.state.models.find((m) => m.json === text)!;
      expect(rec).toBeDefined();
      const offered = () => classify.controller.state.models.some((m) => m.id === `imported:${rec.id}`);
      await until(() => a.state.models.some((m) => m.id === rec.id) && offered());
      classify.controller.chooseModel(`imported:${rec.id}`);
      await b.deleteStoredModel(rec.id);
      await until(() => !a.state.models.some((m) => m.id === rec.id) && !offered());
      // Classify had it chosen: it says so, and what it runs now.
      expect(classify.controller.state.modelChoice).toBe('demo');
      expect(classify.controller.state.notice).toMatch(
        /^The model chosen, “tiny-test \(imported, .*\)”, is no longer stored \(deleted in the Search view or another tab\): Classify uses “Demo model \(bundled\): .*” now\.$/,
      );
    } finally {
      classify.remove();
      a.dispose();
      b.dispose();
      dbA.close();
      dbB.close();
    }
  });
});
