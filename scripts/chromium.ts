import { existsSync } from 'node:fs';

/**
 * The one named by CHROME_PATH (which must exist when set), or Debian's Chromium; browsers are never downloaded.
 * Called only when a browser is launched: the node tests must run on a machine without Chromium.
 */
export function chromiumPath(): string {
  const named = process.env.CHROME_PATH;
  if (named) {
    if (existsSync(named)) return named;
    throw new Error(`CHROME_PATH=${named}: no such file; point it at a Chrome/Chromium binary or unset it`);
  }
  const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  for (const c of candidates) if (existsSync(c)) return c;
  throw new Error('Chromium not found: install it (Debian: apt-get install chromium) or set CHROME_PATH');
}

/** Options of {@link chromiumArgs}. */
export interface ChromiumOptions {
  /** Offer WebGPU (default true); false launches a browser without it, like a Raspberry Pi 4's. */
  webgpu?: boolean;
}

/**
 * Flags for headless runs as root on a machine with no network egress.
 * --enable-unsafe-webgpu gives a SwiftShader (fallback) WebGPU adapter in headless mode.
 */
export function chromiumArgs(extra: string[] = [], options: ChromiumOptions = {}): string[] {
  return [
    '--no-sandbox',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    ...(options.webgpu === false ? [] : ['--enable-unsafe-webgpu']),
    ...extra,
  ];
}
