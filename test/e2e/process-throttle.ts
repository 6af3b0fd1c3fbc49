/**
 * Whole-renderer CPU throttling by duty cycle: every `periodMs` the browser's renderer processes run for
 * periodMs / rate and are stopped (SIGSTOP) for the rest, then continued (SIGCONT). This is the same mechanism
 * Chromium's own DevTools throttler uses on the page's main thread, applied to the whole process, because
 * Emulation.setCPUThrottlingRate is refused for workers ("Operation is only supported for pages, not workers")
 * and the app classifies in a worker whose wasm backend runs on pthread workers. Only renderers of the browser
 * this test launched (SystemInfo.getProcessInfo on its own CDP connection) are signalled. Linux/POSIX only.
 */
import type { Browser } from 'playwright-core';

export interface ProcessThrottle {
  /** Renderer pids being throttled. */
  pids(): number[];
  /** Completed stop/continue cycles that signalled at least one renderer. */
  cycles(): number;
  /** Stops throttling and leaves every renderer running. */
  stop(): Promise<void>;
}

function signal(pids: Iterable<number>, sig: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      // The renderer exited (tab closed): nothing to signal.
    }
  }
}

/** Slows every renderer process of `browser` `rate` times (rate 4: runs 25 ms of every 100 ms). */
export async function throttleRenderers(browser: Browser, rate: number, periodMs = 100): Promise<ProcessThrottle> {
  if (!(rate >= 1)) throw new Error(`throttle rate must be >= 1, got ${rate}`);
  const cdp = await browser.newBrowserCDPSession();
  let pids = new Set<number>();
  const refresh = async (): Promise<void> => {
    const info = await cdp.send('SystemInfo.getProcessInfo');
    pids = new Set(info.processInfo.filter((p) => p.type === 'renderer').map((p) => p.id));
  };
  await refresh();
  const runMs = periodMs / rate;
  let running = true;
  let cycles = 0;
  const loop = (async () => {
    let cycle = 0;
    while (running) {
      await new Promise((r) => setTimeout(r, runMs));
      if (!running) break;
      signal(pids, 'SIGSTOP');
      // New renderers (a reload, a new tab) join within a second. The query is never awaited, so a slow answer
      // cannot stretch the run phase and weaken the throttle.
      if (++cycle % 10 === 0) void refresh().catch(() => undefined);
      await new Promise((r) => setTimeout(r, periodMs - runMs));
      signal(pids, 'SIGCONT');
      if (pids.size > 0) cycles++;
    }
  })();
  return {
    pids: () => [...pids],
    cycles: () => cycles,
    async stop() {
      running = false;
      await loop;
      signal(pids, 'SIGCONT');
      await cdp.detach().catch(() => undefined);
    },
  };
}
