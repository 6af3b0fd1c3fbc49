/**
 * End-to-end harness: the production build served by `vite preview` (COOP/COEP + CSP headers, service worker) and
 * driven in Debian's headless Chromium through playwright-core. Each test gets a fresh browser profile.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/browser';
import type { ChromiumOptions } from '../../scripts/chromium';
import { serveBuiltApp, type Served } from '../../scripts/serve';

export interface Harness {
  served: Served;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Every URL the page and its workers requested. */
  requests: string[];
  /** Uncaught page errors and console errors. */
  errors: string[];
  /** Type of every dialog the page opened ('beforeunload', 'alert', …), in order. */
  dialogs: string[];
  /**
   * How a beforeunload prompt is answered: 'accept' (leave the page: the default, as tests that reload mid-run
   * mean to) or 'dismiss' (stay). Other dialogs are dismissed, as playwright does by default.
   */
  beforeUnload: 'accept' | 'dismiss';
  close(): Promise<void>;
}

/** Options of {@link openApp}: extra Chromium flags, and whether the browser offers WebGPU (default true). */
export interface OpenAppOptions extends ChromiumOptions {
  chromiumArgs?: string[];
}

export async function openApp(path = '', options: OpenAppOptions = {}): Promise<Harness> {
  const served = await serveBuiltApp({ skipBuild: true });
  const browser = await launchChromium(options.chromiumArgs ?? [], options);
  // One locale whatever the machine's: the page writes counts and rates with its thousands separators (1,593.2).
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  const dialogs: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await page.goto(served.url + path);
  await page.waitForSelector('spn-app');
  const h: Harness = {
    served,
    browser,
    context,
    page,
    requests,
    errors,
    dialogs,
    beforeUnload: 'accept',
    async close() {
      await browser.close();
      await served.close();
    },
  };
  page.on('dialog', (d) => {
    dialogs.push(d.type());
    void (d.type() === 'beforeunload' && h.beforeUnload === 'accept' ? d.accept() : d.dismiss()).catch(() => undefined);
  });
  return h;
}

/** Clicks the app-shell tab with this label. */
export async function openTab(page: Page, label: string): Promise<void> {
  await page.locator('spn-app').getByRole('tab', { name: label }).click();
}
