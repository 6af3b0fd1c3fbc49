/**
 * The models the Classify view offers: the catalog (demo, imported and stored search models, from IndexedDB) and
 * model files added in this session (kept as text), and which one the classify worker has loaded, so a run loads
 * its model only when it changed.
 */
import { fetchText, listModelSources, type ModelSource } from './model-catalog';
import type { SpnDatabase } from '../db/schema';

/** A model the user can pick: an id and what to show. */
export interface ModelOption {
  readonly id: string;
  readonly label: string;
}

export class ModelShelf {
  private readonly texts = new Map<string, string>();
  private sources = new Map<string, ModelSource>();
  /** Id of the model the classify worker holds ('' = none or unknown). */
  loaded = '';
  /** The model file's own id (its `id` field) of each model loaded so far, for what is written to files. */
  private readonly fileIds = new Map<string, string>();

  /** Notes that model `id` was loaded and its file's id is `fileId`. */
  noteLoaded(id: string, fileId: string): void {
    this.loaded = id;
    this.fileIds.set(id, fileId);
  }

  /** The model file's id of model `id`, once it has been loaded in this tab. */
  fileIdOf(id: string | undefined): string | undefined {
    return id === undefined ? undefined : this.fileIds.get(id);
  }

  /** The catalog's models, then those of `current` that came from files (they stay offered). */
  async list(db: SpnDatabase | null, current: readonly ModelOption[]): Promise<ModelOption[]> {
    const sources = await listModelSources(db);
    this.sources = new Map(sources.map((m) => [m.id, m]));
    const fromFiles = current.filter((m) => !this.sources.has(m.id) && this.texts.has(m.id));
    return [...sources.map((m) => ({ id: m.id, label: m.label })), ...fromFiles];
  }

  /** Keeps a model file's text under its id. */
  add(id: string, text: string): void {
    this.texts.set(id, text);
  }

  /** The JSON text of model `id`; throws when it is gone from the catalog. */
  async text(id: string): Promise<string> {
    const text = this.texts.get(id);
    if (text !== undefined) return text;
    const source = this.sources.get(id) ?? (id === 'demo' ? { load: () => fetchText('models/demo.json') } : undefined);
    if (!source) throw new Error(`model ${id} is not available any more`);
    return source.load();
  }

  /** The text of the model a map was made with, for fine-tuning (the demo model when the source is unknown). */
  async baseText(id: string): Promise<string> {
    const source = this.sources.get(id);
    return this.texts.get(id) ?? (source ? await source.load() : await fetchText('models/demo.json'));
  }
}
