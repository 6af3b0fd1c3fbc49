/** Launches Debian's Chromium through playwright-core (no browser download) with a fresh profile. */
import { chromium, type Browser } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath } from './chromium';

export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'spn-chromium-'));
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: chromiumArgs([`--user-data-dir=${profile}`, ...extraArgs]),
  });
}
