import { existsSync } from 'node:fs';

/** Debian's Chromium, or the one named by CHROME_PATH; browsers are never downloaded. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  for (const c of candidates) if (c && existsSync(c)) return c;
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
