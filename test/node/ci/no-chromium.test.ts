/**
 * CI that cannot drift: the node tests run on a machine without Chromium (the browser is looked up only when the
 * browser project launches it), and package.json states the node it needs.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
// CHROME_PATH naming a missing file makes every Chromium lookup throw (scripts/chromium.ts), as on a machine
// without Chromium; VITEST* variables of this run are dropped so the child is a plain `vitest run`.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'NODE_ENV'),
);
const noChromium = { ...env, CHROME_PATH: '/nonexistent/chromium' };

function vitest(args: string[]): { status: number | null; out: string } {
  const run = spawnSync(process.execPath, [`${ROOT}node_modules/vitest/vitest.mjs`, 'run', ...args], {
    cwd: ROOT,
    env: noChromium,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

describe('npm run test:node without Chromium', () => {
  it('the node project runs with no Chromium to be found', () => {
    const run = vitest(['--project', 'node', 'test/node/prng.test.ts']);
    expect(run.out).toMatch(/passed/);
    expect(run.status, run.out.slice(-2000)).toBe(0);
  });

  it('and the same lookup does fail the browser project, with the reason (so the run above had no Chromium)', () => {
    const run = vitest(['--project', 'browser', 'test/browser/data-view.test.ts']);
    expect(run.status).not.toBe(0);
    expect(run.out).toContain('CHROME_PATH=/nonexistent/chromium: no such file');
  });
});

describe('package.json', () => {
  it('states the node it needs (Vite 7 and ESLint 10: node 20.19)', () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { engines?: { node?: string } };
    expect(pkg.engines?.node).toBe('>=20.19');
  });
});
