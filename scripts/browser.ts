/**
 * Launches Debian's Chromium through playwright-core (no browser download). playwright gives every launch a
 * fresh temporary profile (its own --user-data-dir), so runs never share state.
 */
import { chromium, type Browser } from 'playwright-core';
import { chromiumArgs, chromiumPath, type ChromiumOptions } from './chromium';

export async function launchChromium(extraArgs: string[] = [], options: ChromiumOptions = {}): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: chromiumArgs(extraArgs, options) });
}
