/**
 * The Raspberry Pi 4 path: a browser without WebGPU, the real line 31_81_PR.sgy opened through the file picker and
 * classified with the demo model with the CPU throttled 4x. Chromium refuses Emulation.setCPUThrottlingRate for
 * workers (where the app classifies), so the whole renderer is duty-cycled instead (process-throttle.ts); a short
 * unthrottled run first gives the rate the throttled one is printed against (not asserted: no timed assertions).
 * The classification must run on wasm, fill the whole patch grid,
 * and keep the tab's memory (measureUserAgentSpecificMemory: page + workers) under 300 MB.
 * PI4_STRIDE (default 8) picks the throttled run's stride; the numbers are printed for the report.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { openApp, openTab, type Harness } from './harness';
import { throttleRenderers, type ProcessThrottle } from './process-throttle';
import { DEFAULT_PATCH_TRACES } from '../../src/core/classify/grid';
import { sampleTabMemory } from './tab-memory';

const LINE = path.resolve(import.meta.dirname, '../../public/data/31_81_PR.sgy');
const TRACES = 534,
  SAMPLES = 1501,
  PATCH = DEFAULT_PATCH_TRACES; // the controls' default width
const STRIDE = Number(process.env.PI4_STRIDE ?? 8);
const MEMORY_LIMIT_MB = 300;

let h: Harness | null = null;
let throttle: ProcessThrottle | null = null;
afterEach(async () => {
  await throttle?.stop();
  throttle = null;
  await h?.close();
  h = null;
});

/** Sets the stride, clicks Classify and waits for the run line; returns what the view reports. */
async function classify(
  view: Locator,
  stride: number,
): Promise<{ backend: string | null; threads: string | null; text: string; rate: number }> {
  const controls = view.locator('spn-classify-controls');
  const input = controls.getByLabel('stride');
  await input.fill(String(stride));
  await input.dispatchEvent('change');
  await controls.getByRole('button', { name: 'Classify' }).click();
  const result = view.locator('.classify-result');
  await result.waitFor({ timeout: 300_000 });
  const text = ((await result.textContent()) ?? '').replace(/\s+/g, ' ').trim();
  return {
    backend: await result.getAttribute('data-backend'),
    threads: await result.getAttribute('data-threads'),
    text,
    // The rate as the run line shows it, thousands separated (1,593.2).
    rate: Number(/\(([0-9.,]+) patches\/s\)/.exec(text)?.[1]?.replace(/,/g, '')),
  };
}

describe('Pi 4 path: no WebGPU, CPU throttled 4x', () => {
  it('classifies 31_81_PR on wasm with the whole grid and under 300 MB', async () => {
    h = await openApp('', { webgpu: false, chromiumArgs: ['--enable-blink-features=ForceEagerMeasureMemory'] });
    const { page } = h;
    const gpu = await page.evaluate(async () => {
      const g = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
      return g ? (await g.requestAdapter()) !== null : false;
    });
    expect(gpu).toBe(false);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

    await openTab(page, 'Classify');
    const view = page.locator('spn-classify-view');
    await view.locator('spn-file-drop').first().locator('input[type=file]').setInputFiles(LINE);
    await expect
      .poll(
        async () =>
          (await view
            .locator('h3')
            .textContent({ timeout: 60_000 })
            .catch(() => '')) ?? '',
        { timeout: 60_000 },
      )
      .toContain(`${TRACES} traces × ${SAMPLES} samples`);
    const baseline = await classify(view, 16);

    throttle = await throttleRenderers(h.browser, 4);
    const memory = await sampleTabMemory(h.browser, page);
    const t0 = Date.now();
    const cyclesBefore = throttle.cycles();
    const run = await classify(view, STRIDE);
    const wallS = (Date.now() - t0) / 1000;
    const throttledCycles = throttle.cycles() - cyclesBefore,
      throttledPids = throttle.pids().length;
    await new Promise((r) => setTimeout(r, 2000)); // samples after the run settles
    const peaks = await memory.stop();
    await throttle.stop();
    throttle = null;

    const { afterMb, breakdown } = await page.evaluate(async () => {
      const r = await (
        performance as Performance & {
          measureUserAgentSpecificMemory(): Promise<{
            bytes: number;
            breakdown: { bytes: number; attribution: { scope: string }[] }[];
          }>;
        }
      ).measureUserAgentSpecificMemory();
      return {
        afterMb: r.bytes / 1e6,
        breakdown: r.breakdown
          .filter((b) => b.bytes > 1e6)
          .map((b) => `${b.attribution.map((a) => a.scope).join('+') || 'shared'} ${(b.bytes / 1e6).toFixed(1)} MB`),
      };
    });
    // The patch height follows the line's period (the presentation panel says how tall): the whole grid of that size.
    const panel = (await view.locator('spn-presentation-panel li.scale').textContent()) ?? '';
    const height = Number(/each patch is\s+(\d+) samples tall/.exec(panel.replace(/\s+/g, ' '))?.[1]);
    expect(height).toBeGreaterThan(0);
    const cols = Math.floor((TRACES - PATCH) / STRIDE) + 1,
      rows = Math.floor((SAMPLES - height) / STRIDE) + 1;
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      view.getByRole('button', { name: 'CSV', exact: true }).click(),
    ]);
    const cells = readFileSync(await csv.path(), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',').map(Number));
    console.log(
      JSON.stringify({
        test: 'pi4',
        unthrottled: baseline.text,
        throttled: run.text,
        stride: STRIDE,
        cols,
        rows,
        wall_s: +wallS.toFixed(1),
        ...peaks,
        breakdown,
      }),
    );

    expect(baseline.backend).toBe('wasm');
    expect(run.backend).toBe('wasm');
    expect(Number(run.threads)).toBeGreaterThanOrEqual(1);
    // The throttle stopped the renderer (whose workers classify) throughout the run: structural, not a rate ratio,
    // which a loaded machine could blur. The rates are printed above for the report.
    expect(throttledPids).toBeGreaterThanOrEqual(1);
    expect(throttledCycles).toBeGreaterThanOrEqual(1);
    // The count as the run line writes it, with the page's thousands separators.
    expect(Number(/^([\d,.\s\u202f]+) patches/.exec(run.text)?.[1]?.replace(/\D/g, ''))).toBe(cols * rows);
    expect(cells.length).toBe(cols * rows);
    expect(new Set(cells.map((c) => c[0])).size).toBe(cols);
    expect(new Set(cells.map((c) => c[1])).size).toBe(rows);
    expect(cells.every((c) => c[2]! >= 0 && c[2]! <= 1)).toBe(true);
    expect(peaks.uaSource).toBe('measureUserAgentSpecificMemory');
    // Each reading waits for a GC across all threads (up to ~60 s while wasm threads are busy): at least one
    // reading during the run, and one after it (with the map and the section still held).
    expect(peaks.uaSamples).toBeGreaterThanOrEqual(1);
    expect(afterMb).toBeLessThan(MEMORY_LIMIT_MB);
    expect(peaks.uaPeakMb!).toBeLessThan(MEMORY_LIMIT_MB);
    expect(h.errors).toEqual([]);
  });
});
