import { defineConfig } from 'vite';
import { precacheServiceWorker } from './scripts/vite-sw-plugin';
import { wasmThreads } from './scripts/vite-wasm-threads';

/** Cross-origin isolation lets tfjs-wasm use SharedArrayBuffer threads; the CSP keeps every request same-origin. */
export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** Same policy as index.html's meta tag, also as a header (covers workers and non-HTML responses). */
const csp = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self' blob: data:",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
].join('; ');

/** Dependencies pre-bundled up front (also by the test config), so a first page load does not re-optimise and reload. */
export const prebundledDeps = [
  'comlink',
  'lit',
  'lit/decorators.js',
  // Every lit entry the app imports: one first met in a test re-optimises the deps and reloads the page mid-test.
  'lit/directives/repeat.js',
  'idb',
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-backend-webgpu',
  '@tensorflow/tfjs-backend-wasm',
] as const;

const headers = { ...isolationHeaders, 'Content-Security-Policy': csp };

export default defineConfig({
  // The dev server's HMR client needs its websocket; 'self' covers ws: on the same host in Chromium.
  server: { headers, port: 5173 },
  preview: { headers },
  base: './',
  plugins: [wasmThreads(), precacheServiceWorker()],
  // Workers are bundled separately: the tfjs-wasm threads patch must run there too (our training/classify workers).
  worker: { format: 'es', plugins: () => [wasmThreads()] },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
  optimizeDeps: { include: [...prebundledDeps] },
});
