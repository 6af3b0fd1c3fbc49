/**
 * <spn-search-view> in real Chromium over a real IndexedDB (a fresh database per test file): a run with finished,
 * pruned and queued candidates written straight to the store (no training) drives the leaderboard, the Pareto
 * scatter, the candidate detail and the run list; the settings form refuses bad values field by field.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import '../../src/ui/search-view';
import type { SearchView } from '../../src/ui/search-view';
import '../../src/ui/search-settings-form';
import type { SearchStartDetail } from '../../src/ui/search-settings-form';
import { SearchController } from '../../src/app/search-controller';
import { createRun, listCandidates, listRuns, runLockName } from '../../src/db/runs';
import { openSpnDb, type CandidateRecord, type SpnDatabase } from '../../src/db/schema';
import { QUICK_SEARCH_SETTINGS } from '../../src/core/search/settings';
import { countParams } from '../../src/core/model';
import type { CandidateResult } from '../../src/core/train/trainer';
import { deleteDatabase, untilWithin } from './waiting';
import { detectBackends } from '../../src/runtime/backend-detect';

/** Scored candidates by index: accuracy, parameters, status. Front by construction: 0, 1, 2, 4 (3 is beaten by 0). */
const SCORES: Record<number, { acc: number; params: number; status: 'finished' | 'pruned' }> = {
  0: { acc: 0.9, params: 2e6, status: 'finished' },
  1: { acc: 0.95, params: 5e6, status: 'finished' },
  2: { acc: 0.85, params: 1e6, status: 'finished' },
  3: { acc: 0.8, params: 3e6, status: 'finished' },
  4: { acc: 0.7, params: 0.5e6, status: 'pruned' },
};
// Candidate 5 stays queued (no result).
const CONFUSION: [[number, number], [number, number]] = [
  [180, 20],
  [30, 170],
];

function result(acc: number, params: number, pruned: boolean): CandidateResult {
  const val = [0, 1, 2, 3, 4, 5].map((i) => ({ step: 10 * (i + 1), loss: 0.7 - 0.05 * i, acc: acc - 0.01 * (5 - i) }));
  return {
    meanTop5: acc,
    meanTop3: acc + 0.005,
    max: acc + 0.01,
    params,
    macs: params * 40,
    curves: { train: val.map((p) => ({ ...p, step: p.step - 5, acc: p.acc + 0.02 })), val },
    steps: pruned ? 30 : 60,
    epochs: 2,
    stoppedBy: pruned ? 'pruned' : 'max-epochs',
    trainSeconds: pruned ? 12 : 24,
    trainSamplesPerS: 200,
    inferPatchesPerS: 1000 - params / 1e4,
    test: { accuracy: 350 / 400, confusion: CONFUSION },
  };
}

let db: SpnDatabase;
let runId: string;
let cands: CandidateRecord[];
const dbName = `spn-search-view-${Date.now()}-${Math.random().toString(36).slice(2)}`;

beforeAll(async () => {
  db = await openSpnDb(dbName);
  const run = await createRun(db, { ...QUICK_SEARCH_SETTINGS, limit: { kind: 'count', candidates: 6 } }, 'fixture run');
  runId = run.id;
  for (const c of await listCandidates(db, runId)) {
    const sc = SCORES[c.index];
    if (!sc) continue;
    await db.put('candidates', {
      ...c,
      status: sc.status,
      result: result(sc.acc, sc.params, sc.status === 'pruned'),
      backend: c.index === 3 ? 'webgl' : 'wasm',
      ...(c.index === 3 ? { retried: { firstBackend: 'webgpu', error: 'GPU device lost' } } : {}),
    });
  }
  cands = await listCandidates(db, runId);
});

afterAll(async () => {
  db.close();
  await deleteDatabase(dbName);
});

const mounted: { el: HTMLElement; ctl: SearchController }[] = [];
afterEach(() => {
  for (const { el, ctl } of mounted.splice(0)) {
    el.remove();
    ctl.dispose();
  }
});

const until = untilWithin(10_000);

async function mount(): Promise<{ el: SearchView; ctl: SearchController }> {
  const ctl = new SearchController(db);
  const el = document.createElement('spn-search-view');
  el.controller = ctl;
  document.body.append(el);
  mounted.push({ el, ctl });
  await ctl.init();
  await until(() => !!table(el)?.shadowRoot?.querySelector('tbody tr'));
  return { el, ctl };
}

const sr = (el: Element) => el.shadowRoot as ShadowRoot;
const table = (el: SearchView) => sr(el).querySelector('spn-leaderboard-table');
const bodyRows = (el: SearchView) => [...sr(table(el)!).querySelectorAll<HTMLTableRowElement>('tbody tr')];
const rowIndices = (el: SearchView) => bodyRows(el).map((r) => Number(r.dataset['index']));
const header = (el: SearchView, key: string) =>
  sr(table(el)!).querySelector<HTMLButtonElement>(`th button[data-key="${key}"]`)!;

describe('<spn-search-view>', () => {
  it('ranks the leaderboard by mean top-5, marks the retried backend and shows pruning savings', async () => {
    expect(new Set(cands.map((c) => c.id)).size).toBe(6);
    const { el } = await mount();
    expect(rowIndices(el)).toEqual([1, 0, 2, 3, 4, 5]);
    expect(bodyRows(el).map((r) => r.cells[0]!.textContent.trim())).toEqual(['★ 1', '2', '3', '4', '5', '—']);
    expect(bodyRows(el)[0]!.cells[1]!.textContent).toMatch(/^#\d+$/);
    expect(bodyRows(el)[0]!.cells[2]!.textContent).toBe('finished');
    expect(bodyRows(el)[0]!.cells[3]!.textContent).toContain('95.0 %');
    expect(bodyRows(el)[3]!.textContent).toMatch(/webgl\s*↻ retried/);
    // Pruned #4 ran 30 of the median 60 steps at 0.4 s/step (108 s / 270 steps): 12 s = 0.2 minutes of training.
    expect(sr(sr(el).querySelector('spn-run-summary')!).querySelector('.savings')!.textContent).toContain(
      'stopped 1 candidate early, saving about 0.2 minutes of training',
    );
    expect(
      sr(sr(el).querySelector('spn-run-list')!).querySelector(`li[data-run="${runId}"] button.resume`),
    ).not.toBeNull();
    // The quick preset validates on test-profile patches: every row and the caption say so.
    expect(bodyRows(el).map((r) => r.cells[r.cells.length - 1]!.textContent.trim())).toEqual(
      Array(6).fill('test profile'),
    );
    expect(sr(table(el)!).querySelector('caption')!.textContent).toContain(
      "test-profile patches (the authors' protocol)",
    );
    expect(sr(el).querySelector('.data-settings')!.textContent).toMatch(
      /paper generator · scores: validation on test-profile patches \(the authors' protocol\)/,
    );
  });

  it('shows a run stored before the validation-set field as scored on the train split', async () => {
    const { dataset } = QUICK_SEARCH_SETTINGS;
    const old = await createRun(
      db,
      {
        ...QUICK_SEARCH_SETTINGS,
        dataset: { size: dataset.size, valFraction: dataset.valFraction, testSize: dataset.testSize },
        limit: { kind: 'count', candidates: 1 },
      },
      'old run',
    );
    try {
      const { el, ctl } = await mount();
      await ctl.openRun(old.id);
      await until(() => bodyRows(el).length === 1 && bodyRows(el)[0]!.textContent.includes('train split'));
      expect(sr(table(el)!).querySelector('caption')!.textContent).toContain('held-out train-profile patches');
    } finally {
      await db.delete('runs', old.id);
      for (const c of await listCandidates(db, old.id)) await db.delete('candidates', [old.id, c.index]);
    }
  });

  it('the settings form starts with test-profile validation and the paper generator, and can switch both', async () => {
    const form = document.createElement('spn-search-settings-form');
    document.body.append(form);
    try {
      await form.updateComplete;
      const started: SearchStartDetail[] = [];
      form.addEventListener('search-start', (e) => started.push(e.detail));
      const select = (name: string) => sr(form).querySelector<HTMLSelectElement>(`select[name="${name}"]`)!;
      expect(select('validation').value).toBe('test-profile');
      expect(select('generator').value).toBe('paper');
      sr(form).querySelector<HTMLButtonElement>('button.start')!.click();
      select('validation').value = 'train-split';
      select('validation').dispatchEvent(new Event('change'));
      select('generator').value = 'realistic';
      select('generator').dispatchEvent(new Event('change'));
      await form.updateComplete;
      expect(sr(form).textContent).toMatch(/held-out train-profile patches \(the older protocol\)/);
      sr(form).querySelector<HTMLButtonElement>('button.start')!.click();
      expect(started.map((d) => [d.settings.dataset.validation, d.settings.dataset.generator])).toEqual([
        ['test-profile', 'paper'],
        ['train-split', 'realistic'],
      ]);
    } finally {
      form.remove();
    }
  });

  it('sorts by parameters with click and Enter on the header, with aria-sort', async () => {
    const { el } = await mount();
    const params = new Map(cands.map((c) => [c.index, SCORES[c.index]?.params ?? countParams(c.spec)]));
    const ascending = [...params.keys()].sort((a, b) => params.get(a)! - params.get(b)!);
    header(el, 'params').click();
    await table(el)!.updateComplete;
    expect(rowIndices(el)).toEqual(ascending);
    expect(header(el, 'params').parentElement!.getAttribute('aria-sort')).toBe('ascending');
    expect(header(el, 'rank').parentElement!.getAttribute('aria-sort')).toBe('none');
    // Whole counts with separators (a tiny network read "0.00383" in millions).
    const column = [...sr(table(el)!).querySelectorAll('thead th')].findIndex((th) =>
      th.textContent?.includes('Parameters'),
    );
    expect(bodyRows(el).map((r) => r.cells[column]!.textContent.trim())).toEqual(
      ascending.map((i) => params.get(i)!.toLocaleString('en')),
    );
    header(el, 'params').focus();
    await userEvent.keyboard('{Enter}');
    await table(el)!.updateComplete;
    expect(rowIndices(el)).toEqual([...ascending].reverse());
    expect(header(el, 'params').parentElement!.getAttribute('aria-sort')).toBe('descending');
  });

  it('selects a candidate with the arrow keys and Enter, showing curves, layers and the confusion matrix', async () => {
    const { el } = await mount();
    expect(sr(el).querySelector('spn-candidate-detail')).toBeNull();
    bodyRows(el)[0]!.focus();
    await userEvent.keyboard('{ArrowDown}');
    await table(el)!.updateComplete;
    expect(sr(table(el)!).activeElement).toBe(bodyRows(el)[1]);
    await userEvent.keyboard('{Enter}');
    await until(() => !!sr(el).querySelector('spn-candidate-detail'));
    const detail = sr(el).querySelector('spn-candidate-detail')!;
    await detail.updateComplete;
    expect(detail.candidate?.index).toBe(0);
    expect(bodyRows(el)[1]!.getAttribute('aria-selected')).toBe('true');
    const results = sr(detail).querySelector('spn-test-results')!;
    await results.updateComplete;
    const confusion = sr(results).querySelector('table.confusion')!;
    expect([...confusion.querySelectorAll('tbody td')].map((td) => Number(td.textContent))).toEqual(CONFUSION.flat());
    expect(sr(results).querySelector('.test-accuracy')!.textContent).toBe('87.5 %');
    expect(sr(detail).querySelectorAll('.uplot').length).toBe(2);
    expect(sr(detail).querySelectorAll('table[aria-label="Layers"] tbody tr').length).toBeGreaterThan(10);
    // Its input is the network's, and the table says the 48 × 48 patches are resized to it (the Classify view says 48 rows).
    expect(sr(detail).querySelector('table[aria-label="Layers"] caption')?.textContent).toMatch(
      /^Layers at the network's 112 × 112 input \(the 48 × 48 patches are resized to it\)$/,
    );
  });

  it('marks exactly the Pareto-front candidates in the scatter', async () => {
    const { el } = await mount();
    const scatter = sr(el).querySelector('spn-pareto-scatter')!;
    const circles = [...sr(scatter).querySelectorAll<SVGCircleElement>('circle')];
    expect(circles.map((c) => Number(c.dataset['index'])).sort()).toEqual([0, 1, 2, 3, 4]);
    const front = circles
      .filter((c) => c.classList.contains('front'))
      .map((c) => Number(c.dataset['index']))
      .sort();
    expect(front).toEqual([0, 1, 2, 4]);
    // More parameters sit further right; higher accuracy higher up.
    const at = (i: number) => circles.find((c) => Number(c.dataset['index']) === i)!;
    expect(Number(at(1).getAttribute('cx'))).toBeGreaterThan(Number(at(0).getAttribute('cx')));
    expect(Number(at(1).getAttribute('cy'))).toBeLessThan(Number(at(0).getAttribute('cy')));
  });

  it('says at once, before the device is measured, that a chosen WebGPU is missing or a software adapter', async () => {
    const { el, ctl } = await mount();
    // What this browser really offers (headless Chromium: no adapter, or a SwiftShader fallback one with the flag).
    const gpu = (await detectBackends()).find((a) => a.name === 'webgpu')!;
    await until(() => ctl.state.availability.length > 0);
    expect(ctl.state.probe).toBeNull();
    const form = sr(el).querySelector('spn-search-settings-form')!;
    const backend = sr(form).querySelector<HTMLSelectElement>('select[name="backend"]')!;
    backend.value = 'webgpu';
    backend.dispatchEvent(new Event('change'));
    const cost = () => sr(sr(el).querySelector('spn-cost-estimate')!).textContent?.replace(/\s+/g, ' ') ?? '';
    const expected = !gpu.available
      ? `Backend webgpu is not available in this browser (${gpu.detail})`
      : gpu.software
        ? `Backend webgpu is a software adapter in this browser (${gpu.detail}), about 100 times slower than wasm`
        : 'Duration unknown';
    await until(() => cost().includes(expected));
    console.log(`webgpu here: ${gpu.detail}; the form says: ${cost().trim()}`);
    // The Backends section lists what was found before any measuring.
    const found = sr(el).querySelector('ul.found[aria-label="Backends found"]')!;
    expect(found.textContent).toContain(`webgpu: ${gpu.available ? '' : `not available (${gpu.detail})`}`);
    backend.value = 'auto';
    backend.dispatchEvent(new Event('change'));
    await until(() => cost().includes('Duration unknown'));
  });

  it('refuses invalid settings with each message next to its field, creating no run', async () => {
    const { el } = await mount();
    const form = sr(el).querySelector('spn-search-settings-form')!;
    const input = (name: string) => sr(form).querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
    for (const [name, value] of [
      ['seed', '-1'],
      ['candidates', '0'],
      ['datasetSize', '5'],
    ] as const) {
      input(name).value = value;
      input(name).dispatchEvent(new Event('change'));
    }
    sr(form).querySelector<HTMLButtonElement>('button.start')!.click();
    await form.updateComplete;
    const expected = {
      seed: /Seed must be a whole number/,
      candidates: /Number of candidates must be/,
      datasetSize: /at least 20 patches/,
    };
    for (const [name, re] of Object.entries(expected)) {
      expect(input(name).getAttribute('aria-invalid')).toBe('true');
      const msg = sr(form).getElementById(input(name).getAttribute('aria-describedby')!)!;
      expect(msg.textContent).toMatch(re);
      expect(msg.closest('label')).toBe(input(name).closest('label'));
    }
    expect(input('maxEpochs').getAttribute('aria-invalid')).toBe('false');
    expect(sr(form).activeElement).toBe(input('seed'));
    await new Promise((r) => setTimeout(r, 200));
    expect((await listRuns(db)).length).toBe(1);
  });

  it('deletes a run only after confirmation', async () => {
    const other = await createRun(
      db,
      { ...QUICK_SEARCH_SETTINGS, limit: { kind: 'count', candidates: 1 } },
      'to delete',
    );
    const { el } = await mount();
    const list = sr(el).querySelector('spn-run-list')!;
    await until(() => !!sr(list).querySelector(`li[data-run="${other.id}"]`));
    const item = () => sr(list).querySelector(`li[data-run="${other.id}"]`);
    item()!.querySelector<HTMLButtonElement>('button.delete')!.click();
    await list.updateComplete;
    expect(await db.get('runs', other.id)).toBeDefined();
    item()!.querySelector<HTMLButtonElement>('button.confirm-delete')!.click();
    await until(() => item() === null);
    expect(await db.get('runs', other.id)).toBeUndefined();
    expect(await listCandidates(db, other.id)).toEqual([]);
    expect(await db.get('runs', runId)).toBeDefined();
  });

  it('does not delete a run another tab is training', async () => {
    const busy = await createRun(
      db,
      { ...QUICK_SEARCH_SETTINGS, limit: { kind: 'count', candidates: 1 } },
      'trained elsewhere',
    );
    // The other tab: it holds the run's lock for as long as it works on the run.
    let release = (): void => undefined;
    const working = new Promise<void>((r) => (release = r));
    await new Promise<void>((locked) => {
      void navigator.locks.request(runLockName(busy.id), { mode: 'shared' }, () => {
        locked();
        return working;
      });
    });
    try {
      const { el, ctl } = await mount();
      const list = sr(el).querySelector('spn-run-list')!;
      await until(() => !!sr(list).querySelector(`li[data-run="${busy.id}"]`));
      const del = sr(list).querySelector<HTMLButtonElement>(`li[data-run="${busy.id}"] button.delete`)!;
      expect(del.disabled).toBe(true);
      expect(del.title).toMatch(/another tab is training this run/);
      await ctl.deleteRun(busy.id);
      expect(ctl.state.error).toMatch(/a tab is training this run: stop it there first/);
      expect(await db.get('runs', busy.id)).toBeDefined();
      // The other tab is closed (its lock goes; it never marked the run): this view sees it without a reload.
      ctl.otherTabsPollMs = 100;
      release();
      await until(() => ctl.state.runs.find((r) => r.id === busy.id)?.status === 'interrupted');
      await el.updateComplete;
      await list.updateComplete;
      expect(sr(list).querySelector<HTMLButtonElement>(`li[data-run="${busy.id}"] button.delete`)!.disabled).toBe(
        false,
      );
    } finally {
      release();
    }
  });

  it('refuses a dropped non-model file with the reason in role="alert", storing nothing', async () => {
    const { el } = await mount();
    const drop = sr(el).querySelector('section[aria-labelledby="import-h"] spn-file-drop')!;
    const dt = new DataTransfer();
    dt.items.add(new File(['{"format": "something-else"}'], 'notes.json', { type: 'application/json' }));
    sr(drop)
      .querySelector('.zone')!
      .dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    const alert = sr(el).querySelector('.import-error[role="alert"]')!;
    await until(() => (alert.textContent ?? '') !== '');
    expect(alert.textContent).toMatch(/^notes\.json: .*format/);
    expect(await db.count('models')).toBe(0);
  });

  it("exports a run's results as CSV, one line per candidate in index order", async () => {
    const { el, ctl } = await mount();
    const files: { name: string; text: string }[] = [];
    ctl.download = (name, data) => files.push({ name, text: typeof data === 'string' ? data : `(${typeof data})` });
    const item = sr(sr(el).querySelector('spn-run-list')!).querySelector(`li[data-run="${runId}"]`)!;
    [...item.querySelectorAll('button')].find((b) => b.textContent === 'Results CSV')!.click();
    await until(() => files.length === 1);
    const lines = files[0]!.text.trim().split('\n');
    expect(files[0]!.name).toMatch(/\.results\.csv$/);
    expect(lines.length).toBe(7);
    expect(lines.slice(1).map((l) => Number(l.split(',')[0]))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(lines[2]).toContain(',0.95,');
  });
});
