/**
 * The realistic profile's patch kinds: ONE table of what each imitates, its class label and its share
 * (the gallery legend and the Data view's class mix read it). Half the patches are BSRs (label 1), as in
 * the paper; the other half are the look-alikes a network trained on the paper generator fires on in
 * real lines: the seabed and the water above it, its multiple, bright strata and water-column noise.
 */
import { KIND_LABELS, PatchKind } from '../types';

export interface RealisticKind {
  kind: PatchKind;
  /** Probability per patch. */
  share: number;
  /** What it imitates, for the code reader and the gallery legend. */
  imitates: string;
}

export const REALISTIC_KINDS: readonly RealisticKind[] = [
  {
    kind: PatchKind.bsr,
    share: 0.2,
    imitates:
      'BSR: reversed-polarity reflector roughly parallel to the seabed (a third of them steep, as on slopes), cutting across dipping strata',
  },
  {
    kind: PatchKind.bsrGapped,
    share: 0.12,
    imitates: 'BSR with gaps and an amplitude that changes along it (patchy hydrate/gas)',
  },
  {
    kind: PatchKind.bsrBlanked,
    share: 0.1,
    imitates:
      'BSR with blanking above (weak strata in the hydrate zone) and/or brightening below (free gas); some only the envelope of brightened strata ending upward at it',
  },
  { kind: PatchKind.bsrFaulted, share: 0.08, imitates: 'BSR running unbroken across a fault that offsets the strata' },
  {
    kind: PatchKind.normalReflector,
    share: 0.08,
    imitates:
      'strong normal-polarity reflector parallel to the seabed crossing strata (a BSR look-alike of the wrong polarity)',
  },
  {
    kind: PatchKind.seabedWater,
    share: 0.1,
    imitates: 'seabed anywhere in the patch (centre rows too), sloping and rough, with the water column above it',
  },
  {
    kind: PatchKind.seabedMultiple,
    share: 0.04,
    imitates: 'seabed and its multiple: a weaker reversed-sign copy below it, dipping twice as steeply',
  },
  {
    kind: PatchKind.brightStrata,
    share: 0.12,
    imitates:
      'bright strata and bright spots following the layering, half of them soft (negative first, like a BSR: gas sands), so only cutting across the strata marks a BSR',
  },
  { kind: PatchKind.waterNoise, share: 0.03, imitates: 'water column: near-zero data with noise and swell bursts' },
  {
    kind: PatchKind.strata,
    share: 0.05,
    imitates: 'layered sediments only (band-limited or blocky), sometimes faulted',
  },
  {
    kind: PatchKind.bsrOffCentre,
    share: 0.08,
    imitates:
      'a BSR near the top or bottom edge, 18+ rows from the centre: not a BSR patch, so the map marks the BSR itself and not the strata a patch above or below it',
  },
];

/** Share of every kind id in the realistic profile (0 for the paper's kinds), indexed by PatchKind. */
export const REALISTIC_KIND_SHARES: readonly number[] = (() => {
  const shares = KIND_LABELS.map(() => 0);
  for (const k of REALISTIC_KINDS) shares[k.kind] = k.share;
  return shares;
})();

/** Cumulative shares in table order, for drawing a kind from one uniform. */
const CUMULATIVE = REALISTIC_KINDS.reduce<number[]>((acc, k) => [...acc, (acc.at(-1) ?? 0) + k.share], []);

/** The realistic kind for a uniform u in [0, 1). */
export function realisticKindFor(u: number): PatchKind {
  for (let i = 0; i < CUMULATIVE.length; i++) if (u < CUMULATIVE[i]!) return REALISTIC_KINDS[i]!.kind;
  return REALISTIC_KINDS[REALISTIC_KINDS.length - 1]!.kind;
}

/**
 * The realistic profile's ingredients as groups of kinds, for ablations (README: "what earns its place"):
 * `wavelets` alone is the paper's set of kinds (a BSR, its normal-polarity twin, strata) drawn with real
 * wavelets and band-limited strata; the other two add the hard negatives and the BSR variants.
 */
export const INGREDIENT_KINDS = {
  wavelets: [PatchKind.bsr, PatchKind.normalReflector, PatchKind.strata],
  hardNegatives: [
    PatchKind.seabedWater,
    PatchKind.seabedMultiple,
    PatchKind.brightStrata,
    PatchKind.waterNoise,
    PatchKind.bsrOffCentre,
  ],
  bsrVariants: [PatchKind.bsrGapped, PatchKind.bsrBlanked, PatchKind.bsrFaulted],
} as const satisfies Record<string, readonly PatchKind[]>;

/**
 * A kind drawer over a subset of the realistic kinds: shares renormalised within each class so the subset
 * still holds half BSRs (label 1) and half not (as the full table does). Throws on a kind the profile lacks
 * or a subset without both classes.
 */
export function realisticKindDrawer(subset: readonly PatchKind[]): (u: number) => PatchKind {
  const rows = REALISTIC_KINDS.filter((k) => subset.includes(k.kind));
  for (const k of subset)
    if (!rows.some((r) => r.kind === k)) throw new RangeError(`kind ${k} is not a realistic kind`);
  const total = [0, 1].map((label) =>
    rows.filter((r) => KIND_LABELS[r.kind] === label).reduce((a, r) => a + r.share, 0),
  );
  if (!(total[0]! > 0 && total[1]! > 0)) throw new RangeError('a kind subset needs BSR and not-BSR kinds');
  let acc = 0;
  const cumulative = rows.map((r) => (acc += (0.5 * r.share) / total[KIND_LABELS[r.kind]!]!));
  return (u) => {
    for (let i = 0; i < cumulative.length; i++) if (u < cumulative[i]!) return rows[i]!.kind;
    return rows[rows.length - 1]!.kind;
  };
}
