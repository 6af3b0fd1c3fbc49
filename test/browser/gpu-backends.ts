/**
 * Whether this browser offers a GPU backend, decided by asking for it (not by catching whatever a backend start
 * throws): where it exists, a test on it must pass; where it does not, the test is skipped, saying why. Headless
 * Chromium with --enable-unsafe-webgpu offers SwiftShader's fallback WebGPU adapter, and software WebGL.
 */
import type { TestContext } from 'vitest';

/** True when an adapter exists; otherwise skips the test (and logs the reason) and returns false. */
export async function hasWebgpuAdapterOrSkip(ctx: TestContext): Promise<boolean> {
  const gpuApi = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  const adapter = gpuApi ? await gpuApi.requestAdapter() : null;
  if (adapter) return true;
  const reason = gpuApi ? 'navigator.gpu.requestAdapter() returned null' : 'navigator.gpu is missing';
  console.log(`skipped: no WebGPU adapter in this browser (${reason})`);
  ctx.skip(`no WebGPU adapter (${reason})`);
  return false;
}

/** True when this browser gives a WebGL context (as the workers' backend detection asks for one); otherwise skips. */
export function hasWebglOrSkip(ctx: TestContext): boolean {
  const canvas = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(1, 1) : null;
  if (canvas?.getContext('webgl2') ?? canvas?.getContext('webgl')) return true;
  console.log('skipped: no WebGL context in this browser');
  ctx.skip('no WebGL context');
  return false;
}
