/**
 * <spn-classify-view> in real Chromium: open, header as text (no HTML injection), errors keep state, classify +
 * saliency, and the long jobs (open, classify) with progress, time left and Cancel.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '../../src/ui/classify-view';
import type { ClassifyView } from '../../src/ui/classify-view';
import { ClassifyClient } from '../../src/app/classify-client';
import { stringifyModelFile } from '../../src/core/model-file';
import { writeSegy } from '../../src/core/segy/write';
import { demoSection } from '../../src/app/demo-line';
import { tinyModelFile } from './tiny-model';
import { DEFAULT_SEABED_CONTEXT_TRACES } from '../../src/core/classify/seabed-context';
import { untilWithin } from './waiting';
import { shownHorizon, shownMap } from '../../src/app/classify-overlays';
import { horizonAtThreshold } from '../../src/core/classify/horizon-threshold';
import type { BsrHorizon } from '../../src/core/classify/horizon';

const mounted: HTMLElement[] = [];
afterEach(() => {
  for (const el of mounted.splice(0)) el.remove();
});

async function fixtureBytes(path: string): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await (await fetch(`/test/fixtures/segy/${path}`)).arrayBuffer());
}

async function mount(): Promise<ClassifyView> {
  const el = document.createElement('spn-classify-view');
  el.style.width = '1000px';
  document.body.append(el);
  mounted.push(el);
  await el.updateComplete;
  return el;
}

const root = (el: Element) => el.shadowRoot as ShadowRoot;
const panel = (el: ClassifyView) => root(el).querySelector('spn-segy-header-panel')!;
const alertText = (el: ClassifyView) => root(el).querySelector('[role="alert"]')!.textContent ?? '';

/** Waits until `test` holds, polling (the view updates after worker replies). */
const until = untilWithin(60_000);

describe('<spn-classify-view>', () => {
  it('shows a textual header containing HTML as text, creating no element', async () => {
    const bytes = await fixtureBytes('segyio/small.sgy');
    const payload = 'C 1 <img src=x onerror="window.__xss = 1"> <script>window.__xss = 2</script>';
    bytes.fill(0x20, 0, 3200);
    bytes.set(new TextEncoder().encode(payload), 0);
    const el = await mount();
    await el.openFile(new File([bytes], 'evil.sgy'));
    await panel(el).updateComplete;
    const pre = root(panel(el)).querySelector('pre')!;
    expect(pre.textContent).toContain('<img src=x onerror="window.__xss = 1">');
    expect(pre.textContent).toContain('<script>');
    expect(root(panel(el)).querySelector('img, script')).toBeNull();
    expect(root(el).querySelector('img, script')).toBeNull();
    await new Promise((r) => setTimeout(r, 50));
    expect((window as { __xss?: number }).__xss).toBeUndefined();
  });

  it('a model file "Add a model file" refuses is named, and said under the controls', async () => {
    const el = await mount();
    await el.addModelFile(new File(['{"format": nope}'], 'bad.json'));
    await el.updateComplete;
    expect(root(el).querySelector('spn-classify-controls + .classify-error')?.textContent).toMatch(
      /^bad\.json: model file: not valid JSON at position \d+/,
    );
    expect(alertText(el)).toBe('');
    // A line dropped on the model area is told where lines open (the page's words; the CLIs have no such area).
    await el.addModelFile(new File([await fixtureBytes('segyio/small.sgy')], 'small.sgy'));
    await el.updateComplete;
    expect(root(el).querySelector('spn-classify-controls + .classify-error')?.textContent).toBe(
      'small.sgy: model file: binary data, not JSON text (a seismic line? a model is a .json file) A seismic line opens in the line area above.',
    );
  });

  it("offers an SU file's byte-swapped inline/crossline numbers as written in small.sgy, and says why", async () => {
    const el = await mount();
    await el.openFile(new File([await fixtureBytes('segyio/small-lsb.su')], 'small-lsb.su'));
    await el.updateComplete;
    const picker = root(el).querySelector('spn-line-picker')!;
    await picker.updateComplete;
    const values = [...root(picker).querySelectorAll('select[aria-label="line value"] option')].map(
      (o) => o.textContent,
    );
    expect(values).toEqual(['1', '2', '3', '4', '5']);
    expect(root(picker).querySelector('[role="note"]')?.textContent?.replace(/\s+/g, ' ')).toContain(
      'The inline (bytes 189-192) and crossline (bytes 193-196) numbers are read in the other byte order',
    );
    expect(alertText(el)).toBe('');
    // The line shown carries the numbers as the picker offers them (the readout said inline 50331648 for inline 3).
    await el.showLine({ inline: 3 });
    const shown = el.controller.state.section!;
    expect([...shown.inline]).toEqual([3, 3, 3, 3, 3]);
    expect([...shown.crossline]).toEqual([20, 21, 22, 23, 24]);
  });

  it('the marks list says which marks fine-tuning holds out, following the panel\'s "hold out every" and the ticks', async () => {
    const el = await mount();
    el.showSection(demoSection(1));
    await until(() => el.controller.state.marks !== null);
    // Marks of the demo line are kept in this browser: start from none, whatever an earlier run left.
    while (el.controller.state.marks!.marks.length) el.controller.removeMark(0);
    for (let i = 0; i < 6; i++)
      el.controller.addMark({
        traceFrom: 20 * i,
        traceTo: 20 * i + 15,
        timeFromMs: 40,
        timeToMs: 120,
        label: i % 2 === 0 ? 1 : 0,
      });
    await el.updateComplete;
    const marksPanel = root(el).querySelector('spn-marks-panel')!;
    const heldRows = async () => {
      await el.updateComplete;
      await marksPanel.updateComplete;
      return [...root(marksPanel).querySelectorAll('tbody tr')]
        .map((tr, i) => (tr.querySelector('.auto') ? i + 1 : 0))
        .filter((n) => n > 0);
    };
    expect(await heldRows()).toEqual([5]);
    const tunePanel = root(el).querySelector('spn-finetune-panel')!;
    const every = root(tunePanel).querySelector<HTMLInputElement>('input[name=holdOutEvery]')!;
    every.value = '2';
    every.dispatchEvent(new Event('change'));
    expect(await heldRows()).toEqual([2, 4, 6]);
    // A ticked mark is the one held out: no automatic ones then.
    el.controller.setMarkCheck(0, true);
    expect(await heldRows()).toEqual([]);
    while (el.controller.state.marks!.marks.length) el.controller.removeMark(0);
  });

  it('opens a line, then a corrupt file shows an alert naming file, field and offset and keeps the line', async () => {
    const el = await mount();
    const viewer = root(el).querySelector('spn-section-viewer')!;
    await viewer.updateComplete;
    // Before a line: the empty plot says how to get one, and zoom has nothing to act on.
    expect(root(viewer).querySelector('.empty')?.textContent).toMatch(/^No line open: drop a SEG-Y or SU file above/);
    expect(root(viewer).querySelector<HTMLButtonElement>('button[aria-label="zoom in"]')?.disabled).toBe(true);
    await el.openFile(new File([await fixtureBytes('seisplot/31_81_PR.sgy')], '31_81_PR.sgy'));
    await el.updateComplete;
    await viewer.updateComplete;
    expect(viewer.section?.traceCount).toBe(534);
    expect(root(viewer).querySelector('.empty')).toBeNull();
    expect(root(viewer).querySelector<HTMLButtonElement>('button[aria-label="zoom in"]')?.disabled).toBe(false);
    expect(alertText(el)).toBe('');
    expect(root(panel(el)).textContent).toContain('31_81_PR.sgy');

    await el.openFile(new File([await fixtureBytes('corrupt/format-99.sgy')], 'format-99.sgy'));
    await el.updateComplete;
    expect(alertText(el)).toMatch(/format-99\.sgy: sample format code.* at byte offset 3224: 99/);
    expect(viewer.section?.traceCount).toBe(534);
    expect(root(panel(el)).textContent).toContain('31_81_PR.sgy');
  });

  it('a float file with NaN or infinite samples opens, and the notice says how many were read as 0', async () => {
    const el = await mount();
    const traces = 60,
      samples = 200;
    const data = new Float32Array(traces * samples).map((_, i) => Math.sin(i / 5));
    data[3] = NaN;
    data[30 * samples + 7] = -Infinity;
    await el.openFile(new File([writeSegy({ traces, samples, dtUs: 4000, data }).slice()], 'holes.sgy'));
    await el.updateComplete;
    expect(alertText(el)).toBe('');
    expect(el.controller.state.section?.traceCount).toBe(traces);
    expect(root(el).querySelector('.notice')?.textContent).toBe('holes.sgy: 2 samples are NaN or infinite; read as 0.');
    // A clean file says nothing of the kind.
    data[3] = 0;
    data[30 * samples + 7] = 0;
    await el.openFile(new File([writeSegy({ traces, samples, dtUs: 4000, data }).slice()], 'clean.sgy'));
    await el.updateComplete;
    expect(el.controller.state.notice).not.toMatch(/NaN/);
  });

  it('classifies the demo line with a model file, shows the map, and the saliency of a clicked patch', async () => {
    await tf.setBackend('cpu');
    const file = await tinyModelFile();
    const el = await mount();
    el.classifier = new ClassifyClient('cpu');
    await el.addModelFile(new File([stringifyModelFile(file)], 'tiny.json'));
    expect(alertText(el)).toBe('');
    // Stored in this browser like an import in the Search view, so it is still listed after a reload; and chosen.
    expect(el.controller.state.notice).toBe('Model “tiny-test” added to the list and stored in this browser.');
    const chosen = el.controller.state.models.find((m) => m.id === el.controller.state.modelChoice);
    // Other tests store tiny-test models in this browser too: then the label says when this one was stored.
    expect(chosen?.label).toMatch(/^tiny-test \(imported, [\d,]+ parameters(, stored .+)?\)$/);
    // The bundled model is listed with its file's name, the name a model tuned from it carries.
    const bundled = (await (await fetch('/public/models/demo.json')).json()) as { name: string };
    expect(el.controller.state.models.find((m) => m.id === 'demo')?.label).toBe(
      `Demo model (bundled): ${bundled.name}`,
    );
    // No line open yet: the default width, not the narrowest line's fallback (48).
    expect(controlInput(root(el).querySelector('spn-classify-controls')!, 'patch traces').value).toBe('72');
    (
      Array.from(root(el).querySelectorAll('.row button')).find(
        (b) => b.textContent === 'Use the synthetic demo line',
      ) as HTMLButtonElement
    ).click();
    await el.updateComplete;
    const controls = root(el).querySelector('spn-classify-controls')!;
    await controls.updateComplete;
    // 48 traces wide: the line's default is wider (72); the counts below are for the network's own width.
    expect(controlInput(controls, 'patch traces').value).toBe('72');
    await setControls(controls, { stride: '48', scale: '1', patch: '48' }); // stride 48 at scale 1: 8 × 12 patches keep the CPU run short
    (
      Array.from(root(controls).querySelectorAll('button')).find(
        (b) => b.textContent === 'Classify',
      ) as HTMLButtonElement
    ).click();
    const viewer = root(el).querySelector('spn-section-viewer')!;
    await until(() => viewer.probability !== null || alertText(el) !== '');
    expect(alertText(el)).toBe('');
    const grid = viewer.probability!;
    expect([grid.columns, grid.rows, grid.strideTraces, grid.originTrace]).toEqual([8, 12, 48, 24]);
    expect(Array.from(grid.values).every((p) => p >= 0 && p <= 1)).toBe(true);
    // The progress bar goes with the job; the run line under the map says what ran.
    await el.updateComplete;
    await controls.updateComplete;
    expect(root(controls).querySelector('progress')).toBeNull();
    expect(root(el).querySelector('.classify-result')?.textContent).toMatch(/^\s*96 patches /);
    // The horizon download says why it is there or not: no trace at P ≥ 0.5, or too few to follow as one surface.
    const horizonButton = Array.from(root(el).querySelectorAll('button')).find((b) =>
      b.textContent?.includes('BSR horizon (CSV)'),
    )!;
    const horizon = shownMap(el.controller.state)!.horizon;
    const picks = Array.from(horizon.samples).filter((v) => !Number.isNaN(v)).length;
    expect(horizonButton.disabled).toBe(picks === 0);
    const titleAt = (at: string, h: BsrHorizon, n: number) =>
      n > 0
        ? `one pick per trace where P ≥ ${at}`
        : h.tracesReaching === 0
          ? `no trace reaches P ≥ ${at} below the seabed: no horizon`
          : `P ≥ ${at} on ${h.tracesReaching} trace${h.tracesReaching === 1 ? '' : 's'} only, too few or too scattered to follow as one surface: no horizon`;
    expect(horizonButton.title).toBe(titleAt('0.50', horizon, picks));
    // Where the map is surest, in the line's traces and milliseconds, and whether anything reaches the threshold: the
    // contour is drawn on the map, the horizon through the patches' own P, and the text says which of them is there.
    const best = Array.from(grid.values).reduce((a, b) => (b > a ? b : a), -1);
    const strongestText = () => root(el).querySelector('.strongest')?.textContent?.replace(/\s+/g, ' ');
    const strongestAt = (at: number, n: number) => {
      const under = ` \\(no patch of the map reaches ${at.toFixed(2).replace('.', '\\.')}`;
      const why =
        best >= at
          ? ''
          : n > 0
            ? `${under}: no contour is drawn; the horizon follows patches whose own P, before the averaging along the seabed, does\\)`
            : `${under}: no contour or horizon is drawn; the contour's threshold under the section moves both\\)`;
      return new RegExp(
        `^Strongest P\\(BSR\\) ${best.toFixed(2).replace('.', '\\.')} at trace \\d+, \\d+ ms${why}\\.$`,
      );
    };
    expect(strongestText()).toMatch(strongestAt(0.5, picks));
    expect(horizon.tracesReaching).toBeGreaterThanOrEqual(picks > 0 ? 1 : 0);

    // The contour's slider under the section moves the horizon with it: picked again from the patches' own P at the
    // new threshold, as the pipeline picks it (a tiny model's P stays low at the 5 % base rate).
    const display = root(viewer).querySelector('spn-display-controls')!;
    const slider = root(display).querySelector<HTMLInputElement>('input[name="threshold"]')!;
    slider.value = '0.05';
    slider.dispatchEvent(new Event('input'));
    await until(() => el.controller.state.contourThreshold === 0.05);
    await el.updateComplete;
    expect(viewer.contourThreshold).toBe(0.05);
    const low = shownHorizon(el.controller.state)!;
    expect(low.minProbability).toBe(0.05);
    expect(Array.from(low.samples)).toEqual(
      Array.from(horizonAtThreshold(shownMap(el.controller.state)!, 0.05).samples),
    );
    const lowPicks = Array.from(low.samples).filter((v) => !Number.isNaN(v)).length;
    expect(lowPicks).toBeGreaterThanOrEqual(picks);
    expect(horizonButton.title).toBe(titleAt('0.05', low, lowPicks));
    expect(strongestText()).toMatch(strongestAt(0.05, lowPicks));
    expect(viewer.horizons.some((h) => h.label === 'BSR horizon (P ≥ 0.05)')).toBe(lowPicks > 0);
    for (const t of low.samples.keys())
      if (!Number.isNaN(low.samples[t]!)) expect(low.probability[t]).toBeGreaterThanOrEqual(0.05);
    // Saved at that threshold, under a name that says so (the 0.5 horizon's file is another).
    const files: [string, Blob][] = [];
    el.controller.downloader = (name, data) => files.push([name, data as Blob]);
    await el.controller.download('horizon');
    expect(files[0]![0]).toMatch(/-bsr-horizon-p0\.05\.csv$/);
    expect((await files[0]![1].text()).trim().split('\n').length - 1).toBe(lowPicks);
    slider.value = '0.5';
    slider.dispatchEvent(new Event('input'));
    await until(() => el.controller.state.contourThreshold === 0.5);
    expect(shownHorizon(el.controller.state)).toBe(horizon);
    // Each threshold is tracked once per map: back at 0.05, the same horizon (a big file's map is millions of centres).
    el.controller.setContourThreshold(0.05);
    expect(shownHorizon(el.controller.state)).toBe(low);
    el.controller.setContourThreshold(0.5);

    // The map's PNG lies over the line: one pixel per trace and sample (it was one per patch, 8 × 12).
    const saved: Blob[] = [];
    el.controller.downloader = (_name, data) => saved.push(data as Blob);
    await el.controller.download('png');
    const png = await createImageBitmap(saved[0]!);
    expect([png.width, png.height]).toEqual([viewer.section!.traceCount, viewer.section!.samplesPerTrace]);

    const sal = root(el).querySelector('spn-saliency-view')!;
    // The explanation's words go into a live region that is there before the click (Enter on the section keeps the
    // focus there, so a screen reader hears the patch's P only from the region).
    const words = root(sal).querySelector('[role="status"].saliency-words')!;
    expect(words.textContent).toBe('');
    viewer.dispatchEvent(new CustomEvent('section-click', { detail: { trace: 100, sample: 300, timeMs: 1200 } }));
    await until(() => sal.saliency !== null || alertText(el) !== '');
    expect(alertText(el)).toBe('');
    await sal.updateComplete;
    expect(root(sal).querySelector('[role="status"].saliency-words')).toBe(words);
    expect(words.textContent).toMatch(/^Patch from trace 96, sample \d+ .*P\(BSR\) of this patch alone \d\.\d{3}/);
    // Nearest patch centre to trace 100: column round((100 - 23.5) / 48) = 2, first trace 96.
    expect(sal.saliency).toMatchObject({ col: 2, firstTrace: 96 });
    // The clicked patch's P(BSR) reads as on the map (both at the map's base rate).
    expect(sal.saliency!.probability).toBeCloseTo(grid.values[sal.saliency!.row * 8 + 2]!, 4);
    // The seabed pick is drawn and explained; every patch centre above it is 0.
    const panelText = root(root(el).querySelector('spn-presentation-panel')!).textContent ?? '';
    expect(panelText).toMatch(/Seabed picked \(\d+ % of traces agree\); P\(BSR\) = 0 above it/);
    expect(panelText).toContain('Time scale × 1.00 (as chosen)');
    expect(panelText.replace(/\s+/g, ' ')).toMatch(
      /resized to 48 rows as the training patches were \(the network takes both at 112 × 112\)/,
    );
    // Where the map reaches: 8 columns of 48-trace patches at stride 48 centre on traces 23.5 to 359.5.
    expect(panelText.replace(/\s+/g, ' ')).toMatch(
      /The map reaches traces 23–360 of \d+ and \d+ ms to [\d,]+ ms: each P\(BSR\) belongs to the centre of a patch 48 traces × 48 samples .* the last \d+ samples \(\d+ ms\) above the line's bottom have none/,
    );
    expect(viewer.horizons.map((h) => h.label)).toContain('seabed (picked)');
    // ± 32 traces reach no other column at stride 48: nothing was averaged, and the panel does not claim it.
    expect(root(root(el).querySelector('spn-presentation-panel')!).querySelector('.seabed-context')).toBeNull();

    // Averaging along the seabed over ± 48 traces (the neighbouring columns): the panel says so, and the map's P of
    // the clicked patch is no longer its own.
    const along = root(controls).querySelector<HTMLSelectElement>('select[aria-label="averaging along the seabed"]')!;
    expect(along.value).toBe(String(DEFAULT_SEABED_CONTEXT_TRACES));
    along.value = '48';
    along.dispatchEvent(new Event('change'));
    await controls.updateComplete;
    (
      Array.from(root(controls).querySelectorAll('button')).find(
        (b) => b.textContent === 'Classify',
      ) as HTMLButtonElement
    ).click();
    await until(() => (viewer.probability !== null && viewer.probability !== grid) || alertText(el) !== '');
    expect(alertText(el)).toBe('');
    const panel = root(el).querySelector('spn-presentation-panel')!;
    await panel.updateComplete;
    expect(root(panel).querySelector('.seabed-context')?.textContent).toMatch(
      /mean over the patches within ± 48 traces/,
    );
    const averaged = viewer.probability!;
    let differ = 0;
    for (let i = 0; i < averaged.values.length; i++) if (averaged.values[i] !== grid.values[i]) differ++;
    expect(differ).toBeGreaterThan(0);

    // A stride of 0 is refused before anything changes: the map shown stays, and the message names the control.
    await setControls(controls, { stride: '0', scale: '1' });
    (
      Array.from(root(controls).querySelectorAll('button')).find(
        (b) => b.textContent === 'Classify',
      ) as HTMLButtonElement
    ).click();
    // Said under the controls, where the user clicked (the page's alert sits above the section).
    const besideControls = () => root(el).querySelector('spn-classify-controls + .classify-error')?.textContent ?? '';
    await until(() => besideControls() !== '' || alertText(el) !== '');
    expect(besideControls()).toBe(
      'Not classified: stride must be a whole number of samples and traces, at least 1 (got 0). The map shown before stays.',
    );
    expect(alertText(el)).toBe('');
    expect(viewer.probability).toBe(averaged);
  });

  it('flips a reverse-polarity line by default, classifies it as recorded or flipped on request, and a seabed the user corrects, each classifying again', async () => {
    await tf.setBackend('cpu');
    const el = await mount();
    el.classifier = new ClassifyClient('cpu');
    await el.addModelFile(new File([stringifyModelFile(await tinyModelFile())], 'tiny.json'));
    const demo = demoSection(1);
    el.showSection({ ...demo, label: 'reversed', samples: demo.samples.map((v) => -v) });
    await el.updateComplete;
    const controls = root(el).querySelector('spn-classify-controls')!;
    await setControls(controls, { stride: '48', scale: '1' });
    (
      Array.from(root(controls).querySelectorAll('button')).find(
        (b) => b.textContent === 'Classify',
      ) as HTMLButtonElement
    ).click();
    const panelEl = async () => {
      await until(() => root(el).querySelector('spn-presentation-panel') !== null || alertText(el) !== '');
      const p = root(el).querySelector('spn-presentation-panel')!;
      await p.updateComplete;
      return p;
    };
    /** Clicks the panel's button starting with `label`, waits for the new map and for `says` in the panel. */
    const rerunFromPanel = async (label: string, says: string) => {
      const before = el.controller.state.map;
      Array.from(root(await panelEl()).querySelectorAll('button'))
        .find((b) => b.textContent?.startsWith(label))!
        .click();
      await until(() => el.controller.state.map !== before && el.controller.state.map !== null);
      const after = root(await panelEl());
      await until(() => (after.textContent ?? '').includes(says));
      return after;
    };
    // By default ('auto') the line is flipped, since its seabed reads negative first; the user can undo that.
    const autoPanel = root(await panelEl());
    await until(() => (autoPanel.textContent ?? '').includes('the seabed read negative first as recorded'));
    await rerunFromPanel('Classify as recorded', 'The seabed reads negative first (reverse polarity)');
    expect(controls.flipPolarity).toBe(false);
    const panelRoot = await rerunFromPanel('Flip polarity', 'after flipping the line');
    expect(controls.flipPolarity).toBe(true);

    // Correct the seabed: two points, apply; the run comes back with the user's pick, drawn through the points.
    Array.from(panelRoot.querySelectorAll('button'))
      .find((b) => b.textContent === 'Correct the seabed')!
      .click();
    const viewer = root(el).querySelector('spn-section-viewer')!;
    await el.updateComplete;
    viewer.dispatchEvent(new CustomEvent('section-click', { detail: { trace: 50, sample: 120, timeMs: 480 } }));
    viewer.dispatchEvent(new CustomEvent('section-click', { detail: { trace: 350, sample: 160, timeMs: 640 } }));
    await el.updateComplete;
    expect(viewer.horizons.find((h) => h.label === 'your seabed')?.points).toHaveLength(2);
    const secondMap = el.controller.state.map;
    const panel2 = await panelEl();
    Array.from(root(panel2).querySelectorAll('button'))
      .find((b) => b.textContent === 'Apply and classify again')!
      .click();
    await until(() => el.controller.state.map !== secondMap && el.controller.state.map !== null);
    await el.updateComplete;
    const corrected = viewer.horizons.find((h) => h.label === 'seabed (corrected)')!;
    expect(corrected.samples[50]).toBeCloseTo(120, 5);
    expect(corrected.samples[200]).toBeCloseTo(140, 5);
    expect(root(await panelEl()).textContent).toContain('Seabed corrected by you');
  });

  it('shows the header scan of a long file with progress and time left; Cancel keeps the line shown before', async () => {
    const el = await mount();
    el.showSection(demoSection(2));
    await el.updateComplete;
    const viewer = root(el).querySelector('spn-section-viewer')!;
    const shown = viewer.section;
    // 20,000 traces of 1,000 samples (85 MB, one trace repeated): traces over 16 headers long are scanned header by
    // header, 64 at a time, so the scan reports hundreds of times.
    const one = writeSegy({ traces: 1, samples: 1000, dtUs: 4000, data: new Float32Array(1000).fill(1) });
    const trace = new Blob([one.slice(3600)]);
    const long = new File([one.slice(0, 3600), ...Array.from({ length: 20_000 }, () => trace)], 'long.sgy');
    const opening = el.openFile(long);
    const job = () => root(el).querySelector('spn-job-progress');
    const jobText = () => (job() ? (root(job()!).textContent ?? '') : '').replace(/\s+/g, ' ');
    await until(() => /\d+ \/ 20000 traces · ≈ \d+ (s|min) left/.test(jobText()) || alertText(el) !== '');
    expect(jobText()).toContain('Opening long.sgy: header scan');
    root(job()!).querySelector('button')!.click();
    await opening;
    await el.updateComplete;
    expect(alertText(el)).toBe('');
    expect(root(el).querySelector('.notice')?.textContent).toBe(
      'Opening long.sgy was cancelled: the line shown before stays.',
    );
    expect(job()).toBeNull();
    expect(viewer.section).toBe(shown);
    // The SEG-Y worker is free and the file opens when let be.
    await el.openFile(new File([await fixtureBytes('segyio/small.sgy')], 'small.sgy'));
    await el.updateComplete;
    expect(alertText(el)).toBe('');
    expect((viewer.section as { file?: string } | null)?.file).toBe('small.sgy');
  });

  it('shows a classification with progress and time left; Cancel stops it and keeps the partial map', async () => {
    // Stride 8 at scale 1: 45 × 70 = 3150 patches, dozens of batches, so the run is under way long after the ETA shows.
    const { el, controls, text } = await startTinyDemoRun('1');
    // From the moment Cancel shows, a line beside it says what runs (before the first patch: that it is starting).
    await until(() => Array.from(root(controls).querySelectorAll('button')).some((b) => b.textContent === 'Cancel'));
    expect(text()).toMatch(/^(starting: loading the model and reading the line…|[\d,]+ \/ 3,150 patches .*)$/);
    await until(
      () => /^[\d,]+ \/ 3,150 patches · ≈ \d+ (s|min) left · [\d.]+ patches\/s$/.test(text()) || alertText(el) !== '',
    );
    expect(alertText(el)).toBe('');
    clickButton(controls, 'Cancel');
    await until(() => el.controller.state.map !== null || alertText(el) !== '');
    await el.updateComplete;
    const map = el.controller.state.map!;
    expect(map.cancelled).toBe(true);
    expect(map.done).toBeLessThan(3150);
    expect(root(el).textContent).toContain(`(partial: cancelled after ${map.done} patches)`);
    // The run line (a live region) says so too: its verdict is on part of the line.
    expect(root(el).querySelector('[role="status"].classify-result')?.textContent).toContain(
      `Cancelled: a partial map of ${map.done.toLocaleString()} patches`,
    );
    // Its files say it is partial in their names too (they would otherwise pass for, or overwrite, a whole map's).
    const saved: string[] = [];
    el.controller.downloader = (name) => saved.push(name);
    await el.controller.download('csv');
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatch(/^synthetic-demo-line-seed-1-partial-by-[\w.-]+-[0-9a-f]{6}-bsr-probability\.csv$/);
    expect(el.controller.state.jobs).toEqual([]);
    expect(Array.from(root(controls).querySelectorAll('button')).some((b) => b.textContent === 'Cancel')).toBe(false);
  });

  it('by default probes the time scale first, saying which probe runs; Cancel during the probes stops the run', async () => {
    const { el, controls, text } = await startTinyDemoRun('auto');
    await until(() => /probing time scale × \d+\.\d\d \([1-3] of 4\)$/.test(text()) || alertText(el) !== '');
    expect(alertText(el)).toBe('');
    clickButton(controls, 'Cancel');
    await until(() => el.controller.state.notice !== '' || alertText(el) !== '');
    // Nothing to show or save: no map, no downloads, no fine-tuning on it.
    expect(el.controller.state.map).toBeNull();
    expect(el.controller.state.jobs).toEqual([]);
    await el.updateComplete;
    expect(root(el).querySelector('.notice')?.textContent).toBe(
      'Classification was cancelled while probing the time scale: no map was made.',
    );
    expect(Array.from(root(el).querySelectorAll('button')).some((b) => b.textContent?.trim() === 'CSV')).toBe(false);
  });

  it('a new run cancelled before its map began gives back the map shown before', async () => {
    await tf.setBackend('cpu');
    const el = await mount();
    el.classifier = new ClassifyClient('cpu');
    await el.addModelFile(new File([stringifyModelFile(await tinyModelFile())], 'tiny.json'));
    el.showSection(demoSection(1));
    const modelId = el.controller.state.models.find((m) => m.label.includes('tiny'))!.id;
    await el.controller.classify({ modelId, patchTraces: 48, stride: 48, scale: 1 });
    const finished = el.controller.state.map!;
    expect(finished.cancelled).toBe(false);
    // Classify again with the time-scale probes, and cancel while they run.
    const again = el.controller.classify({ modelId, patchTraces: 48, stride: 8, scale: 'auto' });
    await until(() => el.controller.state.jobs.some((j) => j.kind === 'classify' && j.progress !== null));
    el.controller.cancel('classify');
    await again;
    expect(el.controller.state.map).toBe(finished);
    expect(el.controller.state.lastRun).toMatchObject({ stride: 48, scale: 1 });
    expect(el.controller.state.notice).toMatch(/no map was made; the map shown before stays\.$/);
    await el.updateComplete;
    expect(Array.from(root(el).querySelectorAll('button')).some((b) => b.textContent?.trim() === 'CSV')).toBe(true);
  });

  it('showing another line stops the running classification at once; its polarity choice does not carry over', async () => {
    const { el } = await startTinyDemoRun('1');
    await until(
      () => el.controller.state.jobs.some((j) => j.kind === 'classify' && j.progress !== null) || alertText(el) !== '',
    );
    // The user chooses "as recorded" for this line (the re-run waits for the one running, so none starts).
    await el.controller.flipAndRerun(false);
    expect(el.controller.state.flip).toBe(false);
    const other = demoSection(2);
    el.showSection(other);
    await until(() => el.controller.state.jobs.length === 0);
    await el.updateComplete;
    expect(el.controller.state.map).toBeNull();
    expect(el.controller.state.flip).toBe('auto');
    expect(el.controller.state.notice).toBe('');
    expect(el.controller.state.classifyError).toBe('');
    expect(alertText(el)).toBe('');
    // The new line can be classified at once, and its map is its own.
    const modelId = el.controller.state.models.find((m) => m.label.includes('tiny'))!.id;
    await el.controller.classify({ modelId, patchTraces: 48, stride: 48, scale: 1 });
    expect(el.controller.state.section).toBe(other);
    expect(el.controller.state.map?.cancelled).toBe(false);
  });

  it('a line without a sample interval is read in samples: the run line names a sample, the marks say their convention', async () => {
    await tf.setBackend('cpu');
    const el = await mount();
    el.classifier = new ClassifyClient('cpu');
    await el.addModelFile(new File([stringifyModelFile(await tinyModelFile())], 'tiny.json'));
    el.showSection({ ...demoSection(1), sampleIntervalUs: 0 });
    const modelId = el.controller.state.models.find((m) => m.label.includes('tiny'))!.id;
    await el.controller.classify({ modelId, patchTraces: 48, stride: 48, scale: 1 });
    await el.updateComplete;
    const run = root(el).querySelector('.classify-result')?.textContent ?? '';
    expect(run).toMatch(/at trace \d+,\s+sample \d+/);
    // The run line names the model that made the map, as the list does.
    expect(root(el).querySelector('.classify-result .map-model')?.textContent).toBe(
      el.controller.state.models.find((m) => m.id === modelId)!.label,
    );
    expect(run).not.toMatch(/\d ms/);
    await until(() => root(el).querySelector('spn-marks-panel') !== null);
    const marks = root(el).querySelector('spn-marks-panel')!;
    await marks.updateComplete;
    expect(root(marks).textContent).toContain('The file gives no sample interval: mark times count 4 ms per sample');
  });

  it("without the browser's storage, marks say they live in this tab only and how to keep them", async () => {
    const el = await mount();
    // As in a private window: IndexedDB refuses to open.
    Object.defineProperty(indexedDB, 'open', {
      configurable: true,
      value: () => {
        throw new DOMException('IndexedDB is off', 'InvalidStateError');
      },
    });
    try {
      el.showSection(demoSection(1));
      await until(() => el.controller.state.marks !== null);
      el.controller.addMark({ traceFrom: 10, traceTo: 30, timeFromMs: 400, timeToMs: 480, label: 1 });
      await until(() => el.controller.state.marksError !== '');
      expect(el.controller.state.marksError).toBe(
        'These marks are kept in this tab only (the browser gives the page no storage): export them as CSV to keep them.',
      );
      expect(el.controller.state.marks?.marks).toHaveLength(1);
    } finally {
      delete (indexedDB as unknown as { open?: unknown }).open;
    }
    expect(typeof indexedDB.open).toBe('function');
  });
});

/**
 * Mounts the view with the tiny model on the CPU backend, opens the demo line and starts a run at stride 8 with
 * 48-trace patches and time scale `scale`; `text` reads the controls' progress line.
 */
async function startTinyDemoRun(scale: string) {
  await tf.setBackend('cpu');
  const el = await mount();
  el.classifier = new ClassifyClient('cpu');
  await el.addModelFile(new File([stringifyModelFile(await tinyModelFile())], 'tiny.json'));
  el.showSection(demoSection(1));
  await el.updateComplete;
  const controls = root(el).querySelector('spn-classify-controls')!;
  await setControls(controls, { stride: '8', scale, patch: '48' });
  clickButton(controls, 'Classify');
  const text = () => (root(controls).querySelector('.count')?.textContent ?? '').replace(/\s+/g, ' ');
  return { el, controls, text };
}

/** Clicks the button of `host`'s shadow root labelled `label`. */
function clickButton(host: HTMLElement, label: string): void {
  (Array.from(root(host).querySelectorAll('button')).find((b) => b.textContent === label) as HTMLButtonElement).click();
}

/** Sets the stride input and the time-scale select of <spn-classify-controls>. */
/** The number input of the classify control labelled `label`. */
function controlInput(controls: HTMLElement, label: string): HTMLInputElement {
  return Array.from(root(controls).querySelectorAll('label'))
    .find((l) => l.textContent?.trim().startsWith(label))!
    .querySelector('input')!;
}

async function setControls(
  controls: HTMLElement & { updateComplete: Promise<boolean> },
  v: { stride: string; scale: string; patch?: string },
): Promise<void> {
  await controls.updateComplete;
  const stride = controlInput(controls, 'stride');
  stride.value = v.stride;
  stride.dispatchEvent(new Event('change'));
  if (v.patch !== undefined) {
    const patch = controlInput(controls, 'patch traces');
    patch.value = v.patch;
    patch.dispatchEvent(new Event('change'));
  }
  const scale = root(controls).querySelector<HTMLSelectElement>('select[aria-label="time scale"]')!;
  scale.value = v.scale;
  scale.dispatchEvent(new Event('change'));
  await controls.updateComplete;
}
