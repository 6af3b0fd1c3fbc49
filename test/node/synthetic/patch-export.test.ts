import { describe, expect, it } from 'vitest';
import {
  AUGMENTATIONS,
  KIND_LABELS,
  KIND_NAMES,
  MAX_EXPORT_PATCHES,
  buildDataset,
  exportPatches,
  generateRawPatches,
} from '../../../src/core/synthetic/index';

const options = { seed: 777, count: 60, profile: 'test', generator: 'realistic', augment: true } as const;

describe('exportPatches', () => {
  it('holds the data set the training scripts build, byte for byte, with a manifest naming every byte', () => {
    const { manifest, arrays } = exportPatches(options);
    const set = buildDataset(generateRawPatches({ ...options, augment: undefined }));
    expect(Buffer.from(arrays.x).equals(Buffer.from(set.inputs.buffer))).toBe(true);
    expect(arrays.x.byteLength).toBe(60 * 48 * 48 * 4);
    expect([...arrays.y]).toEqual([...set.labels]);
    expect([...arrays.kind]).toEqual([...set.kinds]);
    expect([...arrays.applied]).toEqual([...set.applied]);
    // Labels follow kinds as the manifest's names say; realistic kinds only.
    arrays.kind.forEach((k, i) => expect(arrays.y[i]).toBe(KIND_LABELS[k]));
    expect(Math.min(...arrays.kind)).toBeGreaterThanOrEqual(KIND_NAMES.indexOf('bsr'));
    expect(manifest).toMatchObject({ ...options, side: 48, kindNames: KIND_NAMES, augmentationBits: AUGMENTATIONS });
    expect(manifest.bounds).toEqual(set.bounds);
    expect(JSON.parse(JSON.stringify(manifest))).toEqual(manifest);
  });

  it('without augmentation gives the same scenes unaugmented, and the paper generator its own kinds', () => {
    const plain = exportPatches({ ...options, augment: false });
    const augmented = exportPatches(options);
    expect([...plain.arrays.kind]).toEqual([...augmented.arrays.kind]);
    expect(plain.arrays.applied.every((a) => a === 0)).toBe(true);
    expect(augmented.arrays.applied.some((a) => a !== 0)).toBe(true);
    expect(Buffer.from(plain.arrays.x).equals(Buffer.from(augmented.arrays.x))).toBe(false);
    const paper = exportPatches({ ...options, generator: 'paper' });
    expect(Math.max(...paper.arrays.kind)).toBeLessThan(KIND_NAMES.indexOf('bsr'));
  });

  it('refuses a count it cannot hold, naming the field and the limit, before generating anything', () => {
    expect(MAX_EXPORT_PATCHES).toBe(116508);
    for (const count of [0, 1.5, MAX_EXPORT_PATCHES + 1]) {
      expect(() => exportPatches({ ...options, count })).toThrow(/count.*from 1 to 116508.*several data sets/);
    }
  });
});
