/**
 * The section viewer's display in real Chromium, by its pixels: the threshold contour lies where the map crosses the
 * threshold, wiggles appear only past the zoom threshold, reverse flips colours, clip and gain change the image but
 * never the data (the classify pipeline gets the raw line), the PNG export's size and overlay, the header readout.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '../../src/ui/section-viewer';
import '../../src/ui/classify-view';
import type { ProbabilityGrid, SectionViewer, ViewerSection } from '../../src/ui/section-viewer';
import { SegyReader, blobByteSource } from '../../src/core/segy';
import { readSection } from '../../src/core/line/segy-line';
import { WIGGLE_MIN_PX_PER_TRACE } from '../../src/core/display/wiggle';
import { infernoLut } from '../../src/core/display/colormaps';
import { EXPORT_MARGIN, exportSize } from '../../src/ui/section-export';
import { ClassifyClient, type RawSection } from '../../src/app/classify-client';
import { demoSection } from '../../src/app/demo-line';
import { makeSmallSpec } from '../../src/core/model';
import { buildModel } from '../../src/core/model/build';
import { exportModelFile, stringifyModelFile } from '../../src/core/model-file';
import { readViewerLine } from './viewer-line';

let line: ViewerSection;

beforeAll(async () => {
  line = await readViewerLine();
});

const mounted: HTMLElement[] = [];
afterEach(() => {
  for (const el of mounted.splice(0)) el.remove();
});

async function mount(props: Partial<SectionViewer> = {}, section: ViewerSection = line): Promise<SectionViewer> {
  const el = document.createElement('spn-section-viewer');
  el.style.width = '900px';
  Object.assign(el, { wiggle: 'off', ...props });
  document.body.append(el);
  mounted.push(el);
  await el.updateComplete;
  const painted = new Promise<void>((resolve) =>
    el.addEventListener('section-rendered', () => resolve(), { once: true }),
  );
  el.section = section;
  await painted;
  return el;
}

const canvasOf = (el: SectionViewer) => el.shadowRoot!.querySelector('canvas.section') as HTMLCanvasElement;
/** RGBA of the plot area (plot box: left 58, top 8, right 10, bottom 36 CSS px; the tests run at device pixel ratio 1). */
function plotPixels(el: SectionViewer): { data: Uint8ClampedArray; width: number; height: number } {
  const c = canvasOf(el),
    width = c.width - 68,
    height = c.height - 44;
  return { data: c.getContext('2d')!.getImageData(58, 8, width, height).data, width, height };
}
async function set(el: SectionViewer, props: Partial<SectionViewer>): Promise<void> {
  Object.assign(el, props);
  await el.updateComplete;
}
const tinted = (d: Uint8ClampedArray, i: number) => Math.abs(d[i]! - d[i + 2]!) > 20;

/** A smooth bump of probability centred on patch column 5, row 15 (10 × 30 patch centres 48 apart). */
function bumpGrid(): ProbabilityGrid {
  const values = Float32Array.from({ length: 300 }, (_, i) =>
    Math.exp(-(((i % 10) - 5) ** 2 + ((Math.floor(i / 10) - 15) / 2) ** 2) / 4),
  );
  return { columns: 10, rows: 30, originTrace: 24, originSample: 24, strideTraces: 48, strideSamples: 48, values };
}
/** The map drawn bilinearly between patch centres, at fractional data coordinates (NaN outside the centres). */
function mapAt(g: ProbabilityGrid, trace: number, sample: number): number {
  const x = (trace - g.originTrace) / g.strideTraces,
    y = (sample - g.originSample) / g.strideSamples;
  if (x < 0 || y < 0 || x > g.columns - 1 || y > g.rows - 1) return Number.NaN;
  const c = Math.min(g.columns - 2, Math.floor(x)),
    r = Math.min(g.rows - 2, Math.floor(y)),
    fx = x - c,
    fy = y - r;
  const v = (cc: number, rr: number) => g.values[rr * g.columns + cc]!;
  return (v(c, r) * (1 - fx) + v(c + 1, r) * fx) * (1 - fy) + (v(c, r + 1) * (1 - fx) + v(c + 1, r + 1) * fx) * fy;
}

describe('section display', () => {
  it('draws the threshold contour exactly where the map crosses the threshold, and moves it with the slider', async () => {
    const grid = bumpGrid();
    const el = await mount({ probability: grid, overlayOpacity: 0, contourThreshold: 0.5 });
    const contourPixels = (threshold: number) => {
      const { data, width, height } = plotPixels(el),
        v = el.view!;
      const out: [number, number][] = [];
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const i = (y * width + x) * 4; // the contour's cyan (0, 229, 255) is in neither the grey map nor the section
          if (data[i]! < 90 && data[i + 1]! > 150 && data[i + 2]! > 200) out.push([x, y]);
        }
      }
      // Each contour pixel is within 2.5 px (line width 2 + antialiasing) of the crossing: the map spans the threshold there.
      for (const [x, y] of out) {
        let lo = Infinity,
          hi = -Infinity;
        for (const [dx, dy] of [
          [-2.5, 0],
          [2.5, 0],
          [0, -2.5],
          [0, 2.5],
          [0, 0],
        ] as const) {
          const p = mapAt(grid, v.trace0 + (x + 0.5 + dx) / v.pxPerTrace, v.sample0 + (y + 0.5 + dy) / v.pxPerSample);
          if (!Number.isNaN(p)) {
            lo = Math.min(lo, p);
            hi = Math.max(hi, p);
          }
        }
        expect(lo <= threshold && hi >= threshold, `contour pixel (${x}, ${y}) spans ${lo}..${hi}`).toBe(true);
      }
      // And every crossing along each pixel row has a contour pixel within 2 px.
      let crossings = 0;
      for (let y = 2; y < height - 2; y += 7) {
        for (let x = 1; x < width; x++) {
          const a = mapAt(grid, v.trace0 + (x - 0.5) / v.pxPerTrace, v.sample0 + (y + 0.5) / v.pxPerSample);
          const b = mapAt(grid, v.trace0 + (x + 0.5) / v.pxPerTrace, v.sample0 + (y + 0.5) / v.pxPerSample);
          if (Number.isNaN(a) || Number.isNaN(b) || a >= threshold === b >= threshold) continue;
          crossings++;
          expect(
            out.some(([cx, cy]) => Math.abs(cx - x) <= 2 && Math.abs(cy - y) <= 2),
            `crossing at (${x}, ${y})`,
          ).toBe(true);
        }
      }
      expect(crossings).toBeGreaterThan(10);
      return out;
    };
    const at50 = contourPixels(0.5);
    expect(at50.length).toBeGreaterThan(100);
    await set(el, { contourThreshold: 0.8 });
    const at80 = contourPixels(0.8);
    expect(at80.length).toBeLessThan(at50.length); // a smaller ring
    await set(el, { showContour: false });
    const off = plotPixels(el).data;
    let cyan = 0;
    for (let i = 0; i < off.length; i += 4) if (off[i]! < 90 && off[i + 1]! > 150 && off[i + 2]! > 200) cyan++;
    expect(cyan).toBe(0);
  });

  it('draws wiggles / variable area only past the zoom threshold, for the traces in view, without repainting the image', async () => {
    const el = await mount({ colormap: 'rwb', wiggle: 'va' });
    const zoomIn = el.shadowRoot!.querySelector('button[aria-label="zoom in"]') as HTMLButtonElement;
    let repaints = 0;
    el.addEventListener('section-rendered', () => repaints++);
    const census = () => {
      const { data } = plotPixels(el);
      let tint = 0,
        dark = 0,
        white = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (tinted(data, i)) tint++;
        else if (data[i]! < 60) dark++;
        else if (data[i]! > 245 && data[i + 1]! > 245 && data[i + 2]! > 245) white++;
      }
      return { tint: tint / (data.length / 4), dark: dark / (data.length / 4), white: white / (data.length / 4) };
    };
    // Zoom in step by step; below the threshold the picture is variable density (red-white-blue tints).
    while (el.view!.pxPerTrace * 1.5 < WIGGLE_MIN_PX_PER_TRACE) {
      zoomIn.click();
      await el.updateComplete;
    }
    expect(el.view!.pxPerTrace).toBeLessThan(WIGGLE_MIN_PX_PER_TRACE);
    const vd = census();
    expect(vd.tint).toBeGreaterThan(0.3);
    zoomIn.click();
    await el.updateComplete;
    expect(el.view!.pxPerTrace).toBeGreaterThanOrEqual(WIGGLE_MIN_PX_PER_TRACE);
    const va = census();
    expect(va.tint).toBeLessThan(0.01); // black wiggles on white: no colour map left
    expect(va.dark).toBeGreaterThan(0.05); // the lines and filled lobes
    expect(va.white).toBeGreaterThan(0.3);
    expect(el.wiggleTraces).toBeGreaterThan(0);
    expect(el.wiggleTraces).toBeLessThanOrEqual(Math.ceil(832 / el.view!.pxPerTrace) + 4); // the traces in view, and one beyond each edge
    // Wiggles over density keep the tints and add the black lines.
    await set(el, { wiggle: 'va-on-vd' });
    const both = census();
    expect(both.tint).toBeGreaterThan(0.1);
    expect(both.dark).toBeGreaterThan(0.05);
    canvasOf(el).dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    expect(repaints).toBe(0); // zoom, wiggles and pan redraw from the cached image
    await set(el, { wiggle: 'off' });
    expect(census().tint).toBeGreaterThan(0.3);
  });

  it('a preview-sized line (2^23 samples) paints once with AGC; zoom past the wiggle threshold and pan never repaint it', async () => {
    const traces = 8192,
      ns = 1024,
      samples = new Float32Array(traces * ns);
    for (let t = 0; t < traces; t++)
      for (let s = 0; s < ns; s++) samples[t * ns + s] = Math.sin(s / 4 + t / 50) * Math.exp(-s / 400);
    const big: ViewerSection = { traceCount: traces, samplesPerTrace: ns, sampleIntervalUs: 4000, delayMs: 0, samples };
    const t0 = performance.now();
    const el = await mount({ agcMs: 200, wiggle: 'va' }, big);
    console.info(
      `section viewer: ${traces} × ${ns} with AGC, time to first paint ${(performance.now() - t0).toFixed(0)} ms (internal ${el.renderMs.toFixed(0)} ms)`,
    );
    let repaints = 0;
    el.addEventListener('section-rendered', () => repaints++);
    const zoomIn = el.shadowRoot!.querySelector('button[aria-label="zoom in"]') as HTMLButtonElement;
    while (el.view!.pxPerTrace < WIGGLE_MIN_PX_PER_TRACE) {
      zoomIn.click();
      await el.updateComplete;
    }
    for (const key of ['ArrowRight', 'ArrowDown', 'ArrowLeft'])
      canvasOf(el).dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
    expect(repaints).toBe(0);
    expect(el.wiggleTraces).toBeGreaterThan(0);
    expect(el.wiggleTraces).toBeLessThan(200); // of 8,192
  });

  it('reverse flips the colours; a lower clip and a display gain saturate more pixels; the data never change', async () => {
    const before = line.samples.slice();
    const el = await mount({ colormap: 'gray', clipPercentile: 99 });
    const a = plotPixels(el).data;
    await set(el, { reverse: true });
    const b = plotPixels(el).data;
    let checked = 0;
    for (let i = 0; i < a.length; i += 4 * 97) {
      expect(Math.abs(a[i]! + b[i]! - 255), `pixel ${i / 4}`).toBeLessThanOrEqual(2); // grey reversed: 255 - value
      checked++;
    }
    expect(checked).toBeGreaterThan(1000);
    await set(el, { reverse: false });
    const saturated = () => {
      const d = plotPixels(el).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i]! <= 1 || d[i]! >= 254) n++;
      return n;
    };
    const at99 = saturated();
    await set(el, { clipPercentile: 90 });
    const at90 = saturated();
    expect(at90).toBeGreaterThan(at99 * 1.5);
    await set(el, { clipPercentile: 99, gainDb: 12 });
    expect(saturated()).toBeGreaterThan(at99 * 1.5);
    await set(el, { gainDb: 0, agcMs: 500 });
    const agcImage = plotPixels(el).data;
    expect(agcImage.some((v, i) => v !== a[i])).toBe(true);
    expect(el.section!.samples).toBe(line.samples);
    expect(line.samples.every((v, i) => Object.is(v, before[i]))).toBe(true);
  });

  it('gain and AGC on the viewer do not change the line the classify pipeline gets', async () => {
    await tf.setBackend('cpu');
    const model = buildModel(makeSmallSpec()); // untrained: the data it is given is under test, not its skill
    const file = await exportModelFile(model, {
      spec: makeSmallSpec(),
      name: 'tiny-test',
      training: { generatorSeed: 1, generatorVersion: 'test', datasetSize: 0, backend: 'cpu', settings: {} },
      metrics: { meanTop5: null, top3: null, max: null, testAccuracy: null },
    });
    model.dispose();
    const seen: Float32Array[] = [];
    class RecordingClient extends ClassifyClient {
      override classify(
        section: RawSection,
        ...rest: Parameters<ClassifyClient['classify']> extends [unknown, ...infer R] ? R : never
      ) {
        seen.push(section.samples.slice());
        return super.classify(section, ...rest);
      }
    }
    const view = document.createElement('spn-classify-view');
    view.style.width = '1000px';
    document.body.append(view);
    mounted.push(view);
    view.classifier = new RecordingClient('cpu');
    await view.addModelFile(new File([stringifyModelFile(file)], 'tiny.json'));
    const raw = demoSection(1).samples;
    view.showSection(demoSection(1));
    await view.updateComplete;
    const viewer = view.shadowRoot!.querySelector('spn-section-viewer')!;
    await set(viewer, { gainDb: 18, agcMs: 250, clipPercentile: 90, reverse: true });
    const controls = view.shadowRoot!.querySelector('spn-classify-controls')!;
    await controls.updateComplete;
    // Stride 48 at time scale 1: 8 × 12 patches keep the CPU run short.
    const stride = Array.from(controls.shadowRoot!.querySelectorAll('label'))
      .find((l) => l.textContent?.trim().startsWith('stride'))!
      .querySelector('input')!;
    stride.value = '48';
    stride.dispatchEvent(new Event('change'));
    const scale = controls.shadowRoot!.querySelector<HTMLSelectElement>('select[aria-label="time scale"]')!;
    scale.value = '1';
    scale.dispatchEvent(new Event('change'));
    await controls.updateComplete;
    (
      Array.from(controls.shadowRoot!.querySelectorAll('button')).find(
        (b) => b.textContent === 'Classify',
      ) as HTMLButtonElement
    ).click();
    for (let i = 0; i < 3000 && viewer.probability === null; i++) await new Promise((r) => setTimeout(r, 20));
    expect(viewer.probability).not.toBeNull();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.length).toBe(raw.length);
    expect(seen[0]!.every((v, i) => v === raw[i])).toBe(true);
  });

  it('vertical exaggeration stretches time only; exports the section with its overlay at one pixel per trace and sample', async () => {
    const grid: ProbabilityGrid = { ...bumpGrid(), values: new Float32Array(300) };
    grid.values[15 * 10 + 5] = 1;
    const el = await mount({ probability: grid, overlayOpacity: 1, showContour: true, contourThreshold: 0.5 });
    const fit = el.view!;
    await set(el, { verticalExaggeration: 2 });
    expect(el.view!.pxPerSample).toBeCloseTo(fit.pxPerSample * 2, 9);
    expect(el.view!.pxPerTrace).toBe(fit.pxPerTrace);
    await set(el, { verticalExaggeration: 1 });
    const blob = await el.exportPng();
    expect(blob.type).toBe('image/png');
    const bitmap = await createImageBitmap(blob);
    const size = exportSize(534, 1501);
    expect([bitmap.width, bitmap.height]).toEqual([size.width, size.height]);
    expect(size).toEqual({
      width: EXPORT_MARGIN.left + 534 + EXPORT_MARGIN.right,
      height: EXPORT_MARGIN.top + 1501 + EXPORT_MARGIN.bottom,
    });
    const c = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = c.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const px = (trace: number, sample: number) =>
      Array.from(ctx.getImageData(EXPORT_MARGIN.left + trace, EXPORT_MARGIN.top + sample, 1, 1).data.slice(0, 3));
    // The hot patch centre (trace 264, sample 744) is inferno's top colour; far from it the grey section shows.
    const top = Array.from(infernoLut().slice(255 * 4, 255 * 4 + 3));
    px(264, 744).forEach((v, i) => expect(Math.abs(v - top[i]!)).toBeLessThanOrEqual(6));
    const far = px(50, 100);
    expect(Math.abs(far[0]! - far[2]!)).toBeLessThanOrEqual(2);
    // The contour ring around the hot cell (P = 0.5 half-way to the next centre, 24 samples away) is in the picture.
    let cyan = 0;
    const ring = ctx.getImageData(EXPORT_MARGIN.left + 264 - 40, EXPORT_MARGIN.top + 744 - 40, 80, 80).data;
    for (let i = 0; i < ring.length; i += 4) if (ring[i]! < 90 && ring[i + 1]! > 150 && ring[i + 2]! > 200) cyan++;
    expect(cyan).toBeGreaterThan(40);
  });

  it('the readout shows CDP, inline/crossline and X/Y from the trace headers where the line has them', async () => {
    const n = line.traceCount;
    const withHeaders: ViewerSection = {
      ...line,
      inline: new Int32Array(n).fill(31),
      crossline: Int32Array.from({ length: n }, (_, i) => 1000 + i),
      cdpX: Float64Array.from({ length: n }, (_, i) => 512000 + 12.5 * i),
      cdpY: new Float64Array(n).fill(6100000.75),
    };
    const el = await mount({}, withHeaders);
    const r = canvasOf(el).getBoundingClientRect();
    const at = (trace: number, sample: number) => ({
      clientX: r.left + 58 + ((trace + 0.5) * (r.width - 68)) / n,
      clientY: r.top + 8 + ((sample + 0.5) * (r.height - 44)) / line.samplesPerTrace,
    });
    canvasOf(el).dispatchEvent(new PointerEvent('pointermove', { ...at(200, 600), bubbles: true }));
    await el.updateComplete;
    const text = el.shadowRoot!.querySelector('output')!.textContent;
    expect(text).toContain('trace 200 '); // 0-based, as the marks and CSV files count
    expect(text).toContain(`CDP ${line.cdp![200]}`);
    expect(text).toContain('inline 31 / crossline 1200');
    expect(text).toContain('X 514500 Y 6100000.75');
    expect(text).toContain(`${line.delayMs + 600 * 4} ms`);

    // A real 3D file read by the app's line reader: inline and crossline from its headers, no X/Y (it has none).
    const blob = await (await fetch('/test/fixtures/segy/segyio/small.sgy')).blob();
    const small = await readSection(await SegyReader.open(blobByteSource(blob, 'small.sgy')), { inline: 3 });
    const el2 = await mount({}, small);
    const r2 = canvasOf(el2).getBoundingClientRect();
    canvasOf(el2).dispatchEvent(
      new PointerEvent('pointermove', {
        clientX: r2.left + 58 + 2.5 * ((r2.width - 68) / small.traceCount),
        clientY: r2.top + 20,
        bubbles: true,
      }),
    );
    await el2.updateComplete;
    const text2 = el2.shadowRoot!.querySelector('output')!.textContent;
    expect(text2).toContain(`inline 3 / crossline ${small.crossline[2]}`);
    expect(text2).not.toContain('X ');

    // segyio's f3.sgy carries CDP X/Y (bytes 181-188): the line reader keeps them and the readout shows them.
    const f3blob = await (await fetch('/test/fixtures/segy/segyio/f3.sgy')).blob();
    const f3 = await readSection(await SegyReader.open(blobByteSource(f3blob, 'f3.sgy')), null);
    const el3 = await mount({}, f3);
    const r3 = canvasOf(el3).getBoundingClientRect();
    canvasOf(el3).dispatchEvent(
      new PointerEvent('pointermove', { clientX: r3.left + 58.5, clientY: r3.top + 20, bubbles: true }),
    );
    await el3.updateComplete;
    expect(el3.shadowRoot!.querySelector('output')!.textContent).toContain('X 620197.2 Y 6074232.9');
  });

  it('display controls are labelled native inputs wired to the viewer; the BSR map controls appear with a map', async () => {
    const el = await mount();
    const controls = () => el.shadowRoot!.querySelector('spn-display-controls')!;
    const croot = () => controls().shadowRoot!;
    await controls().updateComplete;
    const inputs = Array.from(croot().querySelectorAll('input, select'));
    expect(inputs.length).toBeGreaterThanOrEqual(7);
    for (const i of inputs) expect(i.closest('label')?.textContent?.trim(), i.outerHTML).toBeTruthy(); // a name for each
    expect(croot().querySelector('input[name="opacity"]')).toBeNull();
    croot().querySelector<HTMLInputElement>('input[name="reverse"]')!.click();
    const gain = croot().querySelector<HTMLInputElement>('input[name="gain"]')!;
    gain.value = '6';
    gain.dispatchEvent(new Event('change'));
    const ve = croot().querySelector<HTMLSelectElement>('select[name="exaggeration"]')!;
    ve.value = '2';
    ve.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect([el.reverse, el.gainDb, el.verticalExaggeration]).toEqual([true, 6, 2]);
    // A typed number outside the field's range is held to it, and the field shows what holds.
    gain.value = '1000';
    gain.dispatchEvent(new Event('change'));
    const agc = croot().querySelector<HTMLInputElement>('input[name="agc"]')!;
    agc.value = '-50';
    agc.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect([el.gainDb, el.agcMs, gain.value, agc.value]).toEqual([60, 0, '60', '0']);
    gain.value = '6';
    gain.dispatchEvent(new Event('change'));
    await el.updateComplete;
    await set(el, { probability: bumpGrid() });
    await controls().updateComplete;
    const threshold = croot().querySelector<HTMLInputElement>('input[name="threshold"]')!;
    threshold.value = '0.7';
    threshold.dispatchEvent(new Event('input'));
    await el.updateComplete;
    expect(el.contourThreshold).toBe(0.7);
    // The inferno colour bar is painted: its middle is inferno's middle colour.
    const bar = croot().querySelector<HTMLCanvasElement>('canvas.map-bar')!;
    const mid = Array.from(
      bar
        .getContext('2d')!
        .getImageData(20 + 90, 18, 1, 1)
        .data.slice(0, 3),
    );
    const lut = infernoLut();
    const k = Math.floor((90 / 179) * 255);
    mid.forEach((v, i) => expect(Math.abs(v - lut[k * 4 + i]!)).toBeLessThanOrEqual(3));
  });
});
