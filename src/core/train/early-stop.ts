/**
 * Early-stop rules over the sequence of validation losses (one per validation, i.e. every 10 batches).
 *
 * - `authors`: the rule of the authors' script (spn-reference §3): stop when the validation loss has not improved
 *   on the best so far by a relative 0.5 % for `patience = int(3 * batchesPerEpoch / 10)` validations. The authors
 *   call it naive: one noisy low loss resets nothing, one noisy high loss counts against the candidate, and with
 *   few batches per epoch the patience can be 0.
 * - `smoothed`: the same patience (3 epochs of validations, at least 5), but on an exponential moving average of
 *   the validation loss (α = 0.3) and with a smaller 0.1 % bar. On a noisy plateau the raw loss keeps setting
 *   lucky new records that reset the authors' counter, so candidates that stopped learning train on; the
 *   average does not set records by luck, so it stops them sooner, while a real downward trend of the average
 *   still resets it.
 */
export type EarlyStopRule = 'authors' | 'smoothed' | 'none';

export const EARLY_STOP_RULES: readonly EarlyStopRule[] = ['authors', 'smoothed', 'none'];

export interface EarlyStopper {
  /** Feeds one validation loss; returns true when training should stop. */
  update(valLoss: number): boolean;
  readonly patience: number;
}

/** True once `patience` values in a row have not improved on the best so far by the relative `minDrop`. */
function patienceCounter(patience: number, minDrop: number): (value: number) => boolean {
  let best = Infinity;
  let since = 0;
  return (value) => {
    if (value < best * (1 - minDrop)) {
      best = value;
      since = 0;
    } else {
      since++;
    }
    return since >= patience;
  };
}

export function makeEarlyStopper(rule: EarlyStopRule, batchesPerEpoch: number, validateEvery = 10): EarlyStopper {
  if (rule === 'none') return { patience: Infinity, update: () => false };
  if (rule === 'authors') {
    const patience = Math.max(1, Math.trunc((3 * batchesPerEpoch) / 10));
    return { patience, update: patienceCounter(patience, 0.005) };
  }
  const validationsPerEpoch = batchesPerEpoch / validateEvery;
  const patience = Math.max(5, Math.ceil(3 * validationsPerEpoch));
  const alpha = 0.3;
  const stalled = patienceCounter(patience, 0.001);
  let ema: number | null = null;
  return {
    patience,
    update(loss) {
      ema = ema === null ? loss : alpha * loss + (1 - alpha) * ema;
      return stalled(ema);
    },
  };
}
