/**
 * Vitest browser commands: run in node, called from browser tests, so a browser result can be compared with
 * what the same pure core computes in node.
 */
import { createHash } from 'node:crypto';
import type { BrowserCommand } from 'vitest/node';
import { buildDataset, generateRawPatches } from '../../src/core/synthetic';
import type { AugmentationProfile } from '../../src/core/synthetic/types';

/** SHA-256 of the standardised patches and labels of data set (seed, count, profile), computed in node. */
export const nodeDatasetDigest: BrowserCommand<[seed: number, count: number, profile: AugmentationProfile]> = (
  _ctx,
  seed,
  count,
  profile,
) => {
  const raw = generateRawPatches({ seed, count, profile });
  const ds = buildDataset(raw, { inPlace: true });
  return createHash('sha256')
    .update(new Uint8Array(ds.inputs.buffer, ds.inputs.byteOffset, ds.inputs.byteLength))
    .update(ds.labels)
    .digest('hex');
};
