/** Evaluating a classifier on lines with a known BSR: truth files, map and horizon scores, test lines. */
export {
  EvaluateError,
  parseTruthJson,
  truthToJson,
  parsePicksCsv,
  picksToTruth,
  truthToPicksCsv,
  checkTruthShape,
  checkTruthLine,
  picksLine,
} from './truth';
export type { LineTruth, LineShape, Pick } from './truth';
export {
  scoreMap,
  labelRows,
  rowsOffTheLine,
  rocAuc,
  averagePrecision,
  mapAveragePrecision,
  falseAlarmShare,
  roundHalfEven,
  isBsrFree,
} from './map-score';
export type { MapRow, MapScore, LabelOptions } from './map-score';
export { parseMapCsv } from './map-csv';
export { scoreHorizon } from './horizon-score';
export type { HorizonPick, HorizonScore, HorizonScoreOptions } from './horizon-score';
export { buildTestLine, AMPLITUDE_SCALE } from './test-lines';
export type { TestLine, TestLineOptions, TestBsrOptions, TestLineSpec } from './test-lines';
export { FIXED_EVALUATION_SET, evaluationLine } from './evaluation-set';
export { waveletTable, waveletAt, ricker } from './wavelet';
export type { WaveletKind, WaveletTable } from './wavelet';
export { halfLineMarks, markedHalf, scoredHalfRows } from './half-line-marks';
