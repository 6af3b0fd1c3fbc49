/**
 * What the readout can say about a trace from its headers: CDP, inline/crossline and X/Y, each only when the line
 * carries it (a field that is 0 on every trace is not there). X/Y are the CDP coordinates (bytes 181-188) when
 * present, else the source-receiver midpoint. Coordinates that stay put while the CDP number changes are not a
 * location track (rev-0 files use bytes 181-188 for anything: 31_81_PR.sgy has 6000 / 65536 on every trace), so
 * they are left out.
 */

/** Per-trace header arrays a section may carry (the SEG-Y reader's Section has them all). */
export interface TraceHeaderArrays {
  readonly traceCount: number;
  readonly cdp?: ArrayLike<number>;
  readonly inline?: ArrayLike<number>;
  readonly crossline?: ArrayLike<number>;
  readonly cdpX?: ArrayLike<number>;
  readonly cdpY?: ArrayLike<number>;
  readonly sourceX?: ArrayLike<number>;
  readonly sourceY?: ArrayLike<number>;
  readonly receiverX?: ArrayLike<number>;
  readonly receiverY?: ArrayLike<number>;
}

/** Which header fields the line has; computed once per section. */
export interface HeaderFields {
  readonly cdp: boolean;
  readonly inlineCrossline: boolean;
  readonly xy: 'cdp' | 'midpoint' | null;
}

const present = (a: ArrayLike<number> | undefined, n: number): boolean => {
  if (!a || a.length < n) return false;
  for (let i = 0; i < n; i++) if ((a[i] as number) !== 0) return true;
  return false;
};

const varies = (a: ArrayLike<number> | undefined, n: number): boolean => {
  if (!a || a.length < n) return false;
  for (let i = 1; i < n; i++) if ((a[i] as number) !== (a[0] as number)) return true;
  return false;
};

export function headerFields(s: TraceHeaderArrays): HeaderFields {
  const n = s.traceCount,
    cdpMoves = varies(s.cdp, n);
  const track = (...axes: (ArrayLike<number> | undefined)[]) =>
    axes.some((a) => present(a, n)) && (!cdpMoves || axes.some((a) => varies(a, n)));
  const xy = track(s.cdpX, s.cdpY) ? 'cdp' : track(s.sourceX, s.sourceY, s.receiverX, s.receiverY) ? 'midpoint' : null;
  return { cdp: present(s.cdp, n), inlineCrossline: present(s.inline, n) || present(s.crossline, n), xy };
}

/** Readout parts for trace `t` (0-based): ["CDP 101", "inline 5 / crossline 20", "X 1234.5 Y 678"]. */
export function headerReadout(s: TraceHeaderArrays, f: HeaderFields, t: number): string[] {
  const parts: string[] = [];
  const v = (a: ArrayLike<number> | undefined) => a?.[t] ?? 0;
  if (f.cdp) parts.push(`CDP ${v(s.cdp)}`);
  if (f.inlineCrossline) parts.push(`inline ${v(s.inline)} / crossline ${v(s.crossline)}`);
  if (f.xy) {
    const x = f.xy === 'cdp' ? v(s.cdpX) : (v(s.sourceX) + v(s.receiverX)) / 2;
    const y = f.xy === 'cdp' ? v(s.cdpY) : (v(s.sourceY) + v(s.receiverY)) / 2;
    parts.push(`X ${formatCoordinate(x)} Y ${formatCoordinate(y)}`);
  }
  return parts;
}

/** Coordinates to at most 2 decimals, no trailing zeros. */
export function formatCoordinate(v: number): string {
  return String(Number(v.toFixed(2)));
}
