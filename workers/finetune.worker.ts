/**
 * Fine-tune worker: its own tfjs backend (the fastest, as the probe chooses), one run at a time. It adapts
 * core runFineTune to comlink: the page sends the raw line, the marks, the base model's JSON text and the
 * settings; progress comes back through a proxied callback, cancel through a flag polled between steps, and
 * the tuned model as JSON text. The base model text is only read, so a cancelled or failed run changes nothing.
 * Expected failures come back as `{ok:false, code, message}` values.
 */
import { expose } from 'comlink';
import { chooseBackend, wasmThreadCount, type BackendPreference } from '../src/runtime/backends';
import { parseModelFile, stringifyModelFile } from '../src/core/model-file';
import { runFineTune, type FineTuneProgress, type FineTuneSettings, type Mark } from '../src/core/finetune';
import type { Section } from '../src/core/classify';
import type { PresentationOptions } from '../src/core/line/presentation';
import type { FineTuneReply } from '../src/core/finetune/results';

const cancelled = new Set<number>();

const api = {
  async init(preference: BackendPreference = 'auto'): Promise<string> {
    return (await chooseBackend(preference)).name;
  },

  async fineTune(
    id: number,
    raw: Section,
    presentation: PresentationOptions,
    patchTraces: number,
    marks: Mark[],
    baseText: string,
    settings: Partial<FineTuneSettings>,
    line: { fingerprint: string; name: string },
    testPatches: number,
    onProgress?: (p: FineTuneProgress) => void,
  ): Promise<FineTuneReply> {
    try {
      const run = await runFineTune(
        { base: parseModelFile(baseText), raw, marks, line, presentation, patchTraces, settings, testPatches },
        { onProgress, isCancelled: () => cancelled.has(id) },
      );
      if (!run.file) return { ok: false, code: 'cancelled', message: 'fine-tuning was cancelled; nothing was stored' };
      return {
        ok: true,
        value: {
          text: stringifyModelFile(run.file),
          name: run.file.name ?? run.file.id,
          result: run.result,
          syntheticTest: run.syntheticTest,
          scaleFactor: run.scaleFactor,
          backend: run.backend,
          threads: wasmThreadCount(),
        },
      };
    } catch (e) {
      const name = e instanceof Error ? e.name : '';
      const code =
        name === 'MarksError'
          ? 'marks'
          : name === 'ModelFileError'
            ? 'model'
            : name === 'ClassifyError' || name === 'RangeError'
              ? 'input'
              : 'internal';
      return { ok: false, code, message: e instanceof Error ? e.message : String(e) };
    } finally {
      cancelled.delete(id);
    }
  },

  cancel(id: number): void {
    cancelled.add(id);
  },
};

export type FineTuneWorkerApi = typeof api;
expose(api);
