/**
 * The toolchain the SIMD kernel module is built with, pinned: another clang major emits other bytes (and clang 15+
 * already writes the standard relaxed-madd opcode that scripts/build-kernels.ts renumbers from clang 14's), so a
 * rebuild is only comparable with the committed binaries under the same major. Also the digest record that lets
 * any machine, with or without clang, check that the committed binaries come from the committed C source.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLANG_MAJOR = 14;

const here = path.dirname(fileURLToPath(import.meta.url));
export const KERNEL_DIR = path.join(here, '..', 'src', 'core', 'tf', 'native');
export const KERNEL_SOURCE = path.join(KERNEL_DIR, 'spn_kernels.c');
export const KERNEL_TARGET = path.join(KERNEL_DIR, 'spn-kernels-wasm.ts');
/** What the last build recorded: clang major, SHA-256 of the C source and of the generated file. */
export const KERNEL_DIGESTS = path.join(KERNEL_DIR, 'spn-kernels-digest.json');

export interface KernelDigests {
  clangMajor: number;
  sourceSha256: string;
  generatedSha256: string;
}

export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

function clangMajor(cmd: string): number | null {
  try {
    const out = execFileSync(cmd, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const m = /clang version (\d+)\./.exec(out);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

function has(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * The clang of the pinned major (`clang-14`, or `clang` when it is 14) with wasm-ld and wasm-objdump beside it, or
 * why there is none.
 */
export function pinnedToolchain(): { clang: string } | { missing: string } {
  const found: string[] = [];
  let clang: string | null = null;
  for (const cmd of [`clang-${CLANG_MAJOR}`, 'clang']) {
    const major = clangMajor(cmd);
    if (major === null) continue;
    found.push(`${cmd} is ${major}`);
    if (major === CLANG_MAJOR) {
      clang = cmd;
      break;
    }
  }
  if (!clang)
    return {
      missing: `clang ${CLANG_MAJOR} not found (${found.length ? found.join(', ') : 'no clang'}); Debian: apt-get install clang-${CLANG_MAJOR} lld-${CLANG_MAJOR}`,
    };
  const wasmLd = has('wasm-ld') || has(`wasm-ld-${CLANG_MAJOR}`) || has(`/usr/lib/llvm-${CLANG_MAJOR}/bin/wasm-ld`);
  if (!wasmLd) return { missing: `wasm-ld not found (Debian: apt-get install lld-${CLANG_MAJOR})` };
  if (!has('wasm-objdump')) return { missing: 'wasm-objdump not found (Debian: apt-get install wabt)' };
  return { clang };
}
