/** A finished candidate's result with every score at `acc` (one validation point when `withVal`), for db tests. */
import type { CandidateResult } from '../../src/core/train/trainer';

export function candidateResult(acc: number, withVal = false): CandidateResult {
  return {
    meanTop5: acc,
    meanTop3: acc,
    max: acc,
    curves: { train: [], val: withVal ? [{ step: 1, loss: 0.5, acc }] : [] },
    params: 1,
    macs: 1,
    steps: 1,
    epochs: 1,
    stoppedBy: 'max-epochs',
    trainSeconds: 1,
    trainSamplesPerS: 1,
    inferPatchesPerS: 1,
  };
}
