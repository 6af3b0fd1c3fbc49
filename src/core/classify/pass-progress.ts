/**
 * Progress of a job made of several passes over a line (the time-scale probes, then the map) reported as one: done
 * and total add up over the passes, so a progress bar and its ETA never run backwards when a pass ends and the next
 * starts. Each pass's total is known (or estimated) before it runs and replaced by what the pass reports.
 */
import type { ClassifyHooks } from './classify';

export class PassProgress {
  private readonly totals: number[];

  /** `totals`: patches of each pass, as far as known before it runs (0 for a pass that will not run). */
  constructor(
    private readonly hooks: ClassifyHooks | undefined,
    totals: readonly number[],
  ) {
    this.totals = [...totals];
  }

  /** The hooks of pass `index`: its progress reported over all passes; the caller's cancel flag. */
  pass(index: number): ClassifyHooks {
    const hooks = this.hooks;
    return {
      isCancelled: () => hooks?.isCancelled?.() ?? false,
      onProgress: (done, total, patchesPerS) => {
        this.totals[index] = total;
        hooks?.onProgress?.(this.sum(index) + done, this.sum(this.totals.length), patchesPerS);
      },
    };
  }

  /** Pass `index` will not run (a probe whose patch does not fit the line): its patches leave the total. */
  skip(index: number): void {
    this.totals[index] = 0;
  }

  private sum(upTo: number): number {
    let s = 0;
    for (let i = 0; i < upTo; i++) s += this.totals[i]!;
    return s;
  }
}
