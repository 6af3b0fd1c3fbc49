/**
 * Candidate networks as plain data: spec, id, search-space sampler, presets, counts, layer table.
 * tfjs-free on purpose (the page can list candidates without loading tfjs); the builder and the
 * MinPool2D layer live in ./build and ./minpool.
 */
export * from './spec';
export { SpecError, validateSpec, parseSpec } from './validate';
export { canonicalJson, fnv1a64, specId } from './hash';
export { V1P2, sampleCandidate, splitWidth, roundHalfEven, pairs } from './sampler';
export { paperSpec, paperV1p2Spec, makeSmallSpec, presetSpec, PRESET_NAMES } from './presets';
export type { PresetName, SmallSpecOptions } from './presets';
export { countParams, countMacs } from './count';
export { INPUT_SIZE, describeLayers, outSize } from './graph';
export type { LayerKind, LayerNode } from './graph';
export { layerTable } from './table';
export type { LayerRow } from './table';
export { scaleSpecWidths } from './scale';
