/**
 * Generator throughput in node vs the Python reference (../shared/bench/seed_generator_ref.py next to the repo),
 * same work on both sides: N patches, generation + augmentation (train profile) + keep-polarity
 * standardisation + resize to 112x112, one thread. Run: npx tsx bench/generator-node.ts [N] [seed] [rounds]
 * Node and Python alternate for `rounds` rounds (default 3), so a burst of load from other processes
 * hits both alike; the ratios printed are medians over rounds. CPU time is the fairer measure on a
 * shared machine (wall time includes waiting for a core); node's covers only the timed part.
 */
import { execFileSync } from 'node:child_process';
import { benchmarkGenerator } from '../src/core/synthetic/bench';

const n = Number(process.argv[2] ?? 2000);
const seed = Number(process.argv[3] ?? 1);
const rounds = Number(process.argv[4] ?? 3);
const python = '/usr/bin/python3';
const reference = new URL('../../shared/bench/seed_generator_ref.py', import.meta.url).pathname; // ../shared next to the repo
const cpuNow = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};
const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  return s[(s.length - 1) >> 1]! / 2 + s[s.length >> 1]! / 2;
};

benchmarkGenerator(500, seed + 1); // JIT warm-up on another data set

const wall: number[] = [],
  cpu: number[] = [];
for (let r = 0; r < rounds; r++) {
  const node = benchmarkGenerator(n, seed, 'train', undefined, cpuNow);
  const nodeCpuRate = n / node.cpuSeconds!;
  console.log(
    `round ${r + 1} node  : ${node.patchesPerSecond.toFixed(1)} patches/s, ${nodeCpuRate.toFixed(1)} patches/cpu-s` +
      ` (generate ${node.seconds.generate.toFixed(3)} s + standardise/resize ${node.seconds.standardiseAndResize.toFixed(3)} s)`,
  );
  try {
    const out = execFileSync(python, [reference, '--n', String(n), '--seed', String(seed)], { encoding: 'utf8' });
    const py = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { patches_per_s?: number; cpu_seconds?: number };
    if (!py.patches_per_s || !py.cpu_seconds) throw new Error(`unexpected output: ${out.slice(0, 200)}`);
    const pyCpuRate = n / py.cpu_seconds;
    console.log(`round ${r + 1} python: ${py.patches_per_s} patches/s, ${pyCpuRate.toFixed(1)} patches/cpu-s`);
    wall.push(node.patchesPerSecond / py.patches_per_s);
    cpu.push(nodeCpuRate / pyCpuRate);
  } catch (e) {
    console.log(`python reference not run (${(e as Error).message.split('\n')[0]})`);
    break;
  }
}
if (wall.length) {
  console.log(
    `node / python, median of ${wall.length}: wall ${median(wall).toFixed(2)}x [${wall.map((v) => v.toFixed(2)).join(', ')}],` +
      ` cpu ${median(cpu).toFixed(2)}x [${cpu.map((v) => v.toFixed(2)).join(', ')}]`,
  );
}
