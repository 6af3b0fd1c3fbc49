/** The classify CLI as a subprocess on the shipped real line with the demo model. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { sineLineSegy } from '../segy/sine-line';
import { fixtureLine } from '../line/line-fixture';
import { writeSegy } from '../../../src/core/segy/write';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'classify-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const classify = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/classify.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
const lastLine = (stdout: string): Record<string, unknown> =>
  JSON.parse(stdout.trim().split('\n').at(-1) as string) as Record<string, unknown>;
/** The shipped land line with the shipped model at stride 32 (a quick map): the arguments most tests start from. */
const PR_AT_32 = ['public/data/31_81_PR.sgy', '--model', 'public/models/demo.json', '--stride', '32'];

it('classifies 31_81_PR.sgy at stride 32: JSON summary last, one CSV row per patch', () => {
  const out = join(dir, 'map.csv');
  const run = classify(...PR_AT_32, '--out', out);
  expect(run.status, run.stderr).toBe(0);
  const summary = lastLine(run.stdout);
  // The patch is 72 traces wide by default and its height follows the line's period (line pipeline); the grid
  // follows from them: floor((534-72)/32)+1 = 15 columns, floor((1501-height)/32)+1 rows.
  const height = (summary['patch'] as [number, number])[1];
  expect(summary['patch']).toEqual([72, (summary['presentation'] as { patch_samples: number }).patch_samples]);
  const rowsDown = Math.floor((1501 - height) / 32) + 1;
  expect(summary).toMatchObject({
    patches: 15 * rowsDown,
    grid: [15, rowsDown],
    backend: 'wasm',
    traces: 534,
    samples: 1501,
    stride: 32,
  });
  expect(summary['patches_per_s']).toBeGreaterThan(0);
  const rows = readFileSync(out, 'utf8').trim().split('\n');
  expect(rows[0]).toBe('trace,time_ms,probability');
  expect(rows.length - 1).toBe(summary['patches']);
  // First patch centre: trace 35.5 (the middle of 72 traces), sample (height-1)/2 x 4 ms.
  expect(rows[1]).toMatch(new RegExp(`^35\\.5,${((height - 1) / 2) * 4},(0|1|0\\.\\d{1,7})$`));
  const p = rows.slice(1).map((r) => Number(r.split(',')[2]));
  expect(p.every((v) => v >= 0 && v <= 1)).toBe(true);
});

it('--patch 48x48 fixes the patch height (time scale 1): 16 x 46 patches, first centre at sample 23.5', () => {
  const out = join(dir, 'map48.csv');
  const run = classify(...PR_AT_32, '--patch', '48x48', '--out', out);
  expect(run.status, run.stderr).toBe(0);
  expect(lastLine(run.stdout)).toMatchObject({
    patches: 16 * 46,
    patch: [48, 48],
    presentation: { scale_factor: 1, scale_source: 'given' },
  });
  expect(readFileSync(out, 'utf8').split('\n')[1]).toMatch(/^23\.5,94,(0|1|0\.\d{1,7})$/);
});

it('masks under the seabed as far as the model needs: a period for the shipped model, half a patch for a paper-profile one', () => {
  // A marine line (water, a sloping seabed, strata): the shipped model learned the seabed anywhere in a patch, the
  // paper-profile model only at a patch's centre, so its maps keep the half-patch mask.
  const line = fixtureLine({ traces: 160, samples: 400, period: 12, slope: 0.2 });
  const file = join(dir, 'marine.sgy');
  writeFileSync(file, writeSegy({ traces: line.traces, samples: line.samples, dtUs: 4000, data: line.data }));
  const summaries = ['public/models/demo.json', 'public/models/paper-demo.json'].map((model) => {
    const run = classify(file, '--model', model, '--stride', '32', '--out', join(dir, 'marine.csv'));
    expect(run.status, run.stderr).toBe(0);
    return lastLine(run.stdout)['presentation'] as Record<string, number | string>;
  });
  const [shipped, paper] = summaries as [Record<string, number>, Record<string, number>];
  expect(shipped).toMatchObject({ seabed: 'auto', seabed_margin: 'wavelet' });
  expect(shipped['mask_margin_samples']).toBe(Math.round(shipped['period_samples']!));
  expect(paper).toMatchObject({ seabed: 'auto', seabed_margin: 'half-patch' });
  expect(paper['mask_margin_samples']).toBe(Math.round(paper['patch_samples']! / 2));
});

it('prints {"error"} and exits 1 on a bad model file or a bad option', () => {
  const bad = classify('public/data/31_81_PR.sgy', '--model', 'public/data/README.md');
  expect(bad.status).toBe(1);
  const refused = lastLine(bad.stdout);
  expect(Object.keys(refused)).toEqual(['error']);
  expect(refused.error).toMatch(/^README\.md: model file: not valid JSON at position 0/);
  const opt = classify('public/data/31_81_PR.sgy', '--model', 'public/models/demo.json', '--stride', 'x');
  expect(opt.status).toBe(1);
  expect(lastLine(opt.stdout).error).toMatch(/--stride expects N or TRACESxSAMPLES/);
});

it('names what is missing; without --model it runs the shipped model, from any directory', async () => {
  const none = classify('--model', 'public/models/demo.json');
  expect(none.status).toBe(1);
  expect(lastLine(none.stdout).error).toMatch(/^missing FILE; usage: classify FILE \[--model MODEL\.json\]/);
  const empty = classify('public/data/31_81_PR.sgy', '--model');
  expect(lastLine(empty.stdout).error).toBe('--model expects a file');
  expect(lastLine(classify('public/data/31_81_PR.sgy', '--out').stdout).error).toBe('--out expects a file');
  const elsewhere = spawnSync(
    join(ROOT, 'node_modules/.bin/tsx'),
    [join(ROOT, 'scripts/classify.ts'), join(ROOT, 'public/data/31_81_PR.sgy'), '--stride', '64'],
    { cwd: dir, encoding: 'utf8', timeout: 120_000 },
  );
  expect(elsewhere.status, elsewhere.stderr).toBe(0);
  const { parseModelFile } = await import('../../../src/core/model-file');
  const { modelWeightsDigest } = await import('../../../src/node/classify-line');
  const shipped = parseModelFile(readFileSync(join(ROOT, 'public/models/demo.json'), 'utf8'));
  expect(lastLine(elsewhere.stdout)).toMatchObject({
    model: shipped.id,
    model_weights: modelWeightsDigest(shipped),
    stride: 64,
    traces: 534,
  });
});

it('--horizon-threshold tracks the BSR horizon through lower P (the summary says at which); a bad one is refused', () => {
  const picksAt = (...flags: string[]) => {
    const horizon = join(dir, `horizon${flags.join('')}.csv`);
    const run = classify(
      'public/data/31_81_PR.sgy',
      '--model',
      'public/models/demo.json',
      '--stride',
      '32',
      '--horizon-out',
      horizon,
      ...flags,
    );
    expect(run.status, run.stderr).toBe(0);
    const summary = lastLine(run.stdout);
    const rows = readFileSync(horizon, 'utf8').trim().split('\n').slice(1);
    expect(rows.length).toBe(summary['horizon_traces']);
    return { summary, p: rows.map((r) => Number(r.split(',')[2])) };
  };
  // A land line without a BSR: the shipped model reaches 0.5 nowhere, so there is no horizon at the default.
  const plain = picksAt();
  expect(plain.summary['horizon_threshold']).toBe(0.5);
  expect(plain.p).toEqual([]);
  const low = picksAt('--horizon-threshold', '0.02');
  expect(low.summary['horizon_threshold']).toBe(0.02);
  // The same map (the threshold is the horizon's only), and a horizon through its strongest patches.
  expect(low.summary['grid']).toEqual(plain.summary['grid']);
  expect(low.p.length).toBeGreaterThan(0);
  for (const p of low.p) expect(p).toBeGreaterThanOrEqual(0.02);
  const bad = classify('public/data/31_81_PR.sgy', '--horizon-threshold', '1');
  expect(bad.status).toBe(1);
  expect(lastLine(bad.stdout).error).toBe('--horizon-threshold expects a number between 0 and 1, got "1"');
});

it('--scale 1 --no-seabed-mask --flip-polarity --bound-gain 1 reach the pipeline; --horizon-out writes the BSR horizon', () => {
  const out = join(dir, 'map-flags.csv'),
    horizon = join(dir, 'horizon.csv');
  const run = classify(
    ...PR_AT_32,
    '--scale',
    '1',
    '--no-seabed-mask',
    '--flip-polarity',
    '--bound-gain',
    '1',
    '--out',
    out,
    '--horizon-out',
    horizon,
  );
  expect(run.status, run.stderr).toBe(0);
  const summary = lastLine(run.stdout);
  expect(summary).toMatchObject({
    presentation: { scale_factor: 1, seabed: 'off', flipped: true, flip_source: 'given', bound_gain: 1 },
    horizon_out: horizon,
    bsr_base_rate: 0.05,
    seabed_context_traces: 0, // no seabed mask, no seabed to average along
  });
  // map_extent: the map CSV's outermost patch centres, half a patch (×1 scale: 48 samples, 72 traces) inside the line.
  const cells = readFileSync(out, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((r) => r.split(',').map(Number) as [number, number, number]);
  const extent = summary['map_extent'] as Record<string, unknown>;
  expect(extent).toEqual({
    first_trace: Math.min(...cells.map((c) => c[0])),
    last_trace: Math.max(...cells.map((c) => c[0])),
    first: Math.min(...cells.map((c) => c[1])),
    last: Math.max(...cells.map((c) => c[1])),
    unit: 'ms',
  });
  expect(extent['first_trace']).toBe(35.5);
  const rows = readFileSync(horizon, 'utf8').trim().split('\n');
  expect(rows[0]).toBe('trace,time_ms,probability');
  expect(rows.length - 1).toBe(summary['horizon_traces']);
  for (const r of rows.slice(1)) expect(Number(r.split(',')[2])).toBeGreaterThanOrEqual(0.5);
  const bad = classify('public/data/31_81_PR.sgy', '--model', 'public/models/demo.json', '--scale', '-2');
  expect(bad.status).toBe(1);
  expect(lastLine(bad.stdout).error).toMatch(/--scale expects auto or a positive number, got "-2"/);
  const badGain = classify('public/data/31_81_PR.sgy', '--model', 'public/models/demo.json', '--bound-gain', '0');
  expect(badGain.status).toBe(1);
  expect(lastLine(badGain.stdout).error).toMatch(/--bound-gain expects a positive number, got "0"/);
  const badContext = classify(
    'public/data/31_81_PR.sgy',
    '--model',
    'public/models/demo.json',
    '--seabed-context',
    '-1',
  );
  expect(badContext.status).toBe(1);
  expect(lastLine(badContext.stdout).error).toMatch(/--seabed-context expects a whole number >= 0, got "-1"/);
});

it('a 3D volume needs a line: without --inline/--crossline it names what the file holds; with one it classifies that line', async () => {
  const { writeSegy } = await import('../../../src/core/segy/write');
  const inlines = 2,
    crosslines = 64,
    samples = 200;
  const data = new Float32Array(inlines * crosslines * samples);
  for (let t = 0; t < inlines * crosslines; t++)
    for (let s = 0; s < samples; s++)
      data[t * samples + s] = Math.sin((s + (t % crosslines)) / 3) * (t < crosslines ? 1 : 2);
  const bytes = writeSegy({ traces: inlines * crosslines, samples, dtUs: 4000, data });
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let t = 0; t < inlines * crosslines; t++) {
    const at = 3600 + t * (240 + 4 * samples);
    v.setInt32(at + 188, 1 + Math.floor(t / crosslines)); // 189-192 inline
    v.setInt32(at + 192, 100 + (t % crosslines)); // 193-196 crossline
  }
  const file = join(dir, 'cube.sgy');
  writeFileSync(file, bytes);
  const whole = classify(file, '--model', 'public/models/demo.json');
  expect(whole.status).toBe(1);
  expect(lastLine(whole.stdout)['error']).toBe(
    'cube.sgy is a 3D volume (2 inlines 1–2, 64 crosslines 100–163): choose one line with --inline N or --crossline N',
  );
  const one = classify(file, '--model', 'public/models/demo.json', '--inline', '2', '--stride', '16');
  expect(one.status, one.stderr).toBe(0);
  expect(lastLine(one.stdout)).toMatchObject({ line: 'inline 2', traces: 64, samples: 200 });
  const missing = classify(file, '--model', 'public/models/demo.json', '--inline', '7');
  // It says which lines the file holds, as the error without a line flag does.
  expect(lastLine(missing.stdout)['error']).toMatch(
    /no traces match inline 7; cube\.sgy is a 3D volume \(2 inlines 1–2, 64 crosslines 100–163\)/,
  );
});

it('--segy-out writes the map as SEG-Y on the line: its trace headers, P(BSR) at every sample, equal to the CSV at the centres', async () => {
  const { bytesByteSource, SegyReader } = await import('../../../src/core/segy');
  const out = join(dir, 'map49.csv'),
    segy = join(dir, 'map49.sgy');
  // A 49 x 55 patch puts patch centres on whole traces and samples (24 + 16k, 27 + 16k), where the SEG-Y holds the CSV's value.
  const run = classify(
    'public/data/31_81_PR.sgy',
    '--stride',
    '16',
    '--patch',
    '49x55',
    '--out',
    out,
    '--segy-out',
    segy,
  );
  expect(run.status, run.stderr).toBe(0);
  expect(lastLine(run.stdout)['segy_out']).toBe(segy);
  const written = await SegyReader.open(bytesByteSource(new Uint8Array(readFileSync(segy)), 'map49.sgy'));
  const original = await SegyReader.open(
    bytesByteSource(new Uint8Array(readFileSync(join(ROOT, 'public/data/31_81_PR.sgy'))), '31_81_PR.sgy'),
  );
  expect([written.traceCount, written.samplesPerTrace, written.sampleIntervalUs]).toEqual([534, 1501, 4000]);
  expect(written.textHeader).toContain('LINE: 31_81_PR.sgy - all traces');
  // The model by its name with its id beside it, as the app writes it.
  const shipped = JSON.parse(readFileSync(join(ROOT, 'public/models/demo.json'), 'utf8')) as {
    id: string;
    name: string;
  };
  expect(written.textHeader.replace(/\s*C\s?\d+ /g, '')).toContain(`MODEL: ${shipped.name} (id ${shipped.id})`);
  const block = await written.readTraces(0, 534);
  const headers = await original.readTraceHeaders(0, 534);
  expect(block.headers.map((h) => [h.cdp, h.traceSequenceLine])).toEqual(
    headers.map((h) => [h.cdp, h.traceSequenceLine]),
  );
  const rows = readFileSync(out, 'utf8').trim().split('\n').slice(1);
  expect(rows.length).toBeGreaterThan(100);
  for (const row of rows) {
    const [trace, ms, p] = row.split(',').map(Number) as [number, number, number];
    expect(block.samples[trace * 1501 + ms / 4]).toBeCloseTo(p, 6);
  }
}, 180_000);

it('refuses at once what would fail late or read the wrong file: a second line, a short option, an output nobody can write, a folder as the line, stride 0', () => {
  const line = 'public/data/31_81_PR.sgy';
  const error = (...args: string[]) => {
    const run = classify(...args);
    expect(run.status).toBe(1);
    return lastLine(run.stdout)['error'];
  };
  // A second line silently replaced the first; "-o m.csv" read the output's name as the line.
  expect(error(line, 'test/fixtures/segy/segyio/small.sgy')).toBe(
    `one line at a time; got a second one, test/fixtures/segy/segyio/small.sgy (after ${line})`,
  );
  expect(error(line, '-o', 'm.csv')).toBe('unknown option -o');
  // Said before the classification (it came after it, as a bare ENOENT / EISDIR).
  const t0 = Date.now();
  expect(error(line, '--out', join(dir, 'no', 'such', 'map.csv'))).toBe(
    `--out ${join(dir, 'no', 'such', 'map.csv')}: the folder ${join(dir, 'no', 'such')} does not exist`,
  );
  expect(error(line, '--horizon-out', dir)).toBe(`--horizon-out ${dir}: that is a folder; give a file name`);
  // An output naming an input overwrote it (the SEG-Y became the map CSV), and two outputs naming one file kept the
  // last (the horizon replaced the map): refused, whatever the spelling, and the line is left as it was.
  const copy = join(dir, 'copy.sgy');
  writeFileSync(copy, readFileSync(line));
  const before = readFileSync(copy);
  for (const flag of ['--out', '--segy-out'])
    expect(error(copy, flag, join(dir, '.', 'copy.sgy'))).toBe(
      `${flag} ${join(dir, '.', 'copy.sgy')} is the line (${copy}): it would be overwritten; give another file name`,
    );
  expect(error(copy, '--out', 'public/models/demo.json', '--model', join(ROOT, 'public/models/demo.json'))).toBe(
    `--out public/models/demo.json is the model (${join(ROOT, 'public/models/demo.json')}): it would be overwritten; give another file name`,
  );
  const map = join(dir, 'same.csv');
  expect(error(copy, '--out', map, '--horizon-out', map)).toBe(
    `--horizon-out ${map} is the file of --out: it would be overwritten; give another file name`,
  );
  expect(readFileSync(copy).equals(before)).toBe(true);
  expect(Date.now() - t0).toBeLessThan(20_000);
  expect(error(dir, '--out', join(dir, 'x.csv'))).toBe(`${dir} is a folder, not a SEG-Y or SU file`);
  // Patches taller than the line left every centre off it: an all-zero map, exit 0 (`--scale 1e6` ran).
  expect(error(line, '--scale', '40')).toBe(
    'a time scale of ×40 makes each patch 1920 samples tall, taller than the line (1501 samples per trace); at most ×31.28 fits',
  );
  expect(error(line, '--stride', '0')).toBe('--stride expects N or TRACESxSAMPLES (whole numbers from 1), got "0"');
  expect(error(line, '--stride')).toBe('--stride expects N or TRACESxSAMPLES (whole numbers from 1), got nothing');
  // As the app: a patch narrower than the network's 48 traces would be stretched sideways (`--patch 2` ran).
  expect(error(line, '--patch', '47')).toBe(
    "--patch must be at least 48 traces, the network's width (got 47; fewer would stretch the traces sideways)",
  );
});

it('a stack whose headers repeat field records (blank CDPs) reads as prestack; --all-traces classifies it as one line', async () => {
  const { traces, samples, bytes } = sineLineSegy();
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let t = 0; t < traces; t++) {
    const at = 3600 + t * (240 + 4 * samples);
    v.setInt32(at + 8, 100 + Math.floor(t / 8)); // 9-12 field record: 8 traces each
    v.setInt32(at + 20, 0); // 21-24 CDP: blank
  }
  const file = join(dir, 'stack-ffid.sgy');
  writeFileSync(file, bytes);
  const refused = classify(file, '--stride', '32');
  expect(refused.status).toBe(1);
  expect(lastLine(refused.stdout)['error']).toMatch(
    /^stack-ffid\.sgy holds prestack data \(12 gathers, field records 100–111, 1 offsets\): .*--all-traces reads every trace in file order as that line$/,
  );
  const whole = classify(file, '--all-traces', '--stride', '32');
  expect(whole.status, whole.stderr).toBe(0);
  expect(lastLine(whole.stdout)).toMatchObject({ line: 'all traces', traces: 96, samples: 200, delay_ms: 0 });
  expect(lastLine(classify(file, '--all-traces', '--gather', '100').stdout)['error']).toBe(
    '--all-traces takes the whole file: leave out the line flag',
  );
});

it('says how many samples were NaN or infinite (read as 0), counting each trace once over all the passes', async () => {
  const clean = join(dir, 'finite.sgy');
  writeFileSync(clean, sineLineSegy().bytes);
  const file = join(dir, 'non-finite.sgy');
  const holes = sineLineSegy((data, samples) => {
    data[5] = NaN;
    data[40 * samples + 17] = NaN;
    data[95 * samples + 199] = Infinity;
  });
  writeFileSync(file, holes.bytes);
  const run = classify(file, '--stride', '16');
  expect(run.status, run.stderr).toBe(0);
  expect(lastLine(run.stdout)['warnings']).toEqual(['3 samples are NaN or infinite; read as 0']);
  const fine = classify(clean, '--stride', '16');
  expect(fine.status, fine.stderr).toBe(0);
  expect(lastLine(fine.stdout)['warnings']).toBeUndefined();
  // A line of NaN only is flat once read as 0: the error names the file and why (it said "classify: every sample of
  // the line is 0", in finetune too).
  const empty = join(dir, 'all-nan.sgy');
  writeFileSync(empty, sineLineSegy((data) => data.fill(NaN)).bytes);
  const flat = classify(empty, '--stride', '16');
  expect(flat.status).toBe(1);
  expect(lastLine(flat.stdout)['error']).toBe(
    'all-nan.sgy: every sample of the line is 0: a dead (flat) section has nothing to classify (19,200 samples are NaN or infinite; read as 0)',
  );
});

it('a model fine-tuned at the matched scale classifies there, and the summary says so; --no-select-scale is plain', () => {
  const shipped = JSON.parse(readFileSync(join(ROOT, 'public/models/demo.json'), 'utf8')) as Record<string, unknown>;
  const tuned = join(dir, 'tuned-at-matched.json');
  writeFileSync(
    tuned,
    JSON.stringify({
      ...shipped,
      provenance: {
        kind: 'fine-tuned',
        baseModel: { id: shipped['id'] },
        presentation: { scale_source: 'auto', scale_factor: 1 },
      },
    }),
  );
  const base = lastLine(
    classify('public/data/31_81_PR.sgy', '--model', 'public/models/demo.json', '--stride', '64').stdout,
  );
  expect(base['scale_selection']).toBeDefined();
  expect(base['matched_scale_kept']).toBeUndefined();
  const run = classify('public/data/31_81_PR.sgy', '--model', tuned, '--stride', '64');
  expect(run.status, run.stderr).toBe(0);
  const summary = lastLine(run.stdout);
  expect(summary['matched_scale_kept']).toBe(true);
  expect(summary['scale_selection']).toBeUndefined();
  expect(summary['presentation']).toMatchObject({ scale_source: 'auto' });
  const asked = lastLine(
    classify('public/data/31_81_PR.sgy', '--model', tuned, '--stride', '64', '--no-select-scale').stdout,
  );
  expect(asked['matched_scale_kept']).toBeUndefined();
  expect(asked['presentation']).toEqual(summary['presentation']);
});
