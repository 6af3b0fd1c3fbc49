/** Writing a trained model's file from the training scripts. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringifyModelFile, type ModelFile, type ModelMetrics } from '../src/core/model-file';
import type { CandidateResult } from '../src/core/train/trainer';

/** Writes `file` to `out` (creating its folder) and logs the metrics and the size written. */
export function writeModelFile(out: string, file: ModelFile, metrics: object, log: (line: string) => void): void {
  mkdirSync(path.dirname(out), { recursive: true });
  const text = stringifyModelFile(file);
  writeFileSync(out, text);
  log(`metrics ${JSON.stringify(metrics)}`);
  log(`wrote ${out} (${text.length} bytes)`);
}

/**
 * The metrics a training script records in the model file; `extra` (the script's own) goes after the test
 * confusion, where the scripts have always put it, so a retrained file differs only in its numbers.
 */
export function trainingMetrics(result: CandidateResult, extra: Record<string, unknown>): ModelMetrics {
  return {
    meanTop5: result.meanTop5,
    top3: result.meanTop3,
    max: result.max,
    testAccuracy: result.test?.accuracy ?? null,
    testConfusion: result.test?.confusion ?? null,
    ...extra,
    steps: result.steps,
    epochs: result.epochs,
    stoppedBy: result.stoppedBy,
    params: result.params,
    macs: result.macs,
    trainSamplesPerS: result.trainSamplesPerS,
    inferPatchesPerS: result.inferPatchesPerS,
  };
}
