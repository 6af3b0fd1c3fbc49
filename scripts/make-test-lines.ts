/**
 * make-test-lines --out DIR [--only ID[,ID...]]
 *   npx tsx scripts/make-test-lines.ts --out /tmp/lines
 * Writes every line of the fixed evaluation set (src/core/evaluate/evaluation-set.ts) as
 * ID.sgy (SEG-Y rev 1, IEEE float, raw amplitudes), ID.picks.csv (trace,time_ms of the BSR; empty
 * but for the header on BSR-free lines) and ID.truth.json (score_map.py's format plus
 * seabed_sample and `line`, the .sgy's fingerprint; the picks CSV names it in a `# line:`
 * comment). Prints one JSON object last: {out, lines: [{id, traces, samples, dt_us, bsr_traces}]};
 * on failure {"error"} and exit code 1.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  FIXED_EVALUATION_SET,
  buildTestLine,
  evaluationLine,
  truthToJson,
  truthToPicksCsv,
} from '../src/core/evaluate';
import { writeSegy } from '../src/core/segy/write';
import { lineFingerprint } from '../src/core/finetune/fingerprint';

function parseArgs(argv: string[]): { out: string; only: string[] | null } {
  let out: string | null = null,
    only: string[] | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--out') out = argv[++i] ?? null;
    else if (a === '--only') only = (argv[++i] ?? '').split(',').filter((s) => s !== '');
    else throw new Error(`unknown argument ${a}`);
  }
  if (!out) throw new Error('usage: make-test-lines --out DIR [--only ID[,ID...]]');
  return { out, only };
}

async function main(): Promise<Record<string, unknown>> {
  const { out, only } = parseArgs(process.argv.slice(2));
  const specs = only ? only.map(evaluationLine) : FIXED_EVALUATION_SET;
  await mkdir(out, { recursive: true });
  const lines = [];
  for (const spec of specs) {
    const { section, truth } = buildTestLine(spec.options);
    const text = [
      `SeismicPatchNet Studio test line ${spec.id} (synthetic, seed ${spec.options.seed})`,
      ...spec.description.match(/.{1,76}(\s|$)/g)!.map((s) => s.trim()),
    ];
    const bytes = writeSegy(section, text);
    await writeFile(join(out, `${spec.id}.sgy`), bytes);
    // The truth names its line, so it is never scored against another line of the same size.
    const named = { ...truth, line: lineFingerprint(bytes.length, bytes) };
    await writeFile(join(out, `${spec.id}.picks.csv`), truthToPicksCsv(named));
    await writeFile(join(out, `${spec.id}.truth.json`), truthToJson(named));
    lines.push({
      id: spec.id,
      traces: section.traces,
      samples: section.samples,
      dt_us: section.dtUs,
      bsr_traces: truth.bsrSample.filter((s) => s !== null).length,
    });
  }
  return { out, lines };
}

try {
  console.log(JSON.stringify(await main()));
} catch (e) {
  console.log(JSON.stringify({ error: (e as Error).message }));
  process.exitCode = 1;
}
