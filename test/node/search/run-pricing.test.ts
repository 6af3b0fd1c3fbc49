/** Why the Search form cannot price a run on the backend chosen: missing from this browser, or found but not timed. */
import { describe, expect, it } from 'vitest';
import { priceRun } from '../../../src/app/run-pricing';
import { DEFAULT_SEARCH_SETTINGS } from '../../../src/core/search/settings';
import type { ProbeTiming } from '../../../src/runtime/backends';
import type { SearchSettings } from '../../../src/core/search/settings';
import type { BackendAvailability } from '../../../src/core/backend-names';

const missingGpu: BackendAvailability = {
  name: 'webgpu',
  available: false,
  software: false,
  detail: 'no WebGPU adapter available',
};

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

  it('names why a backend the probe recorded as missing is missing', () => {
    const withMissing: ProbeTiming[] = [
      { name: 'webgpu', msPerStep: null, note: 'not available: no WebGPU adapter available', available: false },
      ...probe,
    ];
    const p = priceRun({ ...DEFAULT_SEARCH_SETTINGS, backend: 'webgpu' }, withMissing, [missingGpu]);
    expect(p.estimateNote).toBe(
      'Backend webgpu is not available in this browser (no WebGPU adapter available): every candidate would fail on it and fall back to the next backend. Choose auto.',
    );
  });

  it('before the device is measured, says at once that a chosen backend is missing or a software adapter', () => {
    const unmeasured = (backend: SearchSettings['backend'], availability: BackendAvailability[]) =>
      priceRun({ ...DEFAULT_SEARCH_SETTINGS, backend }, null, availability).estimateNote;
    expect(unmeasured('webgpu', [missingGpu])).toMatch(
      /^Backend webgpu is not available in this browser \(no WebGPU adapter available\)/,
    );
    expect(
      unmeasured('webgpu', [
        { name: 'webgpu', available: true, software: true, detail: 'fallback (software) adapter: google swiftshader' },
      ]),
    ).toBe(
      'Backend webgpu is a software adapter in this browser (fallback (software) adapter: google swiftshader), about 100 times slower than wasm: choose auto, which skips it.',
    );
    // A real adapter, auto, or nothing known yet: no note, so the form offers to measure the device.
    expect(
      unmeasured('webgpu', [{ name: 'webgpu', available: true, software: false, detail: 'adapter: nvidia' }]),
    ).toBe('');
    expect(unmeasured('auto', [missingGpu])).toBe('');
    expect(unmeasured('webgpu', [])).toBe('');
  });
});
