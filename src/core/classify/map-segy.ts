/**
 * The BSR map as a SEG-Y file beside the seismic: one trace per trace of the line, the line's own trace headers
 * (trace sequence, field record and trace number, CDP, inline/crossline, offset, coordinates) and sample interval,
 * and at every sample P(BSR) (mapSamples: bilinear between patch centres), IEEE float. Interpretation software
 * loads it as an attribute on the line's geometry. Written in blocks of traces, so a big file's map never has to be held as one array; the trace
 * headers come from a callback (a Section's arrays, or the open file read block by block).
 */
import { segyFileHeader, segyTraceBlock, type TraceHeaderArrays } from '../segy/write';
import { ClassifyError, type ProbabilityMap } from './grid';
import { mapSamples } from './map-samples';

/** The line the map was made on. */
export interface MapSegyLine {
  traces: number;
  samples: number;
  /** Sample interval, µs (0 = unknown: written as 0, as the source said, and named in the textual header). */
  dtUs: number;
  /** Recording delay, ms (time of sample 0). */
  delayMs: number;
}

/** Traces written per block. */
export const MAP_SEGY_BLOCK_TRACES = 512;

/** Progress and cancel of writing the map. */
export interface MapSegyHooks {
  onProgress?(done: number, total: number): void;
  isCancelled?(): boolean;
  /**
   * Takes each block of traces as it is written (the page puts it into a Blob at once, out of its heap, so a map as
   * large as a big file is never held whole); when given, the blocks are not also returned.
   */
  keep?(block: Uint8Array<ArrayBuffer>): void;
}

/** Thrown between blocks when the caller cancelled. */
export class MapSegyCancelledError extends Error {
  override readonly name = 'MapSegyCancelledError';
  constructor() {
    super('writing the map as SEG-Y was cancelled');
  }
}

/** Value written where no classified patch centre reaches (a cancelled map): no probability, never read as "no BSR". */
export const MAP_SEGY_UNCLASSIFIED = -1;

/** Card images hold 76 characters after their "Cnn " prefix. */
const CARD_CHARS = 76;

/**
 * `text` over as many cards as it needs (a long model name is not cut off), ASCII only (written as EBCDIC), broken
 * between words: a model's id cut across two cards could not be searched for in the header. A word longer than a
 * card is cut.
 */
function cards(text: string): string[] {
  const ascii = text.replace(/[^\x20-\x7e]/g, '-');
  const out: string[] = [];
  let rest = ascii;
  while (rest.length > CARD_CHARS) {
    const space = rest.lastIndexOf(' ', CARD_CHARS);
    const cut = space > 0 ? space : CARD_CHARS;
    out.push(rest.slice(0, cut));
    rest = rest.slice(space > 0 ? cut + 1 : cut);
  }
  out.push(rest);
  return out;
}

/** A model's name with its id beside it (once: a name that already holds the id, or is the id, keeps its words). */
export function modelWords(name: string, id: string | undefined): string {
  return id === undefined || name.includes(id) ? name : `${name} (id ${id})`;
}

/**
 * The textual header's cards: what the file holds and where it comes from; a cancelled map and an unknown sample
 * interval are said, since neither shows in the numbers themselves.
 */
export function mapSegyText(about: {
  line: string;
  /** The model as its user knows it (the app's label, the file's name). */
  model: string;
  /** The model file's id, written beside the name so the app's and the CLI's headers name a model alike. */
  modelId?: string;
  appVersion: string;
  map: ProbabilityMap;
  /** The line's sample interval, µs (0 = unknown). */
  dtUs: number;
}): string[] {
  const g = about.map.grid;
  const body = [
    'BSR PROBABILITY MAP: P(BSR), 0 TO 1, AT EVERY SAMPLE',
    `WRITTEN BY SEISMICPATCHNET STUDIO ${about.appVersion}`,
    ...cards(`LINE: ${about.line}`),
    ...cards(`MODEL: ${modelWords(about.model, about.modelId)}`),
    `PATCHES ${g.patchTraces} TRACES X ${g.patchSamples} SAMPLES, STRIDE ${g.strideTraces} X ${g.strideSamples}`,
    'VALUES BILINEAR BETWEEN PATCH CENTRES, HELD AT THE OUTERMOST CENTRES',
    ...(about.map.cancelled
      ? [
          `PARTIAL MAP: CANCELLED AFTER ${about.map.done} OF ${g.count} PATCHES; ${MAP_SEGY_UNCLASSIFIED} WHERE NO CLASSIFIED`,
          'PATCH CENTRE REACHES (NOT CLASSIFIED, NOT "NO BSR")',
        ]
      : []),
    ...(!(about.dtUs > 0) ? ['SAMPLE INTERVAL UNKNOWN IN THE SOURCE FILE: WRITTEN AS 0 (SAMPLES, NOT MS)'] : []),
    "TRACE HEADERS: THE LINE'S TRACE SEQUENCE, FIELD RECORD, TRACE NUMBER, CDP,",
    'OFFSET, INLINE (189), CROSSLINE (193), COORDINATES (SCALAR IN 71-72; CDP',
    'X/Y ONLY WHERE THEY MOVE WITH THE CDP NUMBER). FORMAT 5: IEEE FLOAT',
  ];
  return [...body, ...Array<string>(Math.max(0, 39 - body.length)).fill(''), 'END EBCDIC'];
}

/** The file header (textual and binary) of a map written as SEG-Y over traces of `line`'s size and interval. */
export function mapSegyHeader(line: MapSegyLine, text: readonly string[]): Uint8Array<ArrayBuffer> {
  return segyFileHeader(layoutOf(line), text);
}

function layoutOf(line: MapSegyLine): { samples: number; dtUs: number; delayMs: number } {
  return { samples: line.samples, dtUs: line.dtUs > 0 ? line.dtUs : 0, delayMs: line.delayMs };
}

/**
 * The traces of `map` over `line` as SEG-Y trace blocks (no file header), numbered from `firstTrace` in the file
 * written: a volume is the file header, then each line's traces in turn. A map made on another grid than the line's
 * size is refused.
 */
export async function mapSegyTraces(
  map: ProbabilityMap,
  line: MapSegyLine,
  headersOf: (first: number, count: number) => Promise<TraceHeaderArrays> | TraceHeaderArrays,
  firstTrace = 0,
  hooks: MapSegyHooks = {},
): Promise<Uint8Array<ArrayBuffer>[]> {
  if (map.grid.traces !== line.traces || map.grid.samples !== line.samples)
    throw new ClassifyError(
      `the map covers ${map.grid.traces} traces x ${map.grid.samples} samples, the line ${line.traces} x ${line.samples}`,
    );
  const layout = layoutOf(line);
  const parts: Uint8Array<ArrayBuffer>[] = [];
  const values = new Float32Array(MAP_SEGY_BLOCK_TRACES * line.samples);
  for (let first = 0; first < line.traces; first += MAP_SEGY_BLOCK_TRACES) {
    if (hooks.isCancelled?.()) throw new MapSegyCancelledError();
    const count = Math.min(MAP_SEGY_BLOCK_TRACES, line.traces - first);
    const headers = await headersOf(first, count);
    const data = mapSamples(
      map,
      first,
      count,
      line.samples,
      values.subarray(0, count * line.samples),
      MAP_SEGY_UNCLASSIFIED,
    );
    const block = segyTraceBlock(layout, data, firstTrace + first, count, headers);
    if (hooks.keep) hooks.keep(block);
    else parts.push(block);
    hooks.onProgress?.(first + count, line.traces);
  }
  return parts;
}

/** The SEG-Y file of `map` over `line`, as parts (the file header, then blocks of traces) for a Blob. */
export async function mapSegyParts(
  map: ProbabilityMap,
  line: MapSegyLine,
  headersOf: (first: number, count: number) => Promise<TraceHeaderArrays> | TraceHeaderArrays,
  text: readonly string[],
  hooks: MapSegyHooks = {},
): Promise<Uint8Array<ArrayBuffer>[]> {
  const traces = await mapSegyTraces(map, line, headersOf, 0, hooks);
  return [mapSegyHeader(line, text), ...traces];
}
