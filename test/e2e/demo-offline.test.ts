/**
 * The built app in headless Chromium: "Try the demo" classifies the synthetic line (IoU against the truth) and the
 * real line 31_81_PR; every request stays on the app's origin (CSP connect-src 'self', no egress); after one visit
 * the service worker lets the app open and classify with the network off.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, openTab, type Harness } from './harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

async function runDemo(page: Harness['page']): Promise<string> {
  await openTab(page, 'Classify');
  const view = page.locator('spn-classify-view');
  await view.getByRole('button', { name: 'Try the demo' }).click();
  const status = view.locator('.demo-result');
  await status.waitFor({ timeout: 240_000 });
  // The real line is classified after the synthetic one; the map's download buttons appear when it is done.
  await view.getByRole('button', { name: 'CSV' }).waitFor({ timeout: 240_000 });
  const alert = (await view.getByRole('alert').first().textContent()) ?? '';
  expect(alert.trim()).toBe('');
  return (await status.textContent()) ?? '';
}

describe('demo, same-origin requests, offline', () => {
  it('classifies both demo lines with only same-origin requests and no errors', async () => {
    h = await openApp();
    const text = await runDemo(h.page);
    const score = Number(/IoU ([0-9.]+)/.exec(text)?.[1]);
    console.log(`demo: ${text}`);
    expect(score).toBeGreaterThan(0.2);
    const origin = new URL(h.served.url).origin;
    const foreign = h.requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:'));
    expect(foreign).toEqual([]);
    expect(h.requests.some((u) => u.endsWith('/models/demo.json'))).toBe(true);
    expect(h.errors).toEqual([]);
    expect(await h.page.evaluate(() => crossOriginIsolated)).toBe(true);
  });

  it('opens and classifies offline after a first visit', async () => {
    h = await openApp();
    await h.page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === 'activated', undefined, { timeout: 60_000 });
    await h.context.setOffline(true);
    await h.page.reload();
    await h.page.waitForSelector('spn-app');
    expect(await h.page.evaluate(() => navigator.onLine)).toBe(false);
    const text = await runDemo(h.page);
    expect(text).toMatch(/IoU/);
  });
});
