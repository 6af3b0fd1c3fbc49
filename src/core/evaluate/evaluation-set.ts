/**
 * The fixed evaluation set: twelve seeded test lines, eight with a BSR (wavelets x sample rates x
 * noise x geometry) and four BSR-free ones with BSR look-alikes. Sizes are kept so that the whole
 * set is ~50,000 patches at stride 8 (tens of seconds of classification). Changing a line changes
 * every score measured on it: add new lines under new ids instead of editing these. The lines are
 * data (evaluation-set.json); this module gives them their option types.
 */
import lines from './evaluation-set.json';
import type { TestLineSpec } from './test-lines';

/** `value` if it is one of `allowed`; throws naming `what` otherwise. */
function oneOf<T extends string | number>(value: string | number, allowed: readonly T[], what: string): T {
  const found = allowed.find((a) => a === value);
  if (found === undefined)
    throw new RangeError(`evaluation set: ${what} must be one of ${allowed.join(', ')}, got ${value}`);
  return found;
}

/** A line of the JSON with the fields it types as plain numbers and strings narrowed (keys keep their order). */
function typed({ id, description, options: o }: (typeof lines)[number]): TestLineSpec {
  return {
    id,
    description,
    options: {
      ...o,
      dtMs: oneOf(o.dtMs, [1, 2, 4], `${id} dtMs`),
      wavelet: oneOf(o.wavelet, ['ricker', 'rotated', 'doublet'], `${id} wavelet`),
      seabed: { ...o.seabed, shape: oneOf(o.seabed.shape, ['flat', 'sloping', 'rough'], `${id} seabed shape`) },
    },
  };
}

export const FIXED_EVALUATION_SET: readonly TestLineSpec[] = lines.map(typed);

/** The spec of `id`; throws naming the known ids. */
export function evaluationLine(id: string): TestLineSpec {
  const spec = FIXED_EVALUATION_SET.find((s) => s.id === id);
  if (!spec) throw new RangeError(`no test line "${id}"; known: ${FIXED_EVALUATION_SET.map((s) => s.id).join(', ')}`);
  return spec;
}
