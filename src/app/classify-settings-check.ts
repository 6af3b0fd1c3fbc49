/**
 * The Classify controls' numbers checked before a run starts, in the words of the controls: a run refused here
 * changes nothing on screen (the map shown stays), where the worker's refusal would come after the old map was
 * cleared, and in the core's field names.
 */
import type { ClassifySettings } from './classify-client';
import { MIN_PATCH_TRACES } from '../core/classify/grid';

const whole = (v: number): boolean => Number.isInteger(v) && v >= 1;

/** Why `settings` cannot classify a line of `traces` traces ('' = they can). */
export function classifySettingsProblem(settings: ClassifySettings, traces: number): string {
  const { stride, patchTraces, scale } = settings;
  if (!whole(stride)) return `stride must be a whole number of samples and traces, at least 1 (got ${stride})`;
  if (!whole(patchTraces)) return `patch traces must be a whole number, at least 1 (got ${patchTraces})`;
  // The network sees MIN_PATCH_TRACES traces side by side: a narrower patch would be stretched sideways to fill them,
  // flattening every dip, so a map of it would be a silent wrong answer.
  if (traces < MIN_PATCH_TRACES)
    return `this line has ${traces} trace${traces === 1 ? '' : 's'}, fewer than the ${MIN_PATCH_TRACES} a patch needs (the network's width): choose a longer line`;
  if (patchTraces < MIN_PATCH_TRACES)
    return `patch traces must be at least ${MIN_PATCH_TRACES}, the network's width (got ${patchTraces}; fewer would stretch the traces sideways)`;
  if (patchTraces > traces)
    return `patch traces (${patchTraces}) is more than the line holds (${traces} trace${traces === 1 ? '' : 's'})`;
  if (typeof scale === 'number' && !(scale > 0 && Number.isFinite(scale)))
    return `the time scale must be a positive number (got ${scale})`;
  return '';
}
