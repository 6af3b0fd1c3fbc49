/**
 * Stable candidate ids: FNV-1a 64 over the UTF-8 bytes of canonical JSON (object keys sorted at
 * every depth, no whitespace). Synchronous and pure, so the id is available wherever a spec is,
 * and it does not depend on the order in which keys were written.
 */
import type { CandidateSpec } from './spec';

/** JSON with object keys sorted recursively; arrays keep their order. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  if (typeof v === 'number' && !Number.isFinite(v)) throw new RangeError(`canonicalJson: non-finite number ${v}`);
  return JSON.stringify(v);
}

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK64 = 0xffffffffffffffffn;

/** FNV-1a 64-bit hash of a string's UTF-8 bytes, as 16 lowercase hex digits. */
export function fnv1a64(text: string): string {
  let h = FNV_OFFSET;
  const byte = (b: number): void => {
    h = ((h ^ BigInt(b)) * FNV_PRIME) & MASK64;
  };
  for (const ch of text) {
    // Encode the code point as UTF-8 by hand: TextEncoder is not in the ES2022 lib the core builds against.
    const c = ch.codePointAt(0) as number;
    if (c < 0x80) byte(c);
    else if (c < 0x800) {
      byte(0xc0 | (c >> 6));
      byte(0x80 | (c & 63));
    } else if (c < 0x10000) {
      byte(0xe0 | (c >> 12));
      byte(0x80 | ((c >> 6) & 63));
      byte(0x80 | (c & 63));
    } else {
      byte(0xf0 | (c >> 18));
      byte(0x80 | ((c >> 12) & 63));
      byte(0x80 | ((c >> 6) & 63));
      byte(0x80 | (c & 63));
    }
  }
  return h.toString(16).padStart(16, '0');
}

/** The candidate's id: "c-" + FNV-1a 64 of its canonical JSON, e.g. "c-3f9a0c...". */
export function specId(spec: CandidateSpec): string {
  return `c-${fnv1a64(canonicalJson(spec))}`;
}
