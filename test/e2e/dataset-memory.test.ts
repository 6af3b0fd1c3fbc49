/** A default 20,000-patch data set (plus its 2,000-patch test set) built in the Data view fits in < 250 MB of the tab. */
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, openTab, type Harness } from './harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('data set memory', () => {
  it('builds 20,000 + 2,000 patches in the worker pool within 250 MB', async () => {
    h = await openApp();
    const { page } = h;
    await openTab(page, 'Data');
    const view = page.locator('spn-data-view');
    expect(await view.locator('input[name=size]').inputValue()).toBe('20000');
    await view.getByRole('button', { name: 'Build data set' }).click();
    await view.getByRole('status').filter({ hasText: 'Built' }).waitFor({ timeout: 300_000 });
    console.log(await view.getByRole('status').textContent());
    // Whole-tab memory (page and its workers); needs cross-origin isolation, which the app has.
    const bytes = await page.evaluate(async () => {
      const perf = performance as Performance & { measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }> };
      return perf.measureUserAgentSpecificMemory ? (await perf.measureUserAgentSpecificMemory()).bytes : -1;
    });
    console.log(`tab memory after building 22,000 patches: ${(bytes / 2 ** 20).toFixed(0)} MB`);
    expect(bytes).toBeGreaterThan(150 * 2 ** 20); // the data set really is held (184 MB of patches)
    expect(bytes).toBeLessThan(250 * 2 ** 20);
  });
});
