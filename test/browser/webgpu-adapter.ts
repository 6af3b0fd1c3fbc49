/**
 * Whether this browser offers a WebGPU adapter, decided by asking for one (not by catching whatever a backend start
 * throws): with an adapter, a WebGPU test must pass on it; without one it is skipped, saying why. Headless Chromium
 * with --enable-unsafe-webgpu offers SwiftShader's fallback adapter.
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
