/** Writing a trained model's file from the training scripts. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringifyModelFile, type ModelFile } from '../src/core/model-file';

/** Writes `file` to `out` (creating its folder) and logs the metrics and the size written. */
export function writeModelFile(out: string, file: ModelFile, metrics: object, log: (line: string) => void): void {
  mkdirSync(path.dirname(out), { recursive: true });
  const text = stringifyModelFile(file);
  writeFileSync(out, text);
  log(`metrics ${JSON.stringify(metrics)}`);
  log(`wrote ${out} (${text.length} bytes)`);
}
