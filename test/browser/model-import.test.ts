/**
 * Model import against a real IndexedDB in Chromium: every bad model file (test/fixtures/model-file-corruptions.ts,
 * the cases the node fuzz test also checks) is refused by importModelFile with its message, and the database is
 * byte-for-byte what it was. A model whose name is HTML is shown as text in the Search view's import message and in
 * the Classify view's model list, creating no element and running no script.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '../../src/ui/search-view';
import type { SearchView } from '../../src/ui/search-view';
import '../../src/ui/classify-view';
import { SearchController } from '../../src/app/search-controller';
import { importModelFile } from '../../src/app/model-export';
import { ClassifyClient } from '../../src/app/classify-client';
import { createRun, listCandidates, saveCandidateResult } from '../../src/db/runs';
import { listModelSources } from '../../src/app/model-catalog';
import { addModel } from '../../src/db/models';
import { candidateResult } from './candidate-result';
import { formatParams } from '../../src/core/model/format-params';
import { DB_NAME, openSpnDb, type SpnDatabase, type WeightsRecord } from '../../src/db/schema';
import { makeSmallSpec, type CandidateSpec } from '../../src/core/model';
import { buildModel } from '../../src/core/model/build';
import { exportModelFile, stringifyModelFile } from '../../src/core/model-file';
import { QUICK_SEARCH_SETTINGS } from '../../src/core/search/settings';
import { badModelFiles } from '../fixtures/model-file-corruptions';
import { deleteDatabase, untilWithin } from './waiting';

const XSS_NAME = '<img src=x onerror="window.__xss = 1"><script>window.__xss = 2</script>';
const dbName = `spn-model-import-${Date.now()}-${Math.random().toString(36).slice(2)}`;
let db: SpnDatabase;
let valid = '';
let evil = '';

/** What the train worker stores for a candidate: its network's topology, weight specs and weights. */
async function savedWeights(spec: CandidateSpec): Promise<Omit<WeightsRecord, 'runId' | 'candidateId' | 'savedAt'>> {
  const model = buildModel(spec);
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      saved = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  model.dispose();
  return {
    modelTopology: saved!.modelTopology as object,
    weightSpecs: saved!.weightSpecs!,
    weightData: saved!.weightData as ArrayBuffer,
  };
}

async function modelText(name: string): Promise<string> {
  const spec = makeSmallSpec({ stemWidth: 2, perceptionWidth: 10 });
  const model = buildModel(spec);
  const file = await exportModelFile(model, {
    spec,
    name,
    training: { generatorSeed: 1, generatorVersion: 'test', datasetSize: 0, backend: 'cpu', settings: {} },
    metrics: { meanTop5: null, top3: null, max: null, testAccuracy: null },
  });
  model.dispose();
  return stringifyModelFile(file);
}

/** Every store's records, as JSON (ArrayBuffers as byte lists), keyed by store. */
async function snapshot(d: SpnDatabase): Promise<string> {
  const out: Record<string, unknown[]> = {};
  for (const store of ['runs', 'candidates', 'weights', 'models', 'meta'] as const) out[store] = await d.getAll(store);
  return JSON.stringify(out, (_, v: unknown) => (v instanceof ArrayBuffer ? Array.from(new Uint8Array(v)) : v));
}

const until = untilWithin(30_000);

beforeAll(async () => {
  await tf.setBackend('cpu');
  valid = await modelText('good model');
  evil = await modelText(XSS_NAME);
  db = await openSpnDb(dbName);
  // Something already stored, so "nothing changed" covers existing records, not just an empty store.
  await createRun(db, { ...QUICK_SEARCH_SETTINGS, limit: { kind: 'count', candidates: 2 } }, 'existing run');
  await importModelFile(db, new File([valid], 'good.json'));
});

afterAll(async () => {
  db.close();
  await deleteDatabase(dbName);
});

describe('importModelFile refuses bad model files and stores nothing', () => {
  it('every bad case gives its ModelFileError; the database is unchanged', async () => {
    const cases = badModelFiles(valid);
    expect(cases.length).toBeGreaterThan(25);
    const before = await snapshot(db);
    expect((JSON.parse(before) as { models: unknown[] }).models).toHaveLength(1);
    for (const c of cases) {
      const err = await importModelFile(db, new File([c.text], `${c.name}.json`)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err, c.name).toBeInstanceOf(Error);
      expect((err as Error).name, c.name).toBe('ModelFileError');
      expect((err as Error).message, c.name).toMatch(c.message);
      expect(await snapshot(db), c.name).toBe(before);
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

/** Runs `work` with a Search view on the test database, removed afterwards. */
async function withSearchView(work: (ctl: SearchController, el: SearchView) => Promise<void>): Promise<void> {
  const ctl = new SearchController(db);
  const el = document.createElement('spn-search-view');
  el.controller = ctl;
  document.body.append(el);
  try {
    await ctl.init();
    await work(ctl, el);
  } finally {
    el.remove();
    ctl.dispose();
  }
}

describe('importing a model stored already', () => {
  it('adds nothing, and the Search view says it is there; a failed import leaves no earlier success on screen', async () => {
    const before = await db.count('models');
    const again = await importModelFile(db, new File([valid], 'good-again.json'));
    expect(again.stored).toBe(false);
    expect(again.record.name).toBe('good model');
    expect(await db.count('models')).toBe(before);

    await withSearchView(async (ctl) => {
      await ctl.importModel(new File([valid], 'good-again.json'));
      expect(ctl.state.message).toMatch(/^Model “good model” is stored already \(imported .+\); nothing added\.$/);
      expect(await db.count('models')).toBe(before);
      await ctl.importModel(new File(['{"format": "something else"}'], 'other.json'));
      expect(ctl.state.importError).toMatch(/^other\.json: /);
      expect(ctl.state.message).toBe('');
    });
  });
});

describe('models stored in this browser', () => {
  it('are listed in the Search view, download as they were imported, and are deleted only after a yes', async () => {
    await withSearchView(async (ctl, el) => {
      const extra = await modelText('to be deleted');
      await ctl.importModel(new File([extra], 'extra.json'));
      await el.updateComplete;
      const list = (el.shadowRoot as ShadowRoot).querySelector('spn-stored-models')!;
      await list.updateComplete;
      const item = () =>
        Array.from((list.shadowRoot as ShadowRoot).querySelectorAll('li')).find((li) =>
          li.textContent?.includes('to be deleted'),
        );
      expect(item()?.textContent).toMatch(/imported · [\d,]+ parameters/);
      const saved: Array<{ name: string; data: unknown }> = [];
      ctl.download = (name, data) => saved.push({ name, data });
      item()!.querySelector<HTMLButtonElement>('button:not(.delete)')!.click();
      expect(saved).toEqual([{ name: 'to-be-deleted.json', data: extra }]);

      const runsBefore = await db.count('runs');
      const modelsBefore = await db.count('models');
      item()!.querySelector<HTMLButtonElement>('button.delete')!.click();
      await list.updateComplete;
      expect(await db.count('models')).toBe(modelsBefore); // asked first
      item()!.querySelector<HTMLButtonElement>('button.confirm-delete')!.click();
      await until(() => item() === undefined);
      expect(await db.count('models')).toBe(modelsBefore - 1);
      expect(await db.count('runs')).toBe(runsBefore);
      expect(ctl.state.message).toBe('Model “to be deleted” deleted.');
    });
  });
});

describe("a run's candidate exported and imported again", () => {
  it('is offered once in the Classify list (the stored file); a model fine-tuned from it does not hide it', async () => {
    const name = `spn-catalog-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const own = await openSpnDb(name);
    try {
      const run = await createRun(own, { ...QUICK_SEARCH_SETTINGS, limit: { kind: 'count', candidates: 2 } }, 'run A');
      for (const [i, acc] of [0.7, 0.8].entries()) {
        const record = (await listCandidates(own, run.id))[i]!;
        const weights = await savedWeights(record.spec);
        await saveCandidateResult(own, {
          record,
          result: candidateResult(acc),
          status: 'finished',
          backend: 'cpu',
          backendReason: 'test',
          weights,
        });
      }
      const index1 = (await listCandidates(own, run.id))[1]!.index;
      const exported = JSON.parse(valid) as { training: Record<string, unknown>; provenance?: unknown };
      exported.training = { ...exported.training, runId: run.id, candidateIndex: index1 };
      const record = (id: string, json: unknown) => ({
        id,
        name: id,
        importedAt: Date.now(),
        json: JSON.stringify(json),
        params: 1,
      });
      const labels = async () => (await listModelSources(own)).map((m) => m.id);
      const before = await labels();
      expect(before.filter((id) => id.startsWith(`candidate:${run.id}:`))).toHaveLength(2);
      // A candidate is loaded when chosen, after the Classify view closed the connection it was listed with.
      const listedWith = await openSpnDb(name);
      const candidate = (await listModelSources(listedWith)).find((m) => m.id.startsWith(`candidate:${run.id}:`))!;
      listedWith.close();
      const loaded = JSON.parse(await candidate.load()) as { training: { runId: string } };
      expect(loaded.training.runId).toBe(run.id);

      await addModel(
        own,
        {
          ...record('tuned', { ...exported, provenance: { kind: 'fine-tuned', baseModel: { id: 'x' } } }),
          origin: 'fine-tuned',
        },
        'test',
      );
      expect((await labels()).filter((id) => id.startsWith(`candidate:${run.id}:`))).toHaveLength(2);

      await addModel(own, record('re-imported', exported), 'test');
      const after = await listModelSources(own);
      const runEntries = after.filter((m) => m.id.startsWith(`candidate:${run.id}:`));
      expect(runEntries).toHaveLength(1);
      expect(runEntries[0]!.label).not.toContain(`candidate #${index1} `);
      expect(after.map((m) => m.id)).toContain('imported:re-imported');
      expect(after.map((m) => m.id)).toContain('imported:tuned');
    } finally {
      own.close();
      await deleteDatabase(name);
    }
  });
});

describe('model names in the lists', () => {
  it('a blank name lists as the file name; models of one name are told apart by when they were stored', async () => {
    const name = `spn-model-names-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const own = await openSpnDb(name);
    try {
      const blank = JSON.parse(await modelText('x')) as { name: string };
      blank.name = '  ';
      const { record } = await importModelFile(own, new File([JSON.stringify(blank)], 'from-colleague.json'));
      expect(record.name).toBe('from-colleague.json');
      await importModelFile(own, new File([await modelText('same name')], 'a.json'));
      await importModelFile(own, new File([await modelText('same name')], 'b.json'));
      const labels = (await listModelSources(own)).map((m) => m.label);
      const same = labels.filter((l) => l.startsWith('same name '));
      expect(same).toHaveLength(2);
      // Stored within one second the times read alike: the later one is numbered, so the two never look the same.
      for (const l of same) expect(l).toMatch(/^same name \(imported, [\d,]+ parameters, stored .+\)( #2)?$/);
      expect(new Set(same).size).toBe(2);
      expect(labels).toContain(`from-colleague.json (imported, ${formatParams(record.params)})`);
    } finally {
      own.close();
      await deleteDatabase(name);
    }
  });
});

describe('model names are shown as text', () => {
  it('the Search view says "Imported model …" with the HTML name as text', async () => {
    await withSearchView(async (ctl, el) => {
      await ctl.importModel(new File([evil], 'evil.json'));
      await el.updateComplete;
      const status = (el.shadowRoot as ShadowRoot).querySelector('[role="status"]')!;
      await until(() => (status.textContent ?? '').includes('Imported model'));
      expect(status.textContent).toContain(XSS_NAME);
      expect((el.shadowRoot as ShadowRoot).querySelector('img, script')).toBeNull();
      expect((await db.getAll('models')).some((m) => m.name === XSS_NAME)).toBe(true);
    });
    await new Promise((r) => setTimeout(r, 50));
    expect((window as { __xss?: number }).__xss).toBeUndefined();
  });

  it('the Classify view lists the model (stored, then added as a file) with the HTML name as text', async () => {
    // The Classify view reads the app database: store the model there for this test only.
    const appDb = await openSpnDb(DB_NAME);
    const { record: rec } = await importModelFile(appDb, new File([evil], 'evil.json'));
    const el = document.createElement('spn-classify-view');
    el.classifier = new ClassifyClient('cpu');
    document.body.append(el);
    try {
      await el.refreshModels();
      await el.addModelFile(new File([evil], 'evil.json'));
      await el.updateComplete;
      const controls = (el.shadowRoot as ShadowRoot).querySelector('spn-classify-controls')!;
      await controls.updateComplete;
      const labels = [...(controls.shadowRoot as ShadowRoot).querySelectorAll('option')].map(
        (o) => o.textContent ?? '',
      );
      // The file added in the Classify view is the one stored already: one entry, chosen, nothing stored twice.
      expect(labels.filter((l) => l.includes(XSS_NAME)).length).toBe(1);
      expect(el.controller.state.modelChoice).toBe(`imported:${rec.id}`);
      expect(el.controller.state.notice).toMatch(/was stored already .*: chosen in the list\.$/);
      expect(labels.some((l) => l.includes('(imported'))).toBe(true);
      expect((controls.shadowRoot as ShadowRoot).querySelector('img, script')).toBeNull();
      expect((el.shadowRoot as ShadowRoot).querySelector('img, script')).toBeNull();
      expect((el.shadowRoot as ShadowRoot).querySelector('[role="alert"]')?.textContent).toBe('');
    } finally {
      el.remove();
      await appDb.delete('models', rec.id);
      appDb.close();
    }
    await new Promise((r) => setTimeout(r, 50));
    expect((window as { __xss?: number }).__xss).toBeUndefined();
  });
});
