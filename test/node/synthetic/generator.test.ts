import { describe, expect, it } from 'vitest';
import {
  AUGMENTATIONS,
  GeneratorSettingsError,
  KIND_LABELS,
  KIND_SHARES,
  MAX_PATCHES_PER_CALL,
  generateRawPatches,
} from '../../../src/core/synthetic/index';

/** Byte-exact equality of two float arrays (fast; vitest's deep equality is slow on ~10^6 elements). */
const sameBytes = (a: Float32Array, b: Float32Array): boolean =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

describe('generateRawPatches', () => {
  it('is a pure function of (seed, index, profile): splits concatenate to the whole', () => {
    const whole = generateRawPatches({ seed: 42, count: 100 });
    const again = generateRawPatches({ seed: 42, count: 100 });
    expect(sameBytes(again.patches, whole.patches)).toBe(true);
    const a = generateRawPatches({ seed: 42, from: 0, count: 40 });
    const b = generateRawPatches({ seed: 42, from: 40, count: 60 });
    const joined = new Float32Array(100 * 2304);
    joined.set(a.patches);
    joined.set(b.patches, 40 * 2304);
    expect(sameBytes(joined, whole.patches)).toBe(true);
    expect([...a.kinds, ...b.kinds]).toEqual([...whole.kinds]);
    expect([...a.applied, ...b.applied]).toEqual([...whole.applied]);
    const other = generateRawPatches({ seed: 43, count: 100 });
    expect(sameBytes(other.patches, whole.patches)).toBe(false);
    const test = generateRawPatches({ seed: 42, count: 100, profile: 'test' });
    expect(sameBytes(test.patches, whole.patches)).toBe(false);
  });

  it('labels follow kinds and every patch has finite, non-trivial values', () => {
    const r = generateRawPatches({ seed: 9, count: 200 });
    for (let j = 0; j < 200; j++) {
      expect(r.labels[j]).toBe(KIND_LABELS[r.kinds[j]!]);
      const p = r.patches.subarray(j * 2304, (j + 1) * 2304);
      expect(p.every(Number.isFinite)).toBe(true);
      expect(p.some((v) => v !== 0)).toBe(true);
    }
  });

  it('draws the class mix binomially within 4 sigma on 10,000 patches', () => {
    const n = 10_000;
    const r = generateRawPatches({ seed: 2024, count: n, augment: false });
    const counts = [0, 0, 0, 0];
    for (const k of r.kinds) counts[k]!++;
    KIND_SHARES.forEach((p, k) => {
      const sigma = Math.sqrt(n * p * (1 - p));
      expect(Math.abs(counts[k]! - n * p)).toBeLessThan(4 * sigma);
    });
    const positives = r.labels.reduce((s, l) => s + l, 0);
    expect(Math.abs(positives - n / 2)).toBeLessThan(4 * Math.sqrt(n / 4));
    expect(r.applied.every((m) => m === 0)).toBe(true);
  });

  it('applies each augmentation at about its profile probability', () => {
    const n = 2000;
    const r = generateRawPatches({ seed: 77, count: n });
    const train = [0.4, 0.5, 0.35, 0.4, 0.35, 0.35];
    AUGMENTATIONS.forEach((_, k) => {
      const c = r.applied.reduce((s, m) => s + ((m >> k) & 1), 0);
      expect(Math.abs(c - n * train[k]!)).toBeLessThan(4 * Math.sqrt(n * train[k]! * (1 - train[k]!)));
    });
  });

  it('forceAugmentation applies exactly one; disabling one leaves the others unchanged', () => {
    const forced = generateRawPatches({ seed: 3, count: 50, augment: { forceAugmentation: 'dropout' } });
    expect(forced.applied.every((m) => m === 1 << AUGMENTATIONS.indexOf('dropout'))).toBe(true);
    const all = generateRawPatches({ seed: 3, count: 50 });
    const noBlur = generateRawPatches({ seed: 3, count: 50, augment: { disable: ['blur'] } });
    const blurBit = 1 << AUGMENTATIONS.indexOf('blur');
    for (let j = 0; j < 50; j++) expect(noBlur.applied[j]).toBe(all.applied[j]! & ~blurBit);
  });

  it('rejects bad settings with a typed error naming the field', () => {
    const field = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return e instanceof GeneratorSettingsError ? e.field : 'other error';
      }
      return undefined;
    };
    expect(field(() => generateRawPatches({ seed: 1.5, count: 1 }))).toBe('seed');
    expect(field(() => generateRawPatches({ seed: -1, count: 1 }))).toBe('seed');
    expect(field(() => generateRawPatches({ seed: 1, count: 0 }))).toBe('count');
    expect(field(() => generateRawPatches({ seed: 1, count: MAX_PATCHES_PER_CALL + 1 }))).toBe('count');
    expect(field(() => generateRawPatches({ seed: 1, from: -2, count: 1 }))).toBe('from');
    expect(field(() => generateRawPatches({ seed: 1, count: 1, profile: 'hard' as 'test' }))).toBe('profile');
    expect(
      field(() => generateRawPatches({ seed: 1, count: 1, augment: { forceAugmentation: 'zoom' as 'blur' } })),
    ).toBe('augment.forceAugmentation');
  });
});
