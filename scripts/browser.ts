/**
 * Launches Debian's Chromium through playwright-core (no browser download), and opens the served app in it.
 * playwright gives every launch a fresh temporary profile (its own --user-data-dir), so runs never share state.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumArgs, chromiumPath, type ChromiumOptions } from './chromium';
import { serveBuiltApp } from './serve';

export async function launchChromium(extraArgs: string[] = [], options: ChromiumOptions = {}): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: chromiumArgs(extraArgs, options) });
}

/** The built app served and open in headless Chromium at `viewport` (page errors logged); close() shuts both. */
export async function openServedApp(
  viewport: { width: number; height: number },
  options: { skipBuild?: boolean } = {},
): Promise<{ page: Page; close(): Promise<void> }> {
  const served = await serveBuiltApp(options);
  const browser = await launchChromium();
  const close = async (): Promise<void> => {
    await browser.close();
    await served.close();
  };
  try {
    const page = await browser.newPage({ viewport });
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(served.url);
    await page.waitForSelector('spn-app');
    return { page, close };
  } catch (e) {
    await close();
    throw e;
  }
}
