/** Axis ticks of the section display: round values (1, 2 or 5 × 10^k apart), shared by the viewer and the PNG export. */

/** Round tick values (1, 2 or 5 × 10^k apart) in [lo, hi], about `count` of them. */
export function niceTicks(lo: number, hi: number, count: number): number[] {
  if (!(hi > lo) || count < 1) return [];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** Ticks for an axis `lengthPx` long showing [lo, hi], at least about `minSpacingPx` apart. */
export function axisTicks(lo: number, hi: number, lengthPx: number, minSpacingPx: number): number[] {
  return niceTicks(lo, hi, Math.max(2, Math.floor(lengthPx / minSpacingPx)));
}

/** Integer ticks only (trace numbers), same spacing rule. */
export function integerTicks(lo: number, hi: number, lengthPx: number, minSpacingPx: number): number[] {
  return axisTicks(lo, hi, lengthPx, minSpacingPx).filter((v) => Number.isInteger(v));
}
