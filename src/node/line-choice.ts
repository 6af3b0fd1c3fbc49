/**
 * Which 2D line of a SEG-Y/SU file the CLIs classify. A 2D file is one line (read straight from the file, so big
 * files stream); a 3D volume or prestack data holds many, and running a network over all their traces in file order
 * would splice inlines end to end into a line that does not exist: a silent wrong answer. Such a file needs
 * --inline, --crossline or --gather, and the error says which lines it holds.
 */
import { basename } from 'node:path';
import { ClassifyError, segyTraceSource, sectionTraceSource, type TraceSource } from '../core/classify';
import { describeLine, nonFiniteNote, readSection } from '../core/line/segy-line';
import {
  emptySectionHeaders,
  sectionHeadersSlice,
  setSectionTrace,
  type SectionHeaders,
} from '../core/line/section-headers';
import type { LineChoice } from '../core/line/segy-types';
import type { Geometry, SegyReader } from '../core/segy';

/** The flags that choose a line. */
export const LINE_FLAGS: readonly string[] = ['--inline', '--crossline', '--gather'];

/**
 * Every trace in file order as one line, whatever the headers say: a 2D stack whose CDP numbers are blank and whose
 * field-record numbers repeat reads as prestack gathers narrower than a patch, and could not be classified at all.
 */
export const ALL_TRACES_FLAG = '--all-traces';

/** Parses `--inline N` / `--crossline N` / `--gather N` (a field record) into a line choice. */
export function lineChoiceFlag(flag: string, value: string | undefined): Exclude<LineChoice, null> {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n))
    throw new Error(`${flag} expects an integer line number, got ${JSON.stringify(value ?? '')}`);
  if (flag === '--inline') return { inline: n };
  if (flag === '--crossline') return { crossline: n };
  return { gather: { fieldRecord: n } };
}

const span = (v: readonly number[]): string =>
  v.length === 0 ? 'none' : v.length === 1 ? `${v[0]}` : `${v[0]}–${v[v.length - 1]}`;

/** What a file holds, for the message that asks for a line. */
export function describeGeometry(file: string, g: Geometry): string {
  if (g.kind === 'prestack') {
    return `${file} holds prestack data (${g.gathers.length} gathers, field records ${span(g.fieldRecords)}, ${g.offsets.length} offsets): choose one line with --gather FFID, or --inline N / --crossline N; or, if it is one stacked line whose headers repeat field records, ${ALL_TRACES_FLAG} reads every trace in file order as that line`;
  }
  return `${file} is a 3D volume (${g.inlines.length} inlines ${span(g.inlines)}, ${g.crosslines.length} crosslines ${span(g.crosslines)}): choose one line with --inline N or --crossline N`;
}

/** The line's traces, what it is called, its recording delay, and its trace headers (read block by block). */
export interface LineSourceResult {
  source: TraceSource;
  line: string;
  /** Time of sample 0 after the shot, samples (0 when the interval is unknown). */
  delaySamples: number;
  delayMs: number;
  headersOf: (first: number, count: number) => Promise<SectionHeaders>;
  /**
   * NaN/Inf samples of the line read as 0 so far (float formats). A file streamed as the line is counted as its traces
   * are first read, in order from the first, as the presentation's first pass reads them: exact once a run is done.
   */
  nonFinite: () => number;
}

/**
 * What a summary says about how the line was read: the reader's warnings (headers that disagree, ...) and the NaN/Inf
 * samples read as 0 so far (call it after the run, when every trace has been read).
 */
export function lineWarnings(reader: SegyReader, line: Pick<LineSourceResult, 'nonFinite'>): string[] {
  return [...reader.warnings, nonFiniteNote(line.nonFinite())].filter(Boolean);
}

/**
 * Runs `work` on the line of `file`; an error of the line pipeline is said by the file it is about (its "classify:"
 * prefix read oddly from evaluate and finetune), and a line flat because its samples were NaN or infinite (read as 0)
 * says so: "every sample of the line is 0: a dead section" alone hid why.
 */
export async function explainingLineErrors<T>(
  file: string,
  line: Pick<LineSourceResult, 'nonFinite'>,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (!(e instanceof ClassifyError)) throw e;
    const detail = e.message.replace(/^classify: /, '');
    const holes = line.nonFinite();
    const why = holes > 0 && detail.includes('dead (flat) section') ? ` (${nonFiniteNote(holes)})` : '';
    throw new Error(`${basename(file)}: ${detail}${why}`, { cause: e });
  }
}

/**
 * The traces to classify: the whole file when it is one 2D line, else the chosen line (required); with the recording
 * delay of its first trace in samples (time of sample 0 after the shot; 0 when the interval is unknown).
 */
export async function lineSource(reader: SegyReader, choice: LineChoice, allTraces = false): Promise<LineSourceResult> {
  const toSamples = (delayMs: number): number =>
    reader.sampleIntervalUs > 0 ? (delayMs * 1000) / reader.sampleIntervalUs : 0;
  if (allTraces && choice !== null) throw new Error(`${ALL_TRACES_FLAG} takes the whole file: leave out the line flag`);
  if (choice === null) {
    const g = allTraces ? null : await reader.scanGeometry();
    if (g && g.kind !== '2d') throw new Error(describeGeometry(reader.file, g));
    const first = reader.traceCount > 0 ? (await reader.readTraceHeaders(0, 1))[0] : undefined;
    const delayMs = first?.delayMs ?? 0;
    const headersOf = async (from: number, count: number): Promise<SectionHeaders> => {
      const h = emptySectionHeaders(count);
      (await reader.readTraceHeaders(from, count)).forEach((t, k) => setSectionTrace(h, k, from + k, t));
      return h;
    };
    // Counted on the first, in-order read of each trace (later passes read the same traces again).
    let nonFinite = 0,
      counted = 0;
    const source: TraceSource = {
      ...segyTraceSource(reader),
      readChunk: async (first, count) => {
        const block = await reader.readTraces(first, count);
        if (first === counted) {
          nonFinite += block.nonFinite;
          counted += count;
        }
        return block.samples;
      },
    };
    return {
      source,
      nonFinite: () => nonFinite,
      line: describeLine(null),
      delaySamples: toSamples(delayMs),
      delayMs,
      headersOf,
    };
  }
  const s = await readSection(reader, choice).catch(async (e: unknown) => {
    // A line the file does not hold: say which it does, as the error without a line flag does.
    if (!(e instanceof Error) || !/no traces match/.test(e.message)) throw e;
    const g = await reader.scanGeometry();
    throw new Error(
      `${e.message}; ${g.kind === '2d' ? `${reader.file} is one 2D line: leave out the line flag` : describeGeometry(reader.file, g)}`,
    );
  });
  const source = sectionTraceSource({
    traces: s.traceCount,
    samples: s.samplesPerTrace,
    dtUs: s.sampleIntervalUs,
    data: s.samples,
  });
  return {
    source,
    line: s.label,
    delaySamples: toSamples(s.delayMs),
    delayMs: s.delayMs,
    headersOf: (from, count) => Promise.resolve(sectionHeadersSlice(s, from, count)),
    nonFinite: () => s.nonFinite,
  };
}
