/**
 * Candidate spec: the plain, versioned, JSON-serialisable description of one SeismicPatchNet
 * network (spn-reference §2 and §4). Everything the builder, the counters and the layer table
 * need is here; nothing about training or provenance (seed, index) is, so two routes to the
 * same network give the same spec and the same id.
 *
 * Layout (fixed parts are constants, the rest lives in the spec):
 *   input NxNx1 -> conv0 (k x k / s) -> maxpool 3x3/2 -> conv1 1x1 (stride 1 or 2) -> conv2 (k x k / 1)
 *   -> maxpool 3x3/2 -> perception[0] -> perception[1] -> [maxpool 3x3/2 if poolBeforeP5]
 *   -> perception[2] -> avgpool over the whole map (7x7 valid at N=112) -> dropout -> dense 2 -> softmax
 */

/** Activation identifiers shared with tfjs layer configs. */
export type Activation = 'relu' | 'elu' | 'linear';
export const ACTIVATIONS: readonly Activation[] = ['relu', 'elu', 'linear'];

/** Spec format version; bump on any change of meaning. */
export const SPEC_VERSION = 1;

/** Stem max-pools (after conv0 and after conv2) and the optional pool before the last perception layer. */
export const STEM_POOL = { size: 3, stride: 2 } as const;

/** Number of classes (0 = not BSR, 1 = BSR). */
export const NUM_CLASSES = 2;

/** An asymmetric branch: 1x1 bottleneck -> k x 1 -> 1 x k, the last two `width` filters wide. */
export interface AsymBranchSpec {
  /** 1x1 bottleneck filters. */
  bottleneck: number;
  /** Kernel length of the k x 1 and 1 x k convs. */
  k: number;
  /** Output filters of the k x 1 and 1 x k convs (this unit's share of the layer width). */
  width: number;
}

/** A pooling branch: max-pool and min-pool (stride 1, SAME), each followed by its own 1x1 conv. */
export interface PoolBranchSpec {
  /** Pool window (size x size). */
  size: number;
  /** Filters of the 1x1 conv after the max-pool. */
  maxWidth: number;
  /** Filters of the 1x1 conv after the min-pool. */
  minWidth: number;
}

/** One perception (multi-scale fusion) layer: five parallel units concatenated on channels. */
export interface PerceptionSpec {
  /** Output channels; must equal the sum of the five unit widths. */
  width: number;
  /** Unit 1: an M x M conv. */
  mm: { size: number; width: number };
  /** Units 2 and 3: asymmetric branches (the search space draws c1.k < c2.k). */
  c1: AsymBranchSpec;
  c2: AsymBranchSpec;
  /** Units 4 and 5: pooling branches (the search space draws pool1.size < pool2.size). */
  pool1: PoolBranchSpec;
  pool2: PoolBranchSpec;
}

/** The stem: three convs (conv1 is 1x1) between two max-pools. */
export interface StemSpec {
  conv0: { width: number; kernel: number; stride: number };
  conv1: { width: number; stride: number };
  conv2: { width: number; kernel: number };
}

/** A whole candidate network. */
export interface CandidateSpec {
  version: 1;
  stem: StemSpec;
  /** perception_3, perception_4, perception_5 in the paper's naming. */
  perception: [PerceptionSpec, PerceptionSpec, PerceptionSpec];
  /** V1p2 search space: true (3x3/2 max-pool before perception_5); authors' TF2 file: false. */
  poolBeforeP5: boolean;
  /** True when the three perception layers use one set of M, k pair and pool pair. */
  sharedScales: boolean;
  /** Dropout rate before the dense layer (fraction dropped, 0..1). */
  dropout: number;
  /** stem: conv0-2; fusion: every conv inside a perception layer; output: the dense layer before softmax. */
  activations: { stem: Activation; fusion: Activation; output: Activation };
}

/** The five unit widths of a perception layer, in concatenation order (pool units = max + min). */
export function unitWidths(p: PerceptionSpec): [number, number, number, number, number] {
  return [p.mm.width, p.c1.width, p.c2.width, p.pool1.maxWidth + p.pool1.minWidth, p.pool2.maxWidth + p.pool2.minWidth];
}

/** Channels a perception layer actually outputs (7 concatenated tensors). */
export function perceptionOutWidth(p: PerceptionSpec): number {
  return unitWidths(p).reduce((s, w) => s + w, 0);
}
