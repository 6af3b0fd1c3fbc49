/**
 * export-patches --out PREFIX --count N [--seed S] [--profile train|test] [--generator realistic|paper] [--no-augment]
 *   npm run --silent export-patches -- --out /tmp/test --count 4000 --seed 777 --profile test
 * Writes one synthetic data set for tools outside the app (NumPy: np.fromfile(PREFIX + '.x.f32', np.float32)):
 * PREFIX.x.f32 (standardised patches, float32 little-endian, count x 48 x 48), PREFIX.y.u8 (labels),
 * PREFIX.kind.u8 (kinds), PREFIX.applied.u8 (augmentation bits) and PREFIX.json (the manifest: what each file
 * holds, kind and augmentation names, the standardisation, generator version). The same seed gives the same bytes.
 * Prints one JSON object last: {out, count, files}; on failure {"error"} and exit code 1.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { exportPatches, SYNTHETIC_GENERATORS, type SyntheticGenerator } from '../src/core/synthetic';
import type { AugmentationProfile } from '../src/core/synthetic/types';
import { APP_VERSION, GENERATOR_VERSION } from '../src/version';

const USAGE =
  'usage: export-patches --out PREFIX --count N [--seed S] [--profile train|test] [--generator realistic|paper] [--no-augment]';

interface Args {
  out: string;
  count: number;
  seed: number;
  profile: AugmentationProfile;
  generator: SyntheticGenerator;
  augment: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Partial<Args> = { seed: 1, profile: 'train', generator: 'realistic', augment: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value; ${USAGE}`);
      return v;
    };
    const integer = (): number => {
      const v = value();
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${a} must be a whole number ≥ 0, got ${JSON.stringify(v)}`);
      return n;
    };
    if (a === '--out') args.out = value();
    else if (a === '--count') args.count = integer();
    else if (a === '--seed') args.seed = integer();
    else if (a === '--profile') {
      const v = value();
      if (v !== 'train' && v !== 'test') throw new Error(`--profile must be train or test, got ${JSON.stringify(v)}`);
      args.profile = v;
    } else if (a === '--generator') {
      const v = value();
      const known = SYNTHETIC_GENERATORS.find((g) => g === v);
      if (!known) throw new Error(`--generator must be ${SYNTHETIC_GENERATORS.join(' or ')}, got ${JSON.stringify(v)}`);
      args.generator = known;
    } else if (a === '--no-augment') args.augment = false;
    else throw new Error(`unknown argument ${a}; ${USAGE}`);
  }
  if (!args.out || args.count === undefined) throw new Error(USAGE);
  return args as Args;
}

async function main(): Promise<Record<string, unknown>> {
  const args = parseArgs(process.argv.slice(2));
  const { out, ...options } = args;
  const { manifest, arrays } = exportPatches(options);
  await mkdir(dirname(out), { recursive: true });
  const files = { x: `${out}.x.f32`, y: `${out}.y.u8`, kind: `${out}.kind.u8`, applied: `${out}.applied.u8` };
  for (const key of ['x', 'y', 'kind', 'applied'] as const) await writeFile(files[key], arrays[key]);
  const json = `${out}.json`;
  await writeFile(
    json,
    JSON.stringify({ ...manifest, files, appVersion: APP_VERSION, generatorVersion: GENERATOR_VERSION }, null, 1),
  );
  return { out, count: args.count, files: { ...files, manifest: json } };
}

main().then(
  (summary) => console.log(JSON.stringify(summary)),
  (e: unknown) => {
    console.log(JSON.stringify({ error: (e as Error).message }));
    process.exitCode = 1;
  },
);
