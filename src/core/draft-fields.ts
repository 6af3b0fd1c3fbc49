/**
 * Reading a form's draft kept over a reload (JSON in the tab's session storage). A stored draft comes from an older
 * or newer app as easily as from this one, so drafts are read field by field with these: a field of the wrong type
 * or an unknown value takes the default, and nothing else is trusted.
 */
import { isJsonObject } from './json-file';

/** The draft's JSON object, or null when there is none (nothing stored, not JSON, or not an object). */
export function draftObject(json: string | null): Record<string, unknown> | null {
  if (json === null) return null;
  try {
    const v: unknown = JSON.parse(json);
    return isJsonObject(v) ? v : null;
  } catch {
    return null;
  }
}

/** A number as typed: JSON keeps an emptied field (NaN) as null, which stays empty (NaN) so its message shows again. */
export function typedNumber(v: unknown, fallback: number): number {
  if (v === null) return NaN;
  return typeof v === 'number' ? v : fallback;
}

/** `v` if it is one of `allowed`, else the fallback. */
export function oneOf<T extends string>(v: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.find((a) => a === v) ?? fallback;
}

/** The members of `allowed` that the stored array lists, in `allowed`'s order; the fallback when it is no array. */
export function subsetOf<T extends string>(v: unknown, allowed: readonly T[], fallback: readonly T[]): T[] {
  if (!Array.isArray(v)) return [...fallback];
  return allowed.filter((a) => v.includes(a));
}
