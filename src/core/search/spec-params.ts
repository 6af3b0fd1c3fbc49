/**
 * The searched parameters of a candidate as named numbers (for parallel coordinates and importance), Spearman's
 * rank correlation of each with the score, and axis brushing. Per-layer choices are averaged over the three
 * perception layers (they are one choice when the scales are shared), so each axis is one number per candidate.
 */
import type { CandidateSpec } from '../model';

export interface SpecParameter {
  key: string;
  label: string;
  value: (spec: CandidateSpec) => number;
  /** A per-layer choice averaged over the three perception layers (so it may read 3.33 for kernels of 3, 3 and 4). */
  layerMean?: true;
}

const mean3 = (spec: CandidateSpec, f: (p: CandidateSpec['perception'][number]) => number) =>
  spec.perception.reduce((s, p) => s + f(p), 0) / 3;

/** The axes: widths, kernel sizes, pool sizes and dropout, in the order the network uses them. */
export const SPEC_PARAMETERS: readonly SpecParameter[] = [
  { key: 'conv0Width', label: 'conv0 width', value: (s) => s.stem.conv0.width },
  { key: 'conv2Width', label: 'conv2 width', value: (s) => s.stem.conv2.width },
  { key: 'p3Width', label: 'P3 width', value: (s) => s.perception[0].width },
  { key: 'p4Width', label: 'P4 width', value: (s) => s.perception[1].width },
  { key: 'p5Width', label: 'P5 width', value: (s) => s.perception[2].width },
  { key: 'mSize', label: 'M×M size', value: (s) => mean3(s, (p) => p.mm.size), layerMean: true },
  { key: 'kSmall', label: 'kernel k1', value: (s) => mean3(s, (p) => p.c1.k), layerMean: true },
  { key: 'kLarge', label: 'kernel k2', value: (s) => mean3(s, (p) => p.c2.k), layerMean: true },
  {
    key: 'bottleneck',
    label: 'bottleneck',
    value: (s) => mean3(s, (p) => (p.c1.bottleneck + p.c2.bottleneck) / 2),
    layerMean: true,
  },
  { key: 'poolSmall', label: 'pool 1 size', value: (s) => mean3(s, (p) => p.pool1.size), layerMean: true },
  { key: 'poolLarge', label: 'pool 2 size', value: (s) => mean3(s, (p) => p.pool2.size), layerMean: true },
  { key: 'dropout', label: 'dropout', value: (s) => s.dropout },
];

/** Ranks 1..n with ties given their average rank (NaN values must be removed first). */
export function averageRanks(xs: readonly number[]): number[] {
  const order = xs.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(xs.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (
      j + 1 < order.length &&
      (order[j + 1] as readonly [number, number])[0] === (order[i] as readonly [number, number])[0]
    )
      j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[(order[k] as readonly [number, number])[1]] = r;
    i = j + 1;
  }
  return ranks;
}

/** Spearman's rank correlation (Pearson's r of average ranks); NaN for fewer than 3 pairs or a constant side. */
export function spearman(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) throw new RangeError(`spearman: ${x.length} x values but ${y.length} y values`);
  if (x.length < 3) return NaN;
  const rx = averageRanks(x),
    ry = averageRanks(y);
  const m = (x.length + 1) / 2;
  let sxy = 0,
    sxx = 0,
    syy = 0;
  for (let i = 0; i < x.length; i++) {
    const a = (rx[i] as number) - m,
      b = (ry[i] as number) - m;
    sxy += a * b;
    sxx += a * a;
    syy += b * b;
  }
  return sxx && syy ? sxy / Math.sqrt(sxx * syy) : NaN;
}

export interface Importance {
  key: string;
  label: string;
  /** Spearman's rho of the parameter with the score (sign: direction of the association). */
  rho: number;
  /** The parameter does not vary in this run (rho undefined). */
  constant: boolean;
}

/** Each parameter's rank correlation with the score over the scored candidates, strongest |rho| first. */
export function parameterImportance(
  items: readonly { spec: CandidateSpec; score: number }[],
  params: readonly SpecParameter[] = SPEC_PARAMETERS,
): Importance[] {
  const scored = items.filter((c) => Number.isFinite(c.score));
  const ys = scored.map((c) => c.score);
  return params
    .map((p) => {
      const xs = scored.map((c) => p.value(c.spec));
      const constant = xs.every((v) => v === xs[0]);
      return { key: p.key, label: p.label, rho: constant ? NaN : spearman(xs, ys), constant };
    })
    .sort((a, b) => (Number.isNaN(a.rho) ? 1 : 0) - (Number.isNaN(b.rho) ? 1 : 0) || Math.abs(b.rho) - Math.abs(a.rho));
}

/** A brush on one axis: values in [lo, hi] pass. */
export type Brushes = Readonly<Record<string, readonly [number, number]>>;

/** Ids whose every brushed axis value lies inside its brush (all ids when nothing is brushed). */
export function brushFilter(
  items: readonly { id: string; values: Readonly<Record<string, number>> }[],
  brushes: Brushes,
): Set<string> {
  const active = Object.entries(brushes);
  return new Set(
    items
      .filter((c) =>
        active.every(([k, [lo, hi]]) => {
          const v = c.values[k];
          return v !== undefined && v >= Math.min(lo, hi) && v <= Math.max(lo, hi);
        }),
      )
      .map((c) => c.id),
  );
}
