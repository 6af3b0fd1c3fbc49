/**
 * The tab's memory while it works, sampled from node every `everyMs`:
 * - `uaBytes`: performance.measureUserAgentSpecificMemory() (needs cross-origin isolation; covers the page and its
 *   dedicated workers, JS heaps including ArrayBuffers); falls back to performance.memory.usedJSHeapSize (page only);
 * - `rendererRssBytes`: resident set of the largest renderer process (the app's tab: it hosts the page and all its
 *   workers, so wasm heaps and tensors are in it), from SystemInfo.getProcessInfo + /proc/<pid>/status (Linux).
 * Launch Chromium with --enable-blink-features=ForceEagerMeasureMemory so measurements do not wait for a GC.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';

/** One sample; bytes, null where the source is unavailable. */
export interface MemorySample {
  atMs: number;
  uaBytes: number | null;
  rendererRssBytes: number | null;
}

/** Peaks over the samples taken so far, MB (1e6 bytes). */
export interface MemoryPeaks {
  /** Page measurements that returned a value. */
  uaSamples: number;
  rssSamples: number;
  uaPeakMb: number | null;
  rendererRssPeakMb: number | null;
  /** Longest single page measurement, ms (busy workers answer late). */
  uaLongestMs: number;
  /** Which API gave uaPeakMb. */
  uaSource: 'measureUserAgentSpecificMemory' | 'performance.memory' | null;
}

export interface MemorySampler {
  peaks(): MemoryPeaks;
  /** Takes one more sample now, then stops. */
  stop(): Promise<MemoryPeaks>;
}

function rssOf(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

async function pageMemory(page: Page): Promise<{ bytes: number | null; source: MemoryPeaks['uaSource'] }> {
  return page.evaluate(async () => {
    const p = performance as Performance & {
      measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }>;
      memory?: { usedJSHeapSize: number };
    };
    if (crossOriginIsolated && p.measureUserAgentSpecificMemory) {
      try {
        return {
          bytes: (await p.measureUserAgentSpecificMemory()).bytes,
          source: 'measureUserAgentSpecificMemory' as const,
        };
      } catch {
        // SecurityError outside isolation, or the measurement was aborted: fall through.
      }
    }
    return p.memory
      ? { bytes: p.memory.usedJSHeapSize, source: 'performance.memory' as const }
      : { bytes: null, source: null };
  });
}

/**
 * Starts sampling the tab's memory until stop(): the renderer's RSS every `everyMs`, and the page's own measurement
 * back to back (at most one in flight: with workers busy in wasm one measurement can take seconds).
 */
export async function sampleTabMemory(browser: Browser, page: Page, everyMs = 500): Promise<MemorySampler> {
  const cdp = await browser.newBrowserCDPSession();
  const samples: MemorySample[] = [];
  let source: MemoryPeaks['uaSource'] = null;
  const t0 = Date.now();
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const takeRss = async (): Promise<void> => {
    const info = await cdp
      .send('SystemInfo.getProcessInfo')
      .catch(() => ({ processInfo: [] as { type: string; id: number }[] }));
    const rss = info.processInfo
      .filter((p) => p.type === 'renderer')
      .map((p) => rssOf(p.id))
      .filter((v): v is number => v !== null);
    samples.push({ atMs: Date.now() - t0, uaBytes: null, rendererRssBytes: rss.length ? Math.max(...rss) : null });
  };
  const uaMs: number[] = [];
  const takeUa = async (): Promise<void> => {
    const t = Date.now();
    const ua = await pageMemory(page).catch(() => ({ bytes: null, source: null }));
    uaMs.push(Date.now() - t);
    source ??= ua.source;
    samples.push({ atMs: Date.now() - t0, uaBytes: ua.bytes, rendererRssBytes: null });
  };
  let running = true;
  const loops = Promise.all([
    (async () => {
      while (running) {
        await takeRss();
        await sleep(everyMs);
      }
    })(),
    (async () => {
      while (running) {
        await takeUa();
        await sleep(everyMs);
      }
    })(),
  ]);
  const peaks = (): MemoryPeaks => {
    const max = (xs: (number | null)[]): number | null => {
      const v = xs.filter((x): x is number => x !== null);
      return v.length ? +(Math.max(...v) / 1e6).toFixed(1) : null;
    };
    const ua = samples.map((s) => s.uaBytes);
    return {
      uaSamples: ua.filter((v) => v !== null).length,
      uaPeakMb: max(ua),
      rendererRssPeakMb: max(samples.map((s) => s.rendererRssBytes)),
      rssSamples: samples.filter((s) => s.rendererRssBytes !== null).length,
      uaSource: source,
      uaLongestMs: Math.max(0, ...uaMs),
    };
  };
  return {
    peaks,
    async stop() {
      running = false;
      await loops;
      await Promise.all([takeRss(), takeUa()]);
      await cdp.detach();
      return peaks();
    },
  };
}
