/**
 * The layering the code is foldered by, checked over every source file's imports: the pure core imports nothing
 * from the page side, workers depend only on the core and the runtime, and page-side controllers never reach
 * into Lit elements. A new arrow the wrong way fails here with the file and the import.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const rel = path.join(dir, name);
    return statSync(path.join(ROOT, rel)).isDirectory() ? files(rel) : /\.ts$/.test(name) ? [rel] : [];
  });
}

/** Repo-relative targets of a file's relative imports (import ... from, export ... from, import()). */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)) out.push(path.normalize(path.join(path.dirname(file), m[1]!)));
  return out;
}

/** Which layer a repo-relative path belongs to. */
function layer(p: string): string {
  for (const l of ['src/core', 'src/app', 'src/ui', 'src/db', 'src/runtime', 'src/node', 'workers']) if (p === l || p.startsWith(`${l}/`)) return l;
  return 'other';
}

const FORBIDDEN: Record<string, readonly string[]> = {
  'src/core': ['src/app', 'src/ui', 'src/db', 'src/runtime', 'src/node', 'workers'],
  workers: ['src/app', 'src/ui', 'src/db'],
  'src/app': ['src/ui'],
  'src/db': ['src/app', 'src/ui'],
};

it('no import points up the layers (core ← workers, app ← ui)', () => {
  const bad: string[] = [];
  const all = [...files('src'), ...files('workers')];
  expect(all.length).toBeGreaterThan(100);
  for (const f of all) {
    const from = layer(f);
    for (const target of importsOf(f)) {
      const to = layer(target);
      if (FORBIDDEN[from]?.includes(to)) bad.push(`${f} -> ${target}`);
    }
  }
  expect(bad).toEqual([]);
});

it('catches a wrong-way import (the check itself works)', () => {
  expect(layer(path.normalize(path.join('workers', '../src/app/x')))).toBe('src/app');
  expect(FORBIDDEN['workers']).toContain(layer('src/app/segy-client'));
});
