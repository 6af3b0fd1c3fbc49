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
  for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g))
    out.push(path.normalize(path.join(path.dirname(file), m[1]!)));
  return out;
}

/** Which layer a repo-relative path belongs to. */
function layer(p: string): string {
  for (const l of ['src/core', 'src/app', 'src/ui', 'src/db', 'src/runtime', 'src/node', 'workers'])
    if (p === l || p.startsWith(`${l}/`)) return l;
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

/**
 * What reaches IndexedDB in a file's text: importing idb, naming the indexedDB global, or calling a store method on
 * the idb handle (named `db` by convention everywhere). Outside src/db, code calls src/db's typed functions instead.
 */
const IDB_ACCESS = [
  /(?:from\s+|import\s*\(\s*)['"]idb['"]/,
  /\bindexedDB\b/,
  /\b(?:this\.)?db\.(?:get|getAll|getAllKeys|getKey|getFromIndex|getAllFromIndex|getAllKeysFromIndex|put|add|delete|clear|count|transaction)\(/,
];

function reachesIndexedDb(text: string): boolean {
  return IDB_ACCESS.some((re) => re.test(text));
}

it('only src/db touches IndexedDB (idb, the indexedDB global, the database handle)', () => {
  const all = [...files('src'), ...files('workers')].filter((f) => layer(f) !== 'src/db');
  const bad = all.filter((f) => reachesIndexedDb(readFileSync(path.join(ROOT, f), 'utf8')));
  expect(bad).toEqual([]);
  expect(files('src/db').some((f) => reachesIndexedDb(readFileSync(path.join(ROOT, f), 'utf8')))).toBe(true);
});

it('catches IndexedDB access (the check itself works)', () => {
  expect(reachesIndexedDb("import { openDB } from 'idb';")).toBe(true);
  expect(reachesIndexedDb('const q = indexedDB.open(name);')).toBe(true);
  expect(reachesIndexedDb("const run = await this.db.get('runs', id);")).toBe(true);
  expect(reachesIndexedDb("const tx = db.transaction(['runs'], 'readwrite');")).toBe(true);
  expect(reachesIndexedDb('const run = await getRun(this.db, id); // stored in IndexedDB')).toBe(false);
});
