/**
 * Nothing lost by a stray drop or a closed tab (src/app/page-guards.ts), in the built app in Chromium:
 * - a file dragged over the page outside a drop zone is refused (so it cannot be dropped and navigate the tab away
 *   to the file, as a page without the guard leaves it to the browser to do), and a drop on the drop zone still
 *   opens the file;
 * - while a classification runs, reloading asks first (a beforeunload prompt; answered "stay", the run goes on
 *   and the page keeps its state); when idle, reloading asks nothing.
 * - the New search form's settings, typed but not used yet, come back after a reload of the tab (a new tab starts
 *   from the defaults).
 * The drops are real browser drags with a file (CDP Input.dispatchDragEvent), not synthetic DOM events, which
 * have no default action.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CDPSession, Page } from 'playwright-core';
import { openApp, openTab, type Harness } from './harness';

const LINE = path.resolve(import.meta.dirname, '../../public/data/31_81_PR.sgy');

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** Drags the file LINE from outside the window and drops it at (x, y) of the page. */
async function dropFile(cdp: CDPSession, x: number, y: number): Promise<void> {
  const data = { items: [], files: [LINE], dragOperationsMask: 1 | 2 | 16 }; // copy | link | move
  for (const type of ['dragEnter', 'dragOver', 'drop'] as const)
    await cdp.send('Input.dispatchDragEvent', { type, x, y, data });
}

const marker = (page: Page) => page.evaluate(() => (window as { __spnMarker?: number }).__spnMarker);

describe('page guards', () => {
  it('a file dropped outside a drop zone does nothing; on the drop zone it opens', async () => {
    h = await openApp();
    const { page, context } = h;

    // Headless Chromium does not itself navigate to a dropped file, so what is checked is what decides it in a
    // headed one: whether the page cancels the drag outside its drop zones (dragover default prevented, drop
    // effect 'none': the browser refuses the drop) or leaves it to the browser (which opens the file). A listener
    // added after the app's own sees the outcome of the real drag events.
    const recordDrags = (p: Page) =>
      p.evaluate(() => {
        const w = window as { __spnDrags?: string[] };
        w.__spnDrags = [];
        for (const type of ['dragover', 'drop']) {
          window.addEventListener(type, (e) => {
            const d = e as DragEvent;
            w.__spnDrags!.push(
              `${type} prevented=${d.defaultPrevented} effect=${d.dataTransfer?.dropEffect ?? '-'} files=${d.dataTransfer?.types.includes('Files') ?? false}`,
            );
          });
        }
      });
    const drags = (p: Page) => p.evaluate(() => (window as { __spnDrags?: string[] }).__spnDrags ?? []);

    // Control: on a page without the guard the same drag is left to the browser.
    const bare = await context.newPage();
    await bare.setContent('<p style="height:600px">no guard here</p>');
    await recordDrags(bare);
    await dropFile(await context.newCDPSession(bare), 200, 200);
    const bareDrags = await drags(bare);
    expect(bareDrags.length).toBeGreaterThan(0);
    console.log(`drag events on a page without the guard: ${[...new Set(bareDrags)].join('; ')}`);
    expect(
      bareDrags.some((d) => /^dragover prevented=false .* files=true$/.test(d)),
      bareDrags.join('; '),
    ).toBe(true);
    await bare.close();

    await openTab(page, 'Classify');
    await page.evaluate(() => {
      (window as { __spnMarker?: number }).__spnMarker = 42;
    });
    await recordDrags(page);
    const url = page.url();
    const cdp = await context.newCDPSession(page);
    const zone = page.locator('spn-classify-view spn-file-drop').first();
    const box = await zone.boundingBox();
    if (!box) throw new Error('no drop zone on the Classify view');
    // Outside the zone: the page header, far from any drop zone. Refused: no drop event, no navigation.
    await dropFile(cdp, 10, 5);
    const outside = await drags(page);
    expect(outside.length).toBeGreaterThan(0);
    expect(new Set(outside)).toEqual(new Set(['dragover prevented=true effect=none files=true']));
    // Then on the zone: the line opens, and the page is the same one (had the first drop navigated away, the
    // marker would be gone).
    await dropFile(cdp, box.x + box.width / 2, box.y + box.height / 2);
    await expect
      .poll(
        async () =>
          (await page
            .locator('spn-classify-view h3')
            .textContent()
            .catch(() => '')) ?? '',
        { timeout: 60_000 },
      )
      .toContain('534 traces × 1501 samples');
    expect((await drags(page)).slice(outside.length)).toContain('drop prevented=true effect=copy files=true');
    expect(page.url()).toBe(url);
    expect(await marker(page)).toBe(42);
    expect(h.errors).toEqual([]);
  });

  it('while a classification runs, reloading asks first; idle, it does not', async () => {
    h = await openApp();
    const { page, context } = h;
    await openTab(page, 'Classify');
    await page.evaluate(() => {
      (window as { __spnMarker?: number }).__spnMarker = 7;
    });
    const view = page.locator('spn-classify-view');
    await view.getByRole('button', { name: 'Try the demo' }).click();
    // The real line's run is under way: the view says so and its progress bar is not yet full (the synthetic
    // line's bar stays full until the real line reports its first batch, from inside the running classification).
    await page.waitForFunction(
      () => {
        const root = document.querySelector('spn-app')?.shadowRoot?.querySelector('spn-classify-view')?.shadowRoot;
        const busy = root?.querySelector('.busy')?.textContent ?? '';
        const bar = root?.querySelector('spn-classify-controls')?.shadowRoot?.querySelector('progress');
        return busy.includes('Classifying 31_81_PR') && bar !== null && bar !== undefined && bar.value < bar.max;
      },
      undefined,
      { timeout: 240_000, polling: 20 },
    );

    h.beforeUnload = 'dismiss';
    const asked = page.waitForEvent('dialog', { timeout: 60_000 });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Page.reload', {}); // returns at once; the prompt decides whether the page goes
    expect((await asked).type()).toBe('beforeunload');
    // Stayed: the run finishes on the same page.
    await view.getByRole('button', { name: 'CSV', exact: true }).waitFor({ timeout: 240_000 });
    expect(await marker(page)).toBe(7);

    // Idle now: a reload goes through without a prompt.
    h.beforeUnload = 'accept';
    const before = h.dialogs.length;
    await page.reload();
    await page.waitForSelector('spn-app');
    expect(await marker(page)).toBeUndefined();
    expect(h.dialogs.slice(before)).toEqual([]);
    expect(h.errors).toEqual([]);
  });

  it("the New search form's settings come back after a reload of the tab; a new tab starts from the defaults", async () => {
    h = await openApp();
    const { page, context } = h;
    const field = (p: Page, name: string) => p.locator(`spn-search-settings-form input[name=${name}]`);
    const type = async (name: string, value: string) => {
      await field(page, name).fill(value);
      await field(page, name).dispatchEvent('change');
    };
    await type('seed', '7');
    await type('workers', '2');
    await type('batchSize', '0'); // wrong on purpose: its message comes back with it
    await page.locator('spn-search-settings-form select[name=backend]').selectOption('wasm');
    await page.locator('spn-search-settings-form input[name=limit]').nth(1).check(); // a time budget
    await type('minutes', '12');
    await page.locator('spn-search-settings-form input[name=earlyStop][value=none]').check();

    await page.reload();
    await field(page, 'minutes').waitFor({ timeout: 60_000 });
    expect(await field(page, 'seed').inputValue()).toBe('7');
    expect(await field(page, 'workers').inputValue()).toBe('2');
    expect(await field(page, 'minutes').inputValue()).toBe('12');
    expect(await page.locator('spn-search-settings-form select[name=backend]').inputValue()).toBe('wasm');
    expect(await page.locator('spn-search-settings-form input[name=earlyStop][value=none]').isChecked()).toBe(true);
    expect(await field(page, 'batchSize').inputValue()).toBe('0');
    expect(await field(page, 'batchSize').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('spn-search-settings-form #batchSize-error').textContent()).toContain('Batch size');

    const other = await context.newPage();
    await other.goto(page.url());
    await field(other, 'candidates').waitFor({ timeout: 60_000 });
    expect(await field(other, 'seed').inputValue()).toBe('1');
    expect(await field(other, 'workers').inputValue()).toBe('1');
    expect(await field(other, 'batchSize').getAttribute('aria-invalid')).toBe('false');
    expect(h.errors).toEqual([]);
  });
});
