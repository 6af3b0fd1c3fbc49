/**
 * Page-side controller of the Data view: previews galleries and builds data sets with the generator pool.
 * Holds no UI; the Lit view renders what it returns.
 */
import { GeneratorPool } from './generator-pool';
import { buildSearchDataset, type DatasetProgress, type SearchDataset } from './search-dataset';
import { buildDataset, type AugmentOptions } from '../core/synthetic';
import {
  KIND_LABELS,
  KIND_NAMES,
  PATCH_CELLS,
  type AugmentationProfile,
  type SyntheticGenerator,
} from '../core/synthetic/types';
import type { DatasetSettings } from '../core/dataset-settings';
import { DEFAULT_DATASET_DRAFT, datasetDraftFrom, type DatasetDraft } from '../core/dataset-draft';
import { readTabItem, writeTabItem } from './tab-storage';

/** Where this tab keeps the Data view's fields over a reload. */
const DRAFT_KEY = 'spn-data-draft';

export interface Gallery {
  /** Standardised patches (one scale over the gallery), 48x48 each. */
  patches: Float32Array;
  side: number;
  labels: Uint8Array;
  kinds: Uint8Array;
  applied: Uint8Array;
}

/** Patches of a search's data set to show in the Data gallery (e.g. a candidate's misclassified test patches). */
export interface GalleryRequest {
  seed: number;
  profile: AugmentationProfile;
  generator: SyntheticGenerator;
  /** Patch indices within the set of (seed, profile, generator). */
  indices: number[];
  title: string;
}

export interface ClassMix {
  /** Patches per kind, indexed like KIND_NAMES. */
  perKind: number[];
  bsrFraction: number;
  total: number;
}

export function classMix(...parts: Uint8Array[]): ClassMix {
  const perKind = KIND_NAMES.map(() => 0);
  let total = 0,
    bsr = 0;
  for (const kinds of parts) {
    for (const k of kinds) {
      perKind[k] = (perKind[k] ?? 0) + 1;
      bsr += KIND_LABELS[k] ?? 0;
    }
    total += kinds.length;
  }
  return { perKind, bsrFraction: total ? bsr / total : 0, total };
}

export class DataController {
  private pool: GeneratorPool | null = null;
  private building: AbortController | null = null;
  /** The last built data set, kept so its patches can be browsed and its memory is what the tab really holds. */
  dataset: SearchDataset | null = null;

  /** The Data view's fields as this tab left them before a reload; the defaults in a new tab. */
  readDraft(): DatasetDraft {
    return (
      datasetDraftFrom(readTabItem(DRAFT_KEY)) ?? {
        ...DEFAULT_DATASET_DRAFT,
        enabled: [...DEFAULT_DATASET_DRAFT.enabled],
      }
    );
  }

  saveDraft(draft: DatasetDraft): void {
    writeTabItem(DRAFT_KEY, JSON.stringify(draft));
  }

  private getPool(): GeneratorPool {
    this.pool ??= new GeneratorPool();
    return this.pool;
  }

  /** The first `count` patches of data set (seed, profile, generator) with the chosen augmentations. */
  async preview(
    seed: number,
    profile: AugmentationProfile,
    count: number,
    augment: false | AugmentOptions,
    generator: SyntheticGenerator = 'paper',
  ): Promise<Gallery> {
    const raw = await this.getPool().generate({ seed, count, profile, augment, generator });
    const ds = buildDataset(raw, { inPlace: true });
    return { patches: ds.inputs, side: ds.side, labels: ds.labels, kinds: ds.kinds, applied: ds.applied };
  }

  /**
   * Patches `indices` of data set (seed, profile), regenerated (patch i is a pure function of seed, i and profile)
   * and standardised together with one scale over these patches (the run used one over its whole test set, so the
   * contrast can differ slightly; the content is the same).
   */
  async patchesAt(
    seed: number,
    profile: AugmentationProfile,
    indices: readonly number[],
    generator: SyntheticGenerator = 'paper',
  ): Promise<Gallery> {
    if (!indices.length) throw new RangeError('no patches to show');
    const parts = await Promise.all(
      indices.map((from) => this.getPool().generate({ seed, from, count: 1, profile, generator })),
    );
    const ds = buildDataset(parts);
    return { patches: ds.inputs, side: ds.side, labels: ds.labels, kinds: ds.kinds, applied: ds.applied };
  }

  /** Builds a whole search data set (replacing the last one); a second call cancels the first. */
  async build(settings: DatasetSettings, onProgress: (p: DatasetProgress) => void): Promise<SearchDataset> {
    this.cancel();
    this.dataset = null; // free the previous set before allocating the next
    const ctl = new AbortController();
    this.building = ctl;
    try {
      this.dataset = await buildSearchDataset(this.getPool(), settings, { onProgress, signal: ctl.signal });
      return this.dataset;
    } finally {
      if (this.building === ctl) this.building = null;
    }
  }

  cancel(): void {
    this.building?.abort();
    this.building = null;
  }

  /** Patches in the built data set (training, validation, test). */
  get builtCount(): number {
    const ds = this.dataset;
    return ds ? ds.train.count + ds.val.count + ds.test.count : 0;
  }

  /** A page of the built data set as a gallery: training, then validation, then test patches from `from`. */
  page(from: number, count: number): Gallery | null {
    const ds = this.dataset;
    if (!ds) return null;
    const total = this.builtCount;
    const start = Math.max(0, Math.min(from, total - 1));
    const n = Math.min(count, total - start);
    // The sets may live in different buffers (test-profile validation): copy the page (a few dozen patches).
    const sets = [
      { set: ds.train, kinds: ds.kinds.train, applied: ds.applied.train },
      { set: ds.val, kinds: ds.kinds.val, applied: ds.applied.val },
      { set: ds.test, kinds: ds.kinds.test, applied: ds.applied.test },
    ];
    const g: Gallery = {
      patches: new Float32Array(n * PATCH_CELLS),
      side: ds.train.side,
      labels: new Uint8Array(n),
      kinds: new Uint8Array(n),
      applied: new Uint8Array(n),
    };
    for (let j = 0; j < n; j++) {
      let i = start + j,
        k = 0;
      while (i >= sets[k]!.set.count) i -= sets[k++]!.set.count;
      const s = sets[k]!;
      g.patches.set(s.set.x.subarray(i * PATCH_CELLS, (i + 1) * PATCH_CELLS), j * PATCH_CELLS);
      g.labels[j] = s.set.labels[i]!;
      g.kinds[j] = s.kinds[i]!;
      g.applied[j] = s.applied[i]!;
    }
    return g;
  }

  dispose(): void {
    this.dataset = null;
    this.cancel();
    this.pool?.terminate();
    this.pool = null;
  }
}
