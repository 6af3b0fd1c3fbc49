import { describe, expect, it } from 'vitest';
import { agcPatch, applyTrainingAgc } from '../../../src/core/synthetic/processing-agc';
import { generateRawPatches } from '../../../src/core/synthetic';
import { PATCH_CELLS, PATCH_SIDE } from '../../../src/core/synthetic/types';

/** A patch with one bright reflector (row 24) in weak layered strata, row-major. */
function brightReflectorPatch(): Float32Array {
  const p = new Float32Array(PATCH_CELLS);
  for (let z = 0; z < PATCH_SIDE; z++)
    for (let x = 0; x < PATCH_SIDE; x++)
      p[z * PATCH_SIDE + x] = z === 24 ? -10 : 0.5 * Math.sin((2 * Math.PI * z) / 11);
  return p;
}

function meanAbs(a: Float32Array, from = 0, to = a.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += Math.abs(a[i]!);
  return s / (to - from);
}

describe('training AGC (processing-agc.ts)', () => {
  it('takes away a bright reflector’s brightness against its neighbours and keeps the patch’s level and signs', () => {
    const p = brightReflectorPatch();
    const before = p.slice();
    agcPatch(p, 0, 23); // two periods of the generator's wavelet
    const row = (a: Float32Array, z: number): number => Math.abs(a[z * PATCH_SIDE + 10]!);
    // Strata a window away from the reflector are lifted against it; those beside it are not (one divisor).
    expect(row(before, 24) / row(before, 3)).toBeGreaterThan(15);
    expect(row(p, 24) / row(p, 3)).toBeLessThan(row(before, 24) / row(before, 3) / 2);
    const near = row(p, 24) / row(p, 21) / (row(before, 24) / row(before, 21));
    expect(near).toBeGreaterThan(0.85);
    expect(near).toBeLessThan(1.15);
    expect(meanAbs(p)).toBeCloseTo(meanAbs(before), 4);
    for (let i = 0; i < PATCH_CELLS; i++) expect(Math.sign(p[i]!)).toBe(Math.sign(before[i]!));
  });

  it('is deterministic by seed, changes about the share asked, and leaves the rest untouched', () => {
    const raw = generateRawPatches({ seed: 11, count: 200, profile: 'train', generator: 'realistic' });
    const a = raw.patches.slice();
    const b = raw.patches.slice();
    const changedA = applyTrainingAgc(a, 200, 5, 0.3);
    expect(applyTrainingAgc(b, 200, 5, 0.3)).toBe(changedA);
    expect(a).toEqual(b);
    expect(changedA).toBeGreaterThan(40);
    expect(changedA).toBeLessThan(80);
    let untouched = 0;
    for (let i = 0; i < 200; i++) {
      const same = a
        .subarray(i * PATCH_CELLS, (i + 1) * PATCH_CELLS)
        .every((v, k) => v === raw.patches[i * PATCH_CELLS + k]);
      if (same) untouched++;
    }
    expect(untouched).toBe(200 - changedA);
    const other = raw.patches.slice();
    applyTrainingAgc(other, 200, 6, 0.3);
    expect(other).not.toEqual(a);
  });

  it('changes nothing at share 0 and refuses a share outside 0..1 or too few values', () => {
    const p = brightReflectorPatch();
    expect(applyTrainingAgc(p, 1, 1, 0)).toBe(0);
    expect(p).toEqual(brightReflectorPatch());
    expect(() => applyTrainingAgc(p, 1, 1, 1.5)).toThrow(/share/);
    expect(() => applyTrainingAgc(p, 2, 1, 0.5)).toThrow(/fewer than 2 patches/);
  });
});
