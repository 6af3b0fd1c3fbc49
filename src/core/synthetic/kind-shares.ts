/** Expected share of every kind id under each generator (for class-mix tables and tests). */
import { REALISTIC_KIND_SHARES } from './realistic/kinds';
import { KIND_LABELS, KIND_SHARES, type SyntheticGenerator } from './types';

/** Share per kind id (length = number of kinds; 0 for kinds the generator never makes). */
export function kindShares(generator: SyntheticGenerator): readonly number[] {
  return generator === 'realistic' ? REALISTIC_KIND_SHARES : KIND_LABELS.map((_, k) => KIND_SHARES[k] ?? 0);
}
