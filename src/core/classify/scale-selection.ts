/**
 * Time-scale selection by the network's own response. The automatic time scale matches the peak of a line's trace
 * spectrum to the generator's, but that peak mixes the wavelet with the layering: thin strata move it to shorter
 * periods, so a line with thin layers is shown too stretched (the evaluation suite's deep zero-phase line: AUC 0.75 at
 * the matched scale, 0.99 at 1.8 times it). As in scale-space feature detection, the line is probed at a few
 * multiples of the matched scale and the map is made at the one where the network's strongest answers are
 * strongest. Measured in session 14 on three draws of the shipped recipe (README): the suite's mean AUC rose by
 * 0.04-0.06, and every real dev line kept the matched scale (their response falls with the factor, as their scores
 * do). The default since session 15 (the CLIs' --no-select-scale and the app's 'matched period only' turn it off).
 */
import type { ModelProvenance } from '../model-file/format';

/** Multiples of the period-matched scale factor that are tried (the first wins ties). */
export const SCALE_SELECTION_FACTORS: readonly number[] = [1, 1.25, 1.5, 1.8];

/**
 * A probe's strides are this multiple of the map's, each way (2: a quarter of the map's patches per probe). At 3 (a
 * ninth) the probes cost less than half a map, but the choice moved on three suite lines and the suite fell from
 * 0.912 / 0.497 to 0.905 / 0.436 (session 15); the dev real lines kept ×1 either way.
 */
export const PROBE_STRIDE_MULTIPLE = 2;

/** Share of a probe map's patch centres, the most probable, whose mean P is its response. */
export const SCALE_RESPONSE_SHARE = 0.005;

/** At least this many patch centres make a response (a short line's probe holds few). */
export const MIN_RESPONSE_PATCHES = 3;

/**
 * A probe beyond the matched scale is chosen only when its response beats the matched scale's by this share. A
 * response is the mean of a handful of patch centres (a probe holds a quarter of the map's), so a few per cent either
 * way is noise, while a taller patch also deepens the seabed mask (half a patch): on the dev real line GOM GC with its
 * brightest 2 % of amplitudes clipped, the responses were 0.291 at x1 and 0.295 at x1.8, and x1.8's mask reached its
 * BSR, 96-121 samples under the seabed (AUC 0.99 -> 0.10; x1 keeps 0.92). The suite's lines whose scores the selection
 * lifts win by 10-36 % (session 25), and every choice on the suite stays as it was.
 */
export const SCALE_SELECTION_MARGIN = 0.05;

/** The probe running: its number (1-based) of how many, and its factor. */
export interface ScaleProbe {
  probe: number;
  of: number;
  factor: number;
}

/** What the selection tried and chose. */
export interface ScaleSelection {
  /** The period-matched factor the multiples apply to. */
  autoFactor: number;
  /** The factors probed (autoFactor x SCALE_SELECTION_FACTORS) and their responses (NaN: the probe had no patch). */
  factors: number[];
  responses: number[];
  /** The factor the map is made at. */
  factor: number;
  /** Patches the probes classified (beside the map's own): part of the job's work, and of its throughput. */
  probePatches: number;
}

/**
 * Response of a probe map: the mean of its most probable patch centres (the top `share`, at least
 * MIN_RESPONSE_PATCHES; NaN values are unclassified and left out). NaN when no centre has a value.
 */
export function mapResponse(values: Float32Array, share = SCALE_RESPONSE_SHARE): number {
  const finite = Array.from(values).filter((v) => !Number.isNaN(v));
  if (finite.length === 0) return NaN;
  finite.sort((a, b) => b - a);
  const k = Math.min(finite.length, Math.max(MIN_RESPONSE_PATCHES, Math.round(share * finite.length)));
  let sum = 0;
  for (let i = 0; i < k; i++) sum += finite[i]!;
  return sum / k;
}

/**
 * Index of the probe the map is made at: the strongest response, unless it beats the first (the matched scale) by
 * less than `margin` of it ({@link SCALE_SELECTION_MARGIN}), when the first is kept; -1 when none is a number.
 */
export function chosenProbe(responses: readonly number[], margin = SCALE_SELECTION_MARGIN): number {
  const best = strongestResponse(responses);
  const first = responses[0];
  if (best <= 0 || first === undefined || Number.isNaN(first)) return best;
  return responses[best]! > first * (1 + margin) ? best : 0;
}

/** Index of the strongest response (the first of equals; NaN never wins); -1 when none is a number. */
export function strongestResponse(responses: readonly number[]): number {
  let best = -1;
  for (let i = 0; i < responses.length; i++)
    if (!Number.isNaN(responses[i]!) && (best < 0 || responses[i]! > responses[best]!)) best = i;
  return best;
}

/**
 * Whether a model's maps may choose their time scale by its response. A model fine-tuned on patches cut at the
 * period-matched scale (`finetune`'s default) learned the marked BSR at that scale, and its response elsewhere says
 * nothing of the line: on the UK dev line's second half classified on its own, the tuned model answered 17 % more
 * strongly at ×1.25 and its map there scored AP 0.697, against 0.839 at the matched scale its marks were cut at
 * (session 28). Every other model (and one tuned with `--select-scale`) selects as asked.
 */
export function selectsScaleFor(provenance: ModelProvenance | undefined): boolean {
  if (provenance?.kind !== 'fine-tuned') return true;
  const presentation = provenance['presentation'];
  const source =
    typeof presentation === 'object' && presentation !== null
      ? (presentation as Record<string, unknown>)['scale_source']
      : undefined;
  return source !== 'auto';
}
