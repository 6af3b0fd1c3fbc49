/**
 * The run's cost before Start, in real Chromium: an unmeasured device offers to measure itself (the real timed probe
 * in a training worker), the defaults are priced at over an hour with one-click ways to fit one, and a real tiny
 * search afterwards lands within a factor of 2 of its estimate, with the ratio shown in the run's summary.
 */
import { afterAll, describe, expect, it } from 'vitest';
import '../../src/ui/search-view';
import type { SearchView } from '../../src/ui/search-view';
import { FIT_BUDGET_SECONDS, SearchController } from '../../src/app/search-controller';
import { openSpnDb, type SpnDatabase } from '../../src/db/schema';
import { listCandidates } from '../../src/db/runs';
import { TINY_SEARCH } from './tiny-search';
import { DEFAULT_SEARCH_SETTINGS, type SearchSettings } from '../../src/core/search/settings';
import { deleteDatabase, untilWithin } from './waiting';

const dbName = `spn-search-cost-${Date.now()}-${Math.random().toString(36).slice(2)}`;
let db: SpnDatabase;
let ctl: SearchController;
let el: SearchView;

/** The tiny preset of the runner tests, with two epochs so training is not all start-up. */
const tiny: SearchSettings = {
  ...TINY_SEARCH,
  dataset: { size: 240, valFraction: 0.2, testSize: 48 },
  maxEpochs: 2,
};

afterAll(async () => {
  el?.remove();
  ctl?.dispose();
  db?.close();
  await deleteDatabase(dbName);
});

const until = untilWithin(120_000);

const sr = (e: Element) => e.shadowRoot as ShadowRoot;
const form = () => sr(el).querySelector('spn-search-settings-form')!;
const cost = () => sr(el).querySelector('spn-cost-estimate')!;
const input = (name: string) => sr(form()).querySelector<HTMLInputElement>(`input[name="${name}"]`)!;

describe('cost before Start', () => {
  it('measures an unmeasured device, prices the defaults at over an hour, and fits them in one click', async () => {
    db = await openSpnDb(dbName);
    ctl = new SearchController(db);
    el = document.createElement('spn-search-view');
    el.controller = ctl;
    document.body.append(el);
    await ctl.init();
    await until(() => !!cost()?.shadowRoot?.querySelector('button.measure'));
    expect(ctl.state.estimate).toBeNull();
    sr(cost()).querySelector<HTMLButtonElement>('button.measure')!.click();
    await until(() => ctl.state.estimate !== null);
    await cost().updateComplete;
    const text = sr(cost()).querySelector('.estimate')!.textContent;
    expect(text).toMatch(/^≈ .+ on this device \(wasm/);
    // The form's defaults: 20 full-width candidates on 20,000 patches for 60 epochs, on a CPU.
    expect(ctl.state.estimate!.seconds).toBeGreaterThan(FIT_BUDGET_SECONDS);
    const buttons = [...sr(cost()).querySelectorAll<HTMLButtonElement>('ul.fit button')];
    expect(buttons.length).toBeGreaterThan(0);
    expect(sr(cost()).querySelector('ul.fit')!.textContent).toContain('Trade:');
    buttons[0]!.click();
    await until(() => (ctl.state.estimate?.seconds ?? Infinity) <= FIT_BUDGET_SECONDS);
    await form().updateComplete;
    // The form shows the chosen settings, and they differ from the defaults somewhere the option said.
    const s = form().settings;
    expect(s).not.toEqual(DEFAULT_SEARCH_SETTINGS);
    expect(Number(input('widthFactor').value)).toBe(s.widthFactor);
    expect(Number(input('maxEpochs').value)).toBe(s.maxEpochs);
    await cost().updateComplete;
    expect(sr(cost()).querySelector('ul.fit')).toBeNull();
  });

  it('a real tiny search lands near its estimate (0.58-1.25 measured; asserted within 4x); the summary shows the ratio', async () => {
    form().applySettings(tiny);
    await until(() => ctl.state.estimate !== null && ctl.state.estimate.candidates === 3);
    const estimate = ctl.state.estimate!;
    let sawLive = false;
    // The time worked moves on its own message, every count, without reloading the leaderboard.
    ctl.runner.workCountMs = 300;
    let previous = { worked: 0, candidates: ctl.state.candidates };
    let workedWithoutReload = 0;
    const onChange = () => {
      sawLive ||= ctl.state.curves.some((c) => c.live && c.points.length > 0);
      const worked = ctl.state.run?.timings.workSeconds ?? 0;
      if (worked > previous.worked && ctl.state.candidates === previous.candidates) workedWithoutReload++;
      previous = { worked, candidates: ctl.state.candidates };
    };
    ctl.addEventListener('change', onChange);
    expect(await ctl.start(tiny)).toBe(true);
    const runId = ctl.state.working!;
    await until(() => ctl.state.working === null && ctl.state.run?.status === 'finished', 280_000);
    ctl.removeEventListener('change', onChange);
    // "Started …" described the work; the status line now says how it ended.
    await until(() => ctl.state.message !== `Started ${ctl.state.run!.name}.`, 10_000);
    expect(ctl.state.message).toBe(`${ctl.state.run!.name} finished.`);
    // The overlaid curves got validation points while candidates were still training.
    expect(sawLive).toBe(true);
    expect(workedWithoutReload).toBeGreaterThan(0);
    // The training worker recorded test accuracy per generator kind, over the whole test set.
    for (const c of await listCandidates(db, runId)) {
      const perKind = c.result!.test!.perKind!;
      expect(perKind.reduce((n, k) => n + k.count, 0)).toBe(tiny.dataset.testSize);
      expect(perKind.reduce((n, k) => n + k.correct, 0) / tiny.dataset.testSize).toBeCloseTo(
        c.result!.test!.accuracy,
        12,
      );
      expect(c.result!.test!.wrong!.flat().length).toBe(
        tiny.dataset.testSize - perKind.reduce((n, k) => n + k.correct, 0),
      );
    }
    const run = (await db.get('runs', runId))!;
    expect(run.estimate?.seconds).toBeCloseTo(estimate.seconds, 6);
    const ratio = run.timings.workSeconds! / run.estimate!.seconds;
    console.log(
      `tiny search: ${run.timings.workSeconds!.toFixed(1)} s, estimated ${run.estimate!.seconds.toFixed(1)} s, ratio ${ratio.toFixed(2)}`,
    );
    // Measured 0.58-1.25 on a quiet machine (the factor of 2). The assertion only catches an estimate off by
    // an order of magnitude: a loaded CI machine must not fail a correct build (no tight timed assertions).
    expect(ratio).toBeGreaterThan(0.25);
    expect(ratio).toBeLessThan(4);
    await until(() => !!sr(el).querySelector('spn-run-summary')?.shadowRoot?.querySelector('.ratio'));
    expect(sr(sr(el).querySelector('spn-run-summary')!).querySelector('.ratio')!.textContent).toBe(ratio.toFixed(2));
  });
});
