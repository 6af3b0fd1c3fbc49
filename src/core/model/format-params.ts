/**
 * A parameter count as people read it. The searched networks run from a few thousand parameters to the paper's
 * 725,697, where millions to three places read "0.000 M" or "0.006 M": counts under a million are written out
 * ("22,717 parameters"), larger ones in millions to three significant figures ("1.25 M parameters").
 */
export function formatParams(count: number): string {
  if (!Number.isFinite(count) || count < 0) return 'unknown size';
  if (count < 1e6) return `${Math.round(count).toLocaleString('en')} parameter${count === 1 ? '' : 's'}`;
  return `${(count / 1e6).toPrecision(3)} M parameters`;
}
