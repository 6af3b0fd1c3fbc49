/**
 * <spn-presentation-panel> in real Chromium: what it says of the line's polarity when the seabed was found but its
 * first lobe changes sign along the line (a wavelet rotated near 90°), and the way it offers to try the other polarity.
 */
import { afterEach, expect, it } from 'vitest';
import '../../src/ui/presentation-panel';
import { presentLine } from '../../src/core/line/presentation';
import { fixtureLine, rotatedNear90 } from '../node/line/line-fixture';
import { makePatchGrid } from '../../src/core/classify/grid';

const mounted: HTMLElement[] = [];
afterEach(() => {
  for (const el of mounted.splice(0)) el.remove();
});

it('a seabed found with no consistent first-lobe sign: "polarity unknown", shown as recorded, with a button to flip', async () => {
  const { presentation } = await presentLine(rotatedNear90(fixtureLine({ period: 10, noise: 0.05, seed: 1 })));
  expect(presentation.seabed?.found).toBe(true);
  expect(presentation.polarity.polarity).toBe('unknown');
  const el = document.createElement('spn-presentation-panel');
  el.presentation = presentation;
  document.body.append(el);
  mounted.push(el);
  await el.updateComplete;
  const item = el.shadowRoot!.querySelector('li.polarity')!;
  expect(item.textContent.replace(/\s+/g, ' ').trim()).toBe(
    "Polarity unknown: the seabed's first strong lobe changes sign along the line (a wavelet rotated near 90°?), so the line is shown as recorded; if BSRs look like ordinary reflectors, try it the other way. Flip polarity and classify again",
  );
  const asked: unknown[] = [];
  el.addEventListener('presentation-flip', (e) => asked.push(e.detail));
  item.querySelector('button')!.click();
  expect(asked).toEqual([{ flip: true }]);

  // Flipped as asked: it says so and offers the way back.
  el.presentation = { ...presentation, flipped: true, flipSource: 'given' };
  await el.updateComplete;
  expect(item.textContent).toMatch(/so the line is shown flipped, as asked/);
  item.querySelector('button')!.click();
  expect(asked).toEqual([{ flip: true }, { flip: false }]);

  // No seabed at all: nothing to read the polarity from, and no button.
  el.presentation = { ...presentation, seabed: { ...presentation.seabed!, found: false } };
  await el.updateComplete;
  expect(item.textContent.trim()).toBe('Polarity unknown (no seabed to read it from).');
  expect(item.querySelector('button')).toBeNull();
});

it('says how far below the seabed the mask reaches, and why: the seabed wavelet, or half a patch for a paper model', async () => {
  const line = fixtureLine({ period: 10, noise: 0.05, seed: 1 });
  const el = document.createElement('spn-presentation-panel');
  document.body.append(el);
  mounted.push(el);
  const said: string[] = [];
  for (const seabedMargin of ['wavelet', 'half-patch'] as const) {
    el.presentation = (await presentLine(line, { seabedMargin })).presentation;
    await el.updateComplete;
    said.push(el.shadowRoot!.querySelector('li.seabed')!.textContent.replace(/\s+/g, ' '));
  }
  const [wavelet, half] = said as [string, string];
  const margin = (text: string) => Number(/and (\d+) samples/.exec(text)?.[1]);
  expect(wavelet).toMatch(/below \(the seabed's own reflection;/);
  expect(half).toMatch(/below \(half a patch: this model learned the seabed only at its patches' centre;/);
  expect(margin(half)).toBeGreaterThan(margin(wavelet));
});

it("says where the map reaches and why a BSR near the window's bottom gets no P; says nothing of it without a grid", async () => {
  const { presentation } = await presentLine(fixtureLine({ period: 10, noise: 0.05, seed: 1 }));
  const el = document.createElement('spn-presentation-panel');
  el.presentation = presentation;
  el.dtUs = 4000;
  document.body.append(el);
  mounted.push(el);
  await el.updateComplete;
  expect(el.shadowRoot!.querySelector('li.coverage')).toBeNull();
  el.grid = makePatchGrid(534, 543, { patchTraces: 72, patchSamples: 56 });
  await el.updateComplete;
  expect(el.shadowRoot!.querySelector('li.coverage')!.textContent.replace(/\s+/g, ' ').trim()).toBe(
    "The map reaches traces 35–492 of 534 and 110 ms to 2,030 ms: each P(BSR) belongs to the centre of a patch 72 traces × 56 samples that lies wholly within the line, so the last 35 samples (138 ms) above the line's bottom have none. A BSR that close to the bottom is not mapped; classify a longer window of the file if it has one.",
  );
  // Without a sample interval the times are samples.
  el.dtUs = 0;
  await el.updateComplete;
  expect(el.shadowRoot!.querySelector('li.coverage')!.textContent.replace(/\s+/g, ' ')).toMatch(
    /sample 28 to sample 508: .* the last 35 samples above/,
  );
});

it('says why a fine-tuned model\u2019s map kept the matched time scale', async () => {
  const { presentation } = await presentLine(fixtureLine({ period: 10, noise: 0.05, seed: 1 }));
  expect(presentation.scaleSource).toBe('auto');
  const el = document.createElement('spn-presentation-panel');
  el.presentation = presentation;
  document.body.append(el);
  mounted.push(el);
  await el.updateComplete;
  const scale = () => el.shadowRoot!.querySelector('li.scale')!.textContent.replace(/\s+/g, ' ');
  expect(scale()).toMatch(/^ ?Time scale × [\d.]+ \(matched\): dominant period/);
  el.matchedScaleKept = true;
  await el.updateComplete;
  expect(scale()).toMatch(
    /\(matched: this model was fine-tuned on patches cut at the matched scale, so its maps are made there\): dominant period/,
  );
});
