/** Why the Search form cannot price a run on the backend chosen: missing from this browser, or found but not timed. */
import { describe, expect, it } from 'vitest';
import { priceRun } from '../../../src/app/run-pricing';
import { DEFAULT_SEARCH_SETTINGS } from '../../../src/core/search/settings';
import type { ProbeTiming } from '../../../src/runtime/backends';

const probe: ProbeTiming[] = [
  { name: 'webgl', msPerStep: null, note: 'not probed: SwiftShader (about 100x slower than wasm)' },
  { name: 'wasm', msPerStep: 40, note: 'SIMD, 2 threads' },
  { name: 'cpu', msPerStep: null, note: 'not probed: plain JS is the last resort' },
];

describe('priceRun', () => {
  it('says a backend missing from this browser would make every candidate fall back', () => {
    const p = priceRun({ ...DEFAULT_SEARCH_SETTINGS, backend: 'webgpu' }, probe);
    expect(p.estimate).toBeNull();
    expect(p.estimateNote).toBe(
      'Backend webgpu is not available in this browser: every candidate would fail on it and fall back to the next backend. Choose auto.',
    );
  });

  it('says why a backend found here was not timed (a software adapter), and prices a timed one', () => {
    const p = priceRun({ ...DEFAULT_SEARCH_SETTINGS, backend: 'webgl' }, probe);
    expect(p.estimateNote).toContain('Backend webgl was not timed on this device (not probed: SwiftShader');
    const wasm = priceRun({ ...DEFAULT_SEARCH_SETTINGS, backend: 'wasm' }, probe);
    expect(wasm.estimateNote).toBe('');
    expect(wasm.estimate?.seconds).toBeGreaterThan(0);
  });
});
