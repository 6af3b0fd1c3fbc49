/**
 * Choosing and starting a tfjs backend in a worker or page (Vite-specific: the wasm binaries are imported as
 * URLs). Two policies:
 * - a forced backend (the user's choice): started or refused with the reason;
 * - 'auto': every backend that can start here is probed by timing a few training steps of a small conv net,
 *   and the fastest wins. Software GPU adapters (SwiftShader: `isFallbackAdapter`, or a WebGL renderer string
 *   naming SwiftShader/llvmpipe) are ~100x slower than wasm, so they are reported but not probed in 'auto'
 *   (one step can take minutes there). The probe result is returned so callers can cache it per device.
 * Every decision carries a human-readable reason that is stored with results.
 */
import type { HelperWorker } from '../core/tf/native/kernel-helpers';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
// The pthread workers' Emscripten factory, served as a same-origin file (see scripts/vite-wasm-threads.ts).
import wasmThreadedFactoryUrl from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?url';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { initWasmBackend, type WasmStart } from '../core/tf/wasm-backend';
import { allowWasmThreads, guardPthreadErrors, publishThreadedFactoryUrl } from './wasm-threads';
import { registerWasmTrainingKernels } from '../core/tf/wasm-training-kernels';
import { registerCustomLayers } from '../core/model/minpool';

import {
  BACKEND_ORDER,
  type BackendAvailability,
  type BackendName,
  type BackendPreference,
} from '../core/backend-names';
import { detectBackends } from './backend-detect';
export { BACKEND_ORDER, type BackendAvailability, type BackendName, type BackendPreference };
export { detectBackends };

export interface ProbeTiming {
  name: BackendName;
  /** Ms of one training step of the probe net (batch 8, 112x112; second-fastest of six), or null if not probed. */
  msPerStep: number | null;
  note: string;
  /** false: this browser does not offer the backend at all (probes stored before it was recorded leave it out). */
  available?: boolean;
}

export interface BackendChoice {
  name: BackendName;
  reason: string;
  /** Threads of the wasm backend (1 when single-threaded); null for other backends. */
  wasmThreads: number | null;
  availability: BackendAvailability[];
  probe: ProbeTiming[];
}

/**
 * Wasm threads: 'auto' = the threaded SIMD build on every logical core (at most 8) when the context is
 * cross-origin isolated; a number = that many threads (1 = the single-thread SIMD build).
 */
export type WasmThreadsSetting = 'auto' | number;

/** Options of {@link startBackend}. */
export interface StartOptions {
  wasmThreads?: WasmThreadsSetting;
}

/** Starts one backend; throws with the reason when it cannot. Returns a note on how it runs (wasm: threads or why not). */
export async function startBackend(name: BackendName, options: StartOptions = {}): Promise<string> {
  registerCustomLayers();
  if (name === 'wasm') return describeWasmStart(await startWasm(options.wasmThreads ?? 'auto'));
  registerWasmTrainingKernels();
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`tfjs backend '${name}' failed to initialise`);
  await tf.ready();
  return '';
}

async function startWasm(setting: WasmThreadsSetting): Promise<WasmStart> {
  const wanted = setting === 'auto' || setting > 1;
  const isolated = globalThis.crossOriginIsolated === true;
  const guard = wanted && isolated ? guardPthreadErrors() : null;
  try {
    const threads = typeof setting === 'number' ? setting : autoWasmThreads();
    if (guard) {
      publishThreadedFactoryUrl(wasmThreadedFactoryUrl, globalThis.location.href);
      allowWasmThreads(threads);
    }
    const start = await initWasmBackend({
      wasmPaths: {
        'tfjs-backend-wasm.wasm': wasmPlainUrl,
        'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
        'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
      },
      multithread: wanted && isolated,
      threads,
      spawnKernelHelper,
      ...(guard ? { threadedStartFailed: guard.failed } : {}),
    });
    if (!start.multithreaded && start.singleThreadReason === undefined) {
      start.singleThreadReason = !wanted
        ? 'one thread requested'
        : 'the page is not cross-origin isolated (no SharedArrayBuffer)';
    }
    return start;
  } finally {
    guard?.dispose();
  }
}

/** A helper worker of the SIMD kernel pool, adapted to the core's HelperWorker (errors carry their message). */
function spawnKernelHelper(): HelperWorker {
  const worker = new Worker(new URL('../../workers/spn-kernel-helper.worker.ts', import.meta.url), {
    type: 'module',
    name: 'spn-kernel-helper',
  });
  const helper: HelperWorker = {
    postMessage: (m) => worker.postMessage(m),
    terminate: () => worker.terminate(),
    onmessage: null,
    onerror: null,
  };
  worker.onmessage = (ev) => helper.onmessage?.({ data: ev.data as unknown });
  worker.onerror = (ev) => helper.onerror?.({ message: ev.message || 'worker script error' });
  return helper;
}

/**
 * 'auto' = every logical core, capped at the 8 pthread workers the build preallocates (more would be spawned
 * asynchronously while the pool blocks waiting for them). tfjs' own default is half the logical cores.
 */
function autoWasmThreads(): number {
  return Math.max(1, Math.min(8, navigator.hardwareConcurrency || 1));
}

function describeWasmStart(s: WasmStart): string {
  const build = s.multithreaded
    ? `wasm: threaded SIMD build, ${s.threads} thread${s.threads === 1 ? '' : 's'}`
    : `wasm: single-thread SIMD build (${s.singleThreadReason ?? 'threads not used'})`;
  const kernels =
    s.simdKernels === undefined
      ? `no SPN kernels (${s.simdKernelsReason ?? 'unavailable'})`
      : `SPN kernels ${s.simdKernels === 'fma' ? 'with' : 'without'} fused multiply-add on ${s.simdKernelThreads ?? 1} thread${s.simdKernelThreads === 1 ? '' : 's'}` +
        (s.simdKernelThreadsReason ? ` (${s.simdKernelThreadsReason})` : '');
  return `${build}; ${kernels}`;
}

/** Threads the running wasm backend uses (1 = single-thread build); null for other backends. */
export function wasmThreadCount(): number | null {
  if (tf.getBackend() !== 'wasm') return null;
  try {
    return getThreadsCount();
  } catch {
    return 1;
  }
}

/**
 * Times a few training steps of a small conv net on the active backend (ms per step). The second-fastest of six:
 * on a busy machine single steps are slowed by bursts of other work, and the run's duration estimate (cost.ts)
 * is priced from this number, so a low quantile is steadier than the median of three was.
 */
export async function probeActiveBackend(steps = 6): Promise<number> {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [112, 112, 1],
        filters: 8,
        kernelSize: 7,
        strides: 2,
        padding: 'same',
        activation: 'relu',
      }),
      tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }),
      tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.globalAveragePooling2d({}),
      tf.layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
  const opt = tf.train.adam(1e-4);
  const x = tf.randomNormal([8, 112, 112, 1]);
  const y = tf.oneHot(tf.tensor1d([0, 1, 0, 1, 0, 1, 0, 1], 'int32'), 2);
  const times: number[] = [];
  try {
    for (let i = 0; i <= steps; i++) {
      const t0 = performance.now();
      const loss = opt.minimize(
        () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor),
        true,
      ) as tf.Scalar;
      await loss.data();
      loss.dispose();
      if (i > 0) times.push(performance.now() - t0); // step 0 compiles shaders / warms up
    }
  } finally {
    tf.dispose([x, y]);
    opt.dispose();
    model.dispose();
  }
  times.sort((a, b) => a - b);
  return times[Math.min(1, times.length - 1)] as number;
}

/**
 * Picks and starts a backend per the preference; see the file header. `fixedBecause` says why a fixed preference was
 * given (the user's choice, or a fallback after another backend failed) in the choice's reason.
 */
export async function chooseBackend(
  preference: BackendPreference,
  cachedProbe?: ProbeTiming[],
  fixedBecause = 'forced by the user',
): Promise<BackendChoice> {
  const availability = await detectBackends();
  const avail = (n: BackendName) => availability.find((a) => a.name === n) as BackendAvailability;
  if (preference !== 'auto') {
    const a = avail(preference);
    if (!a.available) throw new Error(`backend '${preference}' is not available here: ${a.detail}`);
    const note = await startBackend(preference);
    return {
      name: preference,
      // "forced by the user: WebAssembly SIMD, …": no parentheses, as views put the reason in parentheses themselves.
      reason: `${fixedBecause}: ${a.detail}${note ? `; ${note}` : ''}`,
      wasmThreads: wasmThreadCount(),
      availability,
      probe: cachedProbe ?? [],
    };
  }
  let probe = cachedProbe;
  if (!probe?.length) {
    probe = [];
    for (const a of availability) {
      // Listed too, so the device's table and the form can say a backend is missing here, and why.
      if (!a.available) {
        probe.push({ name: a.name, msPerStep: null, note: `not available: ${a.detail}`, available: false });
        continue;
      }
      if (a.name === 'cpu') {
        probe.push({ name: 'cpu', msPerStep: null, note: 'not probed: plain JS is the last resort' });
        continue;
      }
      if (a.software) {
        probe.push({ name: a.name, msPerStep: null, note: `not probed: ${a.detail} (about 100x slower than wasm)` });
        continue;
      }
      try {
        const note = await startBackend(a.name);
        probe.push({
          name: a.name,
          msPerStep: await probeActiveBackend(),
          note: note ? `${a.detail}; ${note}` : a.detail,
        });
      } catch (e) {
        probe.push({ name: a.name, msPerStep: null, note: `failed: ${(e as Error).message}` });
      }
    }
  }
  const timed = probe
    .filter((p) => p.msPerStep !== null)
    .sort((a, b) => (a.msPerStep as number) - (b.msPerStep as number));
  const best = timed[0];
  const name: BackendName = best?.name ?? (avail('wasm').available ? 'wasm' : 'cpu');
  const note = await startBackend(name);
  const reason =
    (best
      ? `fastest in a timed probe: ${timed.map((p) => `${p.name} ${(p.msPerStep as number).toFixed(0)} ms/step`).join(', ')}`
      : `no backend could be probed; using ${name}`) + (note ? `; ${note}` : '');
  return { name, reason, wasmThreads: wasmThreadCount(), availability, probe };
}
