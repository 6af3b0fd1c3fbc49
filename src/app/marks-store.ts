/**
 * Marks and fine-tuned models in IndexedDB: a line's marks are kept under its fingerprint with the display
 * settings they were drawn with; a fine-tuned model is added to the models store as a NEW record (a fresh key),
 * so nothing already stored is ever overwritten.
 */
import { countParams } from '../core/model';
import { parseModelFile } from '../core/model-file';
import type { Mark } from '../core/finetune/marks';
import { StorageFullError, isQuotaError, type ImportedModelRecord, type MarksDisplay, type MarksRecord, type SpnDatabase } from '../db/schema';

export async function loadMarks(db: SpnDatabase, fingerprint: string): Promise<MarksRecord | null> {
  return (await db.get('marks', fingerprint)) ?? null;
}

export async function saveMarks(db: SpnDatabase, fingerprint: string, lineName: string, marks: readonly Mark[], display: MarksDisplay): Promise<void> {
  const rec: MarksRecord = { fingerprint, lineName, marks: marks.map((m) => ({ ...m })), display, updatedAt: Date.now() };
  try {
    await db.put('marks', rec);
  } catch (e) {
    if (isQuotaError(e)) throw new StorageFullError(`the marks of ${lineName}`);
    throw e;
  }
}

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
  try {
    await db.add('models', rec);
  } catch (e) {
    if (isQuotaError(e)) throw new StorageFullError(`the fine-tuned model ${rec.name}`);
    throw e;
  }
  return rec;
}
