/**
 * The user's first action end to end, in the built app: start a tiny search, see rows appear, reload the page
 * mid-search, find the finished candidates still there and the run interrupted, resume it to completion, export the
 * best model as JSON, import it again, and get the same predictions from the imported model in the browser as from
 * the exported file in node.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import type { Page } from 'playwright-core';
import { openApp, openTab, type Harness } from './harness';
import { readStores, startTinySearch } from './search-page';
import { loadModelFile, parseModelFile } from '../../src/core/model-file';
import { makeSyntheticLine, sectionTraceSource } from '../../src/core/classify';
import { classifyLine } from '../../src/core/classify/line-pipeline';
import { seabedMarginFor } from '../../src/core/line/presentation';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** Candidate and run statuses and imported model texts, straight from the app's IndexedDB. */
async function stored(
  page: Page,
): Promise<{ runs: { id: string; status: string }[]; cands: { index: number; status: string }[]; models: string[] }> {
  const s = await readStores(page);
  return {
    runs: s.runs.map((r) => ({ id: r.id, status: r.status })),
    cands: s.candidates.map((c) => ({ index: c.index, status: c.status })),
    models: s.models.map((m) => m.json),
  };
}

describe('search end to end', () => {
  it('start, reload mid-search, resume, export, re-import, identical predictions', async () => {
    h = await openApp();
    const { page } = h;
    await startTinySearch(page, { candidates: 3, datasetSize: 120, testSize: 24, maxEpochs: 3 });

    // Rows appear as candidates finish; reload as soon as one is done and the run is still going.
    await expect
      .poll(async () => (await stored(page)).cands.filter((c) => c.status === 'finished').length, {
        timeout: 240_000,
        interval: 250,
      })
      .toBeGreaterThanOrEqual(1);
    const before = await stored(page);
    const finishedBefore = before.cands.filter((c) => c.status === 'finished').map((c) => c.index);
    expect(before.cands.length).toBe(3);
    expect(finishedBefore.length).toBeLessThan(3);
    expect(await page.locator('spn-leaderboard-table tbody tr').count()).toBe(3);
    await page.reload();
    await page.waitForSelector('spn-app');
    // The running search asked before the reload (src/app/page-guards.ts); the harness answered "leave".
    expect(h.dialogs).toContain('beforeunload');

    const runItem = page.locator('spn-run-list li').first();
    await expect.poll(async () => (await runItem.textContent()) ?? '', { timeout: 30_000 }).toMatch(/interrupted/i);
    const after = await stored(page);
    for (const i of finishedBefore) expect(after.cands.find((c) => c.index === i)?.status).toBe('finished');
    await runItem.locator('button.resume').click();
    await expect
      .poll(async () => (await stored(page)).runs[0]?.status, { timeout: 300_000, interval: 500 })
      .toBe('finished');
    expect((await stored(page)).cands.map((c) => c.status)).toEqual(['finished', 'finished', 'finished']);

    // Export the best model as one JSON file, then import it again.
    const exportButton = page.locator('spn-search-view button.export-best');
    await expect.poll(() => exportButton.isEnabled(), { timeout: 30_000 }).toBe(true);
    const [download] = await Promise.all([
      page.waitForEvent('download').catch(async (e: Error) => {
        throw new Error(
          `${e.message}; page says: ${await page.locator('spn-search-view .alert').first().textContent()}; errors: ${h?.errors.join(' | ')}`,
        );
      }),
      exportButton.click(),
    ]);
    const exportedPath = await download.path();
    const exported = readFileSync(exportedPath, 'utf8');
    const file = parseModelFile(exported);
    expect(file.format).toBe('seismicpatchnet-model');
    expect(file.training.datasetSize).toBe(120);
    // The file says whether a temperature was folded into its logits: not here, where the run's few validation patches
    // are under MIN_CALIBRATION_PATCHES (the fit itself is tested in node, test/node/train/trainer.test.ts).
    expect(file.training).toHaveProperty('calibration', null);
    await page
      .locator('spn-search-view section[aria-labelledby=import-h] input[type=file]')
      .setInputFiles({ name: 'best.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
    await expect.poll(async () => (await stored(page)).models.length, { timeout: 30_000 }).toBe(1);
    expect((await stored(page)).models[0]).toBe(exported);

    // The imported model classifies the synthetic line in the browser exactly as the exported file does in node.
    await openTab(page, 'Classify');
    const view = page.locator('spn-classify-view');
    await view.getByRole('button', { name: 'Use the synthetic demo line' }).click();
    const select = view.locator('spn-classify-controls select[aria-label=model]');
    const importedValue = await select.locator('option', { hasText: '(imported' }).getAttribute('value');
    await select.selectOption(importedValue ?? '');
    await view.locator('spn-classify-controls').getByRole('button', { name: 'Classify' }).click();
    const [csvDownload] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      view.getByRole('button', { name: 'CSV', exact: true }).click({ timeout: 120_000 }),
    ]);
    const browserRows = readFileSync(await csvDownload.path(), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => Number(l.split(',')[2]));

    await tf.setBackend('cpu');
    const model = await loadModelFile(file);
    // The same path as the classify worker: presentation (scale, seabed mask as far as the model's training profile
    // asks), grid (the controls' default patch width, the pipeline's), network.
    const { map } = await classifyLine(model, sectionTraceSource(makeSyntheticLine(1).section), {
      strideTraces: 8,
      strideSamples: 8,
      presentation: { seabedMargin: seabedMarginFor(file.training.generatorProfile) },
    });
    model.dispose();
    const nodeValues: number[] = [];
    for (let col = 0; col < map.grid.cols; col++)
      for (let row = 0; row < map.grid.rows; row++) nodeValues.push(map.values[row * map.grid.cols + col] as number);
    expect(browserRows.length).toBe(nodeValues.length);
    const maxDiff = Math.max(...browserRows.map((v, i) => Math.abs(v - (nodeValues[i] as number))));
    console.log(
      `imported-model predictions: ${browserRows.length} patches, max |browser - node| = ${maxDiff.toExponential(2)}`,
    );
    expect(maxDiff).toBeLessThan(1e-4);
    expect(h.errors).toEqual([]);
  });
});
