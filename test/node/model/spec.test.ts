import { describe, expect, it } from 'vitest';
import { canonicalJson, fnv1a64, specId } from '../../../src/core/model/hash';
import { PRESET_NAMES, makeSmallSpec, paperSpec, paperV1p2Spec, presetSpec } from '../../../src/core/model/presets';
import { roundHalfEven, sampleCandidate } from '../../../src/core/model/sampler';
import { perceptionOutWidth } from '../../../src/core/model/spec';
import type { CandidateSpec } from '../../../src/core/model/spec';
import { SpecError, parseSpec, validateSpec } from '../../../src/core/model/validate';

/** Deep copy with every object's keys in reverse insertion order. */
function reverseKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reverseKeys);
  if (typeof v === 'object' && v !== null) {
    return Object.fromEntries(
      Object.entries(v)
        .reverse()
        .map(([k, x]) => [k, reverseKeys(x)]),
    );
  }
  return v;
}
const clone = (s: CandidateSpec): CandidateSpec => structuredClone(s);

describe('fnv1a64', () => {
  it('matches the published FNV-1a 64 test vectors', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });
  it('hashes the UTF-8 bytes of non-ASCII text', () => {
    // 'é' is C3 A9 in UTF-8; hash those two bytes by the textbook loop
    let h = 0xcbf29ce484222325n;
    for (const b of Buffer.from('é€𝄞', 'utf8')) h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
    expect(fnv1a64('é€𝄞')).toBe(h.toString(16).padStart(16, '0'));
  });
});

describe('spec id', () => {
  const specs = [paperSpec(), paperV1p2Spec(), makeSmallSpec(), sampleCandidate(3, 9)];

  it('looks like c-<16 hex> and differs between different networks', () => {
    const ids = specs.map(specId);
    for (const id of ids) expect(id).toMatch(/^c-[0-9a-f]{16}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('survives a JSON round trip and ignores key order', () => {
    for (const s of specs) {
      const back = parseSpec(JSON.stringify(s));
      expect(back).toEqual(s);
      expect(specId(back)).toBe(specId(s));
      const shuffled = reverseKeys(s) as CandidateSpec;
      expect(JSON.stringify(shuffled)).not.toBe(JSON.stringify(s));
      expect(canonicalJson(shuffled)).toBe(canonicalJson(s));
      expect(specId(shuffled)).toBe(specId(s));
    }
  });

  it('changes when any single value changes', () => {
    const base = specId(paperSpec());
    const edits: ((s: CandidateSpec) => void)[] = [
      (s) => (s.dropout = 0.31),
      (s) => (s.stem.conv1.stride = 1),
      (s) => (s.perception[2].c1.k = 4),
      (s) => (s.perception[1].pool2.maxWidth += 1),
      (s) => (s.activations.output = 'linear'),
      (s) => (s.poolBeforeP5 = true),
    ];
    for (const edit of edits) {
      const s = clone(paperSpec());
      edit(s);
      expect(specId(s)).not.toBe(base);
    }
  });
});

describe('validateSpec', () => {
  const cases: [string, (s: Record<string, unknown> & CandidateSpec) => void, string][] = [
    ['wrong version', (s) => ((s as { version: number }).version = 2), 'spec.version'],
    ['unknown key', (s) => (s['extra'] = 1), 'spec.extra'],
    ['missing key', (s) => delete (s as Partial<CandidateSpec>).dropout, 'spec.dropout'],
    ['width != sum of units', (s) => (s.perception[1].width += 1), 'spec.perception[1].width'],
    ['non-integer width', (s) => (s.stem.conv2.width = 12.5), 'spec.stem.conv2.width'],
    ['zero filters', (s) => (s.perception[0].pool1.minWidth = 0), 'spec.perception[0].pool1.minWidth'],
    ['bad activation', (s) => ((s.activations as { stem: string }).stem = 'gelu'), 'spec.activations.stem'],
    ['dropout 1', (s) => (s.dropout = 1), 'spec.dropout'],
    ['shared flag with differing scales', (s) => (s.sharedScales = true), 'spec.perception[1]'],
    ['two perception layers', (s) => s.perception.pop(), 'spec.perception'],
  ];
  for (const [what, edit, field] of cases) {
    it(`rejects ${what} naming ${field}`, () => {
      const s = clone(paperSpec()) as Record<string, unknown> & CandidateSpec;
      edit(s);
      let err: unknown = null;
      try {
        validateSpec(s);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SpecError);
      expect((err as SpecError).field).toBe(field);
      expect((err as SpecError).message).toContain(field);
    });
  }
  it('rejects text that is not JSON', () => {
    expect(() => parseSpec('{"version": 1,')).toThrow(SpecError);
  });
});

describe('presets', () => {
  it('paper widths are self-consistent and the pool split follows round-half-even (authors: 23 -> 12 + 11)', () => {
    const p = paperSpec();
    expect(p.perception.map((l) => l.width)).toEqual([133, 151, 459]);
    for (const l of p.perception) {
      expect(perceptionOutWidth(l)).toBe(l.width);
      for (const b of [l.pool1, l.pool2]) expect(b.maxWidth).toBe(roundHalfEven((b.maxWidth + b.minWidth) / 2));
    }
  });
  it('paper carries the TF2 quirks; paper-v1p2 the search-space layout with the same widths', () => {
    const p = paperSpec();
    const v = paperV1p2Spec();
    expect([p.stem.conv1.stride, p.poolBeforeP5, p.dropout]).toEqual([2, false, 0.3]);
    expect(p.activations).toEqual({ stem: 'elu', fusion: 'linear', output: 'elu' });
    expect([v.stem.conv1.stride, v.poolBeforeP5]).toEqual([1, true]);
    expect(v.perception).toEqual(p.perception);
    expect([v.stem.conv0.width, v.stem.conv1.width, v.stem.conv2.width]).toEqual([137, 137, 144]);
  });
  it('every preset is valid and fresh on each call', () => {
    for (const name of PRESET_NAMES) {
      const a = presetSpec(name);
      expect(() => validateSpec(a)).not.toThrow();
      a.perception[0].mm.width += 5;
      expect(presetSpec(name).perception[0].mm.width).toBe(a.perception[0].mm.width - 5);
    }
  });
  it('makeSmallSpec honours its options and refuses impossible widths', () => {
    const s = makeSmallSpec({ stemWidth: 3, perceptionWidth: 13, layout: 'tf2', dropout: 0.2 });
    expect(() => validateSpec(s)).not.toThrow();
    expect([s.stem.conv0.width, s.stem.conv2.width, s.stem.conv1.stride, s.poolBeforeP5, s.dropout]).toEqual([
      3,
      6,
      2,
      false,
      0.2,
    ]);
    expect(s.perception.map((l) => l.width)).toEqual([13, 13, 13]);
    expect(() => makeSmallSpec({ perceptionWidth: 9 })).toThrow(RangeError);
  });
});
