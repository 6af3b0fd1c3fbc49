/** The ETA of long jobs: rate over recent progress (not since the start), pure in the clock readings. */
import { describe, expect, it } from 'vitest';
import { EtaTracker, etaSeconds, formatEta } from '../../../src/core/jobs/eta';

describe('etaSeconds', () => {
  it('is unknown before two samples span time, or while nothing moves', () => {
    expect(etaSeconds([], 10)).toBeNull();
    expect(etaSeconds([{ atMs: 0, done: 1 }], 10)).toBeNull();
    expect(
      etaSeconds(
        [
          { atMs: 5, done: 1 },
          { atMs: 5, done: 2 },
        ],
        10,
      ),
    ).toBeNull();
    expect(
      etaSeconds(
        [
          { atMs: 0, done: 3 },
          { atMs: 1000, done: 3 },
        ],
        10,
      ),
    ).toBeNull();
  });

  it('is the work left over the rate: 10 units/s with 50 left is 5 s', () => {
    expect(
      etaSeconds(
        [
          { atMs: 0, done: 0 },
          { atMs: 1000, done: 10 },
        ],
        60,
      ),
    ).toBeCloseTo(5, 9);
    expect(
      etaSeconds(
        [
          { atMs: 0, done: 0 },
          { atMs: 1000, done: 60 },
        ],
        60,
      ),
    ).toBe(0);
  });

  it('follows the recent rate: a slow start is forgotten once it leaves the window', () => {
    // 1 unit/s for 20 s, then 10 units/s for 10 s: 120 done, 80 left → 8 s at the recent rate (not 80 / 4 = 20 s).
    const samples = [];
    for (let t = 0; t <= 20; t++) samples.push({ atMs: t * 1000, done: t });
    for (let t = 21; t <= 30; t++) samples.push({ atMs: t * 1000, done: 20 + (t - 20) * 10 });
    expect(etaSeconds(samples, 200, 10_000)).toBeCloseTo(8, 9);
    expect(etaSeconds(samples, 200, 60_000)).toBeCloseTo(80 / 4, 9);
  });
});

describe('EtaTracker', () => {
  it('keeps a bounded window and restarts when progress goes back (a new pass)', () => {
    const eta = new EtaTracker(2000);
    expect(eta.update(0, 0, 100).etaSeconds).toBeNull();
    for (let t = 1; t <= 50; t++) eta.update(t * 100, t, 100);
    const p = eta.update(5100, 51, 100);
    expect([p.done, p.total]).toEqual([51, 100]);
    expect(p.etaSeconds).toBeCloseTo(4.9, 9);
    expect((eta as unknown as { samples: unknown[] }).samples.length).toBeLessThanOrEqual(23);
    expect(eta.update(6000, 5, 100).etaSeconds).toBeNull();
    expect(eta.update(7000, 10, 100).etaSeconds).toBeCloseTo(18, 9);
  });
});

describe('formatEta', () => {
  it('says the time left in words a user reads at a glance', () => {
    expect(formatEta(null)).toBe('');
    expect(formatEta(11.2)).toBe('≈ 12 s left');
    expect(formatEta(0)).toBe('≈ 0 s left');
    expect(formatEta(185)).toBe('≈ 3 min left');
    expect(formatEta(3600)).toBe('≈ 1 h left');
    expect(formatEta(3900)).toBe('≈ 1 h 5 min left');
    expect(formatEta(7199)).toBe('≈ 2 h left');
    expect(formatEta(3599)).toBe('≈ 1 h left');
  });
});
