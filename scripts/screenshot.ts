/** Regenerates public/screenshot.png (shown in the README) from the built app in headless Chromium. */
import { launchChromium, openAppPage } from './browser';
import { serveBuiltApp } from './serve';

const served = await serveBuiltApp();
const browser = await launchChromium();
try {
  const page = await openAppPage(browser, served.url, { width: 1280, height: 860 });
  await page.locator('spn-app').getByRole('tab', { name: 'Data' }).click();
  // Let the Data view render its first gallery of generated patches.
  await page.waitForFunction(() => document.querySelector('spn-app')?.shadowRoot?.querySelector('spn-data-view')?.getAttribute('data-gallery-ready') === 'true', undefined, { timeout: 60_000 }).catch(() => undefined);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: 'public/screenshot.png' });
  console.log('wrote public/screenshot.png');
} finally {
  await browser.close();
  await served.close();
}
