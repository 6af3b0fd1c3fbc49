/**
 * Files larger than memory, in the built app: with the big-file cap lowered below 31_81_PR's 801,534 samples, the
 * view shows a decimated preview (1 in 3 traces and samples) and classifies in bands read from the file; its CSV
 * equals the one from the same line held whole (same patches, same times, same probabilities), and its SEG-Y holds
 * every trace of the file with the file's headers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { openApp, openTab, type Harness } from './harness';
import { DEFAULT_PATCH_TRACES } from '../../src/core/classify/grid';
import { bytesByteSource, SegyReader } from '../../src/core/segy';

const LINE = path.resolve(import.meta.dirname, '../../public/data/31_81_PR.sgy');

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** Opens the line, classifies it at stride 16 with the demo model, and returns the CSV rows. */
async function classifyCsv(page: Page, view: Locator, heading: string): Promise<string[]> {
  await view.locator('spn-file-drop').first().locator('input[type=file]').setInputFiles(LINE);
  await view.locator('h3', { hasText: heading }).waitFor({ timeout: 60_000 });
  const controls = view.locator('spn-classify-controls');
  await controls.getByLabel('stride').fill('16');
  await controls.getByLabel('stride').dispatchEvent('change');
  await controls.getByRole('button', { name: 'Classify' }).click();
  await view.locator('.classify-result').waitFor({ timeout: 240_000 });
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    view.getByRole('button', { name: 'CSV', exact: true }).click(),
  ]);
  return readFileSync(await csv.path(), 'utf8')
    .trim()
    .split('\n');
}

describe('lines larger than memory', () => {
  it('previews a big file decimated and classifies it in bands, equal to the whole-line map', async () => {
    h = await openApp();
    const { page } = h;
    await openTab(page, 'Classify');
    const view = page.locator('spn-classify-view');
    await view.evaluate((el) =>
      Object.assign(el, { bigLineSamples: 200_000, previewSamples: 100_000, bandSamples: 100 * 1501 }),
    );
    const banded = await classifyCsv(page, view, '178 traces × 501 samples');
    expect(await view.locator('h3').textContent()).toContain('preview: 1 in 3 traces and samples');
    // The banded map as SEG-Y, written in the built app with the trace headers read from the file block by block.
    const [segy] = await Promise.all([
      page.waitForEvent('download'),
      view.getByRole('button', { name: 'SEG-Y', exact: true }).click(),
    ]);
    expect(segy.suggestedFilename()).toMatch(
      /^31_81_PR-all-traces-by-Demo-model-bundled-BSR-[0-9a-f]{6}-bsr-probability\.sgy$/,
    );
    const written = await SegyReader.open(bytesByteSource(new Uint8Array(readFileSync(await segy.path())), 'map.sgy'));
    const original = await SegyReader.open(bytesByteSource(new Uint8Array(readFileSync(LINE)), '31_81_PR.sgy'));
    expect([written.traceCount, written.samplesPerTrace]).toEqual([534, 1501]);
    const [a, b] = [await written.readTraceHeaders(0, 534), await original.readTraceHeaders(0, 534)];
    expect(a.map((h) => h.cdp)).toEqual(b.map((h) => h.cdp));

    await view.evaluate((el) => Object.assign(el, { bigLineSamples: 2 ** 26 }));
    const whole = await classifyCsv(page, view, '534 traces × 1501 samples');
    expect(banded[0]).toBe('trace,time_ms,probability');
    expect(banded.length).toBe(whole.length);
    // The whole grid: 29 patch columns (72 traces wide) at stride 16, times as many rows as the patch height (set by the line's
    // period) leaves room for.
    const traces = new Set(whole.slice(1).map((r) => r.split(',')[0])),
      times = new Set(whole.slice(1).map((r) => r.split(',')[1]));
    expect(traces.size).toBe(Math.floor((534 - DEFAULT_PATCH_TRACES) / 16) + 1);
    expect(banded.length - 1).toBe(traces.size * times.size);
    let maxDiff = 0;
    banded.slice(1).forEach((row, i) => {
      const a = row.split(','),
        b = (whole[i + 1] as string).split(',');
      expect(a.slice(0, 2)).toEqual(b.slice(0, 2));
      maxDiff = Math.max(maxDiff, Math.abs(Number(a[2]) - Number(b[2])));
    });
    console.log(`banded vs whole: ${banded.length - 1} patches, max |difference| ${maxDiff}`);
    expect(maxDiff).toBeLessThan(1e-4);
    expect(h.errors).toEqual([]);
  });
});
