import { describe, expect, it } from 'vitest';
import { testPatchIndex, trainCount } from '../../../src/core/dataset-settings';

describe('held-out test patch index in the test profile', () => {
  it('follows the validation patches with test-profile validation, and starts at 0 with the train split', () => {
    const ds = { size: 2000, valFraction: 0.15, validation: 'test-profile' as const };
    expect(2000 - trainCount(ds)).toBe(300);
    expect(testPatchIndex(ds, 0)).toBe(300);
    expect(testPatchIndex(ds, 7)).toBe(307);
    expect(testPatchIndex({ ...ds, validation: 'train-split' }, 7)).toBe(7);
    // Settings from before the field existed mean the train split.
    expect(testPatchIndex({ size: 2000, valFraction: 0.15 }, 7)).toBe(7);
  });
});
