/** tfjs backend names and availability, as plain data (no tfjs import), so the page can reason about backends without loading them. */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type BackendPreference = 'auto' | BackendName;
/** Fallback order: GPU first, then WebAssembly, then plain JavaScript. */
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface BackendAvailability {
  name: BackendName;
  available: boolean;
  /** Software rendering / fallback adapter: works, but far slower than wasm. */
  software: boolean;
  detail: string;
}
