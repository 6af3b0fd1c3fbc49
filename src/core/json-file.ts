/**
 * The envelope of the app's JSON files (model files, run results): a `format` name and a `formatVersion` that is
 * bumped on any change of meaning, and the longest text a reader accepts.
 */

/** One kind of JSON file. */
export interface JsonFileKind<F extends string = string, V extends number = number> {
  /** Value of the `format` field. */
  readonly format: F;
  /** Value of the `formatVersion` field. */
  readonly version: V;
  /** Longest text read, in characters. */
  readonly maxChars: number;
}

/** A JSON object (not an array, not null): what every reader of the app's files checks first. */
export function isJsonObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The longest text read by default: 64 MiB (the paper network's model file is ~4 MB as base64). */
export const DEFAULT_MAX_FILE_CHARS = 64 * 1024 * 1024;

/** The file kind named `format` at `version` (its literal types kept for the files' `format` fields). */
export function jsonFileKind<F extends string, V extends number>(
  format: F,
  version: V,
  maxChars = DEFAULT_MAX_FILE_CHARS,
): JsonFileKind<F, V> {
  return { format, version, maxChars };
}

/**
 * The JSON files the app writes, by `format`: what each is and where the app takes it, so a file given to the wrong
 * importer is sent to the right one rather than refused with a bare field name.
 */
const APP_FILES: Readonly<Record<string, { what: string; where: string }>> = {
  'seismicpatchnet-model': {
    what: 'a model file',
    where: 'import it with "Import a model" in the Search view, or "Add a model file" in the Classify view',
  },
  // Not the app's, but written by it: the tfjs pair export's model.json, for tfjs programs outside the app.
  'layers-model': {
    what: 'the model.json of a tfjs pair (its weights are in the .bin file beside it)',
    where:
      'the app reads its own single-file model JSON instead ("Export best model (JSON)" in the Search view, or "Export model JSON" in a candidate\'s detail)',
  },
  'seismicpatchnet-run-results': {
    what: "a search run's results file",
    where: 'import it under Runs ("Import results") in the Search view',
  },
};

/** What a JSON file of the app's with this `format` is and where the app takes it; undefined for other formats. */
export function appFileWords(format: string): { what: string; where: string } | undefined {
  return Object.hasOwn(APP_FILES, format) ? APP_FILES[format] : undefined;
}

/** Throws fail(message) unless `file` carries the format and version of `kind`. */
export function checkFileKind(
  file: Record<string, unknown>,
  kind: JsonFileKind,
  fail: (message: string) => Error,
): void {
  const format = file['format'];
  if (format !== kind.format) {
    const expected = APP_FILES[kind.format]?.what ?? `a "${kind.format}" file`;
    const other = typeof format === 'string' ? APP_FILES[format] : undefined;
    if (other) throw fail(`this is ${other.what}, not ${expected}: ${other.where}`);
    if (format === undefined)
      throw fail(`this JSON is not ${expected}: it has no "format" field (format must be "${kind.format}")`);
    throw fail(`format must be "${kind.format}", got ${JSON.stringify(format)}`);
  }
  if (file['formatVersion'] !== kind.version) {
    throw fail(
      `formatVersion ${JSON.stringify(file['formatVersion'])} is not supported (this app reads version ${kind.version})`,
    );
  }
}

/**
 * Whether a file read as text is binary: control characters other than tab, line feed and carriage return, or
 * undecodable bytes (U+FFFD) in its first 512 characters. A JSON file has none.
 */
export function looksBinary(text: string): boolean {
  const n = Math.min(512, text.length);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) return true;
  }
  return false;
}

/**
 * What a binary file is by its signature, as its first bytes read once decoded as UTF-8 (a byte that is not UTF-8
 * reads as U+FFFD), so a refusal can name it; null when the signature is none of these.
 */
export function binarySignature(text: string): string | null {
  const head = text.slice(0, 16);
  if ((head[0] === '\uFFFD' || head[0] === '\x89') && head.startsWith('PNG\r\n\x1a\n', 1)) return 'a PNG image';
  if (/^GIF8[79]a/.test(head)) return 'a GIF image';
  if (head.startsWith('\uFFFD\uFFFD\uFFFD') && /JFIF|Exif/.test(head)) return 'a JPEG image';
  if (head.startsWith('PK\x03\x04')) return 'a ZIP archive (or an Office document)';
  if (head.startsWith('\x1f\uFFFD\x08')) return 'gzip-compressed data';
  if (head.startsWith('%PDF-')) return 'a PDF document';
  return null;
}
