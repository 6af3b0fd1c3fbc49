/** The Classify controls' numbers are refused before a run, in the controls' words (src/app/classify-settings-check.ts). */
import { describe, expect, it } from 'vitest';
import { classifySettingsProblem } from '../../../src/app/classify-settings-check';
import { MIN_PATCH_TRACES } from '../../../src/core/classify';

describe('classifySettingsProblem', () => {
  const ok = { patchTraces: 72, stride: 8 };

  it('accepts the defaults on a line wide enough', () => {
    expect(classifySettingsProblem(ok, 400)).toBe('');
    expect(classifySettingsProblem({ patchTraces: MIN_PATCH_TRACES, stride: 8, scale: 1.5 }, MIN_PATCH_TRACES)).toBe(
      '',
    );
  });

  it('refuses a line narrower than the network, whatever the patch width, saying how many traces it has', () => {
    expect(classifySettingsProblem({ patchTraces: 18, stride: 8 }, 18)).toBe(
      "this line has 18 traces, fewer than the 48 a patch needs (the network's width): choose a longer line",
    );
    expect(classifySettingsProblem(ok, 1)).toMatch(/^this line has 1 trace, fewer than the 48/);
  });

  it('refuses a patch narrower than the network: it would be stretched sideways', () => {
    expect(classifySettingsProblem({ patchTraces: 20, stride: 8 }, 400)).toBe(
      "patch traces must be at least 48, the network's width (got 20; fewer would stretch the traces sideways)",
    );
  });

  it('refuses a patch wider than the line, a bad stride and a bad time scale', () => {
    expect(classifySettingsProblem({ patchTraces: 96, stride: 8 }, 60)).toBe(
      'patch traces (96) is more than the line holds (60 traces)',
    );
    expect(classifySettingsProblem({ patchTraces: 72, stride: 0 }, 400)).toMatch(/^stride must be a whole number/);
    expect(classifySettingsProblem({ patchTraces: 72, stride: 8, scale: -1 }, 400)).toBe(
      'the time scale must be a positive number (got -1)',
    );
  });
});
