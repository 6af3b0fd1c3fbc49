import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { chromiumPath, chromiumArgs } from './scripts/chromium';
import { nodeDatasetDigest } from './test/browser/commands';
import { isolationHeaders, prebundledDeps } from './vite.config';
import { wasmThreads } from './scripts/vite-wasm-threads';

export default defineConfig({
  worker: { format: 'es' },
  optimizeDeps: { include: [...prebundledDeps, 'uplot'] },
  test: {
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: { name: 'node', include: ['test/node/**/*.test.ts'], environment: 'node', testTimeout: 120_000 },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 600_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        // The app's fast configuration: cross-origin isolated (COOP/COEP, as vite.config.ts serves the app) and the
        // wasm-threads plugin, so tfjs-wasm starts its threaded SIMD build and workers get the kernel pool.
        server: { headers: isolationHeaders },
        plugins: [wasmThreads()],
        worker: { format: 'es', plugins: () => [wasmThreads()] },
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          setupFiles: ['test/browser/setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          browser: {
            enabled: true,
            headless: true,
            // A getter: the path is looked up when the browser project launches Chromium, not when this config
            // loads, so `npm run test:node` runs on a machine without Chromium.
            provider: playwright({
              launchOptions: {
                get executablePath() {
                  return chromiumPath();
                },
                args: chromiumArgs(),
              },
            }),
            instances: [{ browser: 'chromium' }],
            commands: { nodeDatasetDigest },
          },
        },
      },
    ],
  },
});
