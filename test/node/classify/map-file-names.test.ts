import { describe, expect, it } from 'vitest';
import { exportStem, modelFileTag } from '../../../src/app/map-export';
import { modelFileName } from '../../../src/app/model-export';

describe("a map's file name", () => {
  it('names the line and the model, cut at a word, with a tag of the model id', () => {
    expect(exportStem('31_81_PR.sgy', 'all traces')).toBe('31_81_PR-all-traces');
    const bundled = modelFileTag('Demo model (bundled): BSR classifier (realistic profile, searched)', 'bundled:demo');
    expect(bundled).toMatch(/^Demo-model-bundled-BSR-[0-9a-f]{6}$/);
    // A single word longer than the limit is cut at the limit.
    expect(modelFileTag('x'.repeat(50), 'm1')).toMatch(/^x{32}-[0-9a-f]{6}$/);
    expect(modelFileTag('tiny', 'm1')).toMatch(/^tiny-[0-9a-f]{6}$/);
  });

  it('tells apart two models whose names run alike for their first 32 characters', () => {
    const name = 'BSR classifier (realistic profile, searched) · tuned on 31_81_PR.sgy';
    const a = modelFileTag(`${name}, stored 2026-12-07 05:40`, 'tuned-1');
    const b = modelFileTag(`${name}, stored 2026-12-07 05:41`, 'tuned-2');
    expect(a.replace(/-[0-9a-f]{6}$/, '')).toBe(b.replace(/-[0-9a-f]{6}$/, ''));
    expect(a).not.toBe(b);
    // The same model gets the same name on every download.
    expect(modelFileTag(name, 'tuned-1')).toBe(modelFileTag(name, 'tuned-1'));
  });

  it('keeps only characters a file name can hold', () => {
    expect(modelFileTag('a/b\\c:d*e?f"g<h>i|j', 'id')).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(modelFileTag('', 'id')).toMatch(/^model-[0-9a-f]{6}$/);
  });
});

describe("a model file's name", () => {
  it('is the model name made safe, without the extension of the line a tuned model names', () => {
    expect(modelFileName('BSR classifier (realistic profile, searched) · tuned on bsr-r30-4ms.sgy — all traces')).toBe(
      'BSR-classifier-realistic-profile-searched-tuned-on-bsr-r30-4ms-all-traces.json',
    );
    expect(modelFileName('tuned on LINE.SEGY')).toBe('tuned-on-LINE.json');
    expect(modelFileName('tuned on a.su')).toBe('tuned-on-a.json');
    // Only a whole extension goes: names that merely contain the letters keep them.
    expect(modelFileName('run 3.5 · candidate 2')).toBe('run-3.5-candidate-2.json');
    expect(modelFileName('survey.sgyx')).toBe('survey.sgyx.json');
    expect(modelFileName('')).toBe('model.json');
  });
});
