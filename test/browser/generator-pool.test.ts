import { afterEach, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { GeneratorPool } from '../../src/app/generator-pool';
import { buildSearchDataset } from '../../src/app/search-dataset';
import { buildDataset, generateRawPatches } from '../../src/core/synthetic';
import { CancelledError } from '../../src/app/worker-bridge';

declare module 'vitest/browser' {
  interface BrowserCommands {
    nodeDatasetDigest(seed: number, count: number, profile: 'train' | 'test'): Promise<string>;
  }
}

async function sha256(...parts: Uint8Array[]): Promise<string> {
  const total = parts.reduce((s, p) => s + p.byteLength, 0);
  const all = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.byteLength;
  }
  const d = await crypto.subtle.digest('SHA-256', all);
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const pools: GeneratorPool[] = [];
afterEach(() => {
  for (const p of pools.splice(0)) p.terminate();
});

describe('generator worker pool (real module workers)', () => {
  it('gives the same standardised bytes as node for 1 and 3 workers and any chunk size', async () => {
    const expected = await commands.nodeDatasetDigest(11, 300, 'train');
    for (const [workers, chunk] of [
      [1, 300],
      [3, 37],
    ] as const) {
      const pool = new GeneratorPool(workers, chunk);
      pools.push(pool);
      const progress: number[] = [];
      const raw = await pool.generate(
        { seed: 11, count: 300, profile: 'train' },
        { onProgress: (p) => progress.push(p.done) },
      );
      const ds = buildDataset(raw, { inPlace: true });
      expect(await sha256(new Uint8Array(ds.inputs.buffer), ds.labels)).toBe(expected);
      expect(progress.at(-1)).toBe(300);
      expect(progress.every((v, i) => i === 0 || v >= (progress[i - 1] as number))).toBe(true);
    }
  });

  it("gives the realistic generator's bytes of a single thread for 3 workers and an odd chunk size", async () => {
    const expected = generateRawPatches({ seed: 12, count: 150, profile: 'test', generator: 'realistic' });
    const pool = new GeneratorPool(3, 37);
    pools.push(pool);
    const raw = await pool.generate({ seed: 12, count: 150, profile: 'test', generator: 'realistic' });
    expect(await sha256(new Uint8Array(raw.patches.buffer), raw.labels, raw.kinds, raw.applied)).toBe(
      await sha256(new Uint8Array(expected.patches.buffer), expected.labels, expected.kinds, expected.applied),
    );
    expect([...raw.kinds].every((k) => k >= 4)).toBe(true);
  });

  it('cancels cleanly: rejects with CancelledError, and the next build works', async () => {
    const pool = new GeneratorPool(2, 50);
    pools.push(pool);
    const ctl = new AbortController();
    const run = pool.generate(
      { seed: 3, count: 5000 },
      {
        signal: ctl.signal,
        onProgress: (p) => {
          if (p.done >= 100) ctl.abort();
        },
      },
    );
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    const again = await pool.generate({ seed: 3, count: 60 });
    expect(again.labels.length).toBe(60);
  });

  it('builds a split search data set and refuses bad settings with a message naming the field', async () => {
    const pool = new GeneratorPool(2);
    pools.push(pool);
    const ds = await buildSearchDataset(pool, { seed: 5, size: 200, valFraction: 0.15, testSize: 40 });
    expect(ds.train.count).toBe(170);
    expect(ds.val.count).toBe(30);
    expect(ds.test.count).toBe(40);
    // Settings without the field: the old split, validation = held-out train-profile patches.
    expect(ds.validation).toBe('train-split');
    const trainProfile = buildDataset(generateRawPatches({ seed: 5, count: 200, profile: 'train' }), { inPlace: true });
    expect(await sha256(new Uint8Array(ds.val.x.slice().buffer))).toBe(
      await sha256(new Uint8Array(trainProfile.inputs.slice(170 * 2304).buffer)),
    );
    // The paper's protocol: validation = test-profile patches [0, 30), test = [30, 70) of the test-profile set.
    const paper = await buildSearchDataset(pool, {
      seed: 5,
      size: 200,
      valFraction: 0.15,
      testSize: 40,
      validation: 'test-profile',
    });
    expect([paper.train.count, paper.val.count, paper.test.count]).toEqual([170, 30, 40]);
    const testProfile = buildDataset(generateRawPatches({ seed: 5, count: 70, profile: 'test' }), { inPlace: true });
    expect(await sha256(new Uint8Array(paper.val.x.slice().buffer))).toBe(
      await sha256(new Uint8Array(testProfile.inputs.slice(0, 30 * 2304).buffer)),
    );
    expect(await sha256(new Uint8Array(paper.test.x.slice().buffer))).toBe(
      await sha256(new Uint8Array(testProfile.inputs.slice(30 * 2304).buffer)),
    );
    expect([...paper.kinds.val]).toEqual([...testProfile.kinds.subarray(0, 30)]);
    const trainOnly = buildDataset(generateRawPatches({ seed: 5, count: 170, profile: 'train' }), { inPlace: true });
    expect(await sha256(new Uint8Array(paper.train.x.slice().buffer))).toBe(
      await sha256(new Uint8Array(trainOnly.inputs.buffer)),
    );
    let maxAbs = 0;
    for (const v of ds.train.x) maxAbs = Math.max(maxAbs, Math.abs(v));
    expect(maxAbs).toBeLessThanOrEqual(1);
    await expect(buildSearchDataset(pool, { seed: 1.5, size: 200, valFraction: 0.15, testSize: 0 })).rejects.toThrow(
      /seed/,
    );
    await expect(buildSearchDataset(pool, { seed: 1, size: 0, valFraction: 0.15, testSize: 0 })).rejects.toThrow(
      /size/,
    );
    await expect(
      buildSearchDataset(pool, { seed: 1, size: 10_000_000, valFraction: 0.15, testSize: 0 }),
    ).rejects.toThrow(/MB/);
  });

  it('a worker that fails to load rejects calls instead of hanging', async () => {
    const { WorkerBridge, WorkerFailedError } = await import('../../src/app/worker-bridge');
    const blob = new Blob(['throw new Error("boom at load")'], { type: 'text/javascript' });
    const bridge = new WorkerBridge<{ ping(): Promise<number> }>(
      new Worker(URL.createObjectURL(blob), { type: 'module' }),
      'broken',
    );
    await expect(bridge.call((w) => w.ping())).rejects.toBeInstanceOf(WorkerFailedError);
    bridge.terminate();
  });
});
