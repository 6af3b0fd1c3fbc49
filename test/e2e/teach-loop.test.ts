/**
 * Issue 18's teach loop in the built app, as a user runs it, on the backend a browser without WebGPU gets (wasm):
 * a seeded evaluation line (bsr-r30-4ms, a zero-phase line the shipped model ranks poorly) opened through the file
 * picker and classified with the bundled model at the defaults; marks drawn from its truth on the first half of its
 * traces (the issue's protocol, core halfLineMarks) imported as CSV; "Fine-tune" at the panel's defaults; then the
 * maps before and after saved through the CSV button (the toggle picks which) and scored on the second half, which no
 * mark touched. The goal of issue 18 per line: average precision there rises by 0.2 and reaches 0.6 (the `finetune`
 * CLI gives 0.38 -> 0.91 on this line). The fine-tune time is printed, not asserted.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { openApp, openTab, type Harness } from './harness';
import {
  buildTestLine,
  evaluationLine,
  halfLineMarks,
  parseMapCsv,
  scoreMap,
  scoredHalfRows,
  type LineTruth,
} from '../../src/core/evaluate';
import { marksToCsv } from '../../src/core/finetune';
import { writeSegy } from '../../src/core/segy/write';

const LINE_ID = 'bsr-r30-4ms';
let dir = '';
let truth: LineTruth;
let linePath = '',
  marksPath = '',
  markCount = 0;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'spn-teach-'));
  const built = buildTestLine(evaluationLine(LINE_ID).options);
  truth = built.truth;
  linePath = path.join(dir, `${LINE_ID}.sgy`);
  writeFileSync(linePath, writeSegy(built.section, [`test line ${LINE_ID}`]));
  const marks = halfLineMarks(truth);
  markCount = marks.length;
  marksPath = path.join(dir, `${LINE_ID}-marks.csv`);
  writeFileSync(marksPath, marksToCsv(marks, null));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** Saves the map on screen through the view's CSV button and scores its second half against the truth. */
async function secondHalfAp(page: Page, view: Locator): Promise<{ ap: number; file: string }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    view.getByRole('button', { name: 'CSV', exact: true }).click(),
  ]);
  const rows = parseMapCsv(readFileSync(await download.path(), 'utf8'), download.suggestedFilename());
  const score = scoreMap(scoredHalfRows(rows, truth.traces), truth);
  expect(score.positives).toBeGreaterThan(0);
  return { ap: score.ap!, file: download.suggestedFilename() };
}

describe('teach loop: marks from a CSV, fine-tune, maps before and after', () => {
  it('fine-tunes the bundled model on wasm and ranks the unmarked half of the line better', async () => {
    h = await openApp('', { webgpu: false });
    const { page } = h;
    await openTab(page, 'Classify');
    const view = page.locator('spn-classify-view');
    await view.locator('spn-file-drop').first().locator('input[type=file]').setInputFiles(linePath);
    await view
      .locator('h3', { hasText: `${truth.traces} traces × ${truth.samples} samples` })
      .waitFor({ timeout: 60_000 });

    await view.locator('spn-classify-controls').getByRole('button', { name: 'Classify', exact: true }).click();
    const classifyResult = view.locator('.classify-result');
    await classifyResult.waitFor({ timeout: 300_000 });
    expect(await classifyResult.getAttribute('data-backend')).toBe('wasm');
    const base = await secondHalfAp(page, view);

    const marksPanel = view.locator('spn-marks-panel');
    await marksPanel.getByLabel('Import marks CSV').setInputFiles(marksPath);
    await expect.poll(() => marksPanel.locator('table[aria-label="marks"] tbody tr').count()).toBe(markCount);

    const tunePanel = view.locator('spn-finetune-panel');
    await tunePanel.getByRole('button', { name: 'Fine-tune', exact: true }).click();
    const tuneResult = tunePanel.locator('.finetune-result');
    await tuneResult.waitFor({ timeout: 540_000 });
    // The map after comes from a second classification with the tuned model; the toggle appears with it.
    const afterToggle = tunePanel.getByRole('radio', { name: 'after (tuned model)' });
    await afterToggle.waitFor({ timeout: 300_000 });
    await expect.poll(() => afterToggle.isChecked()).toBe(true);
    await classifyResult.waitFor({ timeout: 300_000 });
    const text = ((await tuneResult.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(await tuneResult.getAttribute('data-backend')).toBe('wasm');
    // The fine-tune worker runs the same wasm build as the classify worker, threads and all, and says so.
    const threads = await classifyResult.getAttribute('data-threads');
    expect(await tuneResult.getAttribute('data-threads')).toBe(threads);
    expect(text).toMatch(new RegExp(`steps in [\\d.]+ s on wasm, ${threads} threads?\\.`));
    expect(text).toMatch(/Stored as a new model: .* · tuned on /);
    expect(text).toMatch(/Held-out marks \(\d+ patches\)/);
    const tuned = await secondHalfAp(page, view);

    // The toggle's "before" saves the base model's map again, under its own name.
    await tunePanel.getByRole('radio', { name: 'before (base model)' }).check();
    const again = await secondHalfAp(page, view);
    expect(again.ap).toBe(base.ap);
    expect(again.file).toMatch(/-before-by-Demo-model-bundled-BSR-[0-9a-f]{6}-bsr-probability\.csv$/);

    console.log(
      `teach loop on ${LINE_ID}: second-half AP ${base.ap.toFixed(3)} -> ${tuned.ap.toFixed(3)}; ${/(\d+ steps in [\d.]+ s on [^.]+)\./.exec(text)?.[1] ?? text}`,
    );
    expect(tuned.ap - base.ap).toBeGreaterThanOrEqual(0.2);
    expect(tuned.ap).toBeGreaterThanOrEqual(0.6);
    expect(h.errors).toEqual([]);
  });
});
