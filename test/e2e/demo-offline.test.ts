/**
 * The built app in headless Chromium: "Try the demo" classifies the synthetic line (average precision and IoU against the truth) and the
 * real line 31_81_PR; every request stays on the app's origin (CSP connect-src 'self', no egress); after one visit
 * the app opens and classifies with the server gone, every request answered from the service worker's precache.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Worker } from 'playwright-core';
import { openApp, openTab, type Harness } from './harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

async function runDemo(page: Harness['page'], chooseFirst?: string): Promise<string> {
  await openTab(page, 'Classify');
  const view = page.locator('spn-classify-view');
  const models = view.getByRole('combobox', { name: 'model' });
  // Another model chosen in the list first: the demo runs the bundled one, and the list and the run line say so.
  if (chooseFirst) await models.selectOption(chooseFirst);
  await view.getByRole('button', { name: 'Try the demo' }).click();
  const status = view.locator('.demo-result');
  await status.waitFor({ timeout: 240_000 });
  // The real line is classified after the synthetic one; the map's download buttons appear when it is done.
  await view.getByRole('button', { name: 'CSV', exact: true }).waitFor({ timeout: 240_000 });
  expect(await models.inputValue()).toBe('demo');
  expect(await view.locator('.classify-result .map-model').textContent()).toMatch(/^Demo model \(bundled/);
  // Every alert of the view (the page's, and the one under the classify controls when a run failed) is empty.
  const alerts = await view.getByRole('alert').allTextContents();
  expect(alerts.join('').trim()).toBe('');
  // The real line's map is the one fine-tuning would tune: the panel is not blocked.
  await expect
    .poll(() => view.locator('spn-finetune-panel').evaluate((p) => (p as unknown as { blocked: string }).blocked))
    .toBe('');
  return (await status.textContent()) ?? '';
}

/** One line of the service worker's request log (scripts/vite-sw-plugin.ts): how it answered which URL. */
interface SwLogEntry {
  outcome: string;
  url: string;
}

/** Collects the `spn-sw <outcome> <url>` console lines of every service worker of the context, now and later. */
function recordServiceWorkerLog(context: Harness['context']): { entries: SwLogEntry[]; failure: Promise<never> } {
  const entries: SwLogEntry[] = [];
  let reject: (e: Error) => void = () => {};
  const failure = new Promise<never>((_, r) => {
    reject = r;
  });
  failure.catch(() => {}); // observed by the race below; never unhandled
  const attach = (w: Worker): void => {
    w.on('console', (m) => {
      const match = /^spn-sw (\S+) (\S+)$/.exec(m.text());
      if (!match) return;
      const entry = { outcome: match[1] ?? '', url: match[2] ?? '' };
      entries.push(entry);
      // Fail at once rather than waiting for the demo's timeout: a request went past the precache.
      if (entry.outcome !== 'cache' && entry.outcome !== 'cache-index')
        reject(new Error(`service worker: ${entry.outcome} ${entry.url}`));
    });
  };
  context.serviceWorkers().forEach(attach);
  context.on('serviceworker', attach);
  return { entries, failure };
}

describe('demo, same-origin requests, offline', () => {
  it('classifies both demo lines with only same-origin requests and no errors', async () => {
    h = await openApp();
    const text = await runDemo(h.page, 'paper-demo');
    const ap = Number(/average precision ([0-9.]+)/.exec(text)?.[1]);
    const overlap = Number(/IoU ([0-9.]+)/.exec(text)?.[1]);
    console.log(`demo: ${text}`);
    // About 0.73 with the shipped model and the map averaged along the seabed (a map that ignored the BSR would score
    // its share of patches, under 0.1); the P >= 0.5 area overlaps the BSR (IoU about 0.07 with the line shown at
    // 1 / LINE_BOUND_GAIN of its level; the same network without its fitted temperature had no P >= 0.5 area at all).
    expect(ap).toBeGreaterThan(0.55);
    expect(overlap).toBeGreaterThan(0.05);
    // The BSR-free land line's map is said for what it is: its share of P > 0.5 patches, all false alarms (the goal:
    // at most 2 %; the shipped model 0.02 %, one or two patches), and no BSR horizon drawn from them.
    const free =
      /31_81_PR\.sgy is a land line without a BSR: ([\d,]+) of ([\d,]+) patch centres \(([\d.]+) %\) reach P > 0\.5/.exec(
        text,
      );
    expect(free, text).not.toBeNull();
    expect(Number(free![3])).toBeLessThan(2);
    expect(
      await h.page.locator('spn-classify-view').getByRole('button', { name: 'BSR horizon (CSV)' }).isDisabled(),
    ).toBe(true);
    const origin = new URL(h.served.url).origin;
    const foreign = h.requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:'));
    expect(foreign).toEqual([]);
    expect(h.requests.some((u) => u.endsWith('/models/demo.json'))).toBe(true);
    expect(h.errors).toEqual([]);
    expect(await h.page.evaluate(() => crossOriginIsolated)).toBe(true);
  });

  it('opens and classifies with the server stopped after a first visit, every request a precache hit', async () => {
    h = await openApp();
    const { page, context } = h;
    // The worker claims the page once its precache is complete (install waits for cache.addAll).
    await page.waitForFunction(
      async () =>
        (await navigator.serviceWorker.ready).active?.state === 'activated' &&
        navigator.serviceWorker.controller !== null,
      undefined,
      { timeout: 60_000 },
    );

    // Nothing behind the port any more: a request that misses the precache cannot be answered.
    await h.served.close();
    const origin = new URL(h.served.url).origin;
    await expect(fetch(h.served.url)).rejects.toThrow();

    const sw = recordServiceWorkerLog(context);
    const failed: string[] = [];
    const notFromSw: string[] = [];
    context.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
    context.on('response', (r) => {
      if (r.url().startsWith(origin) && !r.fromServiceWorker() && !r.request().serviceWorker()) notFromSw.push(r.url());
    });
    const errorsBefore = h.errors.length;

    await page.reload();
    await page.waitForSelector('spn-app');
    const text = await Promise.race([runDemo(page), sw.failure]);
    expect(text).toMatch(/IoU [0-9.]+/);

    // From the service worker's side: it answered every request, all from the cache.
    const outcomes = new Set(sw.entries.map((e) => e.outcome));
    expect([...outcomes].filter((o) => o !== 'cache' && o !== 'cache-index')).toEqual([]);
    const served = sw.entries.map((e) => new URL(e.url).pathname);
    expect(served, 'the page itself').toContain('/');
    for (const needed of ['/models/demo.json', '/data/31_81_PR.sgy'])
      expect(served, `${needed} answered by the service worker`).toContain(needed);
    expect(
      served.some((p) => p.endsWith('.wasm')),
      'a tfjs wasm binary answered by the service worker',
    ).toBe(true);
    expect(
      served.some((p) => p.endsWith('.js')),
      'the app scripts answered by the service worker',
    ).toBe(true);
    // From the browser's side: nothing failed, nothing on the origin came from anywhere but the worker.
    expect(failed).toEqual([]);
    expect(notFromSw).toEqual([]);
    expect(h.errors.slice(errorsBefore)).toEqual([]);
    // Still cross-origin isolated (the cached responses keep COOP/COEP), so the threaded wasm build can run.
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  });
});
