/**
 * Regenerates public/screenshot-search.png (shown in the README): the built app in headless Chromium measures the
 * device, shows the defaults' cost with the "fit in 1 h" options, then runs a real small search (8 candidates,
 * width 0.1, pruning on) and photographs the Search view with its leaderboard, plots and a candidate's test results.
 * Nothing is staged: every number in the picture comes from that run on this machine.
 */
import { openServedApp } from './browser';

const app = await openServedApp({ width: 1280, height: 900 }, { skipBuild: process.argv.includes('--skip-build') });
try {
  const page = app.page;
  const form = page.locator('spn-search-settings-form');
  await page.locator('spn-cost-estimate button.measure').click({ timeout: 60_000 });
  await page.locator('spn-cost-estimate .estimate').waitFor({ timeout: 120_000 });
  await page.screenshot({ path: 'public/screenshot-search-cost.png', clip: { x: 0, y: 0, width: 1280, height: 520 } });
  const set = async (name: string, value: string) => {
    const input = form.locator(`input[name=${name}]`);
    await input.fill(value);
    await input.dispatchEvent('change');
  };
  for (const [name, value] of [
    ['candidates', '8'],
    ['datasetSize', '600'],
    ['testSize', '200'],
    ['maxEpochs', '6'],
    ['widthFactor', '0.1'],
  ] as const)
    await set(name, value);
  await form.locator('select[name=backend]').selectOption('wasm');
  await form.locator('button.start').click();
  await page.locator('spn-run-summary .ratio').waitFor({ timeout: 900_000 });
  await page.locator('spn-leaderboard-table tbody tr').first().click();
  await page.locator('spn-test-results table.per-kind').waitFor({ timeout: 30_000 });
  await page.waitForTimeout(500);
  await page.locator('spn-search-view').screenshot({ path: 'public/screenshot-search.png' });
  console.log('wrote public/screenshot-search.png and public/screenshot-search-cost.png');
} finally {
  await app.close();
}
