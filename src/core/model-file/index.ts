/** The app's self-contained model file: format, validation, export and loading (tfjs). */
export * from './format';
export { encodeBase64, decodeBase64, decodedBase64Length, Base64Error } from './base64';
export { parseModelFile, weightBytesOf, ALLOWED_LAYER_CLASSES, BINARY_MODEL_FILE } from './validate';
export type { ParseOptions } from './validate';
export { exportModelFile, modelFileToArtifacts, loadModelFile, toTfjsPair, stringifyModelFile } from './io';
export type { ModelFileInfo } from './io';
