/**
 * The BSR horizon of a finished map at the user's threshold. The pipeline tracks the horizon at P ≥ 0.5 on the
 * patches' own P; a cautious model on a hard line can rank the BSR first and stay under 0.5 everywhere (GOM GB: the
 * map's strongest P 0.27, a patch's own 0.34), so the map shows colours and no horizon. Lowering the map's contour
 * threshold should bring the horizon with it, tracked exactly as the pipeline tracks it: on the own P, below the
 * seabed and its mask margin.
 */
import { pickHorizon, type BsrHorizon } from './horizon';
import type { MapResult } from './results';
import { foundSeabed } from '../line/presentation';

/** What a finished map keeps that the horizon is tracked from. */
export type HorizonSource = Pick<
  MapResult,
  'grid' | 'values' | 'ownValues' | 'done' | 'cancelled' | 'presentation' | 'horizon'
>;

/** The map's horizon at P ≥ `threshold`: the pipeline's own when it was picked at that threshold. */
export function horizonAtThreshold(map: HorizonSource, threshold: number): BsrHorizon {
  if (threshold === map.horizon.minProbability) return map.horizon;
  const own = { grid: map.grid, values: map.ownValues ?? map.values, done: map.done, cancelled: map.cancelled };
  return pickHorizon(own, foundSeabed(map.presentation), map.presentation.maskMarginSamples, threshold);
}
