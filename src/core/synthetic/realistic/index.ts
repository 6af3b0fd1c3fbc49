/** The realistic generator profile (issue 16): public API. */
export { REALISTIC_KINDS, REALISTIC_KIND_SHARES, realisticKindFor } from './kinds';
export type { RealisticKind } from './kinds';
export {
  BASE_PERIOD_SAMPLES,
  PERIOD_FACTOR_RANGE,
  PHASE_RANGE_DEG,
  WAVELET_SHAPES,
  drawWavelet,
  doublet,
  ricker,
  rickerQuadrature,
  rotatedRicker,
  tabulateWavelet,
  waveletAt,
} from './wavelet';
export type { Wavelet, WaveletShape } from './wavelet';
export { CENTRE_COLUMN, addSmoothProfile, applyAmplitudeChange, applyGaps, dipSlope } from './along';
export { STRATA_LENGTH, addStrataColumn, drawFault, drawStrata, strataAt, strataHorizon, strataShift } from './strata';
export type { Fault, Strata } from './strata';
export { drawReflector, straightReflector } from './reflector';
export type { Reflector, ReflectorRole } from './reflector';
export { addSwell, addWaterNoise } from './noise';
export { applyStaticShifts, drawStaticShifts } from './jitter';
export { drawRealisticScene, renderRealisticScene } from './scene';
export type { BsrZones, RealisticScene, RenderLayers } from './scene';
