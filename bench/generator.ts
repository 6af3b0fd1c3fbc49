/**
 * Generator throughput in headless Chromium vs the Python reference, measured in the same run.
 * Same work on both sides: N patches (seed, train profile), generation + augmentation + keep-polarity
 * standardisation + resize to 112x112. The browser side is the app's GeneratorPool (workers) plus the
 * main-thread build, loaded from bench/generator.html by Vite's dev server (no app build needed).
 *
 * Usage: npm run bench:generator [-- --n 2000 --seed 1 --rounds 3 --generator paper|realistic]
 * --generator picks the app's generator profile (default paper); the Python peer is always the seed port.
 * stdout: one JSON line per worker count; the LAST line is the one-worker result:
 *   {"bench":"generator","workers":1,"patches_per_s":…,"size":112,"profile":"train","generator":"paper","python_patches_per_s":…,"ratio":…}
 * stderr: per-round timings, CPU-time ratios (Chromium's processes vs Python's process), notes.
 * The one-worker run and Python alternate for `rounds` rounds (each side one warmed-up run of N patches per
 * round); each side reports the median of its rounds with its spread (min, max, every round), so a burst of load
 * from other processes on a shared machine hits both sides alike. The reference is ../shared/bench/ next to the
 * repository; when it cannot run (file, numpy, OpenCV or scikit-image missing) the bench exits non-zero with the
 * reason.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { launchChromium } from '../scripts/browser';
import type { PageBenchOptions, PageBenchResult } from './generator-page';
import { SYNTHETIC_GENERATORS, type SyntheticGenerator } from '../src/core/synthetic/types';

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : def;
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer`);
  return v;
};
const n = arg('n', 2000);
const seed = arg('seed', 1);
const rounds = arg('rounds', 3);
const GENERATOR = ((): SyntheticGenerator => {
  const i = process.argv.indexOf('--generator');
  const v = i >= 0 ? process.argv[i + 1] : 'paper';
  if (!SYNTHETIC_GENERATORS.includes(v as SyntheticGenerator))
    throw new Error(`--generator must be one of ${SYNTHETIC_GENERATORS.join(', ')}`);
  return v as SyntheticGenerator;
})();
const SIZE = 112;
const PROFILE = 'train';
const PYTHON = '/usr/bin/python3';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REFERENCE = resolve(root, '../shared/bench/seed_generator_ref.py');
const log = (...a: unknown[]): void => console.error(...a);

interface PythonRun {
  patchesPerS: number;
  cpuSeconds: number;
  seconds: number;
}

/** Why the Python peer cannot run here, or null when it can. */
function pythonUnavailable(): string | null {
  try {
    readFileSync(REFERENCE);
  } catch {
    return `${REFERENCE} not found`;
  }
  try {
    execFileSync(PYTHON, ['-c', 'import numpy, cv2, skimage'], { stdio: 'pipe' });
    return null;
  } catch (e) {
    const msg = String((e as { stderr?: Buffer }).stderr ?? e)
      .trim()
      .split('\n')
      .pop();
    return `${PYTHON} cannot import numpy/cv2 (python3-opencv)/skimage: ${msg}`;
  }
}

function runPython(): PythonRun {
  const out = execFileSync(PYTHON, [REFERENCE, '--n', String(n), '--seed', String(seed), '--aug', PROFILE], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  const r = JSON.parse(out.trim().split('\n').pop() ?? '{}') as {
    patches_per_s?: number;
    cpu_seconds?: number;
    seconds?: number;
  };
  if (!r.patches_per_s || !r.cpu_seconds || !r.seconds)
    throw new Error(`unexpected Python output: ${out.slice(0, 200)}`);
  return { patchesPerS: r.patches_per_s, cpuSeconds: r.cpu_seconds, seconds: r.seconds };
}

const clockTicks = ((): number => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU seconds (user + system) used so far by every descendant of this process: Chromium's browser,
 * renderer (with its workers), GPU and utility processes. NaN where /proc is not available.
 */
function descendantsCpuSeconds(): number {
  const parent = new Map<number, number>(),
    ticks = new Map<number, number>();
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return NaN;
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from 3 (state) on
      parent.set(Number(name), Number(f[1]));
      ticks.set(Number(name), Number(f[11]) + Number(f[12]));
    } catch {
      /* exited meanwhile */
    }
  }
  let total = 0;
  for (const [pid, t] of ticks) {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) {
      if (p === process.pid) {
        total += t;
        break;
      }
    }
  }
  return total / clockTicks;
}

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([p, expired]);
  } finally {
    clearTimeout(timer); // a pending timer would keep node alive after the run
  }
}

const round1 = (v: number): number => Math.round(v * 10) / 10;
const line = (workers: number, rate: number, python: number | null): string =>
  JSON.stringify({
    bench: 'generator',
    workers,
    patches_per_s: round1(rate),
    size: SIZE,
    profile: PROFILE,
    generator: GENERATOR,
    python_patches_per_s: python,
    ratio: python ? Math.round((rate / python) * 100) / 100 : null,
  });

/** A bench without its peer proves nothing: the reason, then a non-zero exit. */
function exitWithoutPeer(reason: string): never {
  log(`the Python reference cannot run: ${reason}`);
  console.log(JSON.stringify({ bench: 'generator', error: reason }));
  process.exit(2);
}
const median = (v: readonly number[]): number => {
  const s = [...v].sort((a, b) => a - b),
    h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
};
const spreadOf = (v: readonly number[]) => ({
  median: round1(median(v)),
  min: round1(Math.min(...v)),
  max: round1(Math.max(...v)),
  rounds: v.map(round1),
});

const missing = pythonUnavailable();
if (missing) exitWithoutPeer(missing);

const t0 = performance.now();
const server = await createServer({
  root,
  configFile: false, // the app's plugins (service worker, wasm threads) are not needed for this page
  cacheDir: join(tmpdir(), 'spn-bench-generator-vite'), // do not disturb the app's dependency cache
  appType: 'mpa',
  logLevel: 'warn',
  clearScreen: false,
  server: { port: 0, hmr: false },
  optimizeDeps: { noDiscovery: true, include: ['comlink'] },
});
await server.listen();
const url = server.resolvedUrls?.local[0];
const browser = await launchChromium();
try {
  if (!url) throw new Error('Vite did not report a URL');
  const page = await browser.newPage();
  page.on('pageerror', (e) => log('page error:', e.message));
  await page.goto(new URL('bench/generator.html', url).href);
  await page.waitForFunction(() => typeof window.runGeneratorBench === 'function', undefined, { timeout: 60_000 });
  const hardware = await page.evaluate(() => navigator.hardwareConcurrency);
  log(`page ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const runPage = async (workers: number): Promise<PageBenchResult & { cpuSeconds: number }> => {
    const options: PageBenchOptions = { n, seed, workers, profile: PROFILE, size: SIZE, generator: GENERATOR };
    await withTimeout(
      page.evaluate((o) => window.prepareGeneratorBench!(o), options),
      120_000,
      `${workers}-worker warm-up`,
    );
    const cpu0 = descendantsCpuSeconds();
    const r = await withTimeout(
      page.evaluate(() => window.runGeneratorBench!()),
      120_000,
      `${workers}-worker run`,
    );
    return { ...r, cpuSeconds: descendantsCpuSeconds() - cpu0 };
  };
  const started = performance.now();
  const elapsed = (): string => `[${((performance.now() - started) / 1000).toFixed(1)} s]`;

  const pages: (PageBenchResult & { cpuSeconds: number })[] = [];
  const pythons: PythonRun[] = [];
  for (let r = 0; r < rounds; r++) {
    let py: PythonRun;
    try {
      py = runPython();
    } catch (e) {
      exitWithoutPeer(`it failed: ${(e as Error).message.split('\n')[0]}`);
    }
    log(
      `${elapsed()} round ${r + 1} python : ${py.patchesPerS} patches/s (${py.seconds} s wall, ${py.cpuSeconds} s CPU)`,
    );
    pythons.push(py);
    const one = await runPage(1);
    log(
      `${elapsed()} round ${r + 1} chromium 1 worker: ${one.patchesPerS.toFixed(1)} patches/s (generate ${one.generateSeconds.toFixed(3)} s + build ${one.buildSeconds.toFixed(3)} s)`,
    );
    pages.push(one);
  }
  const pageRates = pages.map((p) => p.patchesPerS),
    pythonRates = pythons.map((p) => p.patchesPerS);
  log(
    `per-round wall ratios ${pageRates.map((v, i) => (v / pythonRates[i]!).toFixed(2)).join(', ')}; reported: median vs median`,
  );
  const pythonRate = round1(median(pythonRates));
  const all = Math.max(1, hardware - 1);
  const counts = [...new Set([all, 2])].filter((w) => w !== 1);
  if (all === 1) log(`hardwareConcurrency = ${hardware}: "all workers" = 1, the same as the one-worker run`);
  for (const w of counts) {
    const m = await runPage(w);
    log(
      `${elapsed()} chromium ${w} workers: ${m.patchesPerS.toFixed(1)} patches/s (generate ${m.generateSeconds.toFixed(3)} s + build ${m.buildSeconds.toFixed(3)} s)`,
    );
    console.log(line(w, m.patchesPerS, pythonRate));
  }
  const cpuRate = n / median(pages.map((p) => p.cpuSeconds)),
    pyCpuRate = n / median(pythons.map((p) => p.cpuSeconds));
  if (Number.isFinite(cpuRate)) {
    log(
      `cpu: chromium ${cpuRate.toFixed(1)} patches/cpu-s (all its processes during the timed run, median round) vs python ${pyCpuRate.toFixed(1)}: ratio ${(cpuRate / pyCpuRate).toFixed(2)}x`,
    );
  }
  console.log(
    JSON.stringify({
      ...(JSON.parse(line(1, median(pageRates), pythonRate)) as Record<string, unknown>),
      rounds,
      patches_per_s_spread: spreadOf(pageRates),
      python_patches_per_s_spread: spreadOf(pythonRates),
    }),
  );
} finally {
  await browser.close();
  await server.close();
}
