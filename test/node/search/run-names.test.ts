/** A new run's default name: local time (as the run list shows times), and unique among the stored runs. */
import { describe, expect, it } from 'vitest';
import { defaultRunName, freeRunName } from '../../../src/db/runs';

describe('run names', () => {
  it('names the local time and the seed', () => {
    const at = new Date(2026, 11, 7, 21, 5, 30).getTime(); // 21:05 local, whatever UTC says
    expect(defaultRunName(at, 7)).toBe('Search 2026-12-07 21:05 (seed 7)');
  });

  it('numbers a name a stored run has', () => {
    const name = 'Search 2026-12-07 21:05 (seed 1)';
    expect(freeRunName(name, [])).toBe(name);
    expect(freeRunName(name, [{ name }])).toBe(`${name} #2`);
    expect(freeRunName(name, [{ name }, { name: `${name} #2` }, { name: 'other' }])).toBe(`${name} #3`);
  });
});
