/** Regenerates public/screenshot.png (shown in the README) from the built app in headless Chromium. */
import { openServedApp } from './browser';

const app = await openServedApp({ width: 1280, height: 860 });
try {
  const page = app.page;
  await page.locator('spn-app').getByRole('tab', { name: 'Data' }).click();
  // Let the Data view render its first gallery of generated patches.
  await page
    .waitForFunction(
      () =>
        document
          .querySelector('spn-app')
          ?.shadowRoot?.querySelector('spn-data-view')
          ?.getAttribute('data-gallery-ready') === 'true',
      undefined,
      { timeout: 60_000 },
    )
    .catch(() => undefined);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: 'public/screenshot.png' });
  console.log('wrote public/screenshot.png');
} finally {
  await app.close();
}
