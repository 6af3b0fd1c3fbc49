/**
 * The Classify controls' numbers checked before a run starts, in the words of the controls: a run refused here
 * changes nothing on screen (the map shown stays), where the worker's refusal would come after the old map was
 * cleared, and in the core's field names.
 */
import type { ClassifySettings } from './classify-client';

const whole = (v: number): boolean => Number.isInteger(v) && v >= 1;

/** Why `settings` cannot classify a line of `traces` traces ('' = they can). */
export function classifySettingsProblem(settings: ClassifySettings, traces: number): string {
  const { stride, patchTraces, scale } = settings;
  if (!whole(stride)) return `stride must be a whole number of samples and traces, at least 1 (got ${stride})`;
  if (!whole(patchTraces)) return `patch traces must be a whole number, at least 1 (got ${patchTraces})`;
  if (patchTraces > traces)
    return `patch traces (${patchTraces}) is more than the line holds (${traces} trace${traces === 1 ? '' : 's'})`;
  if (typeof scale === 'number' && !(scale > 0 && Number.isFinite(scale)))
    return `the time scale must be a positive number (got ${scale})`;
  return '';
}
