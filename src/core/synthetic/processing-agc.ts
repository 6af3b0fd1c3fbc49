/**
 * Training patches as a processed line would show them after a short automatic gain control (AGC). Published and
 * delivered sections are often AGC'd, which takes away the BSR's brightness against its neighbours (the cue the
 * network learns first) and lifts weak water-column noise to full strength. A share of the training patches gets
 * the same AGC the viewer offers (`core/display/gain.ts`: each sample divided by the mean |amplitude| in a window
 * centred on it), so the network meets a BSR whose only cues left are its polarity and its crossing of the strata.
 * Seeded per patch: the same seed and share give the same patches, whichever worker made them.
 */
import { Rng, deriveSeed } from '../prng';
import { agc } from '../display/gain';
import { PATCH_CELLS, PATCH_SIDE } from './types';
import { GENERATOR_PERIOD_SAMPLES } from '../line/period';

const AGC_STREAM = 0xa6c;
/**
 * AGC windows drawn per patch, in dominant periods of the generator's wavelet: 2–5 periods. A 250 ms AGC on a
 * 4 ms line of 80 ms period (the dev lines' period is 17–21 samples) spans about 3 periods; 1,000 ms spans 12,
 * which hardly changes a patch of 4.4 periods, so longer windows teach nothing new.
 */
export const TRAINING_AGC_PERIODS: readonly [number, number] = [2, 5];

/**
 * Applies an AGC to about `share` of the `count` patches in `patches` (row-major 48×48 cells each, in place).
 * Returns how many were changed.
 */
export function applyTrainingAgc(patches: Float32Array, count: number, seed: number, share: number): number {
  if (!(share >= 0 && share <= 1)) throw new Error(`training AGC share must be within 0..1, got ${share}`);
  if (patches.length < count * PATCH_CELLS)
    throw new Error(`training AGC: ${patches.length} values hold fewer than ${count} patches`);
  if (share === 0) return 0;
  const traceMajor = new Float32Array(PATCH_CELLS);
  let changed = 0;
  for (let i = 0; i < count; i++) {
    const rng = new Rng(deriveSeed(seed, AGC_STREAM, i));
    if (rng.next() >= share) continue;
    const periods = rng.uniform(TRAINING_AGC_PERIODS[0], TRAINING_AGC_PERIODS[1]);
    agcPatch(patches, i * PATCH_CELLS, 2 * Math.floor((periods * GENERATOR_PERIOD_SAMPLES) / 2) + 1, traceMajor);
    changed++;
  }
  return changed;
}

/**
 * AGC of the one patch at `offset` (row-major) over `window` rows, in place, keeping the patch's mean |amplitude|
 * so the data set's one keep-polarity scale (dataset.ts) treats gained and plain patches alike.
 */
export function agcPatch(
  patches: Float32Array,
  offset: number,
  window: number,
  scratch = new Float32Array(PATCH_CELLS),
): void {
  // agc() wants traces × samples; the patch is time rows × columns.
  let level = 0;
  for (let z = 0; z < PATCH_SIDE; z++)
    for (let x = 0; x < PATCH_SIDE; x++) {
      const v = patches[offset + z * PATCH_SIDE + x]!;
      scratch[x * PATCH_SIDE + z] = v;
      level += Math.abs(v);
    }
  const gained = agc(scratch, PATCH_SIDE, PATCH_SIDE, window);
  let gainedLevel = 0;
  for (let i = 0; i < PATCH_CELLS; i++) gainedLevel += Math.abs(gained[i]!);
  const k = gainedLevel > 0 ? level / gainedLevel : 0;
  for (let z = 0; z < PATCH_SIDE; z++)
    for (let x = 0; x < PATCH_SIDE; x++) patches[offset + z * PATCH_SIDE + x] = k * gained[x * PATCH_SIDE + z]!;
}
