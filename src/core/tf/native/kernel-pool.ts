/**
 * Runs the SIMD kernels on several threads: helper workers instantiate the same module on tfjs-wasm's SHARED
 * memory (threaded build) and wait on a control block in that memory; a kernel call splits its work into parts,
 * posts parts 1.. to the helpers with Atomics.notify, runs part 0 itself and blocks until all are done. Blocking
 * is allowed in workers and node, not on a page's main thread, where no pool is made.
 *
 * Control block (int32): [0] job sequence number (helpers wait on it; -1 = shut down), [1] parts finished,
 * [2] function index into POOL_FUNCTIONS, [3] argument count, [4] error flag, then 16 arguments per part from
 * int 8 on. Arguments are heap offsets and counts; int32 carries offsets above 2 GB by the same bits.
 */
import { nowMs } from '../../clock';
import type { SpnKernelExports } from './spn-kernels';

export const POOL_FUNCTIONS = [
  'spn_conv2d_direct',
  'spn_conv2d',
  'spn_conv2d_filter_grad',
  'spn_conv2d_input_grad',
  'spn_max_pool_grad',
  'spn_sum_rows',
  'spn_avg_pool_grad',
  'spn_conv3x3_winograd',
  'spn_conv3x3_winograd_filter_grad',
  'spn_elu',
  'spn_elu_grad',
  'spn_max_first',
  'spn_max_first_grad',
  'spn_neg',
  'spn_stem_filter_grad',
  'spn_stem_conv_max',
  'spn_max_pool',
] as const;
export type PoolFunction = (typeof POOL_FUNCTIONS)[number];

export const MAX_PARTS = 16;
const ARGS_AT = 8;
const ARGS_PER_PART = 16;
/** Bytes of the control block. */
export const CONTROL_BYTES = 4 * (ARGS_AT + ARGS_PER_PART * MAX_PARTS);

/** How long the calling thread waits for a helper before declaring it lost (a whole conv takes < 1 s). */
const HELPER_TIMEOUT_MS = 60_000;

/**
 * The caller polls for its helpers for up to SPIN_MS before sleeping: a thread sleeping in Atomics.wait can take
 * a millisecond or more to wake on a virtual machine whose idle vCPU has halted, a large share of the many small
 * kernels of a step (a 1x1 conv of the paper network: ~4 ms per thread), and the caller has nothing else to do.
 * Helpers do NOT spin between jobs: measured, that took the second core from tfjs-wasm's own thread pool
 * (XNNPACK max-pools slowed from ~3 to ~6 ms) and lost more than it won.
 */
const SPIN_MS = 2;

/** Polls until ctrl[index] !== value or `ms` pass; true when it changed. */
function spinWhileEqual(ctrl: Int32Array, index: number, value: number, ms: number): boolean {
  const until = nowMs() + ms;
  for (;;) {
    for (let i = 0; i < 256; i++) if (Atomics.load(ctrl, index) !== value) return true;
    if (nowMs() > until) return false;
  }
}

type KernelCall = (...args: number[]) => void;

/** True where this thread may block in Atomics.wait (workers, node); false on a page's main thread. */
export function canBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

/** [lo, hi) bounds of `parts` near-equal slices of [0, total), each boundary a multiple of `align`. */
export function splitRange(total: number, parts: number, align = 1): Array<[number, number]> {
  const units = Math.ceil(total / align);
  const out: Array<[number, number]> = [];
  for (let i = 0; i < parts; i++) {
    const lo = Math.min(total, Math.floor((units * i) / parts) * align);
    const hi = Math.min(total, Math.floor((units * (i + 1)) / parts) * align);
    out.push([lo, i === parts - 1 ? total : hi]);
  }
  return out;
}

export class KernelPool {
  /** Threads a call runs on, the caller included. */
  readonly parts: number;
  /** Calls split over the helpers, per function (the Chromium test checks every entry point ran pooled). */
  readonly pooledCalls = new Map<PoolFunction, number>();
  private sequence = 0;

  constructor(
    private readonly exports: SpnKernelExports,
    private readonly memory: { readonly buffer: ArrayBuffer | SharedArrayBuffer },
    private readonly control: number,
    helpers: number,
  ) {
    this.parts = Math.min(MAX_PARTS, helpers + 1);
  }

  private view(): Int32Array {
    return new Int32Array(this.memory.buffer, this.control, CONTROL_BYTES / 4);
  }

  /** Runs `fn` once per part with argsFor(part); part 0 on this thread. Throws if a helper fails or is lost. */
  run(fn: PoolFunction, argsFor: (part: number) => number[]): void {
    const call: KernelCall = this.exports[fn];
    if (this.parts === 1) {
      call(...argsFor(0));
      return;
    }
    this.pooledCalls.set(fn, (this.pooledCalls.get(fn) ?? 0) + 1);
    const ctrl = this.view();
    let argc = 0;
    for (let p = 1; p < this.parts; p++) {
      const args = argsFor(p);
      argc = args.length;
      ctrl.set(args, ARGS_AT + ARGS_PER_PART * p);
    }
    ctrl[2] = POOL_FUNCTIONS.indexOf(fn);
    ctrl[3] = argc;
    ctrl[4] = 0;
    Atomics.store(ctrl, 1, 0);
    this.sequence = (this.sequence + 1) & 0x3fffffff;
    Atomics.store(ctrl, 0, this.sequence);
    Atomics.notify(ctrl, 0);
    // Boxed so a part-0 failure is rethrown as it was, whatever was thrown.
    let own: { error: unknown } | null = null;
    try {
      call(...argsFor(0));
    } catch (e) {
      own = { error: e };
    }
    const deadline = Date.now() + HELPER_TIMEOUT_MS;
    for (let done = Atomics.load(ctrl, 1); done < this.parts - 1; done = Atomics.load(ctrl, 1)) {
      if (Date.now() > deadline)
        throw new Error(
          `SIMD kernel helpers: ${this.parts - 1 - done} of ${this.parts - 1} did not finish ${fn} within ${HELPER_TIMEOUT_MS / 1000} s`,
        );
      if (!spinWhileEqual(ctrl, 1, done, SPIN_MS)) Atomics.wait(ctrl, 1, done, 1000);
    }
    if (own !== null) throw own.error;
    if (Atomics.load(ctrl, 4) !== 0) throw new Error(`SIMD kernel helpers: ${fn} failed on a helper thread`);
  }

  /** Releases the helpers (they return from their loop). */
  shutdown(): void {
    const ctrl = this.view();
    ctrl[2] = -1;
    Atomics.store(ctrl, 0, -1);
    Atomics.notify(ctrl, 0);
  }
}

/**
 * A helper thread's life: wait for a job, run its part, count it done; returns on shutdown. `exports` is the
 * helper's own instance of the module on the shared memory.
 */
export function helperLoop(
  exports: SpnKernelExports,
  memory: { readonly buffer: ArrayBuffer | SharedArrayBuffer },
  control: number,
  part: number,
): void {
  const ctrl = new Int32Array(memory.buffer, control, CONTROL_BYTES / 4);
  // The pool zeroes the block before spawning helpers and posts job 1 first, so 0 is never a job a helper misses.
  let seen = 0;
  for (;;) {
    Atomics.wait(ctrl, 0, seen);
    const seq = Atomics.load(ctrl, 0);
    if (seq === seen) continue;
    seen = seq;
    const index = ctrl[2] as number;
    if (seq === -1 || index < 0) return;
    const name = POOL_FUNCTIONS[index];
    const base = ARGS_AT + ARGS_PER_PART * part;
    const args = Array.from(ctrl.subarray(base, base + (ctrl[3] as number)));
    try {
      if (name === undefined) throw new Error(`unknown kernel ${index}`);
      const call: KernelCall = exports[name];
      call(...args);
    } catch {
      Atomics.store(ctrl, 4, 1);
    }
    Atomics.add(ctrl, 1, 1);
    Atomics.notify(ctrl, 1);
  }
}
