/**
 * Generator throughput in node vs the Python reference (/work/shared/bench/seed_generator_ref.py),
 * same work on both sides: N patches, generation + augmentation (train profile) + keep-polarity
 * standardisation + resize to 112x112, one thread. Run: npx tsx bench/generator-node.ts [N] [seed]
 * Python and node run one after the other, so a busy machine slows both alike.
 */
import { execFileSync } from 'node:child_process';
import { benchmarkGenerator } from '../src/core/synthetic/bench';

const n = Number(process.argv[2] ?? 2000);
const seed = Number(process.argv[3] ?? 1);
const python = '/usr/bin/python3';
const reference = '/work/shared/bench/seed_generator_ref.py';

benchmarkGenerator(200, seed + 1); // JIT warm-up on another data set
const runs = [0, 1].map(() => {
  const cpu0 = process.cpuUsage();
  const r = benchmarkGenerator(n, seed);
  const cpu = process.cpuUsage(cpu0);
  return { ...r, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
});
const best = runs.reduce((a, b) => (b.patchesPerSecond > a.patchesPerSecond ? b : a));
console.log('node  ', JSON.stringify(best));

let pythonRate: number | null = null;
let pythonCpuRate: number | null = null;
try {
  const out = execFileSync(python, [reference, '--n', String(n), '--seed', String(seed)], { encoding: 'utf8' });
  const result = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { patches_per_s?: number; cpu_seconds?: number };
  pythonRate = result.patches_per_s ?? null;
  pythonCpuRate = result.cpu_seconds ? n / result.cpu_seconds : null;
  console.log('python', out.trim());
} catch (e) {
  console.log(`python reference not run (${(e as Error).message.split('\n')[0]})`);
}
if (pythonRate) {
  console.log(`wall: node ${best.patchesPerSecond.toFixed(1)} patches/s vs python ${pythonRate} patches/s: ratio ${(best.patchesPerSecond / pythonRate).toFixed(2)}x`);
}
if (pythonCpuRate) {
  // CPU time is the fairer measure on a shared machine (wall time includes waiting for a core).
  const nodeCpuRate = n / best.cpuSeconds;
  console.log(`cpu:  node ${nodeCpuRate.toFixed(1)} patches/cpu-s vs python ${pythonCpuRate.toFixed(1)}: ratio ${(nodeCpuRate / pythonCpuRate).toFixed(2)}x`);
}
