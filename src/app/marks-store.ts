/**
 * A fine-tuned model file stored as a NEW model (a fresh key), so nothing already stored is ever overwritten.
 * The marks themselves are kept by src/db/marks.ts.
 */
import { countParams } from '../core/model';
import { parseModelFile } from '../core/model-file';
import { addModel } from '../db/models';
import type { ImportedModelRecord, SpnDatabase } from '../db/schema';

/** Stores a tuned model file (JSON text) as a new model; returns its record. */
export async function storeTunedModel(db: SpnDatabase, text: string): Promise<ImportedModelRecord> {
  const file = parseModelFile(text);
  const line = file.provenance?.['line'] as { fingerprint?: string } | undefined;
  const rec: ImportedModelRecord = {
    id: `${file.id}-ft-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`,
    name: file.name ?? file.id,
    importedAt: Date.now(),
    json: text,
    params: countParams(file.spec),
    origin: 'fine-tuned',
    baseModel: file.provenance?.baseModel.id ?? '',
    ...(line?.fingerprint ? { line: line.fingerprint } : {}),
  };
  await addModel(db, rec, `the fine-tuned model ${rec.name}`);
  return rec;
}
