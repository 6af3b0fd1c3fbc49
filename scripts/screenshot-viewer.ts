/**
 * Regenerates public/screenshot-viewer.png and public/screenshot-viewer-wiggle.png (shown in the README) from the
 * built app in headless Chromium: "Try the demo" runs the bundled model, then the synthetic demo line (which has a
 * BSR) is classified and photographed with its inferno overlay and threshold contour, and again zoomed in on the
 * BSR past the wiggle threshold (wiggle / variable area). Nothing is staged: the map comes from that run.
 */
import { openServedApp } from './browser';

const app = await openServedApp({ width: 1280, height: 1000 }, { skipBuild: process.argv.includes('--skip-build') });
try {
  const page = app.page;
  await page.locator('spn-app').getByRole('tab', { name: 'Classify' }).click();
  const view = page.locator('spn-classify-view');
  await view.getByRole('button', { name: 'Try the demo' }).click();
  await view.locator('.demo-result').waitFor({ timeout: 300_000 });
  await page.waitForFunction(
    () => {
      const v = document.querySelector('spn-app')?.shadowRoot?.querySelector('spn-classify-view');
      return (
        v?.shadowRoot?.querySelector('spn-presentation-panel') !== null &&
        v?.shadowRoot?.querySelector('.busy')?.textContent === ''
      );
    },
    undefined,
    { timeout: 300_000 },
  );
  await view.getByRole('button', { name: 'Use the synthetic demo line' }).click();
  await view.locator('spn-classify-controls').getByRole('button', { name: 'Classify', exact: true }).click();
  const viewer = view.locator('spn-section-viewer');
  // The map arrives when the run ends; the viewer then shows its BSR map controls.
  await viewer.locator('spn-display-controls canvas.map-bar').waitFor({ timeout: 300_000 });
  await page.waitForTimeout(500);
  await viewer.screenshot({ path: 'public/screenshot-viewer.png' });
  // Zoom on the most probable patch centre with the wheel (the point under the cursor stays put) until wiggles show.
  const target = await viewer.evaluate((el) => {
    const v = el as HTMLElement & {
      probability: {
        values: Float32Array;
        columns: number;
        originTrace: number;
        originSample: number;
        strideTraces: number;
        strideSamples: number;
      };
      section: { traceCount: number; samplesPerTrace: number };
    };
    const p = v.probability;
    let best = 0;
    p.values.forEach((x, i) => {
      if (x > (p.values[best] ?? 0)) best = i;
    });
    const trace = p.originTrace + (best % p.columns) * p.strideTraces,
      sample = p.originSample + Math.floor(best / p.columns) * p.strideSamples;
    const r = v.shadowRoot!.querySelector('canvas.section')!.getBoundingClientRect();
    return {
      x: r.left + 58 + (trace / v.section.traceCount) * (r.width - 68),
      y: r.top + 8 + (sample / v.section.samplesPerTrace) * (r.height - 44),
    };
  });
  await page.mouse.move(target.x, target.y);
  for (let i = 0; i < 40; i++) {
    const px = await viewer.evaluate((el) => (el as HTMLElement & { view: { pxPerTrace: number } }).view.pxPerTrace);
    if (px >= 12) break;
    await page.mouse.wheel(0, -100);
  }
  await page.mouse.move(5, 5); // no hover readout in the picture
  await page.waitForTimeout(300);
  await viewer.screenshot({ path: 'public/screenshot-viewer-wiggle.png' });
  console.log('wrote public/screenshot-viewer.png and public/screenshot-viewer-wiggle.png');
} finally {
  await app.close();
}
