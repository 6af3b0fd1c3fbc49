/**
 * Errors per kind in real Chromium: a candidate's test result shows accuracy per generator kind; a confusion cell
 * asks for its misclassified test patches, which the Data view regenerates from the run's seed (checked against
 * the generator's own labels), and the app shell switches to the Data view when asked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../src/ui/search-view';
import '../../src/ui/data-view';
import '../../src/ui/spn-app';
import { SearchController } from '../../src/app/search-controller';
import { GeneratorPool } from '../../src/app/generator-pool';
import type { GalleryRequest } from '../../src/app/data-controller';
import { createRun, listCandidates } from '../../src/db/runs';
import { openSpnDb, type SpnDatabase } from '../../src/db/schema';
import { QUICK_SEARCH_SETTINGS } from '../../src/core/search/settings';
import { trainCount } from '../../src/core/dataset-settings';
import { kindWords } from '../../src/ui/patch-words';
import type { CandidateResult } from '../../src/core/train/trainer';
import { deleteDatabase, untilWithin } from './waiting';

const dbName = `spn-search-errors-${Date.now()}-${Math.random().toString(36).slice(2)}`;
const SEED = 11;
let db: SpnDatabase;
/** Held-out test patches (indices in the test set) among the first 60: label 1 ones stand for "BSR missed", label 0 for "false BSR". */
let bsr: number[] = [],
  notBsr: number[] = [];
const SETTINGS = { ...QUICK_SEARCH_SETTINGS, seed: SEED, limit: { kind: 'count' as const, candidates: 1 } };
/** With validation on the test profile, the test set starts after the validation patches in the test-profile sequence. */
const nVal = SETTINGS.dataset.size - trainCount(SETTINGS.dataset);

beforeAll(async () => {
  expect(SETTINGS.dataset.validation).toBe('test-profile');
  const pool = new GeneratorPool(1);
  const raw = await pool.generate({ seed: SEED, from: nVal, count: 60, profile: 'test', generator: 'paper' });
  pool.terminate();
  raw.labels.forEach((l, i) => (l ? bsr : notBsr).push(i));
  bsr = bsr.slice(0, 5);
  notBsr = notBsr.slice(0, 3);
  db = await openSpnDb(dbName);
  const run = await createRun(db, SETTINGS, 'errors run');
  const [c] = await listCandidates(db, run.id);
  const val = [{ step: 10, loss: 0.5, acc: 0.8 }];
  const result: CandidateResult = {
    meanTop5: 0.8,
    meanTop3: 0.8,
    max: 0.8,
    params: 1e5,
    macs: 1e7,
    curves: { train: val, val },
    steps: 10,
    epochs: 1,
    stoppedBy: 'max-epochs',
    trainSeconds: 1,
    trainSamplesPerS: 100,
    inferPatchesPerS: 100,
    test: {
      accuracy: 0.8,
      confusion: [
        [17, notBsr.length],
        [bsr.length, 15],
      ],
      wrong: [notBsr, bsr],
      perKind: [
        { kind: 0, count: 20, correct: 15 },
        { kind: 1, count: 16, correct: 14 },
        { kind: 2, count: 0, correct: 0 },
        { kind: 3, count: 4, correct: 3 },
        { kind: 4, count: 5, correct: 5 },
      ],
    },
  };
  await db.put('candidates', { ...c!, status: 'finished', result });
});
afterAll(async () => {
  db.close();
  await deleteDatabase(dbName);
});

const until = untilWithin(30_000);
const sr = (e: Element) => e.shadowRoot as ShadowRoot;
/** The gallery of requested patches inside a Data view. */
const reqGallery = (data: Element) =>
  sr(data).querySelector('spn-requested-patches')?.shadowRoot?.querySelector('spn-patch-gallery') ?? null;

describe('errors per kind', () => {
  it("shows accuracy per kind and opens a confusion cell's misclassified patches in the Data gallery", async () => {
    const ctl = new SearchController(db);
    const view = document.createElement('spn-search-view');
    view.controller = ctl;
    document.body.append(view);
    await ctl.init();
    await until(() => ctl.state.rows.length === 1);
    ctl.selectCandidate(0);
    await until(
      () =>
        !!sr(view)
          .querySelector('spn-candidate-detail')
          ?.shadowRoot?.querySelector('spn-test-results')
          ?.shadowRoot?.querySelector('table.per-kind'),
    );
    const results = sr(sr(view).querySelector('spn-candidate-detail')!).querySelector('spn-test-results')!;
    const kindRows = [...sr(results).querySelectorAll('table.per-kind tbody tr')];
    // Kinds with test patches only, each named (an id the app does not know yet is shown as "kind N").
    expect(kindRows.map((r) => r.firstElementChild!.textContent)).toEqual([0, 1, 3, 4].map(kindWords));
    expect(kindWords(99)).toBe('kind 99');
    expect(kindRows[0]!.lastElementChild!.textContent).toBe('75.0 %');
    // Only the off-diagonal cells open patches.
    const cells = [...sr(results).querySelectorAll<HTMLButtonElement>('table.confusion td button')];
    expect(cells.map((b) => `${b.dataset['true']}→${b.dataset['predicted']}:${b.textContent}`)).toEqual([
      `0→1:${notBsr.length}`,
      `1→0:${bsr.length}`,
    ]);
    let request: GalleryRequest | null = null;
    view.addEventListener('gallery-open', (e) => (request = e.detail));
    cells[1]!.click();
    await until(() => request !== null);
    const rq = request as unknown as GalleryRequest;
    expect(rq).toMatchObject({ seed: SEED, profile: 'test', generator: 'paper', indices: bsr.map((i) => nVal + i) });
    expect(rq.title).toContain('BSR test patches predicted not BSR');
    view.remove();
    ctl.dispose();

    // The Data view regenerates exactly those patches: all are BSR by the generator's own labels.
    const data = document.createElement('spn-data-view');
    data.request = rq;
    document.body.append(data);
    await until(() => !!reqGallery(data)?.shadowRoot?.querySelector('figcaption'));
    const gallery = reqGallery(data)!;
    const captions = [...sr(gallery).querySelectorAll('figcaption')].map((f) => f.textContent);
    expect(captions.length).toBe(bsr.length);
    for (const c of captions) expect(c).toMatch(/^\s*BSR(:|\s|$)/);
    expect(sr(sr(data).querySelector('spn-requested-patches')!).querySelector('#requested-h')!.textContent).toBe(
      rq.title,
    );
    data.remove();
  });

  it('the app shell switches to the Data view when a view asks to open patches', async () => {
    history.replaceState(history.state, '', location.pathname + location.search); // the shell opens the address's view
    const app = document.createElement('spn-app');
    document.body.append(app);
    await app.updateComplete;
    const rq: GalleryRequest = {
      seed: SEED,
      profile: 'test',
      generator: 'paper',
      indices: notBsr.map((i) => nVal + i),
      title: 'false BSRs',
    };
    sr(app)
      .querySelector('main')!
      .firstElementChild!.dispatchEvent(new CustomEvent('gallery-open', { detail: rq, bubbles: true, composed: true }));
    await app.updateComplete;
    const data = sr(app).querySelector('spn-data-view');
    expect(data).not.toBeNull();
    expect(data!.request).toBe(rq);
    expect(sr(app).querySelector('nav button[aria-selected="true"]')!.textContent).toBe('Data');
    await until(() => (reqGallery(data!)?.shadowRoot?.querySelectorAll('figcaption').length ?? 0) === notBsr.length);
    for (const f of sr(reqGallery(data!)!).querySelectorAll('figcaption'))
      expect(f.textContent).toMatch(/^\s*not BSR: /);
    app.remove();
  });

  it("the app shell's tabs follow the keyboard: arrows and Home / End move the selection and the focus, one tab stop", async () => {
    history.replaceState(history.state, '', location.pathname + location.search); // the shell opens the address's view
    const app = document.createElement('spn-app');
    document.body.append(app);
    await app.updateComplete;
    const tabs = () => Array.from(sr(app).querySelectorAll<HTMLButtonElement>('[role="tab"]'));
    const selected = () => tabs().find((t) => t.getAttribute('aria-selected') === 'true')!;
    const key = async (k: string): Promise<void> => {
      selected().dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true }));
      await app.updateComplete;
      await app.updateComplete;
    };
    expect(selected().textContent).toBe('Search');
    expect(tabs().map((t) => t.tabIndex)).toEqual(tabs().map((t) => (t === selected() ? 0 : -1)));
    await key('ArrowRight');
    expect(selected().textContent).toBe('Data');
    expect(sr(app).activeElement).toBe(selected());
    expect(sr(app).querySelector('[role="tabpanel"]')!.getAttribute('aria-labelledby')).toBe(selected().id);
    await key('End');
    expect(selected().textContent).toBe('Classify');
    await key('ArrowRight'); // wraps
    expect(selected().textContent).toBe('Search');
    await key('ArrowLeft');
    expect(selected().textContent).toBe('Classify');
    expect(tabs().filter((t) => t.tabIndex === 0)).toEqual([selected()]);
    app.remove();
  });
});
