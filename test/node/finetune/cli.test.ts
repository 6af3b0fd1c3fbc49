/** The finetune CLI as a subprocess on the shipped real line 31_81_PR with the demo model. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { parseModelFile } from '../../../src/core/model-file';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'finetune-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const finetune = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/finetune.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 300_000,
  });
const lastLine = (stdout: string): Record<string, unknown> =>
  JSON.parse(stdout.trim().split('\n').at(-1) as string) as Record<string, unknown>;
const LINE = 'public/data/31_81_PR.sgy';
// Two BSR boxes, three not-BSR boxes (whatever the truth: the CLI is what is tested here).
const MARKS =
  'trace_from,trace_to,time_from_ms,time_to_ms,label\n100,115,2000,2080,bsr\n300,315,2100,2180,bsr\n200,215,4000,4096,not_bsr\n400,415,4400,4496,not_bsr\n50,65,3000,3096,not_bsr\n';

it('fine-tunes and writes a new model file with its provenance; JSON summary last', async () => {
  const marks = join(dir, 'marks.csv'),
    out = join(dir, 'tuned.json');
  writeFileSync(marks, MARKS);
  const run = finetune(
    LINE,
    '--marks',
    marks,
    '--model',
    'public/models/demo.json',
    '--out',
    out,
    '--epochs',
    '1',
    '--synthetic-ratio',
    '0.25',
    '--test-patches',
    '40',
    '--hold-out',
    '0',
    '--patch',
    '56',
  );
  expect(run.status, run.stderr + run.stdout).toBe(0);
  const s = lastLine(run.stdout);
  expect(s).toMatchObject({
    out,
    marks: 5,
    train_marks: 5,
    held_out_marks: 0,
    epochs: 1,
    backend: 'wasm',
    held_out: null,
    patch_traces: 56,
  });
  expect(s['warnings']).toBeUndefined(); // the shipped line reads cleanly
  expect(s['line']).toMatch(/^\d+-[0-9a-f]{16}$/);
  expect(s['steps']).toBeGreaterThan(0);
  // The forgetting guard ran with its default budget and says how much of the base it blended back.
  const guard = s['forgetting_guard'] as { before: number; after: number; base_share: number };
  expect(guard.before).toBeGreaterThan(0.5);
  expect(guard.base_share).toBeGreaterThanOrEqual(0);
  expect(guard.base_share).toBeLessThanOrEqual(0.5);
  const file = parseModelFile(readFileSync(out, 'utf8'));
  expect(file.provenance).toMatchObject({
    kind: 'fine-tuned',
    line: { fingerprint: s['line'], name: '31_81_PR.sgy', traces: 534, samples: 1501 },
    presentation: { patch_traces: 56 },
    scores: { forgetting: { baseShare: guard.base_share } },
  });
  const base = parseModelFile(readFileSync(join(ROOT, 'public/models/demo.json'), 'utf8'));
  expect(file.id).toBe(base.id); // the id names the network, which tuning keeps
  // What classify and evaluate print beside the id (model_weights) tells the two apart.
  const { modelWeightsDigest } = await import('../../../src/node/classify-line');
  expect(modelWeightsDigest(file)).not.toBe(modelWeightsDigest(base));
  expect(run.stderr).toMatch(/epoch 1, step \d+\/\d+, loss/);
});

it('cuts the marked patches at the period-matched time scale, or with --select-scale at the one classify chose with the same model', async () => {
  const { buildTestLine, evaluationLine } = await import('../../../src/core/evaluate');
  const { writeSegy } = await import('../../../src/core/segy/write');
  // The suite's deep zero-phase line: its period match shows it too stretched, so the selection moves the scale.
  const { section, truth } = buildTestLine(evaluationLine('bsr-r20-4ms-deep').options);
  const line = join(dir, 'deep.sgy');
  writeFileSync(line, writeSegy(section));
  const pick = (t: number) => truth.bsrSample[t]! * 4;
  // Three BSR boxes where the pick runs unbroken (the line's BSR has gaps), each with a not-BSR box well below it.
  const starts: number[] = [];
  for (let t = 80; t < section.traces - 16 && starts.length < 3; t += 8)
    if (truth.bsrSample.slice(t, t + 16).every((v) => v !== null)) {
      starts.push(t);
      t += 32;
    }
  const marks = join(dir, 'deep-marks.csv');
  writeFileSync(
    marks,
    'trace_from,trace_to,time_from_ms,time_to_ms,label\n' +
      starts
        .map(
          (t) =>
            `${t},${t + 15},${pick(t + 8) - 40},${pick(t + 8) + 40},bsr\n${t},${t + 15},${pick(t + 8) + 300},${pick(t + 8) + 396},not_bsr\n`,
        )
        .join(''),
  );
  const classify = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/classify.ts'), line], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 300_000,
  });
  expect(classify.status, classify.stderr + classify.stdout).toBe(0);
  const c = lastLine(classify.stdout);
  const chosen = (c['presentation'] as { scale_factor: number; scale_source: string }).scale_factor;
  expect(c['presentation']).toMatchObject({ scale_source: 'selected' });
  expect(chosen).toBeGreaterThan((c['scale_selection'] as { matched_factor: number }).matched_factor);
  const args = ['--marks', marks, '--out', join(dir, 'deep-tuned.json'), '--epochs', '1', '--synthetic-ratio', '0.25'];
  const tuned = finetune(line, ...args, '--test-patches', '40', '--hold-out', '0', '--select-scale');
  expect(tuned.status, tuned.stderr + tuned.stdout).toBe(0);
  expect(lastLine(tuned.stdout)['scale_factor']).toBeCloseTo(chosen, 3);
  const matched = finetune(line, ...args, '--test-patches', '40', '--hold-out', '0');
  expect(matched.status, matched.stderr + matched.stdout).toBe(0);
  expect(lastLine(matched.stdout)['scale_factor']).toBeCloseTo(
    (c['scale_selection'] as { matched_factor: number }).matched_factor,
    2, // classify prints 3 decimals, finetune 4
  );
  // --marked-traces reads only the traces the marks need (the app's path for a file too big to hold): without the
  // seabed negatives (which the whole line takes from all its traces) it trains exactly as on the line held whole.
  const same = [...args, '--test-patches', '0', '--no-seabed-negatives'];
  const whole = finetune(line, ...same, '--out', join(dir, 'deep-whole.json'));
  const windows = finetune(line, ...same, '--out', join(dir, 'deep-windows.json'), '--marked-traces');
  expect(windows.status, windows.stderr + windows.stdout).toBe(0);
  expect(lastLine(windows.stdout)['train_patches']).toEqual(lastLine(whole.stdout)['train_patches']);
  const weightsOf = (f: string) =>
    (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { weightData: string }).weightData;
  expect(weightsOf('deep-windows.json')).toBe(weightsOf('deep-whole.json'));
  const tight = finetune(line, ...same, '--out', join(dir, 'never.json'), '--marked-traces', '1000');
  expect(tight.status).toBe(1);
  expect(lastLine(tight.stdout)['error']).toMatch(/the marks need \d+ traces .* at most \d+ fit/);
  const both = finetune(line, ...same, '--out', join(dir, 'never.json'), '--marked-traces', '--select-scale');
  expect(lastLine(both.stdout)['error']).toMatch(/cannot be combined with --marked-traces/);
}, 420_000);

it('refuses marks for another line, marks outside the line and too few marks, writing nothing', () => {
  const out = join(dir, 'never.json');
  const cases: Array<[string, RegExp]> = [
    [
      `# line: 1-0000000000000000\n${MARKS}`,
      /written for another line \(line: 1-0000000000000000\); the open line is \d+-[0-9a-f]{16}\. Nothing was applied/,
    ],
    [`${MARKS}520,540,100,200,not_bsr\n`, /mark 6 \(not BSR, traces 520–540.*outside the line: it has traces 0–533/],
    [
      '100,115,2000,2080,bsr\n200,215,4000,4096,not_bsr\n400,415,4400,4496,not_bsr\n',
      /too few BSR marks to train on: 1 .*mark 1 more BSR place/,
    ],
  ];
  cases.forEach(([text, message], i) => {
    const marks = join(dir, `bad-${i}.csv`);
    writeFileSync(marks, text);
    const run = finetune(LINE, '--marks', marks, '--model', 'public/models/demo.json', '--out', out, '--hold-out', '0');
    expect(run.status).toBe(1);
    expect(lastLine(run.stdout).error).toMatch(message);
    expect(lastLine(run.stdout).error).toMatch(new RegExp(`^bad-${i}\\.csv: marks: `)); // which file was refused
    expect(existsSync(out)).toBe(false);
  });
  // The tuned model written over the line (or the base model, or the marks) destroyed it: refused, nothing touched.
  const marks = join(dir, 'marks-kept.csv');
  writeFileSync(marks, MARKS);
  for (const [target, what] of [
    [LINE, `the line (${LINE})`],
    ['public/models/demo.json', 'the base model (public/models/demo.json)'],
    [marks, `the marks file (${marks})`],
  ] as const) {
    const before = readFileSync(target);
    const run = finetune(LINE, '--marks', marks, '--model', 'public/models/demo.json', '--out', target);
    expect(run.status).toBe(1);
    expect(lastLine(run.stdout).error).toBe(
      `--out ${target} is ${what}: it would be overwritten; give another file name`,
    );
    expect(readFileSync(target).equals(before)).toBe(true);
  }
  // Settings are refused by their flag before anything is read (here the marks file does not even exist); --hold-out 1
  // would hold out every mark and was read as 0 without a word.
  for (const [flag, value, problem] of [
    ['--hold-out', '1', 'must be 0 (hold out none) or at least 2 (every n-th mark), got 1'],
    ['--epochs', '0', 'must be an integer >= 1, got 0'],
  ] as const) {
    const run = finetune(LINE, '--marks', join(dir, 'no-such.csv'), '--out', out, flag, value);
    expect(run.status).toBe(1);
    expect(lastLine(run.stdout).error).toBe(`${flag} ${problem}`);
  }
  // A line file named like an Object method is the line, not a setting flag (it read as "toString expects a number").
  const named = finetune('toString', '--marks', join(dir, 'no-such.csv'), '--out', out);
  expect(named.status).toBe(1);
  expect(lastLine(named.stdout).error).toMatch(/no-such\.csv/);
  const missing = finetune(LINE, '--model', 'public/models/demo.json');
  expect(missing.status).toBe(1);
  expect(lastLine(missing.stdout).error).toMatch(
    /^missing --marks MARKS\.csv, --out TUNED\.json; usage: finetune LINE\.sgy/,
  );
  const noValue = finetune(LINE, '--marks', '--out', out);
  expect(lastLine(noValue.stdout).error).toBe('--marks expects a file');
});

it('says how many samples of the line were NaN or infinite (read as 0), as classify and evaluate do', async () => {
  const { sineLineSegy } = await import('../segy/sine-line');
  const line = join(dir, 'non-finite.sgy');
  writeFileSync(
    line,
    sineLineSegy((data, samples) => {
      data[3] = NaN;
      data[50 * samples + 120] = -Infinity;
    }).bytes,
  );
  const marks = join(dir, 'sine-marks.csv');
  writeFileSync(
    marks,
    'trace_from,trace_to,time_from_ms,time_to_ms,label\n10,25,300,340,bsr\n60,75,300,340,bsr\n10,25,500,596,not_bsr\n60,75,500,596,not_bsr\n',
  );
  const quick = ['--synthetic-ratio', '0.25', '--test-patches', '0', '--hold-out', '0'];
  const tuned = finetune(line, '--marks', marks, '--out', join(dir, 'sine-tuned.json'), '--epochs', '1', ...quick);
  expect(tuned.status, tuned.stderr + tuned.stdout).toBe(0);
  expect(lastLine(tuned.stdout)['warnings']).toEqual(['2 samples are NaN or infinite; read as 0']);
  const empty = join(dir, 'all-nan.sgy');
  writeFileSync(empty, sineLineSegy((data) => data.fill(NaN)).bytes);
  const flat = finetune(empty, '--marks', marks, '--out', join(dir, 'never.json'), '--epochs', '1', ...quick);
  expect(flat.status).toBe(1);
  expect(lastLine(flat.stdout)['error']).toMatch(/^all-nan\.sgy: .*\(19,200 samples are NaN or infinite; read as 0\)$/);
}, 180_000);
