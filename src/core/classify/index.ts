/** Classifying a seismic line with a trained network: section, grid, map, exports, saliency, synthetic test line. */
export {
  ClassifyError,
  DEFAULT_PATCH_TRACES,
  defaultPatchTraces,
  MIN_PATCH_TRACES,
  makePatchGrid,
  patchAt,
  nearestPatch,
  patchCentre,
  centreSpan,
  emptyMap,
} from './grid';
export type { CentreSpan, GridOptions, PatchGrid, ProbabilityMap } from './grid';
export {
  MAX_SECTION_SAMPLES,
  segyTraceSource,
  sectionTraceSource,
  sectionBounds,
  loadStandardisedSection,
  cutPatch,
} from './section';
export type { Section, TraceSource, TraceSourceShape, TraceChunkReader, SectionReadOptions } from './section';
export { classifySection, cutBatch } from './classify';
export type { ClassifyOptions, ClassifyHooks } from './classify';
export { mapToCsv, mapToLineRgba } from './export';
export { mapSamples } from './map-samples';
export {
  mapSegyHeader,
  mapSegyParts,
  mapSegyText,
  mapSegyTraces,
  modelWords,
  MapSegyCancelledError,
  MAP_SEGY_BLOCK_TRACES,
} from './map-segy';
export type { MapSegyLine, MapSegyHooks } from './map-segy';
export { saliencyMap, resizeForNetwork } from './saliency';
export { makeSyntheticLine, lineTruth, iou } from './synthetic-line';
export type { SyntheticLine, SyntheticLineOptions } from './synthetic-line';
export { classifyInBands, planBands, bandColumns, readGridPatch, DEFAULT_BAND_SAMPLES } from './bands';
export type { Band, BandedOptions, BandedHooks } from './bands';
export { readDecimated, decimateChunk, decimationStep, DEFAULT_PREVIEW_SAMPLES } from './decimate';
