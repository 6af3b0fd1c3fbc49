/**
 * Seeded sampler of the V1p2 search space (spn-reference §2), following the authors' TF1
 * search code (SeismicPatchNet_topologyV1p2 / perception_layer_topologyV1): same ranges, same
 * rounding, same repair of the unit split. Candidate (seed, index) is a pure function of the two
 * integers, whatever worker draws it and in whatever order.
 */
import { Rng, deriveSeed } from '../prng';
import type { CandidateSpec, PerceptionSpec } from './spec';

/** The V1p2 ranges; integer ranges are [lo, hi) like numpy's randint. */
export const V1P2 = {
  conv0Width: [32, 256],
  conv2Width: [32, 256],
  perceptionWidth: [128, 640],
  bottleneck: [16, 384],
  mmSizes: [1, 2],
  kSizes: [3, 4, 5, 6, 7],
  poolSizes: [2, 3, 4, 5],
  minUnitWidth: 2,
  sharedScalesProbability: 0.5,
  dropout: 0.5, // the authors train with keep probability 0.5
} as const;

/** numpy's np.round: halves go to the even neighbour (the authors' split depends on it, e.g. 23 -> 12 + 11). */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** All 2-combinations (a < b in list order) of `items`, like itertools.combinations(items, 2). */
export function pairs<T>(items: readonly T[]): [T, T][] {
  const out: [T, T][] = [];
  for (let i = 0; i < items.length; i++)
    for (let j = i + 1; j < items.length; j++) out.push([items[i] as T, items[j] as T]);
  return out;
}

const K_PAIRS = pairs(V1P2.kSizes);
const POOL_PAIRS = pairs(V1P2.poolSizes);

/** Kernel scales of one perception layer. */
interface Scales {
  m: number;
  k: [number, number];
  pool: [number, number];
}

function drawScales(rng: Rng): Scales {
  return { m: rng.pick(V1P2.mmSizes), k: rng.pick(K_PAIRS), pool: rng.pick(POOL_PAIRS) };
}

/**
 * Splits `width` into five unit widths from Dirichlet(1,1,1,1,1), each >= 2, summing to `width`.
 * As in the authors' code: round each share x width half-to-even; the rounding error (at most 2
 * either way) is added to the smallest unit or taken from the largest; then every unit below 2
 * is raised to 2 and the shortfall taken from the current largest unit. Each repair step keeps
 * the sum, and since width >= 10 some unit exceeds 2 while any is below, so the loop ends.
 */
export function splitWidth(rng: Rng, width: number, units = 5): number[] {
  const min = V1P2.minUnitWidth;
  if (!Number.isInteger(width) || width < units * min)
    throw new RangeError(`splitWidth: width ${width} < ${units} units x ${min}`);
  const w = rng.dirichlet(new Array<number>(units).fill(1)).map((p) => roundHalfEven(p * width));
  const argmin = (): number => w.indexOf(Math.min(...w));
  const argmax = (): number => w.indexOf(Math.max(...w));
  const diff = width - w.reduce((s, x) => s + x, 0);
  if (diff > 0) w[argmin()] = (w[argmin()] as number) + diff;
  else if (diff < 0) w[argmax()] = (w[argmax()] as number) + diff;
  while (Math.min(...w) < min) {
    const lo = argmin();
    const hi = argmax();
    w[hi] = (w[hi] as number) - (min - (w[lo] as number));
    w[lo] = min;
  }
  return w;
}

function drawPerception(rng: Rng, width: number, s: Scales): PerceptionSpec {
  const [mm, c1, c2, p1, p2] = splitWidth(rng, width) as [number, number, number, number, number];
  const b1 = rng.int(V1P2.bottleneck[0], V1P2.bottleneck[1]);
  const b2 = rng.int(V1P2.bottleneck[0], V1P2.bottleneck[1]);
  // Pooling units: max-pool 1x1 conv gets round(half) (half-to-even, as np.round), min-pool the rest.
  const p1max = roundHalfEven(p1 / 2);
  const p2max = roundHalfEven(p2 / 2);
  return {
    width,
    mm: { size: s.m, width: mm },
    c1: { bottleneck: b1, k: s.k[0], width: c1 },
    c2: { bottleneck: b2, k: s.k[1], width: c2 },
    pool1: { size: s.pool[0], maxWidth: p1max, minWidth: p1 - p1max },
    pool2: { size: s.pool[1], maxWidth: p2max, minWidth: p2 - p2max },
  };
}

/** Candidate number `index` of the search seeded by `seed`, in the V1p2 layout (ReLU, linear logits). */
export function sampleCandidate(seed: number, index: number): CandidateSpec {
  const rng = new Rng(deriveSeed(seed, index));
  const w0 = rng.int(V1P2.conv0Width[0], V1P2.conv0Width[1]);
  const w2 = rng.int(V1P2.conv2Width[0], V1P2.conv2Width[1]);
  const widths = [0, 1, 2].map(() => rng.int(V1P2.perceptionWidth[0], V1P2.perceptionWidth[1]));
  const sharedScales = rng.chance(V1P2.sharedScalesProbability);
  const shared = sharedScales ? drawScales(rng) : null;
  const layers = widths.map((w) => drawPerception(rng, w, shared ?? drawScales(rng)));
  return {
    version: 1,
    // conv1 keeps conv0's width, as in the authors' code.
    stem: {
      conv0: { width: w0, kernel: 7, stride: 2 },
      conv1: { width: w0, stride: 1 },
      conv2: { width: w2, kernel: 3 },
    },
    perception: layers as [PerceptionSpec, PerceptionSpec, PerceptionSpec],
    poolBeforeP5: true,
    sharedScales,
    dropout: V1P2.dropout,
    activations: { stem: 'relu', fusion: 'relu', output: 'linear' },
  };
}
