/**
 * The models store: classifiers imported by the user or fine-tuned here. Records are only ever added under a
 * fresh key, so nothing already stored is overwritten.
 */
import { StorageFullError, isQuotaError, type ImportedModelRecord, type SpnDatabase } from './schema';

/** Adds a model record; a full quota becomes a StorageFullError naming `what`. */
export async function addModel(db: SpnDatabase, rec: ImportedModelRecord, what: string): Promise<void> {
  try {
    await db.add('models', rec);
  } catch (e) {
    if (isQuotaError(e)) throw new StorageFullError(what);
    throw e;
  }
}

/** Every stored model, newest first. */
export async function listModels(db: SpnDatabase): Promise<ImportedModelRecord[]> {
  return (await db.getAll('models')).sort((a, b) => b.importedAt - a.importedAt);
}

/** Deletes one stored model (the user asked, and confirmed); the runs and their candidates are not touched. */
export async function deleteModel(db: SpnDatabase, id: string): Promise<void> {
  await db.delete('models', id);
}
