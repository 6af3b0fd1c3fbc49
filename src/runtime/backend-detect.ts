/**
 * What this browser offers of the tfjs backends, found without tfjs or starting anything heavy (an adapter request
 * and a 1 × 1 canvas): the page asks it before the device is measured, so the Search form can say at once that a
 * chosen backend is missing or a software adapter.
 */
import type { BackendAvailability } from '../core/backend-names';

/** What this environment offers, without starting anything heavy. */
export async function detectBackends(): Promise<BackendAvailability[]> {
  const out: BackendAvailability[] = [];
  const gpu = (
    navigator as unknown as {
      gpu?: {
        requestAdapter(): Promise<{
          info?: { vendor?: string; architecture?: string; isFallbackAdapter?: boolean };
          isFallbackAdapter?: boolean;
        } | null>;
      };
    }
  ).gpu;
  if (!gpu)
    out.push({
      name: 'webgpu',
      available: false,
      software: false,
      detail: 'navigator.gpu is missing (no WebGPU in this browser/context)',
    });
  else {
    try {
      const adapter = await gpu.requestAdapter();
      if (!adapter)
        out.push({ name: 'webgpu', available: false, software: false, detail: 'no WebGPU adapter available' });
      else {
        const fallback = Boolean(adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter);
        const desc = `${adapter.info?.vendor ?? '?'} ${adapter.info?.architecture ?? ''}`.trim();
        out.push({
          name: 'webgpu',
          available: true,
          software: fallback,
          detail: fallback ? `fallback (software) adapter: ${desc}` : `adapter: ${desc}`,
        });
      }
    } catch (e) {
      out.push({
        name: 'webgpu',
        available: false,
        software: false,
        detail: `requestAdapter failed: ${(e as Error).message}`,
      });
    }
  }
  out.push(detectWebgl());
  out.push({
    name: 'wasm',
    available: typeof WebAssembly === 'object',
    software: false,
    detail: globalThis.crossOriginIsolated
      ? 'WebAssembly SIMD, cross-origin isolated'
      : 'WebAssembly SIMD, single thread (page not cross-origin isolated)',
  });
  out.push({ name: 'cpu', available: true, software: false, detail: 'plain JavaScript' });
  return out;
}

function detectWebgl(): BackendAvailability {
  try {
    const canvas = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(1, 1) : null;
    const gl = canvas?.getContext('webgl2') ?? canvas?.getContext('webgl');
    if (!gl) return { name: 'webgl', available: false, software: false, detail: 'no WebGL context (OffscreenCanvas)' };
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    const software = /swiftshader|llvmpipe|software|basic render/i.test(renderer);
    return {
      name: 'webgl',
      available: true,
      software,
      detail: `${software ? 'software renderer' : 'renderer'}: ${renderer}`,
    };
  } catch (e) {
    return { name: 'webgl', available: false, software: false, detail: `WebGL failed: ${(e as Error).message}` };
  }
}
