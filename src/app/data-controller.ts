/**
 * Page-side controller of the Data view: previews galleries and builds data sets with the generator pool.
 * Holds no UI; the Lit view renders what it returns.
 */
import { GeneratorPool } from './generator-pool';
import { buildSearchDataset, type DatasetProgress, type SearchDataset } from './search-dataset';
import { buildDataset, type AugmentOptions } from '../core/synthetic';
import { KIND_NAMES, type AugmentationProfile } from '../core/synthetic/types';
import type { DatasetSettings } from '../core/dataset-settings';

export interface Gallery {
  /** Standardised patches (one scale over the gallery), 48x48 each. */
  patches: Float32Array;
  side: number;
  labels: Uint8Array;
  kinds: Uint8Array;
  applied: Uint8Array;
}

export interface ClassMix {
  /** Patches per kind, indexed like KIND_NAMES. */
  perKind: number[];
  bsrFraction: number;
  total: number;
}

export function classMix(kinds: Uint8Array): ClassMix {
  const perKind = KIND_NAMES.map(() => 0);
  for (const k of kinds) perKind[k] = (perKind[k] ?? 0) + 1;
  return { perKind, bsrFraction: kinds.length ? (perKind[0] ?? 0) / kinds.length : 0, total: kinds.length };
}

export class DataController {
  private pool: GeneratorPool | null = null;
  private building: AbortController | null = null;
  /** The last built data set, kept so its patches can be browsed and its memory is what the tab really holds. */
  dataset: SearchDataset | null = null;

  private getPool(): GeneratorPool {
    this.pool ??= new GeneratorPool();
    return this.pool;
  }

  /** The first `count` patches of data set (seed, profile) with the chosen augmentations. */
  async preview(seed: number, profile: AugmentationProfile, count: number, augment: false | AugmentOptions): Promise<Gallery> {
    const raw = await this.getPool().generate({ seed, count, profile, augment });
    const ds = buildDataset(raw, { inPlace: true });
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

  /** A page of the built data set as a gallery (train+validation patches from `from`). */
  page(from: number, count: number): Gallery | null {
    const ds = this.dataset;
    if (!ds) return null;
    const total = ds.train.count + ds.val.count;
    const start = Math.max(0, Math.min(from, total - 1));
    const n = Math.min(count, total - start);
    const cells = ds.train.side * ds.train.side;
    // train and val are consecutive views of one buffer, so one subarray spans both.
    const all = new Float32Array(ds.train.x.buffer, ds.train.x.byteOffset, total * cells);
    const labels = new Uint8Array(ds.train.labels.buffer, ds.train.labels.byteOffset, total);
    return {
      patches: all.subarray(start * cells, (start + n) * cells),
      side: ds.train.side,
      labels: labels.subarray(start, start + n),
      kinds: ds.kinds.trainval.subarray(start, start + n),
      applied: ds.applied.trainval.subarray(start, start + n),
    };
  }

  dispose(): void {
    this.dataset = null;
    this.cancel();
    this.pool?.terminate();
    this.pool = null;
  }
}
