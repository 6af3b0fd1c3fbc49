/** Synthetic BSR patch generator (spn-reference §1): public API. */
export * from './types';
export { drawKind, drawPatchGeometry, renderPatch, REFLECTOR_GRID, BACKGROUND_GRID } from './geometry';
export type { PatchGeometry } from './geometry';
export { fillLayerProfile, enlargedSide } from './layers';
export * from './augment/index';
export { generateRawPatches, patchGeometry, validateGenerateOptions, MAX_PATCHES_PER_CALL } from './generator';
export type { GenerateOptions, RawPatches } from './generator';
export { buildDataset, MAX_DATASET_VALUES } from './dataset';
export type { BuildOptions, Dataset } from './dataset';
export { PercentileAccumulator, exactPercentiles, exactPercentilesAsync, numpyLerp } from './percentile';
export type { PercentileValue } from './percentile';
export {
  KEEP_POLARITY_PERCENTILES,
  keepPolarityAccumulator,
  boundsFromAccumulator,
  keepPolarityScale,
  keepPolarityScaleAsync,
  applyKeepPolarity,
} from './standardise';
export type { KeepPolarityBounds } from './standardise';
export { resizePatch, resizeTo112, resizeBatch } from './resize';
export { benchmarkGenerator } from './bench';
export type { GeneratorBenchResult } from './bench';
export * from './realistic/index';
export { kindShares } from './kind-shares';
export { exportPatches, MAX_EXPORT_PATCHES } from './patch-export';
export type { PatchExport, PatchExportManifest, PatchExportOptions } from './patch-export';
