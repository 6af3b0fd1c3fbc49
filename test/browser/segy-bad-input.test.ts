/**
 * Bad SEG-Y input through the UI in real Chromium: each malformed corpus file and each corruption derived from a
 * good file (test/fixtures/segy-corruptions.ts, the same cases the segy-info CLI test runs) goes through
 * <spn-classify-view>.openFile. The alert must name file, field and byte offset, no uncaught error may reach the
 * window, the line shown before stays, and the SEG-Y worker must answer a follow-up read (it is not left spinning
 * on the bad file: a worker still busy would never answer). Times are printed, not asserted (a loaded CI machine);
 * that the reader refuses from the headers alone is asserted in test/node/segy/bad-input.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../src/ui/classify-view';
import type { ClassifyView } from '../../src/ui/classify-view';
import { CORPUS_BAD_FILES, deriveCorruptions, parseSegyMessage, type BadSegy } from '../fixtures/segy-corruptions';

async function fixtureBytes(path: string): Promise<Uint8Array<ArrayBuffer>> {
  const res = await fetch(`/test/fixtures/segy/${path}`);
  if (!res.ok) throw new Error(`fixture ${path}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

const small = await fixtureBytes('segyio/small.sgy');
const CASES: (BadSegy & { bytes: Uint8Array })[] = [
  ...(await Promise.all(CORPUS_BAD_FILES.map(async (c) => ({ ...c, bytes: await fixtureBytes(c.path) })))),
  ...deriveCorruptions(small, 'small'),
  ...deriveCorruptions(await fixtureBytes('segyio/f3-lsb.sgy'), 'f3-lsb'),
];

const uncaught: string[] = [];
const onError = (e: ErrorEvent): void => void uncaught.push(`error: ${e.message}`);
const onRejection = (e: PromiseRejectionEvent): void => void uncaught.push(`unhandledrejection: ${String(e.reason)}`);
let el: ClassifyView;
const root = () => el.shadowRoot as ShadowRoot;
const alertText = () => root().querySelector('[role="alert"]')?.textContent ?? '';
/** File of the line on screen (the viewer holds the worker's Section, typed by the viewer as a ViewerSection). */
const shownFile = () =>
  (root().querySelector('spn-section-viewer')?.section as { file?: string } | null | undefined)?.file;
const timings: number[] = [];

beforeAll(async () => {
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  el = document.createElement('spn-classify-view');
  document.body.append(el);
  await el.updateComplete;
  await el.openFile(new File([small], 'small.sgy'));
  await el.updateComplete;
  expect(alertText()).toBe('');
  expect(shownFile()).toBe('small.sgy');
});

afterAll(() => {
  window.removeEventListener('error', onError);
  window.removeEventListener('unhandledrejection', onRejection);
  el.remove();
  console.info(
    `classify view: ${timings.length} bad files refused, slowest alert after ${Math.max(...timings).toFixed(0)} ms`,
  );
});

describe('<spn-classify-view> refuses bad SEG-Y files', () => {
  it.each(CASES)('$name', async (c) => {
    const t0 = performance.now();
    await el.openFile(new File([c.bytes.slice()], c.name));
    await el.updateComplete;
    const ms = performance.now() - t0;
    timings.push(ms);
    const m = parseSegyMessage(alertText());
    expect(m, alertText()).not.toBeNull();
    expect(m!.file).toBe(c.name);
    expect(m!.field).toMatch(c.field);
    if (c.byteOffset !== undefined) expect(m!.byteOffset).toBe(c.byteOffset);
    if (c.detail) expect(m!.detail).toMatch(c.detail);
    // The line shown before is kept, and the worker is free: a follow-up read of the open file answers at once.
    expect(shownFile()).toBe('small.sgy');
    const section = await el.segy.readLine(null);
    expect(section.file).toBe('small.sgy');
    expect(section.traceCount).toBe(25);
    expect(uncaught).toEqual([]);
  });

  it('a model file dropped where a line goes is sent to the model list, the line shown before kept', async () => {
    const model = await (await fetch('/public/models/demo.json')).blob();
    await el.openFile(new File([model], 'demo.json'));
    await el.updateComplete;
    const m = parseSegyMessage(alertText());
    expect(m, alertText()).not.toBeNull();
    expect(m!.field).toBe('file type');
    expect(m!.detail).toMatch(
      /this is a model file, not a SEG-Y or SU file: .*"Add a model file" in the Classify view/,
    );
    expect(shownFile()).toBe('small.sgy');
  });

  it('a good file opens after all of them, with the alert cleared', async () => {
    await el.openFile(new File([small], 'small-again.sgy'));
    await el.updateComplete;
    expect(alertText()).toBe('');
    expect(shownFile()).toBe('small-again.sgy');
    expect(uncaught).toEqual([]);
  });
});
