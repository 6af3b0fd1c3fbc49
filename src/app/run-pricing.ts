/** Prices the settings entered in the Search form on this device: the estimate, why there is none, and ways to fit the budget. */
import { deviceSpeedFromProbe, estimateRunCost, type CostEstimate } from '../core/search/cost';
import { fitOptions, type FitOption } from '../core/search/fit-budget';
import { validateSearchSettings, type SearchSettings } from '../core/search/settings';
import type { ProbeTiming } from '../runtime/backends';
import type { BackendAvailability } from '../core/backend-names';
import { defaultPoolSize } from './generator-pool';

/** The duration a new run should fit; longer ones get "fit in 1 h" options. */
export const FIT_BUDGET_SECONDS = 3600;

export interface RunPrice {
  estimate: CostEstimate | null;
  /** Why there is no estimate ('' when the device is simply unmeasured). */
  estimateNote: string;
  fit: FitOption[];
}

/**
 * `availability`: what this browser offers (found at once, before any measuring), so a chosen backend that is missing
 * or a software adapter is said before the device is measured, not only after.
 */
export function priceRun(
  settings: SearchSettings,
  probe: readonly ProbeTiming[] | null,
  availability: readonly BackendAvailability[] = [],
): RunPrice {
  const bad = Object.keys(validateSearchSettings(settings)).length > 0;
  const speed = deviceSpeedFromProbe(probe, settings.backend, defaultPoolSize());
  const estimateNote = bad
    ? 'Fix the settings above to see how long the run would take.'
    : !speed && probe
      ? untimedNote(settings.backend, probe, availability)
      : !speed
        ? unmeasuredNote(settings.backend, availability)
        : '';
  const estimate = bad || !speed ? null : estimateRunCost(settings, speed);
  return {
    estimate,
    estimateNote,
    fit:
      estimate && speed && estimate.seconds > FIT_BUDGET_SECONDS ? fitOptions(settings, speed, FIT_BUDGET_SECONDS) : [],
  };
}

/**
 * Why a backend chosen in the form has no timing: not in this browser at all (the run would fall back to the next),
 * or found but not timed (a software WebGPU/WebGL adapter, about 100x slower than wasm, or its probe failed).
 */
function untimedNote(
  backend: string,
  probe: readonly ProbeTiming[],
  availability: readonly BackendAvailability[],
): string {
  const entry = probe.find((p) => p.name === backend);
  const missing = availability.find((a) => a.name === backend && !a.available);
  if (!entry || entry.available === false || missing) return missingNote(backend, missing?.detail);
  return `Backend ${backend} was not timed on this device (${entry.note}), so the run cannot be priced; choose auto or a timed backend.`;
}

/** Before the device is measured: '' (offer to measure) unless the chosen backend is known missing or software. */
function unmeasuredNote(backend: string, availability: readonly BackendAvailability[]): string {
  const a = availability.find((x) => x.name === backend);
  if (!a) return '';
  if (!a.available) return missingNote(backend, a.detail);
  if (a.software)
    return `Backend ${backend} is a software adapter in this browser (${a.detail}), about 100 times slower than wasm: choose auto, which skips it.`;
  return '';
}

function missingNote(backend: string, detail: string | undefined): string {
  return `Backend ${backend} is not available in this browser${detail ? ` (${detail})` : ''}: every candidate would fail on it and fall back to the next backend. Choose auto.`;
}
