/**
 * Launches Debian's Chromium through playwright-core (no browser download). playwright gives every launch a
 * fresh temporary profile (its own --user-data-dir), so runs never share state.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumArgs, chromiumPath, type ChromiumOptions } from './chromium';

export async function launchChromium(extraArgs: string[] = [], options: ChromiumOptions = {}): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: chromiumArgs(extraArgs, options) });
}

/** A new page of the app served at `url`, its errors logged, once <spn-app> is in it. */
export async function openAppPage(browser: Browser, url: string, viewport: { width: number; height: number }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(url);
  await page.waitForSelector('spn-app');
  return page;
}
