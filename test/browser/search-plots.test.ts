/**
 * The run's plots in real Chromium over a real IndexedDB: history with best so far, overlaid validation curves
 * (rungs, smoothing, log-y), Pareto with a choice of x axis, the status filter and best mark of the leaderboard,
 * parallel coordinates whose brush filters the leaderboard, and the rank-correlation importance view.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import '../../src/ui/search-view';
import type { SearchView } from '../../src/ui/search-view';
import { SearchController } from '../../src/app/search-controller';
import { createRun, listCandidates } from '../../src/db/runs';
import { openSpnDb, type CandidateRecord, type SpnDatabase } from '../../src/db/schema';
import { QUICK_SEARCH_SETTINGS } from '../../src/core/search/settings';
import { SPEC_PARAMETERS } from '../../src/core/search/spec-params';
import type { CandidateResult } from '../../src/core/train/trainer';
import type { LeaderboardRow } from '../../src/app/leaderboard-rows';
import { deleteDatabase, untilWithin } from './waiting';

/** Index → accuracy, params, status (5 stays queued). */
const SCORES: Record<number, { acc: number; params: number; status: 'finished' | 'pruned' }> = {
  0: { acc: 0.9, params: 2e6, status: 'finished' },
  1: { acc: 0.95, params: 5e6, status: 'finished' },
  2: { acc: 0.85, params: 1e6, status: 'finished' },
  3: { acc: 0.8, params: 3e6, status: 'finished' },
  4: { acc: 0.7, params: 0.5e6, status: 'pruned' },
};

function result(acc: number, params: number, pruned: boolean): CandidateResult {
  const val = [0, 1, 2, 3, 4, 5].map((i) => ({
    step: 10 * (i + 1),
    loss: 0.7 - 0.05 * i + (i % 2) * 0.04,
    acc: acc - 0.01 * (5 - i),
  }));
  return {
    meanTop5: acc,
    meanTop3: acc,
    max: acc + 0.01,
    params,
    macs: params * 40,
    curves: { train: val, val },
    steps: pruned ? 30 : 60,
    epochs: 2,
    stoppedBy: pruned ? 'pruned' : 'max-epochs',
    trainSeconds: pruned ? 12 : 24,
    trainSamplesPerS: 200,
    inferPatchesPerS: 1000 - params / 1e4,
  };
}

let db: SpnDatabase;
let cands: CandidateRecord[];
const dbName = `spn-search-plots-${Date.now()}-${Math.random().toString(36).slice(2)}`;

beforeAll(async () => {
  db = await openSpnDb(dbName);
  const run = await createRun(db, { ...QUICK_SEARCH_SETTINGS, limit: { kind: 'count', candidates: 6 } }, 'plots run');
  for (const c of await listCandidates(db, run.id)) {
    const sc = SCORES[c.index];
    if (sc)
      await db.put('candidates', {
        ...c,
        status: sc.status,
        result: result(sc.acc, sc.params, sc.status === 'pruned'),
        backend: 'wasm',
      });
  }
  cands = await listCandidates(db, run.id);
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
const sr = (e: Element) => e.shadowRoot as ShadowRoot;
async function mount(): Promise<{ el: SearchView; ctl: SearchController; plots: Element }> {
  const ctl = new SearchController(db);
  const el = document.createElement('spn-search-view');
  el.controller = ctl;
  document.body.append(el);
  mounted.push({ el, ctl });
  await ctl.init();
  await until(
    () =>
      !!sr(el)
        .querySelector('spn-run-plots')
        ?.shadowRoot?.querySelector('spn-history-plot')
        ?.shadowRoot?.querySelector('circle'),
  );
  return { el, ctl, plots: sr(el).querySelector('spn-run-plots')! };
}
const part = (plots: Element, tag: string) => sr(plots).querySelector(tag)!;
const table = (el: SearchView) => sr(el).querySelector('spn-leaderboard-table')!;
const rowIndices = (el: SearchView) =>
  [...sr(table(el)).querySelectorAll<HTMLTableRowElement>('tbody tr')].map((r) => Number(r.dataset['index']));

describe('run plots', () => {
  it('history: scores in sampling order with the best so far; keyboard selects a candidate', async () => {
    const { el, ctl, plots } = await mount();
    const h = part(plots, 'spn-history-plot');
    expect([...sr(h).querySelectorAll('circle')].map((c) => Number(c.getAttribute('data-index')))).toEqual([
      0, 1, 2, 3, 4,
    ]);
    expect([...sr(h).querySelectorAll('td.best')].map((td) => td.textContent)).toEqual([
      '90.0 %',
      '95.0 %',
      '95.0 %',
      '95.0 %',
      '95.0 %',
    ]);
    expect(sr(h).querySelector('svg')!.getAttribute('aria-label')).toContain('best so far 95.0 %, reached at #1');
    // One tab stop for the whole plot (each point was one: the leaderboard lay 40+ Tabs away); arrows move along it.
    const stops = () =>
      [...sr(h).querySelectorAll('circle[tabindex="0"]')].map((c) => Number(c.getAttribute('data-index')));
    expect(stops()).toEqual([0]);
    sr(h).querySelector<SVGCircleElement>('circle[tabindex="0"]')!.focus();
    await userEvent.keyboard('{ArrowRight}{ArrowRight}');
    await until(() => sr(h).activeElement?.getAttribute('data-index') === '2');
    expect(stops()).toEqual([2]);
    await userEvent.keyboard('{End}');
    await until(() => sr(h).activeElement?.getAttribute('data-index') === '4');
    await userEvent.keyboard('{Home}{ArrowRight}{ArrowRight}{ArrowLeft}{ArrowRight}');
    await until(() => sr(h).activeElement?.getAttribute('data-index') === '2');
    await userEvent.keyboard('{Enter}');
    await until(() => ctl.state.selectedIndex === 2);
    await until(() => !!sr(el).querySelector('spn-candidate-detail'));
    // Tab leaves the plot at once, and comes back to the point last used.
    expect(stops()).toEqual([2]);
  });

  it('overlaid validation curves: one per scored candidate, ASHA rung marked, smoothing and log-y for the loss', async () => {
    const { plots } = await mount();
    const o = part(plots, 'spn-curves-overlay') as HTMLElement & { updateComplete: Promise<boolean> };
    expect(sr(o).querySelectorAll('polyline').length).toBe(5);
    // Quick preset: 1,700 training patches / 64 = 26 steps per epoch x 5 epochs: rungs 30 and 90; the curves end at step 60.
    expect([...sr(o).querySelectorAll('line.rung')].map((l) => Number(l.getAttribute('data-step')))).toEqual([30]);
    const metric = sr(o).querySelector<HTMLSelectElement>('select.metric')!;
    metric.value = 'loss';
    metric.dispatchEvent(new Event('change'));
    await o.updateComplete;
    expect(sr(o).querySelector<HTMLInputElement>('input.log-y')!.disabled).toBe(false);
    expect(sr(o).querySelector('svg')!.getAttribute('aria-label')).toContain('loss');
    const before = sr(o).querySelector('polyline')!.getAttribute('points');
    const slider = sr(o).querySelector<HTMLInputElement>('input.smoothing')!;
    slider.value = '0.8';
    slider.dispatchEvent(new Event('input'));
    await o.updateComplete;
    expect(sr(o).querySelector('polyline')!.getAttribute('points')).not.toBe(before);
    expect(sr(o).querySelector('svg')!.getAttribute('aria-label')).toContain('smoothed');
    expect(sr(o).querySelector('svg')!.textContent).toContain('log y');
    const logY = sr(o).querySelector<HTMLInputElement>('input.log-y')!;
    logY.click();
    await o.updateComplete;
    expect(sr(o).querySelector('svg')!.textContent).not.toContain('log y');
  });

  it('a candidate validated once (a short run) shows as a dot at its one point', async () => {
    const o = document.createElement('spn-curves-overlay');
    o.series = [
      { index: 0, status: 'finished', live: false, points: [{ step: 9, loss: 0.69, acc: 1 / 3 }] },
      { index: 1, status: 'finished', live: false, points: [{ step: 9, loss: 0.6, acc: 2 / 3 }] },
    ];
    document.body.append(o);
    try {
      await o.updateComplete;
      const dots = [...sr(o).querySelectorAll<SVGCircleElement>('circle.end')];
      expect(dots.map((c) => c.getAttribute('data-index'))).toEqual(['0', '1']);
      // Both at the last step (the right end of the axis), one above the other.
      expect(dots[0]!.getAttribute('cx')).toBe(dots[1]!.getAttribute('cx'));
      expect(Number(dots[0]!.getAttribute('cy'))).toBeGreaterThan(Number(dots[1]!.getAttribute('cy')));
    } finally {
      o.remove();
    }
  });

  it('Pareto: candidates of close sizes still get x ticks beside them; curves keep clear of the frame', async () => {
    const row = (index: number, params: number, meanTop5: number): LeaderboardRow => ({
      index,
      id: `c${index}`,
      rank: index + 1,
      meanTop5,
      meanTop3: meanTop5,
      max: meanTop5,
      params,
      macs: params * 100,
      trainSeconds: 1,
      inferPatchesPerS: 100,
      backend: 'wasm',
      retried: undefined,
      status: 'finished',
      onFront: true,
      valSet: 'test-profile',
    });
    const p = document.createElement('spn-pareto-scatter');
    p.rows = [row(0, 413, 2 / 3), row(1, 364, 1 / 3)];
    const o = document.createElement('spn-curves-overlay');
    o.series = [
      { index: 0, status: 'finished', live: false, points: [{ step: 9, loss: 0.69, acc: 1 / 3 }] },
      { index: 1, status: 'finished', live: false, points: [{ step: 9, loss: 0.6, acc: 2 / 3 }] },
    ];
    document.body.append(p, o);
    try {
      await p.updateComplete;
      await o.updateComplete;
      // 364 and 413 parameters had the one tick "500" (outside them both) before.
      const xTicks = [...sr(p).querySelectorAll('text[text-anchor="middle"]')]
        .map((t) => t.textContent ?? '')
        .filter((t) => /^\d/.test(t));
      expect(xTicks).toEqual(['300', '400', '500']);
      // The dots where the curves end sit inside the plot, not on its frame (the y axis spans its height).
      const yAxis = [...sr(o).querySelectorAll('line.axis')].find(
        (l) => l.getAttribute('x1') === l.getAttribute('x2'),
      )!;
      const [top, bottom] = [Number(yAxis.getAttribute('y1')), Number(yAxis.getAttribute('y2'))];
      const dots = [...sr(o).querySelectorAll('circle.end')].map((c) => Number(c.getAttribute('cy')));
      expect(dots).toHaveLength(2);
      for (const cy of dots) {
        expect(cy).toBeGreaterThan(top + 2);
        expect(cy).toBeLessThan(bottom - 2);
      }
    } finally {
      p.remove();
      o.remove();
    }
  });

  it('Pareto: the front follows the chosen x axis', async () => {
    const { el } = await mount();
    const p = sr(el).querySelector('spn-pareto-scatter')!;
    const front = () =>
      [...sr(p).querySelectorAll('circle.front')].map((c) => Number(c.getAttribute('data-index'))).sort();
    expect(front()).toEqual([0, 1, 2, 4]);
    // One tab stop; arrows go along the x axis, cheapest first, whatever the drawing order.
    const byX = [...sr(p).querySelectorAll<SVGCircleElement>('circle')]
      .sort((a, b) => Number(a.getAttribute('cx')) - Number(b.getAttribute('cx')))
      .map((c) => c.getAttribute('data-index'));
    expect(sr(p).querySelectorAll('circle[tabindex="0"]').length).toBe(1);
    sr(p).querySelector<SVGCircleElement>('circle[tabindex="0"]')!.focus();
    await userEvent.keyboard('{Home}');
    await until(() => sr(p).activeElement?.getAttribute('data-index') === byX[0]);
    await userEvent.keyboard('{ArrowRight}');
    await until(() => sr(p).activeElement?.getAttribute('data-index') === byX[1]);
    (sr(p).activeElement as SVGElement).blur();
    // Front points are drawn after (over) the dominated ones, and the keyboard's focus ring shows on either.
    const circles = [...sr(p).querySelectorAll<SVGCircleElement>('circle')];
    const firstFront = circles.findIndex((c) => c.classList.contains('front'));
    expect(circles.slice(firstFront).every((c) => c.classList.contains('front'))).toBe(true);
    for (const c of [circles[0]!, circles[firstFront]!]) {
      const before = getComputedStyle(c).stroke;
      c.focus();
      expect(c.matches(':focus-visible')).toBe(true);
      expect([getComputedStyle(c).stroke, getComputedStyle(c).strokeWidth]).toEqual(['rgb(59, 125, 221)', '3px']);
      expect(before).not.toBe('rgb(59, 125, 221)');
      c.blur();
    }
    const pick = async (v: string) => {
      const sel = sr(p).querySelector<HTMLSelectElement>('select.x-axis')!;
      sel.value = v;
      sel.dispatchEvent(new Event('change'));
      await p.updateComplete;
    };
    await pick('trainSeconds');
    expect(front()).toEqual([1, 4]); // 24 s for all finished ones: only the most accurate, and the pruned 12 s one
    await pick('inferPatchesPerS');
    expect(front()).toEqual([0, 1, 2, 4]); // #3 (700/s, 80 %) is beaten by #0 (800/s, 90 %)
    expect(sr(p).querySelector('svg')!.getAttribute('aria-label')).toContain('inference patches/s');
    // The legend in words per axis, the y axis named, its ticks round percentages.
    expect(sr(p).querySelector('.legend')!.textContent).toContain(
      'no other candidate is at least as accurate with a faster inference.',
    );
    await pick('params');
    expect(sr(p).querySelector('.legend')!.textContent).toContain('at least as accurate with fewer parameters.');
    expect(sr(p).querySelector('text.y-label')!.textContent).toBe('mean top-5 validation accuracy');
    const yTicks = [...sr(p).querySelectorAll('text[text-anchor="end"]')].map((t) => t.textContent ?? '');
    expect(yTicks.length).toBeGreaterThan(1);
    for (const t of yTicks) expect(t).toMatch(/^\d+(\.\d)?%$/);
    const steps = yTicks
      .map((t) => parseFloat(t))
      .slice(1)
      .map((v, i) => v - parseFloat(yTicks[i]!));
    expect(new Set(steps.map((d) => d.toFixed(3))).size).toBe(1);
    expect([1, 2, 5, 10, 20, 0.5, 0.2, 0.1]).toContain(Number(steps[0]!.toFixed(3)));
  });

  it('leaderboard: filter by status, best marked', async () => {
    const { el } = await mount();
    const t = table(el);
    expect(sr(t).querySelector('tbody tr.best')!.getAttribute('data-index')).toBe('1');
    expect(sr(t).querySelector('tbody tr.best .best-mark')).not.toBeNull();
    const box = (st: string) => sr(t).querySelector<HTMLInputElement>(`input[name="status"][value="${st}"]`)!;
    box('queued').click();
    await t.updateComplete;
    expect(rowIndices(el)).toEqual([1, 0, 2, 3, 4]);
    box('finished').click();
    await t.updateComplete;
    expect(rowIndices(el)).toEqual([4]);
  });

  it('parallel coordinates: a typed range and a dragged brush filter the leaderboard; importance names its method', async () => {
    const { el, plots } = await mount();
    const pc = part(plots, 'spn-parallel-coords');
    expect(sr(pc).querySelectorAll('polyline').length).toBe(6);
    // Axes that average a per-layer choice say so (fractional kernel sizes read as wrong before).
    expect(sr(pc).querySelector('.note')!.textContent).toBe(
      'M×M size, kernel k1, kernel k2, bottleneck, pool 1 size, pool 2 size: means over the three perception layers (whole numbers when the layers share their scales).',
    );
    const w0 = new Map(cands.map((c) => [c.index, c.spec.stem.conv0.width]));
    const sorted = [...w0.values()].sort((a, b) => a - b);
    const [lo, hi] = [sorted[1]!, sorted[4]!];
    sr(pc).querySelector('details')!.open = true;
    const from = sr(pc).querySelector<HTMLInputElement>('input[data-key="conv0Width"][data-end="0"]')!;
    const to = sr(pc).querySelector<HTMLInputElement>('input[data-key="conv0Width"][data-end="1"]')!;
    from.value = String(lo);
    from.dispatchEvent(new Event('change'));
    to.value = String(hi);
    to.dispatchEvent(new Event('change'));
    await until(() => rowIndices(el).length === [...w0.values()].filter((v) => v >= lo && v <= hi).length);
    expect(rowIndices(el).every((i) => w0.get(i)! >= lo && w0.get(i)! <= hi)).toBe(true);
    expect(sr(table(el)).querySelector('.brushed')!.textContent).toContain(`of 6`);
    sr(pc).querySelector<HTMLButtonElement>('button.clear')!.click();
    await until(() => rowIndices(el).length === 6);
    // Drag from the middle of the P4-width axis to above its top: the upper half is brushed.
    const hit = sr(pc).querySelector<SVGRectElement>('rect.hit[data-key="p4Width"]')!;
    const r = hit.getBoundingClientRect();
    const at = (type: string, y: number) =>
      hit.dispatchEvent(
        new PointerEvent(type, { clientX: r.x + r.width / 2, clientY: y, pointerId: 1, bubbles: true }),
      );
    at('pointerdown', r.top + r.height / 2);
    at('pointermove', r.top - 10);
    at('pointerup', r.top - 10);
    const p4 = SPEC_PARAMETERS.find((p) => p.key === 'p4Width')!;
    const vals = cands.map((c) => p4.value(c.spec));
    const mid = (Math.min(...vals) + Math.max(...vals)) / 2;
    const expected = cands.filter((c) => p4.value(c.spec) >= mid).map((c) => c.index);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(6);
    await until(() => rowIndices(el).length < 6);
    expect(rowIndices(el).sort()).toEqual(expected.sort());
    expect(sr(pc).querySelectorAll('polyline.out').length).toBe(6 - expected.length);
    const imp = part(plots, 'spn-importance-view');
    expect(sr(imp).querySelector('caption')!.textContent).toContain(
      'Spearman rank correlation with mean top-5 (n = 5)',
    );
    expect(sr(imp).querySelectorAll('tr[data-key]').length).toBeGreaterThan(5);
    expect(sr(imp).textContent).toContain('constant in this run: dropout');
  });
});
