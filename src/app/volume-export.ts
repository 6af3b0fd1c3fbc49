/**
 * A 3D post-stack volume classified line by line into one SEG-Y file (the Classify view's "Every inline" /
 * "Every crossline"): each line read from the SEG-Y worker, classified by its own classifier (so the line on screen
 * keeps its map and saliency) with the settings of the map on screen, and written as SEG-Y traces on the file's own
 * headers (core classify/map-segy.ts). The blocks of each line go into a Blob at once, into the browser's blob store
 * and out of the page's heap, so a volume larger than memory can be written.
 */
import { mapSegyHeader, mapSegyText, mapSegyTraces } from '../core/classify/map-segy';
import { sectionHeadersSlice } from '../core/line/section-headers';
import type { LineChoice } from '../core/line/segy-types';
import type { MapResult } from '../core/classify/results';
import { APP_VERSION } from '../version';
import { MIN_PATCH_TRACES } from '../core/classify/grid';
import type { ClassifyClient, ClassifySettings } from './classify-client';
import type { ClassifyStartDetail } from './classify-controller';
import type { SegyClient } from './segy-client';
import { CancelledError } from './worker-bridge';

export type VolumeDirection = 'inline' | 'crossline';

/**
 * The settings every line of a volume is classified with: the last run's, at the time scale and polarity the map on
 * screen was made at (one presentation for the volume); the seabed is picked line by line (a corrected pick belongs to
 * one line).
 */
export function volumeSettings(last: ClassifyStartDetail, shown: MapResult): ClassifySettings {
  const { modelId: _, ...settings } = last;
  return {
    ...settings,
    scale: shown.presentation.scaleFactor,
    flipPolarity: shown.presentation.flipped,
    seabed: last.seabed === 'off' ? 'off' : 'auto',
  };
}

/**
 * Why no line of `direction` can be classified with `settings` ('' = they can): each holds fewer traces than a patch.
 * Lines of a regular grid hold as many traces as the other direction has lines; an irregular one's short lines are
 * refused by name as they come.
 */
export function volumeProblem(
  geometry: { inlines: readonly number[]; crosslines: readonly number[] },
  direction: VolumeDirection,
  settings: Pick<ClassifySettings, 'patchTraces'>,
): string {
  const traces = direction === 'inline' ? geometry.crosslines.length : geometry.inlines.length;
  const need = Math.max(MIN_PATCH_TRACES, settings.patchTraces);
  return traces < need
    ? `each ${direction} has ${traces} trace${traces === 1 ? '' : 's'}, fewer than the ${need} a patch needs`
    : '';
}

/** What the run needs: where lines come from, the classifier, what to call things, cancel and progress. */
export interface VolumeRun {
  segy: SegyClient;
  classifier: ClassifyClient;
  direction: VolumeDirection;
  /** Line numbers, in the order written. */
  values: readonly number[];
  settings: ClassifySettings;
  file: string;
  /** The model as the model list names it, and its file's id (both go into the textual header). */
  model: string;
  modelId: string;
  signal: AbortSignal;
  /** Before each line: its index. */
  onLine(index: number): void;
}

/** Classifies every line and returns the SEG-Y file as a Blob with the count of traces written. */
export async function classifyVolume(run: VolumeRun): Promise<{ blob: Blob; traces: number }> {
  const { direction, values, signal } = run;
  const lines: Blob[] = [];
  let header: Uint8Array<ArrayBuffer> | null = null,
    written = 0;
  for (let i = 0; i < values.length; i++) {
    run.onLine(i);
    const line = await run.segy.readLine({ [direction]: values[i]! } as LineChoice, { signal });
    const map = await run.classifier.classify(line, run.settings, { signal }).catch((e: unknown) => {
      if (e instanceof CancelledError) throw e;
      throw new Error(`${direction} ${values[i]}: ${e instanceof Error ? e.message : String(e)}`);
    });
    if (map.cancelled) throw new CancelledError('the volume');
    const shape = {
      traces: line.traceCount,
      samples: line.samplesPerTrace,
      dtUs: line.sampleIntervalUs,
      delayMs: line.delayMs,
    };
    const about = {
      line: `${run.file} - every ${direction}, ${values.length} lines`,
      model: run.model,
      modelId: run.modelId,
      map,
    };
    header ??= mapSegyHeader(shape, mapSegyText({ ...about, appVersion: APP_VERSION, dtUs: shape.dtUs }));
    await mapSegyTraces(map, shape, (f, n) => sectionHeadersSlice(line, f, n), written, {
      keep: (block) => lines.push(new Blob([block])),
    });
    written += line.traceCount;
  }
  if (!header) throw new Error(`the file holds no ${direction}s`);
  return { blob: new Blob([header, ...lines], { type: 'application/octet-stream' }), traces: written };
}
