import { describe, expect, it } from 'vitest';
import {
  AUGMENTATIONS,
  KIND_LABELS,
  KIND_NAMES,
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
});
