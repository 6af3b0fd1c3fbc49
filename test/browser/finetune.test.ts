/**
 * Marks and fine-tuning in the Classify view, in real Chromium with real workers and IndexedDB: marks added with the
 * keyboard form and by dragging, refused when contradictory, undone, kept across a reload (same line fingerprint),
 * imported from CSV (another line's file refused whole); a fine-tune run stores a NEW model with its provenance and
 * shows the maps before and after; a cancelled run stores nothing. Also the schema upgrade from version 1.
 */
import { pageHolds } from '../../src/app/page-guards';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import '../../src/ui/classify-view';
import type { ClassifyView } from '../../src/ui/classify-view';
import { ClassifyClient } from '../../src/app/classify-client';
import { CLASSIFY_WHILE_TUNING } from '../../src/app/classify-controller';
import { FineTuneClient } from '../../src/app/finetune-client';
import { makeSmallSpec } from '../../src/core/model';
import { buildModel } from '../../src/core/model/build';
import { exportModelFile, parseModelFile, stringifyModelFile } from '../../src/core/model-file';
import { demoSection } from '../../src/app/demo-line';
import { makeSyntheticLine, mapToCsv } from '../../src/core/classify';
import { deleteModel } from '../../src/db/models';
import { DB_NAME, DB_VERSION, openSpnDb } from '../../src/db/schema';
import * as tf from '@tensorflow/tfjs';
import { hasWebglOrSkip, hasWebgpuAdapterOrSkip } from './gpu-backends';
import { deleteDatabase, untilWithin } from './waiting';

const mounted: HTMLElement[] = [];
afterEach(() => {
  for (const el of mounted.splice(0)) el.remove();
});
const root = (el: Element) => el.shadowRoot as ShadowRoot;
/** Every alert of the view: the page's (files, classification) and the one beside the marks (marks, fine-tuning). */
const alertText = (el: ClassifyView) =>
  Array.from(root(el).querySelectorAll('[role="alert"]'), (a) => a.textContent ?? '')
    .join('')
    .trim();
/** The alert beside the marks alone. */
const marksAlert = (el: ClassifyView) => root(el).querySelector('.marks-error')?.textContent ?? '';
type Lit = HTMLElement & { updateComplete: Promise<boolean> };

const until = untilWithin(120_000);

async function mount(): Promise<ClassifyView> {
  const el = document.createElement('spn-classify-view');
  el.style.width = '1000px';
  el.classifier = new ClassifyClient('cpu');
  el.finetuner = new FineTuneClient('cpu');
  el.fineTuneOverrides = { epochs: 1, syntheticRatio: 0.25, strideTraces: 16, strideSamples: 16, batchSize: 16 };
  el.fineTuneTestPatches = 16;
  document.body.append(el);
  mounted.push(el);
  await el.updateComplete;
  return el;
}

const marksPanel = (el: ClassifyView) => root(el).querySelector('spn-marks-panel') as Lit | null;
const tunePanel = (el: ClassifyView) => root(el).querySelector('spn-finetune-panel') as Lit;
const tuneButton = (el: ClassifyView) =>
  Array.from(root(tunePanel(el)).querySelectorAll('button')).find((b) => b.textContent === 'Fine-tune')!;
const rows = (el: ClassifyView) =>
  Array.from(root(marksPanel(el)!).querySelectorAll('table[aria-label="marks"] tbody tr')).map((tr) =>
    Array.from(tr.querySelectorAll('td')).map((td) => td.textContent?.trim() ?? ''),
  );

/** Fills and submits the keyboard form of the marks panel. */
async function addByForm(
  el: ClassifyView,
  m: { traceFrom: number; traceTo: number; timeFromMs: number; timeToMs: number; label: 0 | 1 },
): Promise<void> {
  const p = marksPanel(el)!;
  await p.updateComplete;
  const form = root(p).querySelector('form')!;
  for (const k of ['traceFrom', 'traceTo', 'timeFromMs', 'timeToMs'] as const) {
    const input = form.querySelector<HTMLInputElement>(`input[name="${k}"]`)!;
    input.value = String(m[k]);
    input.dispatchEvent(new Event('change'));
  }
  const select = form.querySelector('select')!;
  select.value = String(m.label);
  select.dispatchEvent(new Event('change'));
  await p.updateComplete;
  form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
  await el.updateComplete;
  await p.updateComplete;
}

/** Drags a box on the section canvas (from half-way across, 90 % down, a little right and down) in the current mark mode. */
async function dragBox(el: ClassifyView): Promise<void> {
  const viewer = root(el).querySelector('spn-section-viewer') as Lit;
  await viewer.updateComplete;
  const canvas = root(viewer).querySelector('canvas')!;
  const r = canvas.getBoundingClientRect();
  const at = (fx: number, fy: number) => ({
    clientX: r.left + 58 + fx * (r.width - 68),
    clientY: r.top + 8 + fy * (r.height - 44),
    pointerId: 1,
    bubbles: true,
  });
  canvas.dispatchEvent(new PointerEvent('pointerdown', at(0.5, 0.9)));
  canvas.dispatchEvent(new PointerEvent('pointermove', at(0.55, 0.95)));
  canvas.dispatchEvent(new PointerEvent('pointerup', at(0.55, 0.95)));
  await el.updateComplete;
  await marksPanel(el)!.updateComplete;
}

/** Classifies the line on screen with the tiny model at stride 32 through the controls, and waits for the map. */
async function classifyWithTiny(el: ClassifyView): Promise<void> {
  const controls = root(el).querySelector('spn-classify-controls') as Lit;
  await controls.updateComplete;
  const select = root(controls).querySelector<HTMLSelectElement>('select[aria-label="model"]')!;
  select.value = Array.from(select.options).find((o) => o.textContent?.includes('tiny-base'))!.value;
  select.dispatchEvent(new Event('change'));
  const stride = Array.from(root(controls).querySelectorAll('label'))
    .find((l) => l.textContent?.trim().startsWith('stride'))!
    .querySelector('input')!;
  stride.value = '32';
  stride.dispatchEvent(new Event('change'));
  await controls.updateComplete;
  Array.from(root(controls).querySelectorAll('button'))
    .find((b) => b.textContent === 'Classify')!
    .click();
  await until(() => root(el).querySelector('.classify-result') !== null);
}

/** Starts fine-tuning from the panel and waits for its result and the map after (or says what the alert shows). */
async function tuneAndWait(el: ClassifyView): Promise<void> {
  await until(() => !tuneButton(el).disabled);
  tuneButton(el).click();
  await until(
    () =>
      root(tunePanel(el)).querySelector('.finetune-result') !== null &&
      root(el).querySelector('.classify-result') !== null &&
      !root(tunePanel(el)).textContent.includes('Cancel fine-tuning'),
    240_000,
    () => alertText(el),
  );
}

/** Two BSR boxes along the demo line's BSR and three not-BSR boxes well above it. */
function demoMarks() {
  const { bsrDepth, seabedDepth } = makeSyntheticLine(1);
  const bsrTraces = Array.from(bsrDepth.keys()).filter((t) => !Number.isNaN(bsrDepth[t]!));
  const a = bsrTraces[10]!,
    b = bsrTraces[bsrTraces.length - 30]!;
  const box = (t: number, label: 0 | 1, centre: number) => ({
    traceFrom: t,
    traceTo: t + 15,
    timeFromMs: Math.round(centre - 8) * 4,
    timeToMs: Math.round(centre + 8) * 4,
    label,
  });
  return [
    box(a, 1, bsrDepth[a + 8]!),
    box(b, 1, bsrDepth[b + 8]!),
    box(20, 0, seabedDepth[28]! + 60),
    box(200, 0, seabedDepth[208]! + 60),
    box(330, 0, seabedDepth[338]! + 60),
  ];
}

async function tinyModelText(): Promise<string> {
  const model = buildModel(makeSmallSpec());
  const file = await exportModelFile(model, {
    spec: makeSmallSpec(),
    name: 'tiny-base',
    training: { generatorSeed: 5, generatorVersion: 'test', datasetSize: 100, backend: 'cpu', settings: {} },
    metrics: { meanTop5: null, top3: null, max: null, testAccuracy: null },
  });
  model.dispose();
  return stringifyModelFile(file);
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  const db = await openSpnDb();
  await db.clear('marks');
  db.close();
});

describe('marks', () => {
  it('adds marks from the keyboard form and by dragging, refuses a contradictory one, undoes, and keeps them across a reload', async () => {
    const el = await mount();
    el.showSection(demoSection(1));
    await until(() => marksPanel(el) !== null);
    const ms = demoMarks();
    for (const m of ms) await addByForm(el, m);
    expect(alertText(el)).toBe('');
    expect(rows(el).map((r) => r[1])).toEqual(['BSR', 'BSR', 'not BSR', 'not BSR', 'not BSR']);
    expect(rows(el).every((r) => Number(r[4]) > 0)).toBe(true); // patches per mark

    await addByForm(el, { ...ms[0]!, label: 0 }); // same box, other label
    // Said beside the marks, and the refused mark is "the new mark" (it never joins the list of 5).
    expect(marksAlert(el)).toMatch(/^marks: the new mark \(not BSR.*overlaps mark 1 \(BSR.*cannot be both/);
    expect(rows(el)).toHaveLength(5);

    // Drag a not-BSR box on the canvas in "not BSR" mode.
    const radio = root(marksPanel(el)!).querySelector<HTMLInputElement>('input[name="mode"][value="not-bsr"]')!;
    radio.click();
    await el.updateComplete;
    await dragBox(el);
    expect(rows(el)).toHaveLength(6);
    expect(rows(el)[5]![1]).toBe('not BSR');

    Array.from(root(marksPanel(el)!).querySelectorAll('button'))
      .find((b) => b.textContent === 'Undo')!
      .click();
    await el.updateComplete;
    await marksPanel(el)!.updateComplete;
    expect(rows(el)).toHaveLength(5);

    // Stored in IndexedDB under the line's fingerprint (saved after each change); a new view of the same line finds them.
    const db = await openSpnDb();
    let stored = await db.getAll('marks');
    for (let i = 0; i < 100 && !stored.some((x) => x.marks.length === 5); i++) {
      await new Promise((res) => setTimeout(res, 20));
      stored = await db.getAll('marks');
    }
    db.close();
    expect(stored.filter((x) => x.marks.length === 5)).toHaveLength(1);
    expect(stored[0]!.fingerprint).toMatch(/^mem-400x600-[0-9a-f]{16}$/);
    el.remove();
    const again = await mount();
    again.showSection(demoSection(1));
    await until(() => marksPanel(again) !== null && rows(again).length === 5);
    expect(rows(again).map((x) => x[2])).toEqual(ms.map((m) => `${m.traceFrom}–${m.traceTo}`));
    // Another line has none.
    again.showSection(demoSection(2));
    await until(() => marksPanel(again) !== null);
    await marksPanel(again)!.updateComplete;
    expect(root(marksPanel(again)!).textContent).toContain('No marks yet.');
  });

  it('imports a marks CSV, refusing whole a file written for another line', async () => {
    const el = await mount();
    el.showSection(demoSection(3));
    await until(() => marksPanel(el) !== null);
    await el.importMarks(
      new Blob(['# line: 1-00000000deadbeef\ntrace_from,trace_to,time_from_ms,time_to_ms,label\n0,15,400,480,bsr\n']),
    );
    await el.updateComplete;
    expect(alertText(el)).toMatch(/written for another line \(line: 1-00000000deadbeef\).*Nothing was applied/);
    expect(root(marksPanel(el)!).textContent).toContain('No marks yet.');
    await el.importMarks(new File(['0,15,400,480,bsr\n100,115,400,480,not_bsr\n'], 'picks.csv'));
    await el.updateComplete;
    await marksPanel(el)!.updateComplete;
    expect(alertText(el)).toBe('');
    expect(rows(el).map((x) => x[1])).toEqual(['BSR', 'not BSR']);
    // Said in words (the list changing alone was easy to miss).
    expect(el.controller.state.notice).toBe('Imported 2 marks from picks.csv.');
    await el.importMarks(new Blob(['0,450,400,480,bsr\n']));
    await el.updateComplete;
    expect(alertText(el)).toMatch(/outside the line: it has traces 0–399/);
    expect(rows(el)).toHaveLength(2);
    // Dozens of marks: the list scrolls in its own keyboard-focusable region instead of stretching the page.
    const many = Array.from(
      { length: 40 },
      (_, i) => `${i * 8},${i * 8 + 7},${2000 + (i % 2) * 200},${2080 + (i % 2) * 200},not_bsr`,
    );
    await el.importMarks(new Blob([many.join('\n') + '\n']));
    await el.updateComplete;
    await marksPanel(el)!.updateComplete;
    expect(rows(el)).toHaveLength(40); // an import replaces the marks
    expect(el.controller.state.notice).toBe(
      'Imported 40 marks from the file, in place of the 2 marks there were (Undo brings them back).',
    );
    const list = root(marksPanel(el)!).querySelector<HTMLElement>('[role="region"][aria-label="marks list"]')!;
    expect(list.tabIndex).toBe(0);
    expect(list.scrollHeight).toBeGreaterThan(list.clientHeight);
  });
});

describe('fine-tuning', () => {
  it('stores the tuned model as a new model with its provenance, shows the maps before and after; cancel stores nothing', async () => {
    const el = await mount();
    await el.addModelFile(new File([await tinyModelText()], 'tiny.json'));
    el.showSection(demoSection(4));
    await until(() => marksPanel(el) !== null);
    for (const m of demoMarks()) await addByForm(el, m);
    expect((tunePanel(el) as unknown as { blocked: string }).blocked).toMatch(/classify the line first/);

    await classifyWithTiny(el);
    // The default time scale: matched, then chosen among multiples by the network; the panel lists what was tried and
    // the run line counts the probes' patches.
    const presentationPanel = root(el).querySelector('spn-presentation-panel') as Lit;
    await presentationPanel.updateComplete;
    expect(root(presentationPanel).querySelector('.scale')?.textContent).toContain('selected by the network');
    expect(root(presentationPanel).querySelector('.probes')?.textContent?.replace(/\s+/g, ' ')).toMatch(
      /Tried at the period match × \d\.\d\d and larger scales; mean P\(BSR\) of the strongest patches: × \d\.\d\d: \d\.\d\d, /,
    );
    expect(root(el).querySelector('.classify-result')!.textContent).toMatch(
      /[\d,]+ patches \(and [\d,]+ probing the time scale\)/,
    );

    const db = await openSpnDb();
    const modelsBefore = await db.getAll('models');

    // Cancel mid-run (after the first training steps): nothing stored, the map stays the base model's.
    const short = el.fineTuneOverrides;
    el.fineTuneOverrides = { ...short, epochs: 200 };
    await until(() => !tuneButton(el).disabled);
    tuneButton(el).click();
    await until(() => /step [1-9]\d* \//.test(root(tunePanel(el)).querySelector('[role="status"]')?.textContent ?? ''));
    // While it runs, leaving the page asks first (a reload would lose it).
    expect(pageHolds()).toContain('fine-tuning');
    Array.from(root(tunePanel(el)).querySelectorAll('button'))
      .find((b) => b.textContent === 'Cancel fine-tuning')!
      .click();
    await until(
      () => /cancelled/.test(alertText(el)),
      120_000,
      () => `alert: ${alertText(el)}; panel: ${root(tunePanel(el)).textContent}`,
    );
    expect(alertText(el)).toMatch(/base model and everything stored are as they were/);
    expect(pageHolds()).not.toContain('fine-tuning');
    expect(await db.getAll('models')).toEqual(modelsBefore);

    el.fineTuneOverrides = short;
    // The panel's forgetting budget reaches the worker (the overrides leave it alone).
    const budget = root(tunePanel(el)).querySelector<HTMLInputElement>('input[name="forgetBudget"]')!;
    expect(Number(budget.value)).toBe(0.015);
    budget.value = '0.05';
    budget.dispatchEvent(new Event('change'));
    await tunePanel(el).updateComplete;
    await tuneAndWait(el);
    expect(alertText(el)).toBe('');
    const after = await db.getAll('models');
    db.close();
    expect(after).toHaveLength(modelsBefore.length + 1);
    for (const m of modelsBefore) expect(after).toContainEqual(m); // nothing overwritten
    const added = after.find((m) => !modelsBefore.some((b) => b.id === m.id))!;
    expect(added.origin).toBe('fine-tuned');
    const file = parseModelFile(added.json);
    expect(file.name).toMatch(/^tiny-base · tuned on /);
    expect(file.provenance?.['settings']).toMatchObject({ forgetBudget: 0.05 });
    const forgetting = (file.provenance?.['scores'] as { forgetting: { baseShare: number } | null }).forgetting;
    expect(forgetting?.baseShare).toBeGreaterThanOrEqual(0);
    expect(file.provenance).toMatchObject({
      kind: 'fine-tuned',
      baseModel: { name: 'tiny-base' },
      line: { fingerprint: added.line },
    });
    expect((file.provenance?.['marks'] as unknown[]).length).toBe(5);
    // The marked patches were cut at the period-matched time scale (not at the base model's choice), and the tuned
    // model's map after is made there too, as `classify` with it would (selectsScaleFor), and says so.
    const { before, map: afterMap } = el.controller.state;
    const matched = before!.map.scaleSelection!.autoFactor;
    expect((file.provenance?.['presentation'] as { scale_factor: number }).scale_factor).toBeCloseTo(matched, 3);
    expect(afterMap!.scaleSelection).toBeNull();
    expect(afterMap!.matchedScaleKept).toBe(true);
    expect(afterMap!.presentation.scaleFactor).toBe(matched);
    expect(root(tunePanel(el)).querySelector('.finetune-result')!.textContent?.replace(/\s+/g, ' ')).toContain(
      `Marked patches cut at time scale × ${matched.toFixed(2)}; the map after is made at the same scale, where the tuned model learned your marks`,
    );
    expect(root(tunePanel(el)).querySelector('.finetune-result')!.textContent).toMatch(
      /Held-out marks \(\d+ patches\): accuracy/,
    );
    // The result names the backend that trained (this test's worker runs tfjs's cpu backend).
    const resultLine = root(tunePanel(el)).querySelector<HTMLElement>('.finetune-result')!;
    expect(resultLine.textContent?.replace(/\s+/g, ' ')).toMatch(/\d+ steps in \d+\.\d s on cpu\./);
    expect(resultLine.dataset['backend']).toBe('cpu');

    // The before/after toggle swaps the overlay between the two maps.
    const viewer = root(el).querySelector('spn-section-viewer') as Lit & { probability: unknown };
    const tuned = viewer.probability;
    // The CSV download saves the map on screen: the base model's (named "-before") while the toggle shows it.
    const saved: Array<{ name: string; text: string }> = [];
    el.controller.downloader = (name, data) => void new Blob([data]).text().then((text) => saved.push({ name, text }));
    const csvOf = async (): Promise<{ name: string; text: string }> => {
      const n = saved.length;
      await el.controller.download('csv');
      await until(() => saved.length > n);
      return saved[n]!;
    };
    const afterCsv = await csvOf();
    root(tunePanel(el)).querySelector<HTMLInputElement>('input[name="map"][value="before"]')!.click();
    await el.updateComplete;
    expect(viewer.probability).not.toBe(tuned);
    // The panels describe the map on screen: its presentation (time scale...) and its run line.
    const presentationOf = () =>
      (root(el).querySelector('spn-presentation-panel') as unknown as { presentation: unknown }).presentation;
    expect(presentationOf()).toBe(before!.map.presentation);
    expect(root(el).querySelector('.classify-result')!.textContent).toContain(
      `${before!.map.done.toLocaleString()} patches${before!.map.scaleSelection ? ` (and ${before!.map.scaleSelection.probePatches.toLocaleString()} probing` : ''}`,
    );
    expect(viewer.probability).not.toBeNull();
    const beforeCsv = await csvOf();
    expect(afterCsv.name).toMatch(/-bsr-probability\.csv$/);
    // The two maps' files never share a name: "before" says which, and each names its model (tag of the model's id).
    const tagOf = (name: string) => /-by-(.+)-bsr-probability\.csv$/.exec(name)?.[1];
    expect(beforeCsv.name).toContain('-before-by-');
    expect(afterCsv.name).not.toContain('-before');
    expect(tagOf(beforeCsv.name)).toBeDefined();
    expect(tagOf(afterCsv.name)).toBeDefined();
    expect(tagOf(beforeCsv.name)).not.toBe(tagOf(afterCsv.name));
    const dtUs = el.controller.state.section!.sampleIntervalUs;
    expect(beforeCsv.text).toBe(mapToCsv(before!.map, dtUs));
    expect(afterCsv.text).toBe(mapToCsv(afterMap!, dtUs));
    expect(beforeCsv.text).not.toBe(afterCsv.text);
    // A click on the base model's map: the classifier holds the tuned model, so no patch of it is shown as this map's.
    await el.controller.clickSection({ trace: 100, sample: 150 });
    expect(el.controller.state.saliency).toBeNull();
    expect(el.controller.state.notice).toMatch(/show the map after fine-tuning to look at a patch/);
    // Places to review follow the tuned model's map: while the base model's is shown the list says so.
    const review = root(el).querySelector('spn-review-places') as Lit;
    await review.updateComplete;
    expect(root(review).textContent).toMatch(/from before fine-tuning: show the map after it/);
    root(tunePanel(el)).querySelector<HTMLInputElement>('input[name="map"][value="after"]')!.click();
    await el.updateComplete;
    expect(viewer.probability).toBe(tuned);
    // The same toggle right under the section, where the maps are looked at; the panel's follows it.
    const under = (v: string) =>
      root(el).querySelector<HTMLInputElement>(`input[name="map-under-section"][value="${v}"]`)!;
    expect(under('after').checked).toBe(true);
    under('before').click();
    await el.updateComplete;
    await tunePanel(el).updateComplete;
    expect(el.controller.state.showing).toBe('before');
    expect(viewer.probability).not.toBe(tuned);
    expect(root(tunePanel(el)).querySelector<HTMLInputElement>('input[name="map"][value="before"]')!.checked).toBe(
      true,
    );
    under('after').click();
    await el.updateComplete;
    expect(viewer.probability).toBe(tuned);
    expect(presentationOf()).toBe(afterMap!.presentation);
    // The model list shows the model of the map on screen chosen: the tuned one, which Classify would run again.
    const controls = root(el).querySelector('spn-classify-controls') as Lit;
    await controls.updateComplete;
    expect(root(controls).querySelector<HTMLSelectElement>('select[aria-label="model"]')!.value).toBe(
      el.controller.state.lastRun!.modelId,
    );
    expect(el.controller.state.lastRun!.modelId).toBe(`imported:${added.id}`);

    // A second run tunes the BASE model afresh on all the marks (not the tuned one again), and the map before stays
    // the base model's; cancelled, the first run's result (scores, download) stays; Classify waits while it runs.
    const firstDone = el.controller.state.tuneDone;
    const baseMap = el.controller.state.before;
    const tunedFrom: string[] = [];
    const client = el.controller.finetuner;
    const run = client.run.bind(client);
    client.run = (req, call) => {
      tunedFrom.push(parseModelFile(req.baseText).name ?? '');
      return run(req, call);
    };
    el.fineTuneOverrides = { ...short, epochs: 200 };
    await until(() => !tuneButton(el).disabled);
    tuneButton(el).click();
    await until(() => /step [1-9]\d* \//.test(root(tunePanel(el)).querySelector('[role="status"]')?.textContent ?? ''));
    await controls.updateComplete;
    const classifyButton = Array.from(root(controls).querySelectorAll('button')).find(
      (b) => b.textContent === 'Classify',
    )!;
    expect(classifyButton.disabled).toBe(true);
    expect(classifyButton.title).toBe(CLASSIFY_WHILE_TUNING);
    const mapNow = el.controller.state.map;
    await el.controller.classify({ ...el.controller.state.lastRun! });
    expect(el.controller.state.classifyError).toBe(CLASSIFY_WHILE_TUNING);
    expect(el.controller.state.map).toBe(mapNow);
    el.controller.cancelFineTune();
    await until(() => !el.controller.state.tuning, 120_000);
    expect(alertText(el)).toMatch(/Fine-tuning was cancelled: the base model and everything stored are as they were/);
    expect(el.controller.state.tuneDone).toBe(firstDone);
    expect(tunedFrom).toEqual(['tiny-base']);
    expect(el.controller.state.before).toBe(baseMap);
    // The line classified again with the tuned model (the base model's map is dropped): Fine-tune again still tunes
    // the base, found on the list by the tuned model's provenance, and the map before is the one it started from.
    el.fineTuneOverrides = short;
    await el.controller.classify({ ...el.controller.state.lastRun! });
    expect(el.controller.state.before).toBeNull();
    const startedFrom = el.controller.state.map;
    await el.updateComplete;
    await tuneAndWait(el);
    expect(tunedFrom).toEqual(['tiny-base', 'tiny-base']);
    expect(el.controller.state.before?.map).toBe(startedFrom);
    expect(el.controller.state.before?.ofBase).toBe(false);
    expect(parseModelFile(el.controller.state.tuneDone!.text).name).toMatch(/^tiny-base · tuned on [^·]+$/);
    await tunePanel(el).updateComplete;
    expect(root(tunePanel(el)).textContent).toContain('before (the map this fine-tuning started from)');
    client.run = run;
    await tunePanel(el).updateComplete;
    expect(root(tunePanel(el)).querySelector('.finetune-result')?.textContent).toContain('Stored as a new model');

    // Another line shown while fine-tuning runs: the tuning stops and stores nothing (its map after was made on the
    // new line and shown against the old line's map before).
    const store = await openSpnDb();
    const storedNow = await store.getAll('models');
    el.fineTuneOverrides = { ...short, epochs: 200 };
    await until(() => !tuneButton(el).disabled);
    tuneButton(el).click();
    await until(() => /step [1-9]\d* \//.test(root(tunePanel(el)).querySelector('[role="status"]')?.textContent ?? ''));
    el.showSection(demoSection(5));
    await until(() => !el.controller.state.tuning, 120_000);
    expect(el.controller.state.notice).toBe(
      'Fine-tuning was stopped when another line was shown: the base model and everything stored are as they were.',
    );
    expect(alertText(el)).toBe('');
    expect([el.controller.state.map, el.controller.state.before, el.controller.state.tuneDone]).toEqual([
      null,
      null,
      null,
    ]);
    expect(await store.getAll('models')).toEqual(storedNow);
    // The tuned model deleted (as "Models stored in this browser" in the Search view does): no longer offered here.
    await deleteModel(store, added.id);
    store.close();
    await el.controller.refreshModels();
    expect(el.controller.state.models.map((m) => m.id)).not.toContain(`imported:${added.id}`);
    el.fineTuneOverrides = short;
  });
});

describe('a big file shown as a decimated preview', () => {
  async function line31(): Promise<File> {
    const res = await fetch('/test/fixtures/segy/seisplot/31_81_PR.sgy');
    if (!res.ok) throw new Error(`31_81_PR.sgy: HTTP ${res.status}`);
    return new File([await res.blob()], '31_81_PR.sgy');
  }

  it("keeps marks drawn on the preview in the file's traces and fine-tunes on the marked traces read from the file", async () => {
    const el = await mount();
    // 534 x 1501 samples: over this cap the view shows 1 in 3 traces and samples and classifies in bands.
    Object.assign(el, { bigLineSamples: 200_000, previewSamples: 100_000, bandSamples: 100 * 1501 });
    await el.addModelFile(new File([await tinyModelText()], 'tiny.json'));
    await el.openFile(await line31());
    await until(() => marksPanel(el) !== null);
    expect(el.controller.state.big?.step).toBe(3);
    expect(el.controller.state.section?.traceCount).toBe(178);
    await marksPanel(el)!.updateComplete;
    expect(root(marksPanel(el)!).querySelector('.note')?.textContent).toContain(
      "Marks are in the file's own traces (0–533) and times (0–6000 ms); the section shows 1 in 3 of them",
    );

    // Typed marks are in the file's traces and times: two places far apart, each with BSR and not-BSR boxes.
    const box = (t: number, label: 0 | 1, ms: number) => ({
      traceFrom: t,
      traceTo: t + 15,
      timeFromMs: ms,
      timeToMs: ms + 40,
      label,
    });
    const typed = [box(60, 1, 1600), box(60, 0, 2400), box(80, 1, 1620), box(420, 0, 2400), box(440, 1, 1700)];
    for (const m of typed) await addByForm(el, m);
    expect(alertText(el)).toBe('');
    expect(rows(el).map((r) => r[2])).toEqual(typed.map((m) => `${m.traceFrom}–${m.traceTo}`));
    // Patches per mark as the full-resolution line cuts them (not the preview's).
    expect(rows(el).every((r) => Number(r[4]) > 0)).toBe(true);
    // Drawn on the preview at a third of their traces and samples.
    const viewer = root(el).querySelector('spn-section-viewer')!;
    await viewer.updateComplete;
    expect(viewer.marks[4]).toMatchObject({ traceFrom: Math.floor(440 / 3), sampleFrom: Math.round(1700 / 12) });
    // A mark beyond the file's last trace (533) is refused, naming the file's extent.
    await addByForm(el, box(530, 0, 2400));
    expect(alertText(el)).toMatch(/lies outside the line: it has traces 0–533/);

    // A box dragged on the preview covers every file trace under its columns.
    root(marksPanel(el)!).querySelector<HTMLInputElement>('input[name="mode"][value="not-bsr"]')!.click();
    await el.updateComplete;
    await dragBox(el);
    expect(rows(el)).toHaveLength(6);
    const drawn = el.controller.state.marks!.marks[5]!;
    expect(drawn.traceFrom % 3).toBe(0);
    expect(drawn.traceTo % 3).toBe(2);
    expect(drawn.traceFrom).toBeGreaterThan(200);
    // Stored under the file's fingerprint, the same as the file opened whole.
    const db = await openSpnDb();
    let stored = await db.getAll('marks');
    for (let i = 0; i < 100 && !stored.some((x) => x.marks.length === 6); i++) {
      await new Promise((res) => setTimeout(res, 20));
      stored = await db.getAll('marks');
    }
    const record = stored.find((x) => x.marks.length === 6)!;
    expect(record.fingerprint).toMatch(/^\d+-[0-9a-f]+$/);

    // Classify (in bands, from the file), then fine-tune: only the marked traces are read.
    await classifyWithTiny(el);
    const modelsBefore = await db.getAll('models');

    // Marks spread over more traces than may be read at once: refused with the numbers, nothing stored.
    el.tuneWindowSamples = 100 * 1501;
    await until(() => !tuneButton(el).disabled);
    tuneButton(el).click();
    await until(
      () => /the marks need/.test(alertText(el)),
      120_000,
      () => alertText(el),
    );
    expect(alertText(el)).toMatch(/the marks need \d+ traces of this line read at once .* at most 100 fit/);
    expect(await db.getAll('models')).toEqual(modelsBefore);

    el.tuneWindowSamples = 2 ** 25;
    await tuneAndWait(el);
    expect(alertText(el)).toBe('');
    const after = await db.getAll('models');
    db.close();
    expect(after).toHaveLength(modelsBefore.length + 1);
    const added = after.find((m) => !modelsBefore.some((b) => b.id === m.id))!;
    const file = parseModelFile(added.json);
    expect(file.provenance).toMatchObject({
      kind: 'fine-tuned',
      line: { fingerprint: record.fingerprint, traces: 534, samples: 1501, dtUs: 4000 },
    });
    expect(file.provenance?.['marks']).toEqual(el.controller.state.marks!.marks);
    // The map after is the tuned model's, made in bands over the whole file like the one before.
    const { before, map } = el.controller.state;
    expect(before?.map.grid.traces).toBe(534);
    expect(map?.grid.traces).toBe(534);
    expect(map).not.toBe(before?.map);
    expect(el.controller.state.big?.step).toBe(3);
  });
});

describe('fine-tuning on the GPU backends', () => {
  // The weights are averaged over epochs (and snapshot for the forgetting guard): on WebGPU a synchronous read of them
  // once broke the worker's device. Kept tiny: software GPUs are slow.
  it.for(['webgpu', 'webgl'] as const)(
    'fine-tunes in its worker on %s where it exists and says so',
    async (backend, ctx) => {
      if (backend === 'webgpu' ? !(await hasWebgpuAdapterOrSkip(ctx)) : !hasWebglOrSkip(ctx)) return;
      const client = new FineTuneClient(backend);
      try {
        expect(await client.backendName()).toBe(backend);
        const s = demoSection(4);
        const t0 = performance.now();
        const done = await client.run({
          raw: { traces: s.traceCount, samples: s.samplesPerTrace, dtUs: s.sampleIntervalUs, data: s.samples },
          presentation: {},
          patchTraces: 72,
          marks: demoMarks(),
          baseText: await tinyModelText(),
          settings: {
            epochs: 1,
            syntheticRatio: 0.25,
            strideTraces: 16,
            strideSamples: 16,
            batchSize: 16,
            forgetBudget: 0,
          },
          line: { fingerprint: `${backend}-test`, name: 'synthetic demo line' },
          testPatches: 0,
        });
        console.log(
          `${backend} fine-tune: ${done.result.steps} steps in ${((performance.now() - t0) / 1000).toFixed(1)} s, backend ${done.backend}`,
        );
        expect(done.backend).toBe(backend);
        expect(done.result.stoppedBy).toBe('done');
        expect(done.result.steps).toBeGreaterThan(0);
        expect(done.result.curve.every((p) => Number.isFinite(p.loss))).toBe(true);
        const file = parseModelFile(done.text);
        expect(file.provenance).toMatchObject({ kind: 'fine-tuned', backend });
      } finally {
        client.terminate();
      }
    },
  );
});

describe('schema', () => {
  it('upgrades a version-1 database to add the marks store, keeping its data', async () => {
    const name = 'finetune-upgrade-test';
    await deleteDatabase(name);
    const v1 = await openDB(name, 1, {
      upgrade(db) {
        db.createObjectStore('models', { keyPath: 'id' });
        db.createObjectStore('meta', { keyPath: 'key' });
        db.createObjectStore('runs', { keyPath: 'id' }).createIndex('byCreated', 'createdAt');
        const c = db.createObjectStore('candidates', { keyPath: ['runId', 'index'] });
        c.createIndex('byRun', 'runId');
        c.createIndex('bySpec', ['runId', 'id']);
        db.createObjectStore('weights', { keyPath: ['runId', 'candidateId'] }).createIndex('byRun', 'runId');
      },
    });
    await v1.put('models', { id: 'old', name: 'old model', importedAt: 1, json: '{}', params: 1 });
    v1.close();
    const db = await openSpnDb(name);
    expect(db.version).toBe(DB_VERSION);
    expect(Array.from(db.objectStoreNames)).toContain('marks');
    expect(await db.get('models', 'old')).toMatchObject({ name: 'old model' });
    db.close();
    expect(DB_NAME).toBe('seismicpatchnet-studio');
  });
});
