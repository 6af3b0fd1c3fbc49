/**
 * Node side of the browser benchmarks: builds bench/browser/bench.html with the app's Vite config (production
 * build, same plugins and worker format), serves it with `vite preview` (COOP/COEP + CSP headers, so the page is
 * cross-origin isolated), opens it in headless Chromium and runs jobs there. Also runs the PyTorch peer.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { build, preview } from 'vite';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/browser';
import type { BenchJob } from './bench.worker';
import type { BenchOutcome, BenchPage } from './bench-page';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** Kept out of dist/ so a benchmark never replaces the app's build. */
const OUT_DIR = path.join(ROOT, 'node_modules/.spn-bench');

export interface BenchSession {
  crossOriginIsolated: boolean;
  cores: number;
  run(job: BenchJob, limitSeconds: number): Promise<BenchOutcome>;
  close(): Promise<void>;
}

export async function openBenchSession(log: (line: string) => void): Promise<BenchSession> {
  const t0 = performance.now();
  await build({
    root: ROOT,
    logLevel: 'warn',
    build: { outDir: OUT_DIR, emptyOutDir: true, rollupOptions: { input: { bench: path.join(ROOT, 'bench/browser/bench.html') } } },
  });
  const server = await preview({ root: ROOT, build: { outDir: OUT_DIR }, preview: { port: 0, strictPort: false }, logLevel: 'warn' });
  const base = server.resolvedUrls?.local[0];
  if (!base) throw new Error('vite preview did not report a URL');
  log(`# built and serving in ${((performance.now() - t0) / 1000).toFixed(1)} s at ${base}`);
  let browser: Browser | null = null;
  try {
    browser = await launchChromium();
    const page: Page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') log(`# [page ${m.type()}] ${m.text().slice(0, 300)}`);
    });
    page.on('pageerror', (e) => log(`# [page error] ${e.message.slice(0, 300)}`));
    await page.goto(new URL('bench/browser/bench.html', base).href);
    await page.waitForFunction(() => 'spnBench' in globalThis);
    const info = await page.evaluate(() => {
      const b = (globalThis as unknown as { spnBench: BenchPage }).spnBench;
      return { coi: b.crossOriginIsolated, cores: b.cores };
    });
    const b = browser;
    return {
      crossOriginIsolated: info.coi,
      cores: info.cores,
      run: (job, limitSeconds) =>
        page.evaluate(([j, l]) => (globalThis as unknown as { spnBench: BenchPage }).spnBench.run(j, l), [job, limitSeconds] as const),
      close: async () => {
        await b.close();
        await server.close();
      },
    };
  } catch (e) {
    await browser?.close();
    await server.close();
    throw e;
  }
}

/** What shared/bench/torch_spn_ref.py prints (the fields used here). */
export interface TorchResult {
  patches_per_s: number;
  train_ms_per_step: number | null;
  threads: number;
  params: number;
  macs: number;
  torch: string;
}

/** Runs the PyTorch peer of the paper network at `threads` threads; null (with the reason logged) when unavailable. */
export function runTorch(opts: { threads: number; batch: number; seconds: number; train: boolean }, log: (line: string) => void): TorchResult | null {
  const args = ['/work/shared/bench/torch_spn_ref.py', '--batch', String(opts.batch), '--seconds', String(opts.seconds), '--threads', String(opts.threads)];
  if (opts.train) args.push('--train');
  try {
    const out = execFileSync('/usr/bin/python3', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return JSON.parse(out.trim().split('\n').pop() ?? '{}') as TorchResult;
  } catch (e) {
    log(`# PyTorch peer unavailable: ${(e as Error).message.split('\n')[0]}`);
    return null;
  }
}

/** Prints one JSON object as a line. */
export function emit(obj: Record<string, unknown>): void {
  console.log(JSON.stringify(obj));
}

export const round = (v: number, digits = 1): number => +v.toFixed(digits);
