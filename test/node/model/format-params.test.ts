import { describe, expect, it } from 'vitest';
import { formatParams } from '../../../src/core/model/format-params';

describe('formatParams', () => {
  it('writes counts under a million out, larger ones in millions to three significant figures', () => {
    expect(formatParams(559)).toBe('559 parameters');
    expect(formatParams(1)).toBe('1 parameter');
    expect(formatParams(22_717)).toBe('22,717 parameters');
    expect(formatParams(725_697)).toBe('725,697 parameters');
    expect(formatParams(1_254_000)).toBe('1.25 M parameters');
    expect(formatParams(Number.NaN)).toBe('unknown size');
  });
});
