/**
 * One worker owns an open file: a big 2D line is parsed once (by the SEG-Y worker, header scan included) and its
 * decimated preview and classification bands both come from that one reader; the classify worker reads the bands
 * over a port from it. The banded map equals the map of the same line held whole. Real workers, real Chromium.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { SegyClient } from '../../src/app/segy-client';
import { ClassifyClient } from '../../src/app/classify-client';
import { stringifyModelFile } from '../../src/core/model-file';
import { tinyModelFile } from './tiny-model';

const clients: { terminate(): void }[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.terminate();
});

async function line(): Promise<File> {
  const res = await fetch('/test/fixtures/segy/seisplot/31_81_PR.sgy');
  if (!res.ok) throw new Error(`31_81_PR.sgy: HTTP ${res.status}`);
  return new File([await res.blob()], '31_81_PR.sgy');
}

describe('one parse of a big file', () => {
  it('previews and classifies in bands from the one reader of the SEG-Y worker; bands equal the whole line', async () => {
    await tf.setBackend('cpu');
    const segy = new SegyClient(),
      classifier = new ClassifyClient('cpu');
    clients.push(segy, classifier);
    await classifier.loadModel(stringifyModelFile(await tinyModelFile()));

    const summary = await segy.open(await line());
    expect(summary.traceCount).toBe(534);
    const preview = await segy.readPreview(100_000);
    expect(preview.step).toBe(3);
    const settings = { patchTraces: 48, stride: 48, scale: 1 };
    const before = await segy.stats();
    // Bands of 100 traces: the line is read in several bands, each over the port from the SEG-Y worker's reader.
    const banded = await classifier.classifySource(await segy.traceSource(), settings, { bandSamples: 100 * 1501 });
    const after = await segy.stats();
    expect(before).toEqual({ opens: 1, headerScans: 1, chunksServed: 0 });
    expect(after.opens).toBe(1);
    expect(after.headerScans).toBe(1);
    expect(after.chunksServed).toBeGreaterThan(1);

    const whole = await classifier.classify(await segy.readLine(null), settings);
    expect((await segy.stats()).opens).toBe(1);
    expect(banded.grid).toEqual(whole.grid);
    expect(banded.done).toBe(whole.done);
    expect(banded.done).toBe(11 * 31);
    let maxDiff = 0;
    whole.values.forEach((v, i) => {
      maxDiff = Math.max(maxDiff, Math.abs(v - banded.values[i]!));
    });
    expect(maxDiff).toBeLessThan(1e-5);
    expect(Array.from(banded.horizon.samples)).toEqual(Array.from(whole.horizon.samples));
  });

  it('a port onto no open file is refused with a clear message', async () => {
    const segy = new SegyClient();
    clients.push(segy);
    const err = await segy.traceSource().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'no-file' });
    expect((err as Error).message).toMatch(/no SEG-Y file is open/);
  });
});
