/**
 * The Classify view on a Raspberry Pi 4's small screen (800 × 480), in real Chromium: the section fits the window and
 * the model and Classify sit just above it (they were three screens below the section's top, under a 520 px plot), and
 * the map's contour threshold just under it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import '../../src/ui/classify-view';
import type { ClassifyView } from '../../src/ui/classify-view';
import { demoSection } from '../../src/app/demo-line';

let el: ClassifyView | null = null;
afterEach(async () => {
  el?.remove();
  el = null;
  await page.viewport(414, 896); // vitest's default
});

const rectOf = (e: Element | null | undefined): DOMRect => {
  if (!e) throw new Error('element not found');
  return e.getBoundingClientRect();
};

describe('Classify on an 800 × 480 screen', () => {
  it('fits the section in the window, with the model and Classify right above it', async () => {
    await page.viewport(800, 480);
    el = document.createElement('spn-classify-view');
    document.body.append(el);
    await el.updateComplete;
    el.showSection(demoSection(1));
    await el.updateComplete;
    const view = el.shadowRoot!;
    const viewer = view.querySelector('spn-section-viewer')!;
    await viewer.updateComplete;
    const canvas = rectOf(viewer.shadowRoot!.querySelector('canvas.section'));
    // The plot and its toolbar fit the window's height (the plot was 520 px, taller than the screen).
    expect(canvas.height).toBeLessThanOrEqual(480 - 100);
    expect(canvas.height).toBeGreaterThanOrEqual(240);
    const controls = view.querySelector('spn-classify-controls')!;
    await controls.updateComplete;
    const classify = [...controls.shadowRoot!.querySelectorAll('button')].find(
      (b) => b.textContent?.trim() === 'Classify',
    );
    const model = controls.shadowRoot!.querySelector('select[aria-label="model"]');
    // Above the section and less than a screen from its top: pressing Classify and seeing the map is one scroll.
    for (const r of [rectOf(classify), rectOf(model)]) {
      expect(r.bottom).toBeLessThanOrEqual(canvas.top);
      expect(canvas.top - r.top).toBeLessThan(480);
    }
    // With a map on the section, its contour threshold (which moves the contour and the BSR horizon) comes first
    // under the plot: the slider and the map it moves fit one screen (it was 511 px below the plot's top, under the
    // amplitude controls).
    viewer.probability = {
      columns: 2,
      rows: 2,
      originTrace: 24,
      originSample: 24,
      strideTraces: 8,
      strideSamples: 8,
      values: new Float32Array([0.1, 0.6, 0.2, 0.7]),
    };
    await viewer.updateComplete;
    const display = viewer.shadowRoot!.querySelector('spn-display-controls')!;
    await display.updateComplete;
    const slider = rectOf(display.shadowRoot!.querySelector('input[name="threshold"]'));
    expect(slider.bottom - rectOf(viewer.shadowRoot!.querySelector('canvas.section')).top).toBeLessThan(480);
    // On a big screen the plot keeps its full height.
    await page.viewport(1280, 900);
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    expect(rectOf(viewer.shadowRoot!.querySelector('canvas.section')).height).toBe(520);
  });
});
