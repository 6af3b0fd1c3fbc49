/**
 * Golden digests of the generator's output for fixed seeds, keyed by GENERATOR_VERSION. Any change to what the
 * generator produces for a seed fails here: then bump GENERATOR_VERSION (src/version.ts), add a row for the new
 * version (never edit an old row), and retrain the shipped demo model (scripts/train-demo-model.ts), whose file
 * records the generator version it was trained on, checked below. Pinned: the paper generator's 'train' and
 * 'test' profiles (seed 1, 64 patches, all augmentations): patches, labels, kinds and applied augmentations; from
 * spn-gen-2 the realistic profile's too.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateRawPatches, type SyntheticGenerator } from '../../../src/core/synthetic';
import { GENERATOR_VERSION } from '../../../src/version';

const GOLDEN: Record<string, { train: string; test: string; realisticTrain?: string; realisticTest?: string }> = {
  'spn-gen-1': {
    train: 'f8ae8a426eac24bcc2def74734321eaf99b04c81df46cc27792ea472a97db1a1',
    test: '899b9240e88a55299ebee5e88b6a3103ed225472ebc0974a341ad64013c134dd',
  },
  // The paper profile unchanged; the realistic profile draws a third of its BSRs (and look-alikes) steep, some
  // blanked/brightened BSRs as the envelope of brightened strata, and BSRs near a patch edge as not-BSR patches.
  'spn-gen-2': {
    train: 'f8ae8a426eac24bcc2def74734321eaf99b04c81df46cc27792ea472a97db1a1',
    test: '899b9240e88a55299ebee5e88b6a3103ed225472ebc0974a341ad64013c134dd',
    realisticTrain: '6b7dad6198743aa9d73d22ef0644ac1feea4b233ff661d5caaa3d0792438d847',
    realisticTest: 'a5b6dbb965cdfc79a26e36e7e707e118b6ef90006e28efe353e3620a3f2cca05',
  },
};

function digest(profile: 'train' | 'test', generator: SyntheticGenerator = 'paper'): string {
  const raw = generateRawPatches({ seed: 1, count: 64, profile, generator });
  const h = createHash('sha256');
  for (const part of [raw.patches, raw.labels, raw.kinds, raw.applied])
    h.update(new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
  return h.digest('hex');
}

describe('generator golden digests', () => {
  it(`the current version (${GENERATOR_VERSION}) has a golden row`, () => {
    expect(Object.keys(GOLDEN)).toContain(GENERATOR_VERSION);
  });

  it.each(['train', 'test'] as const)('profile %s, seed 1, 64 patches: the pinned SHA-256', (profile) => {
    expect(digest(profile), `generator output changed: bump GENERATOR_VERSION and retrain the demo model`).toBe(
      GOLDEN[GENERATOR_VERSION]?.[profile],
    );
  });

  it.each([
    ['train', 'realisticTrain'],
    ['test', 'realisticTest'],
  ] as const)('realistic profile %s, seed 1, 64 patches: the pinned SHA-256', (profile, key) => {
    expect(digest(profile, 'realistic'), `realistic output changed: bump GENERATOR_VERSION and retrain`).toBe(
      GOLDEN[GENERATOR_VERSION]?.[key],
    );
  });

  it('the shipped demo model was trained on this generator version', () => {
    const file = JSON.parse(readFileSync(new URL('../../../public/models/demo.json', import.meta.url), 'utf8')) as {
      training: { generatorVersion: string };
    };
    expect(file.training.generatorVersion).toBe(GENERATOR_VERSION);
  });
});
