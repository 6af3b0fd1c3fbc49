/**
 * The app never turns text into code or markup: no eval, no Function constructor, no string timers, and no HTML
 * sinks (innerHTML/outerHTML/insertAdjacentHTML/document.write, Lit's unsafeHTML/unsafeSVG) anywhere in src/ or
 * workers/. File contents (SEG-Y text headers, model names) reach the DOM only as text through Lit bindings;
 * the browser tests check that rendering, this test keeps the sinks from creeping in.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Forbidden patterns, each with why. Comments are stripped first so docs may name them. */
const SINKS: readonly [RegExp, string][] = [
  [/\beval\s*\(/, 'eval'],
  [/\bnew\s+Function\s*\(/, 'Function constructor'],
  [/(?<![\w.])Function\s*\(\s*['"`]/, 'Function constructor'],
  [/\bset(?:Timeout|Interval)\s*\(\s*['"`]/, 'string timer (evaluated as code)'],
  [/\.innerHTML\b/, 'innerHTML'],
  [/\.outerHTML\b/, 'outerHTML'],
  [/\binsertAdjacentHTML\b/, 'insertAdjacentHTML'],
  [/\bdocument\.write(?:ln)?\b/, 'document.write'],
  [/\bunsafe(?:HTML|SVG|Static)\b/, "Lit's unsafe directives"],
  [/\bcreateContextualFragment\b/, 'createContextualFragment'],
  [/\bDOMParser\b/, 'DOMParser (markup from text)'],
];

/** Source without comments (strings kept: a sink inside a string still deserves a look). */
function stripComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:\\])\/\/.*$/gm, '$1');
}

/** Sinks found in one source text: "line: what". */
function findSinks(code: string): string[] {
  const found: string[] = [];
  stripComments(code)
    .split('\n')
    .forEach((line, i) => {
      const whats = new Set(SINKS.filter(([re]) => re.test(line)).map(([, what]) => what));
      for (const what of whats) found.push(`${i + 1}: ${what}`);
    });
  return found;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(ts|js|mjs|html)$/.test(name) ? [p] : [];
  });
}

describe('no dynamic code or HTML sinks in app code', () => {
  it('the scanner finds each sink it looks for and ignores comments', () => {
    const planted = [
      'x = eval(text);',
      'const f = new Function("a", body);',
      'el.innerHTML = name;',
      'el.outerHTML = s;',
      "el.insertAdjacentHTML('beforeend', s);",
      'document.write(s);',
      'html`${unsafeHTML(name)}`',
      "setTimeout('alert(1)', 0);",
      'range.createContextualFragment(s);',
      'new DOMParser().parseFromString(s, "text/html");',
    ];
    for (const line of planted) expect(findSinks(line), line).toHaveLength(1);
    expect(findSinks('// el.innerHTML = x\n/* eval(x) */\nconst ok = 1;')).toEqual([]);
    expect(findSinks('setTimeout(() => run(), 0); el.textContent = name; retrieval(x);')).toEqual([]);
  });

  it('src/, workers/ and index.html contain none', () => {
    const files = [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'workers')), join(ROOT, 'index.html')];
    expect(files.length).toBeGreaterThan(50);
    const hits = files.flatMap((f) => findSinks(readFileSync(f, 'utf8')).map((h) => `${relative(ROOT, f)}:${h}`));
    expect(hits).toEqual([]);
  });
});
