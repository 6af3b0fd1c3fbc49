/**
 * The built app deployed as plain files under a sub-path (as on GitHub Pages or a department web server): no
 * COOP/COEP or CSP headers, the page at /studio/. It must load its workers, wasm binaries, service worker, model and
 * demo line by relative paths, run *Try the demo* on single-threaded WebAssembly, and say so (README, "Static
 * hosting").
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { launchChromium } from '../../scripts/browser';

const DIST = join(import.meta.dirname, '..', '..', 'dist');
const PREFIX = '/studio/';
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  // WebAssembly.instantiateStreaming needs it; a server that sends another type makes tfjs fall back to a slower path.
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

/** A static file server of dist/ under PREFIX with nothing but Content-Type: what a plain web host gives. */
async function serveUnderPrefix(): Promise<{ url: string; server: Server; served: string[] }> {
  const served: string[] = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    served.push(path);
    if (!path.startsWith(PREFIX)) {
      res.writeHead(404).end();
      return;
    }
    const rel = normalize(path.slice(PREFIX.length) || 'index.html');
    if (rel.startsWith('..')) {
      res.writeHead(403).end();
      return;
    }
    readFile(join(DIST, rel)).then(
      (body) => res.writeHead(200, { 'Content-Type': TYPES[extname(rel)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { url: `http://127.0.0.1:${address.port}${PREFIX}`, server, served };
}

let browser: Browser | null = null;
let server: Server | null = null;
afterEach(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  browser = null;
  server = null;
});

describe('static hosting under a sub-path, without isolation headers', () => {
  it('runs the demo on single-threaded WebAssembly, every file found under the sub-path', async () => {
    const host = await serveUnderPrefix();
    server = host.server;
    browser = await launchChromium([], { webgpu: false });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    const errors: string[] = [];
    const failed: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    context.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
    context.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`${host.url}#classify`);
    await page.waitForSelector('spn-app');
    const view = page.locator('spn-classify-view');
    await view.getByRole('button', { name: 'Try the demo' }).click();
    const status = view.locator('.demo-result');
    await expect.poll(async () => (await status.textContent()) ?? '', { timeout: 300_000 }).toMatch(/land line/);
    const run = ((await view.locator('.classify-result').textContent()) ?? '').replace(/\s+/g, ' ');
    console.log(`static hosting under ${PREFIX}: ${run}`);
    // No COOP/COEP: not cross-origin isolated, so one wasm thread, and the run line says so.
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    expect(run).toMatch(/on wasm, 1 thread, by Demo model \(bundled/);
    expect(await status.textContent()).toMatch(/average precision 0\.\d+ of the map against the true BSR/);
    // Every file came from under the sub-path (relative URLs), the service worker too, and none was missing.
    expect(host.served.filter((p) => !p.startsWith(PREFIX))).toEqual([]);
    expect(host.served).toContain(`${PREFIX}models/demo.json`);
    expect(host.served).toContain(`${PREFIX}data/31_81_PR.sgy`);
    expect(host.served.some((p) => p.endsWith('.wasm'))).toBe(true);
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.scope ?? null)))
      .toBe(host.url);
    expect(failed).toEqual([]);
    expect(errors).toEqual([]);
    expect((await view.getByRole('alert').allTextContents()).join('').trim()).toBe('');
  });
});
