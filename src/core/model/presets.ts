/**
 * Named specs: the paper's network (spn-reference §4) in its two layouts, and a tiny network
 * for fast learning tests. Functions return fresh objects, so callers may edit what they get.
 */
import { roundHalfEven } from './sampler';
import type { CandidateSpec, PerceptionSpec } from './spec';

/** The authors' per-layer lists: mm [M, width], c [bottleneck, k, width], pool [size, maxW, size, minW]. */
type Archi = {
  out: number;
  mm: [number, number];
  c1: [number, number, number];
  c2: [number, number, number];
  pool1: [number, number, number, number];
  pool2: [number, number, number, number];
};

/** Converts one perception entry of the authors' parameter dict into a spec layer. */
function fromArchi(a: Archi): PerceptionSpec {
  return {
    width: a.out,
    mm: { size: a.mm[0], width: a.mm[1] },
    c1: { bottleneck: a.c1[0], k: a.c1[1], width: a.c1[2] },
    c2: { bottleneck: a.c2[0], k: a.c2[1], width: a.c2[2] },
    pool1: { size: a.pool1[0], maxWidth: a.pool1[1], minWidth: a.pool1[3] },
    pool2: { size: a.pool2[0], maxWidth: a.pool2[1], minWidth: a.pool2[3] },
  };
}

/** Widths of the paper's chosen network, from the authors' TF2 file (§4). */
const PAPER_LAYERS: [Archi, Archi, Archi] = [
  { out: 133, mm: [2, 83], c1: [104, 3, 2], c2: [112, 7, 16], pool1: [2, 12, 2, 11], pool2: [3, 4, 3, 5] },
  { out: 151, mm: [2, 75], c1: [280, 5, 5], c2: [382, 7, 7], pool1: [2, 20, 2, 21], pool2: [5, 12, 5, 11] },
  { out: 459, mm: [2, 14], c1: [46, 3, 25], c2: [170, 5, 116], pool1: [4, 107, 4, 107], pool2: [5, 45, 5, 45] },
];

/**
 * The paper network as the authors' TF2 file builds it: conv1 stride 2, no pool between the
 * perception layers (all at 7x7), ELU stem, linear fusion convs, dense with ELU, dropout 0.3.
 * 725,697 parameters, 84,978,335 MACs per 112x112 patch. The builder adds a softmax after the
 * ELU dense (the TF2 file has none; the classifier needs probabilities).
 */
export function paperSpec(): CandidateSpec {
  return {
    version: 1,
    stem: {
      conv0: { width: 137, kernel: 7, stride: 2 },
      conv1: { width: 137, stride: 2 },
      conv2: { width: 144, kernel: 3 },
    },
    perception: [fromArchi(PAPER_LAYERS[0]), fromArchi(PAPER_LAYERS[1]), fromArchi(PAPER_LAYERS[2])],
    poolBeforeP5: false,
    sharedScales: false,
    dropout: 0.3,
    activations: { stem: 'elu', fusion: 'linear', output: 'elu' },
  };
}

/**
 * The same widths laid out like the V1p2 search space (the authors' TF1 search code): conv1
 * stride 1, a 3x3/2 max-pool before perception_5, ReLU convs, linear logits, dropout 0.5.
 * Same 725,697 parameters, 238,802,075 MACs.
 */
export function paperV1p2Spec(): CandidateSpec {
  return {
    ...paperSpec(),
    stem: {
      conv0: { width: 137, kernel: 7, stride: 2 },
      conv1: { width: 137, stride: 1 },
      conv2: { width: 144, kernel: 3 },
    },
    poolBeforeP5: true,
    dropout: 0.5,
    activations: { stem: 'relu', fusion: 'relu', output: 'linear' },
  };
}

/** Options of {@link makeSmallSpec}. */
export interface SmallSpecOptions {
  /** conv0 and conv1 filters; conv2 gets twice this (default 8). */
  stemWidth?: number;
  /** Output channels of each perception layer, at least 10 = 5 units x 2 (default 16). */
  perceptionWidth?: number;
  /** 'v1p2' (default): search-space layout; 'tf2': conv1 stride 2, no pool before perception_5. */
  layout?: 'v1p2' | 'tf2';
  /** Dropout rate (default 0, so small learning tests converge quickly). */
  dropout?: number;
}

/** A small valid candidate (2,958 parameters at the defaults) built by the same builder. */
export function makeSmallSpec(opts: SmallSpecOptions = {}): CandidateSpec {
  const sw = opts.stemWidth ?? 8;
  const w = opts.perceptionWidth ?? 16;
  if (!Number.isInteger(sw) || sw < 1)
    throw new RangeError(`makeSmallSpec: stemWidth must be a positive integer, got ${sw}`);
  if (!Number.isInteger(w) || w < 10)
    throw new RangeError(`makeSmallSpec: perceptionWidth must be an integer >= 10, got ${w}`);
  const unit = Math.floor(w / 5);
  const mmWidth = w - 4 * unit; // the remainder goes to the MxM unit so the units sum to w
  const poolMax = roundHalfEven(unit / 2);
  const layer = (): PerceptionSpec => ({
    width: w,
    mm: { size: 1, width: mmWidth },
    c1: { bottleneck: unit, k: 3, width: unit },
    c2: { bottleneck: unit, k: 5, width: unit },
    pool1: { size: 2, maxWidth: poolMax, minWidth: unit - poolMax },
    pool2: { size: 3, maxWidth: poolMax, minWidth: unit - poolMax },
  });
  const tf2 = opts.layout === 'tf2';
  return {
    version: 1,
    stem: {
      conv0: { width: sw, kernel: 7, stride: 2 },
      conv1: { width: sw, stride: tf2 ? 2 : 1 },
      conv2: { width: 2 * sw, kernel: 3 },
    },
    perception: [layer(), layer(), layer()],
    poolBeforeP5: !tf2,
    sharedScales: true,
    dropout: opts.dropout ?? 0,
    activations: { stem: 'relu', fusion: 'relu', output: 'linear' },
  };
}

/** Names accepted by {@link presetSpec}. */
export const PRESET_NAMES = ['paper', 'paper-v1p2', 'tiny'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** A fresh copy of a named spec. */
export function presetSpec(name: PresetName): CandidateSpec {
  switch (name) {
    case 'paper':
      return paperSpec();
    case 'paper-v1p2':
      return paperV1p2Spec();
    case 'tiny':
      return makeSmallSpec();
  }
}
