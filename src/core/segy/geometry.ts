/**
 * Survey geometry from trace-header keys, so the UI can offer inlines, crosslines or gathers to
 * show as a 2D section. Works on compact typed arrays: one pass, no per-trace objects.
 */

/** Per-trace key fields, index = trace number in the file. */
export interface TraceKeys {
  readonly inline: Int32Array;
  readonly crossline: Int32Array;
  readonly offset: Int32Array;
  readonly fieldRecord: Int32Array;
  readonly cdp: Int32Array;
  /** Names of the fields read again in the other byte order (`unswapKeyField`). */
  readonly swapped?: readonly string[];
}

/** One prestack gather: a shot (field record) or a CDP location (inline, crossline). */
export type GatherKey = { readonly fieldRecord: number } | { readonly inline: number; readonly crossline: number };

/** What the file holds and which lines can be cut from it. */
export interface Geometry {
  readonly kind: '2d' | '3d-poststack' | 'prestack';
  readonly traceCount: number;
  /** Distinct values, ascending. */
  readonly inlines: readonly number[];
  readonly crosslines: readonly number[];
  readonly offsets: readonly number[];
  readonly fieldRecords: readonly number[];
  /** Prestack gathers in file order; empty for post-stack data. */
  readonly gathers: readonly GatherKey[];
  /** Key fields read in the other byte order than the file's: their writer swapped them (see `unswapKeyField`). */
  readonly swappedKeys?: readonly string[];
}

/** A 2D line to cut out: an inline or crossline (optionally one offset of prestack data) or a gather. */
export type LineSelector =
  | { readonly inline: number; readonly offset?: number }
  | { readonly crossline: number; readonly offset?: number }
  | { readonly gather: GatherKey };

const distinct = (a: Int32Array): number[] => [...new Set(a)].sort((x, y) => x - y);

/**
 * Classifies the survey. Varying inline/crossline with unique pairs is post-stack (3D when both vary);
 * repeated pairs mean several offsets per location (prestack). Without inline/crossline, unique CDPs
 * mean a stacked 2D line, and varying offsets or repeated field records mean shot gathers.
 */
export function classifyGeometry(keys: TraceKeys): Geometry {
  const n = keys.inline.length;
  const inlines = distinct(keys.inline),
    crosslines = distinct(keys.crossline);
  const offsets = distinct(keys.offset),
    fieldRecords = distinct(keys.fieldRecord);
  const pairs = new Map<string, GatherKey>();
  for (let i = 0; i < n; i++) {
    const k = `${keys.inline[i]},${keys.crossline[i]}`;
    if (!pairs.has(k)) pairs.set(k, { inline: keys.inline[i]!, crossline: keys.crossline[i]! });
  }
  const base = {
    traceCount: n,
    inlines,
    crosslines,
    offsets,
    fieldRecords,
    ...(keys.swapped?.length ? { swappedKeys: keys.swapped } : {}),
  };
  if (n <= 1) return { ...base, kind: '2d', gathers: [] };
  if (inlines.length > 1 || crosslines.length > 1) {
    if (pairs.size === n)
      return { ...base, kind: inlines.length > 1 && crosslines.length > 1 ? '3d-poststack' : '2d', gathers: [] };
    return { ...base, kind: 'prestack', gathers: [...pairs.values()] };
  }
  if (new Set(keys.cdp).size === n) return { ...base, kind: '2d', gathers: [] };
  if (fieldRecords.length > 1 && fieldRecords.length < n) {
    return { ...base, kind: 'prestack', gathers: firstSeen(keys.fieldRecord).map((fieldRecord) => ({ fieldRecord })) };
  }
  if (offsets.length > 1) return { ...base, kind: 'prestack', gathers: [...pairs.values()] };
  return { ...base, kind: '2d', gathers: [] };
}

function firstSeen(a: Int32Array): number[] {
  return [...new Set(a)];
}

/** Trace indices of one line, ordered along it (crossline, inline or offset), ties in file order. */
export function selectTraces(keys: TraceKeys, sel: LineSelector): number[] {
  const n = keys.inline.length;
  const out: number[] = [];
  let along: Int32Array;
  if ('gather' in sel) {
    const g = sel.gather;
    for (let i = 0; i < n; i++) {
      const hit =
        'fieldRecord' in g
          ? keys.fieldRecord[i] === g.fieldRecord
          : keys.inline[i] === g.inline && keys.crossline[i] === g.crossline;
      if (hit) out.push(i);
    }
    along = keys.offset;
  } else {
    const isInline = 'inline' in sel;
    const fixed = isInline ? keys.inline : keys.crossline;
    const value = isInline ? sel.inline : sel.crossline;
    for (let i = 0; i < n; i++) {
      if (fixed[i] === value && (sel.offset === undefined || keys.offset[i] === sel.offset)) out.push(i);
    }
    along = isInline ? keys.crossline : keys.inline;
  }
  // Array.prototype.sort is stable, so equal keys keep file order.
  return out.sort((a, b) => along[a]! - along[b]! || keys.offset[a]! - keys.offset[b]!);
}
