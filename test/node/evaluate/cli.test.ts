/**
 * The evaluate CLI as a subprocess with the shipped demo model: on one generated line (written
 * with the SEG-Y writer) it prints sane JSON; scoring the classify CLI's CSV of the same line with
 * --map gives the very same figures (one code path); bad truth files give {"error"} and exit 1;
 * --suite on two fixed lines at a coarse stride prints a row per line and the means last.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestLine, truthToJson, truthToPicksCsv, type TestLineOptions } from '../../../src/core/evaluate';
import { writeSegy } from '../../../src/core/segy/write';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'evaluate-cli-'));
const MODEL = 'public/models/demo.json';
const run = (script: string, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', script), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 300_000,
  });
const lines = (stdout: string): Record<string, unknown>[] =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const last = (stdout: string) => lines(stdout).at(-1)!;

// 200 x 300 samples at 4 ms: 20 patch columns at stride 8; ~30 rows.
const small: TestLineOptions = {
  seed: 42,
  traces: 200,
  samples: 300,
  dtMs: 4,
  wavelet: 'ricker',
  freqHz: 30,
  snrDb: 15,
  seabed: { shape: 'sloping', depthMs: 300, slopeMsPerTrace: 0.3 },
  strata: { dipMsPerTrace: 0.2, drape: 0.5 },
  bsr: { belowSeabedMs: 250, amplitude: 0.12 },
};
const path = (f: string) => join(dir, f);

beforeAll(() => {
  const { section, truth } = buildTestLine(small);
  writeFileSync(path('line.sgy'), writeSegy(section));
  writeFileSync(path('line.picks.csv'), truthToPicksCsv(truth));
  writeFileSync(path('line.truth.json'), truthToJson(truth));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const inUnit = (v: unknown) => typeof v === 'number' && v >= 0 && v <= 1;

it('scores a generated line with the demo model; --map on the classify CSV gives the same figures', () => {
  const ev = run('evaluate.ts', path('line.sgy'), '--truth', path('line.picks.csv'), '--model', MODEL);
  expect(ev.status, ev.stderr + ev.stdout).toBe(0);
  const row = last(ev.stdout);
  // Patches 72 traces wide by default: (200 - 72) / 8 + 1 = 17 columns; rows down from the height the pipeline chose.
  const [width, height] = row['patch'] as [number, number];
  expect(width).toBe(72);
  const patches = 17 * (Math.floor((300 - height) / 8) + 1);
  expect(row).toMatchObject({ line: 'line.sgy', bsr_free: false, rows: patches });
  for (const k of ['auc', 'ap', 'false_alarm_share', 'horizon_recall', 'horizon_picked_share'])
    expect(inUnit(row[k]), k).toBe(true);
  for (const k of ['horizon_precision', 'horizon_f1']) expect(row[k] === null || inUnit(row[k]), k).toBe(true);
  // The time scale is selected by the network's response by default, and the probes are reported.
  expect(row['presentation']).toMatchObject({ scale_source: 'selected' });
  const selection = row['scale_selection'] as { factors: number[]; responses: number[] };
  expect(selection.factors).toHaveLength(4);
  expect(selection.factors).toContain((row['presentation'] as { scale_factor: number }).scale_factor);
  expect(row['positives']).toBeGreaterThan(0);
  expect(row['negatives']).toBeGreaterThan(0);
  expect((row['positives'] as number) + (row['negatives'] as number) + (row['ignored'] as number)).toBe(patches);

  const cl = run('classify.ts', path('line.sgy'), '--model', MODEL, '--out', path('map.csv'));
  expect(cl.status, cl.stderr + cl.stdout).toBe(0);
  const evaluateMap = (map: string) =>
    run('evaluate.ts', path('line.sgy'), '--truth', path('line.truth.json'), '--map', path(map));
  const fromMap = evaluateMap('map.csv');
  expect(fromMap.status, fromMap.stdout).toBe(0);
  const { auc, ap, positives, negatives, ignored, rows, false_alarm_share } = row;
  const figures = { auc, ap, positives, negatives, ignored, rows, false_alarm_share };
  expect(last(fromMap.stdout)).toMatchObject(figures);
  expect(last(fromMap.stdout)['warning']).toBeUndefined();
  // A map of another, longer line: its rows off this line are left out as the reference scorer does, and said.
  const rowsOfMap = readFileSync(path('map.csv'), 'utf8').trim().split('\n');
  const shifted = [
    rowsOfMap[0],
    ...rowsOfMap.slice(1).map((r) => r.replace(/^([\d.]+),/, (_, t: string) => `${Number(t) + 1000},`)),
  ];
  writeFileSync(path('other-map.csv'), `${shifted.join('\n')}\n`);
  const other = evaluateMap('other-map.csv');
  expect(other.status, other.stdout).toBe(0);
  expect(last(other.stdout)['warning']).toMatch(
    new RegExp(
      `^${rowsOfMap.length - 1} of ${rowsOfMap.length - 1} map rows lie off the line \\(traces 0–\\d+, samples 0–\\d+\\): is the map of another line\\?$`,
    ),
  );
  // A horizon CSV given as the map (same header, one row per trace): scored, and said.
  const firstPerTrace = new Map<string, string>();
  for (const r of rowsOfMap.slice(1)) if (!firstPerTrace.has(r.split(',')[0]!)) firstPerTrace.set(r.split(',')[0]!, r);
  writeFileSync(path('horizon-like.csv'), `${[rowsOfMap[0], ...firstPerTrace.values()].join('\n')}\n`);
  const horizonLike = evaluateMap('horizon-like.csv');
  expect(horizonLike.status, horizonLike.stdout).toBe(0);
  expect(last(horizonLike.stdout)['warning']).toBe(
    'every trace has one row at most: is this a BSR horizon CSV (classify --horizon-out) rather than a map (--out)?',
  );
});

it('--horizon-threshold tracks the horizon through lower P, and its picks count unless --min-confidence says otherwise', () => {
  const at = (...flags: string[]) => {
    const ev = run('evaluate.ts', path('line.sgy'), '--truth', path('line.truth.json'), '--model', MODEL, ...flags);
    expect(ev.status, ev.stderr + ev.stdout).toBe(0);
    return last(ev.stdout);
  };
  const plain = at(),
    low = at('--horizon-threshold', '0.05'),
    lowCounted = at('--horizon-threshold', '0.05', '--min-confidence', '0.5');
  expect([plain['horizon_threshold'], low['horizon_threshold']]).toEqual([0.5, 0.05]);
  // The same map: the threshold is the horizon's only.
  expect([low['auc'], low['ap']]).toEqual([plain['auc'], plain['ap']]);
  expect(low['horizon_picked_share']).toBeGreaterThan(plain['horizon_picked_share'] as number);
  // Counting only the picks at P >= 0.5 of the low horizon leaves fewer than it made.
  expect(lowCounted['horizon_picked_share']).toBeLessThan(low['horizon_picked_share'] as number);
});

it('takes the presentation flags classify takes and scores what classify writes with them', () => {
  const flags = ['--scale', '1.3', '--keep-polarity', '--bound-gain', '1.2', '--stride', '16'];
  const ev = run('evaluate.ts', path('line.sgy'), '--truth', path('line.truth.json'), '--model', MODEL, ...flags);
  expect(ev.status, ev.stderr + ev.stdout).toBe(0);
  const row = last(ev.stdout);
  expect(row['presentation']).toMatchObject({
    scale_factor: 1.3,
    scale_source: 'given',
    flip_source: 'given',
    bound_gain: 1.2,
  });
  const cl = run('classify.ts', path('line.sgy'), '--model', MODEL, '--out', path('map-flags.csv'), ...flags);
  expect(cl.status, cl.stderr + cl.stdout).toBe(0);
  expect(last(cl.stdout)['presentation']).toEqual(row['presentation']);
  const fromMap = run(
    'evaluate.ts',
    path('line.sgy'),
    '--truth',
    path('line.truth.json'),
    '--map',
    path('map-flags.csv'),
  );
  const { auc, ap, positives, negatives, rows } = row;
  expect(last(fromMap.stdout)).toMatchObject({ auc, ap, positives, negatives, rows });
  // Different flags, a different map: the flags are not ignored. Without the selection, the matched scale.
  const plain = run(
    'evaluate.ts',
    path('line.sgy'),
    '--truth',
    path('line.truth.json'),
    '--model',
    MODEL,
    '--stride',
    '16',
    '--no-select-scale',
  );
  expect(last(plain.stdout)['rows']).not.toBe(rows);
  expect(last(plain.stdout)['presentation']).toMatchObject({ scale_source: 'auto' });
  expect(last(plain.stdout)['scale_selection']).toBeUndefined();

  for (const script of ['evaluate.ts', 'classify.ts', 'finetune.ts']) {
    const both = run(script, path('line.sgy'), '--flip-polarity', '--keep-polarity');
    expect(both.status, script).toBe(1);
    expect(last(both.stdout), script).toEqual({ error: 'give --flip-polarity or --keep-polarity, not both' });
    const bad = run(script, path('line.sgy'), '--scale', '-1');
    expect(last(bad.stdout), script).toEqual({ error: '--scale expects auto or a positive number, got "-1"' });
  }
});

it('prints {"error"} and exits 1 on truth that does not fit the line or a bad picks row', () => {
  writeFileSync(
    path('short.truth.json'),
    JSON.stringify({ traces: 10, samples: 300, dt_us: 4000, bsr_sample: new Array(10).fill(null) }),
  );
  const a = run('evaluate.ts', path('line.sgy'), '--truth', path('short.truth.json'), '--model', MODEL);
  expect(a.status).toBe(1);
  expect(last(a.stdout)).toEqual({ error: 'short.truth.json: it is for 10 traces, the line has 200' });
  writeFileSync(path('bad.picks.csv'), 'trace,time_ms\n3,400\n4,4OO\n');
  const b = run('evaluate.ts', path('line.sgy'), '--truth', path('bad.picks.csv'), '--model', MODEL);
  expect(b.status).toBe(1);
  expect(last(b.stdout)).toEqual({ error: 'bad.picks.csv:3: time_ms must be a number, got "4OO"' });
  const c = run('evaluate.ts', path('line.sgy'), '--model', MODEL);
  expect(c.status).toBe(1);
  expect(last(c.stdout)['error']).toMatch(
    /^missing --truth PICKS\.csv\|TRUTH\.json; usage: evaluate LINE\.sgy --truth/,
  );
  const d = run('evaluate.ts', path('line.sgy'), '--truth', path('bad.picks.csv'), '--model', MODEL, '--map', 'x.csv');
  expect(last(d.stdout)['error']).toMatch(/^give one --model or one --map; usage:/);
});

it('--suite prints one row per fixed line and the means last', () => {
  const s = run('evaluate.ts', '--suite', '--only', 'bsr-r30-4ms,free-multiple-4ms', '--stride', '32');
  expect(s.status, s.stderr + s.stdout).toBe(0);
  const out = lines(s.stdout);
  expect(out.map((r) => r['line'])).toEqual(['bsr-r30-4ms', 'free-multiple-4ms', undefined]);
  expect(out[1]).toMatchObject({ bsr_free: true, auc: null, ap: null, positives: 0 });
  const summary = out[2]!;
  expect(summary).toMatchObject({
    file: MODEL,
    lines: 2,
    bsr_lines: 1,
    bsr_free_lines: 1,
    mean_auc: out[0]!['auc'],
    mean_ap: out[0]!['ap'],
    max_false_alarm_share: out[1]!['false_alarm_share'],
  });
  for (const k of ['mean_auc', 'mean_ap', 'max_false_alarm_share']) expect(inUnit(summary[k]), k).toBe(true);
  expect(summary['mean_horizon_f1'] === null || inUnit(summary['mean_horizon_f1'])).toBe(true);
});

it('make-test-lines writes LINE.sgy, LINE.picks.csv and LINE.truth.json that agree with the builder', async () => {
  const out = path('lines');
  const m = run('make-test-lines.ts', '--out', out, '--only', 'free-multiple-4ms,bsr-r30-4ms');
  expect(m.status, m.stdout).toBe(0);
  expect(last(m.stdout)).toMatchObject({
    out,
    lines: [{ id: 'free-multiple-4ms', traces: 400, samples: 750, dt_us: 4000, bsr_traces: 0 }, { id: 'bsr-r30-4ms' }],
  });
  const { readFileSync } = await import('node:fs');
  const { SegyReader, bytesByteSource } = await import('../../../src/core/segy');
  const { FIXED_EVALUATION_SET, parsePicksCsv, parseTruthJson, picksToTruth } =
    await import('../../../src/core/evaluate');
  const spec = FIXED_EVALUATION_SET.find((s) => s.id === 'bsr-r30-4ms')!;
  const { section, truth } = buildTestLine(spec.options);
  const r = await SegyReader.open(
    bytesByteSource(new Uint8Array(readFileSync(join(out, 'bsr-r30-4ms.sgy'))), 'bsr-r30-4ms.sgy'),
  );
  expect((await r.readTraces(0, r.traceCount)).samples).toEqual(section.data);
  const { lineFingerprint } = await import('../../../src/core/finetune/fingerprint');
  const bytes = new Uint8Array(readFileSync(join(out, 'bsr-r30-4ms.sgy')));
  const fingerprint = lineFingerprint(bytes.length, bytes);
  expect(parseTruthJson(readFileSync(join(out, 'bsr-r30-4ms.truth.json'), 'utf8'))).toEqual({
    ...truth,
    line: fingerprint,
  });
  const picksText = readFileSync(join(out, 'bsr-r30-4ms.picks.csv'), 'utf8');
  expect(picksText.split('\n')[0]).toBe(`# line: ${fingerprint}`);
  const picks = picksToTruth(parsePicksCsv(picksText, 4000), section);
  picks.bsrSample.forEach((s, t) =>
    expect(s === null ? null : Math.abs(s - truth.bsrSample[t]!)).toBe(s === null ? truth.bsrSample[t] : 0),
  );
  // The truth names its line: the same line scores; a line of the same size whose headers differ is refused, truth
  // JSON and picks alike, where before it was scored against the other line's BSR.
  const own = run(
    'evaluate.ts',
    join(out, 'bsr-r30-4ms.sgy'),
    '--truth',
    join(out, 'bsr-r30-4ms.truth.json'),
    '--stride',
    '32',
  );
  expect(own.status, own.stderr + own.stdout).toBe(0);
  const other = bytes.slice();
  other[100] = 0x40; // one character of the textual header
  writeFileSync(join(out, 'other.sgy'), other);
  for (const truthFile of ['bsr-r30-4ms.truth.json', 'bsr-r30-4ms.picks.csv']) {
    const refused = run('evaluate.ts', join(out, 'other.sgy'), '--truth', join(out, truthFile), '--stride', '32');
    expect(refused.status, truthFile).toBe(1);
    expect(last(refused.stdout)['error']).toBe(
      `${truthFile} was written for another line (line: ${fingerprint}); other.sgy is ${lineFingerprint(other.length, other)}. Nothing was scored.`,
    );
  }
  const none = run('evaluate.ts', '--suite', '--only', ',');
  expect(none.status).toBe(1);
  expect(last(none.stdout)).toEqual({ error: '--only expects test line ids, comma-separated (e.g. bsr-r30-4ms)' });
  const ev = run('evaluate.ts', '--bogus');
  expect(ev.status).toBe(1);
  expect(last(ev.stdout)).toEqual({ error: 'unknown option --bogus' });
});

it('a line with NaN samples is scored, and its row says how many were read as 0', () => {
  const { section, truth } = buildTestLine(small);
  const data = section.data.slice();
  data[10] = NaN;
  data[150 * section.samples + 3] = Infinity;
  writeFileSync(path('holes.sgy'), writeSegy({ ...section, data }));
  writeFileSync(path('holes.truth.json'), truthToJson(truth));
  const ev = run('evaluate.ts', path('holes.sgy'), '--truth', path('holes.truth.json'), '--model', MODEL);
  expect(ev.status, ev.stderr + ev.stdout).toBe(0);
  const row = last(ev.stdout);
  expect(row['warnings']).toEqual(['2 samples are NaN or infinite; read as 0']);
  expect(inUnit(row['auc'])).toBe(true);
});
