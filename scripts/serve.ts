/**
 * Builds the app and serves it with `vite preview` (COOP/COEP and CSP headers included) for scripts that drive
 * headless Chromium: the screenshot and the browser benchmarks. The production build is what users get.
 */
import { build, preview, type PreviewServer } from 'vite';

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** A production build even when called from a test runner (vitest sets NODE_ENV=test, which selects dev builds of Lit). */
export async function buildApp(): Promise<void> {
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ mode: 'production', logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = before;
  }
}

export async function serveBuiltApp(options: { skipBuild?: boolean } = {}): Promise<Served> {
  if (!options.skipBuild) await buildApp();
  const server: PreviewServer = await preview({ preview: { port: 0, strictPort: false }, logLevel: 'warn' });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  // Idempotent: the offline test stops the server mid-test, and the harness closes it again afterwards.
  let closing: Promise<void> | null = null;
  return { url, close: () => (closing ??= server.close()) };
}
