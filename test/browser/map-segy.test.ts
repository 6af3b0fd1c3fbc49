/**
 * Maps saved as SEG-Y from the Classify view, in real Chromium with real workers: one trace per trace of the line, its
 * own trace headers (CDP, coordinates...), P(BSR) at every sample as core mapSamples gives it; for a line held whole
 * and for the same file shown as a big file's preview and classified in bands (headers read from the file block by
 * block): the two files hold the same headers and, within the banded map's rounding, the same values. And a 3D
 * post-stack file classified line by line into one volume: every inline with the model, settings, time scale and
 * polarity of the map on screen, the file's own trace headers; the shown inline's traces equal its map; a direction
 * whose lines are too narrow for a patch is not offered (the view says why), is refused if asked, and nothing is saved.
 */
import { afterEach, describe, expect, it } from 'vitest';
import '../../src/ui/classify-view';
import type { ClassifyView } from '../../src/ui/classify-view';
import { ClassifyClient } from '../../src/app/classify-client';
import { makeSyntheticLine, mapSamples } from '../../src/core/classify';
import { stringifyModelFile } from '../../src/core/model-file';
import { blobByteSource, SegyReader } from '../../src/core/segy';
import { segyFileHeader, segyTraceBlock } from '../../src/core/segy/write';
import { tinyModelFile } from './tiny-model';
import { untilWithin } from './waiting';

const mounted: HTMLElement[] = [];
afterEach(() => {
  for (const el of mounted.splice(0)) el.remove();
});
const root = (el: Element) => el.shadowRoot as ShadowRoot;
const alertText = (el: ClassifyView) => root(el).querySelector('[role="alert"]')!.textContent ?? '';

const until = untilWithin(180_000);

async function line31(): Promise<File> {
  const res = await fetch('/test/fixtures/segy/seisplot/31_81_PR.sgy');
  if (!res.ok) throw new Error(`31_81_PR.sgy: HTTP ${res.status}`);
  return new File([await res.blob()], '31_81_PR.sgy');
}

/** Opens the file in a fresh view (big-file caps as given), classifies it with `model` and saves the map as SEG-Y. */
async function mapSegy(
  file: File,
  model: string,
  caps: Partial<Pick<ClassifyView, 'bigLineSamples' | 'previewSamples' | 'bandSamples'>>,
): Promise<{ el: ClassifyView; name: string; bytes: Blob }> {
  const el = document.createElement('spn-classify-view');
  el.classifier = new ClassifyClient('cpu');
  Object.assign(el, caps);
  document.body.append(el);
  mounted.push(el);
  await el.updateComplete;
  await el.addModelFile(new File([model], 'tiny.json'));
  await el.openFile(file);
  await until(() => el.controller.state.section !== null && el.controller.state.models.length > 1);
  const modelId = el.controller.state.models.find((m) => m.label.includes('tiny'))!.id;
  await el.controller.classify({ modelId, patchTraces: 48, stride: 32, scale: 1 });
  expect(alertText(el)).toBe('');
  await el.updateComplete;
  const saved: Array<{ name: string; bytes: Blob }> = [];
  el.controller.downloader = (name, data) => saved.push({ name, bytes: data as Blob });
  // The view's button: P(BSR) at every sample on the line's trace headers.
  const button = Array.from(root(el).querySelectorAll('button')).find((b) => b.textContent?.trim() === 'SEG-Y')!;
  button.click();
  await until(() => saved.length > 0 || alertText(el) !== '');
  expect(alertText(el)).toBe('');
  return { el, ...saved[0]! };
}

describe('the map as SEG-Y', () => {
  it("holds P(BSR) at every sample on the line's trace headers, for a line held whole and a big file in bands", async () => {
    const file = await line31();
    const source = await SegyReader.open(blobByteSource(file, file.name));
    const original = await source.readTraceHeaders(0, source.traceCount);

    // One model for both maps (each tiny model file has its own random weights).
    const model = stringifyModelFile(await tinyModelFile());
    const whole = await mapSegy(file, model, {});
    // Named by the line and by the model that made it (two models' maps of one line never share a name).
    expect(whole.name).toMatch(/^31_81_PR-all-traces-by-[\w.-]+-[0-9a-f]{6}-bsr-probability\.sgy$/);
    const written = await SegyReader.open(blobByteSource(whole.bytes, whole.name));
    expect([written.traceCount, written.samplesPerTrace, written.sampleIntervalUs]).toEqual([534, 1501, 4000]);
    expect(written.textHeader).toContain('BSR PROBABILITY MAP');
    expect(written.textHeader).toContain('LINE: 31_81_PR.sgy - all traces');
    // The model as the list names it, with its file's id (as the CLI writes it).
    const fileId = (JSON.parse(model) as { id: string }).id;
    // (Joined without the cards' breaks: where a long label wraps, the space at the break goes.)
    expect(written.textHeader.replace(/\s*C\s?\d+ /g, '')).toMatch(new RegExp(`MODEL: .*tiny.*\\(id ${fileId}\\)`));
    const block = await written.readTraces(0, 534);
    const map = whole.el.controller.state.map!;
    expect(block.samples).toEqual(mapSamples(map, 0, 534, 1501));
    expect(block.samples.some((p) => p > 0)).toBe(true);
    expect(block.samples.every((p) => p >= 0 && p <= 1)).toBe(true);
    block.headers.forEach((h, t) => {
      const o = original[t]!;
      expect([h.traceSequenceLine, h.fieldRecord, h.traceNumber, h.cdp, h.inline, h.crossline]).toEqual([
        o.traceSequenceLine,
        o.fieldRecord,
        o.traceNumber,
        o.cdp,
        o.inline,
        o.crossline,
      ]);
      // This rev 0 file's bytes 181-188 (TMIN/TMAX… per its textual header) read 6000 / 65536 on every trace: no CDP X/Y.
      expect([o.cdpX, o.cdpY, h.cdpX, h.cdpY]).toEqual([6000, 65536, 0, 0]);
      expect(h.sourceX).toBeCloseTo(o.sourceX, 2);
      expect(h.receiverY).toBeCloseTo(o.receiverY, 2);
    });

    // The same file as a big file (preview 1 in 3, classified in bands of 100 traces): headers read from the file.
    const big = await mapSegy(file, model, {
      bigLineSamples: 200_000,
      previewSamples: 100_000,
      bandSamples: 100 * 1501,
    });
    expect(big.el.controller.state.big?.step).toBe(3);
    // A click on the preview (1 in 3 traces and samples) explains the patch there: its traces are read from the file
    // again and presented as its band was, so patch, P and saliency are those of the line held whole.
    await big.el.controller.clickSection({ trace: 100, sample: 300 });
    await whole.el.controller.clickSection({ trace: 300, sample: 900 });
    expect(alertText(big.el)).toBe('');
    const fromFile = big.el.controller.state.saliency!,
      held = whole.el.controller.state.saliency!;
    expect(fromFile).not.toBeNull();
    expect([fromFile.col, fromFile.row, fromFile.firstTrace, fromFile.firstSample]).toEqual([
      held.col,
      held.row,
      held.firstTrace,
      held.firstSample,
    ]);
    expect(fromFile.firstTrace).toBeGreaterThan(200); // the whole line's trace, not the preview's
    let patchDiff = 0;
    fromFile.patch.forEach((v, i) => (patchDiff = Math.max(patchDiff, Math.abs(v - held.patch[i]!))));
    expect(patchDiff).toBeLessThan(1e-4);
    expect(fromFile.probability).toBeCloseTo(held.probability, 4);
    expect(Array.from(fromFile.patch).some((v) => v !== 0)).toBe(true);
    // Named for all its traces, not for the preview on screen.
    expect(big.name).toBe(whole.name);
    const banded = await SegyReader.open(blobByteSource(big.bytes, big.name));
    expect(banded.textHeader).toContain('LINE: 31_81_PR.sgy - all traces');
    expect(banded.traceCount).toBe(534);
    const bandedBlock = await banded.readTraces(0, 534);
    expect(bandedBlock.headers).toEqual(block.headers);
    let maxDiff = 0;
    bandedBlock.samples.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - block.samples[i]!))));
    expect(maxDiff).toBeLessThan(1e-4);
  });
});

const INLINES = [101, 102, 103],
  XLINES = 80,
  SAMPLES = 240;

/** A small 3D survey cut from the synthetic demo line: 3 inlines x 80 crosslines, inline-sorted, 4 ms. */
function survey(): File {
  const { section } = makeSyntheticLine(2);
  const layout = { samples: SAMPLES, dtUs: 4000 };
  const parts: Uint8Array[] = [segyFileHeader(layout, ['synthetic 3D survey for tests'])];
  INLINES.forEach((il, i) => {
    const data = new Float32Array(XLINES * SAMPLES);
    for (let x = 0; x < XLINES; x++)
      data.set(
        section.data.subarray((i * XLINES + x) * section.samples, (i * XLINES + x) * section.samples + SAMPLES),
        x * SAMPLES,
      );
    const xl = Array.from({ length: XLINES }, (_, x) => 1 + x);
    const zeros = xl.map(() => 0);
    const headers = {
      traceSequence: xl.map((x) => i * XLINES + x),
      cdp: xl.map((x) => i * XLINES + x),
      inline: xl.map(() => il),
      crossline: xl,
      offset: zeros,
      sourceX: xl.map((x) => 400_000 + 25 * x),
      sourceY: xl.map(() => 7_000_000 + 25 * i),
      receiverX: xl.map((x) => 400_000 + 25 * x),
      receiverY: xl.map(() => 7_000_000 + 25 * i),
      cdpX: xl.map((x) => 400_000 + 25 * x),
      cdpY: xl.map(() => 7_000_000 + 25 * i),
    };
    parts.push(segyTraceBlock(layout, data, i * XLINES, XLINES, headers));
  });
  return new File(parts as BlobPart[], 'survey3d.sgy');
}

describe('a 3D volume as SEG-Y', () => {
  it('classifies every inline with the map on screen and saves one volume on the file headers', async () => {
    const el = document.createElement('spn-classify-view');
    el.classifier = new ClassifyClient('cpu');
    el.controller.makeVolumeClassifier = () => new ClassifyClient('cpu');
    document.body.append(el);
    mounted.push(el);
    await el.updateComplete;
    await el.addModelFile(new File([stringifyModelFile(await tinyModelFile())], 'tiny.json'));
    await el.openFile(survey());
    await until(() => el.controller.state.section !== null);
    expect(el.controller.state.summary?.geometry.kind).toBe('3d-poststack');
    expect(el.controller.state.section?.traceCount).toBe(XLINES);
    const modelId = el.controller.state.models.find((m) => m.label.includes('tiny'))!.id;
    await el.controller.classify({ modelId, patchTraces: 48, stride: 16 });
    expect(alertText(el)).toBe('');
    await el.updateComplete;
    const saved: Array<{ name: string; bytes: Blob }> = [];
    el.controller.downloader = (name, data) => saved.push({ name, bytes: data as Blob });
    const button = (label: string) =>
      Array.from(root(el).querySelectorAll('button')).find((b) => b.textContent?.trim().startsWith(label))!;

    // Crosslines are 3 traces long: not offered, and the view says why; asked for all the same, refused, nothing saved.
    await el.updateComplete;
    expect(button('Every crossline (80)').disabled).toBe(true);
    expect(root(el).querySelector('.volume-note')?.textContent).toBe(
      '(each crossline has 3 traces, fewer than the 48 a patch needs)',
    );
    await el.controller.classifyVolume('crossline');
    expect(alertText(el)).toBe(
      'Not classified: each crossline has 3 traces, fewer than the 48 a patch needs; nothing was saved.',
    );
    expect(saved).toHaveLength(0);

    button('Every inline (3)').click();
    await until(() => saved.length > 0 || el.controller.state.error !== '');
    expect(alertText(el)).toBe('');
    expect(saved[0]!.name).toBe('survey3d-every-inline-bsr-probability.sgy');
    await el.updateComplete;
    expect(root(el).querySelector('.notice')?.textContent).toContain('3 inlines, 240 traces');
    const volume = await SegyReader.open(blobByteSource(saved[0]!.bytes, saved[0]!.name));
    expect([volume.traceCount, volume.samplesPerTrace, volume.sampleIntervalUs]).toEqual([240, SAMPLES, 4000]);
    expect(volume.textHeader).toContain('every inline, 3 lines');
    expect(volume.textHeader.replace(/\s*C\s?\d+ /g, '')).toMatch(/MODEL: .*tiny.*\(id c-[0-9a-f]+\)/);
    const block = await volume.readTraces(0, 240);
    expect(block.headers.map((h) => [h.inline, h.crossline])).toEqual(
      INLINES.flatMap((il) => Array.from({ length: XLINES }, (_, x) => [il, x + 1])),
    );
    expect(block.headers[85]!.cdpX).toBeCloseTo(400_000 + 25 * 6, 2);
    expect(block.headers[85]!.cdpY).toBeCloseTo(7_000_025, 2);
    // The inline on screen, classified again in the volume at the map's time scale and polarity: the same values.
    const shown = mapSamples(el.controller.state.map!, 0, XLINES, SAMPLES);
    let maxDiff = 0;
    shown.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - block.samples[i]!))));
    expect(maxDiff).toBeLessThan(1e-5);
    // The other inlines hold maps of their own.
    const inline = (k: number) => block.samples.subarray(k * XLINES * SAMPLES, (k + 1) * XLINES * SAMPLES);
    expect(inline(1)).not.toEqual(inline(0));
    expect(inline(2).some((p) => p > 0)).toBe(true);

    // Another file opened while the volume runs: the run stops and saves nothing (it read the new file's lines into
    // the old file's volume, and said it had saved it).
    button('Every inline (3)').click();
    await until(() => el.controller.state.jobs.some((j) => j.kind === 'volume'));
    const other = new File([await survey().arrayBuffer()], 'survey3d-b.sgy');
    await el.openFile(other);
    await until(() => !el.controller.state.jobs.some((j) => j.kind === 'volume'));
    await until(() => el.controller.state.section?.file === 'survey3d-b.sgy');
    expect(saved).toHaveLength(1);
    expect(el.controller.state.notice).toBe(
      'Classifying every line of survey3d.sgy was stopped when survey3d-b.sgy was opened: nothing was saved.',
    );
  });
});
