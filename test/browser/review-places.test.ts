/**
 * Places to review in real Chromium with the real classify worker: the map's strongest places outside the marks are
 * listed and outlined on the section, "Look" shows the patch there, an answer adds the mark and the list moves on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '../../src/ui/classify-view';
import { ClassifyClient } from '../../src/app/classify-client';
import { demoSection } from '../../src/app/demo-line';
import { shownMap } from '../../src/app/classify-overlays';
import { nearestPatch, patchCentre } from '../../src/core/classify/grid';
import { REVIEW_COLOR } from '../../src/ui/review-places';
import { untilWithin } from './waiting';

const mounted: HTMLElement[] = [];
afterEach(() => {
  for (const el of mounted.splice(0)) el.remove();
});
const root = (el: Element) => el.shadowRoot as ShadowRoot;
const until = untilWithin(60_000);

describe('<spn-review-places> in the Classify view', () => {
  it('lists the strongest places outside the marks, outlines them, looks at one and takes an answer as a mark', async () => {
    await tf.setBackend('cpu');
    const el = document.createElement('spn-classify-view');
    el.style.width = '1000px';
    document.body.append(el);
    mounted.push(el);
    el.classifier = new ClassifyClient('cpu');
    // The bundled model: its map has clear peaks (a tiny test network's P stays near 0.05 everywhere).
    const modelId = 'demo';
    // A seed no other test marks: the marks of a line are kept in this browser and shared with other views of it.
    el.showSection(demoSection(9));
    await until(() => el.controller.state.marks !== null);
    // Start from none, whatever an earlier run of this test left.
    while (el.controller.state.marks!.marks.length) el.controller.removeMark(0);
    await el.controller.classify({ modelId, patchTraces: 48, stride: 48, scale: 1 });
    await el.updateComplete;
    const review = root(el).querySelector('spn-review-places')!;
    await review.updateComplete;
    // Each row's number, trace, time (ms) and P as shown.
    const rows = () =>
      [...root(review).querySelectorAll('tbody tr')].map((tr) =>
        [...tr.querySelectorAll('td')].slice(0, 4).map((td) => td.textContent.trim()),
      );

    // The first place is the map's strongest patch centre (the map's own values, not the list's), at its trace.
    const map = shownMap(el.controller.state)!,
      ms = el.controller.state.section!.sampleIntervalUs / 1000;
    let best = -1,
      bestK = -1;
    map.values.forEach((p, k) => {
      if (p > best) [best, bestK] = [p, k];
    });
    expect(best).toBeGreaterThanOrEqual(0.05);
    const centre = patchCentre(map.grid, bestK % map.grid.cols, Math.floor(bestK / map.grid.cols));
    const shown = rows();
    expect(shown.length).toBeGreaterThan(1);
    expect(shown[0]).toEqual([
      '1',
      `${Math.floor(centre.trace)}`,
      `${Math.round(centre.sample * ms)}`,
      best.toFixed(2),
    ]);
    // Outlined on the section in the review colour, one box per place.
    const viewer = root(el).querySelector('spn-section-viewer')!;
    expect(viewer.marks.filter((m) => m.color === REVIEW_COLOR)).toHaveLength(shown.length);

    // "Look" shows the patch the network saw there.
    const button = (name: string) => root(review).querySelector<HTMLButtonElement>(`button[aria-label="${name}"]`)!;
    button('look at place 1').click();
    await until(() => el.controller.state.saliency !== null);
    const at = nearestPatch(map.grid, centre.trace, centre.sample);
    expect([el.controller.state.saliency!.col, el.controller.state.saliency!.row]).toEqual([at.col, at.row]);

    // "not BSR" adds a not-BSR mark around the place; the place leaves the list and no place touches the mark.
    // Answered from the keyboard: focus moves to the next place's Look, not the same button now answering it unseen.
    button('place 1 is not a BSR: add a not-BSR mark').focus();
    button('place 1 is not a BSR: add a not-BSR mark').click();
    await until(() => el.controller.state.marks!.marks.length === 1);
    await el.updateComplete;
    await review.updateComplete;
    expect(root(review).activeElement?.getAttribute('aria-label')).toBe('look at place 1');
    const mark = el.controller.state.marks!.marks[0]!;
    expect(mark.label).toBe(0);
    expect(mark.traceFrom).toBeLessThanOrEqual(centre.trace);
    expect(mark.traceTo).toBeGreaterThanOrEqual(centre.trace);
    expect(mark.timeFromMs).toBeLessThan(centre.sample * ms);
    expect(mark.timeToMs).toBeGreaterThan(centre.sample * ms);
    await el.updateComplete;
    await review.updateComplete;
    expect(rows()[0]!.slice(1, 3)).not.toEqual([`${Math.floor(centre.trace)}`, `${Math.round(centre.sample * ms)}`]);
    for (const b of viewer.marks.filter((m) => m.color === REVIEW_COLOR)) {
      const apart =
        b.traceTo < mark.traceFrom ||
        b.traceFrom > mark.traceTo ||
        b.sampleTo < mark.timeFromMs / ms ||
        b.sampleFrom > mark.timeToMs / ms;
      expect(apart).toBe(true);
    }
    // "BSR" on the next place adds a BSR mark: the marks panel lists both.
    button('place 1 is a BSR: add a BSR mark').click();
    await until(() => el.controller.state.marks!.marks.length === 2);
    expect(el.controller.state.marks!.marks.map((m) => m.label)).toEqual([0, 1]);
    while (el.controller.state.marks!.marks.length) el.controller.removeMark(0);
  });
});
