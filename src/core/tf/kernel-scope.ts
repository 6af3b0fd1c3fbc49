/**
 * Runs a backend's own kernels from inside another kernel and frees the intermediates.
 *
 * Why not tf ops: a kernel function receives and returns raw TensorInfos, and calling kernel
 * functions directly (as tfjs' own backends do) keeps the intermediates out of the engine's
 * tensor bookkeeping and off any gradient tape. Every output is freed by {@link dispose}
 * unless handed out with {@link keep}.
 */
import { getKernel } from '@tensorflow/tfjs';
import type { KernelBackend, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';

/** A required kernel is not registered for the backend (e.g. the wasm backend was not imported). */
export class MissingKernelError extends Error {
  override name = 'MissingKernelError';
  constructor(kernelName: string, backendName: string, neededBy: string) {
    super(`${neededBy} needs kernel '${kernelName}' on backend '${backendName}', which is not registered`);
  }
}

export class KernelScope {
  private readonly temps: TensorInfo[] = [];

  constructor(
    private readonly backend: KernelBackend,
    private readonly backendName: string,
    private readonly owner: string,
  ) {}

  /** Runs kernel `name` on this backend; the output is freed on dispose() unless kept. */
  run(name: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo {
    const config = getKernel(name, this.backendName);
    if (config === undefined) throw new MissingKernelError(name, this.backendName, this.owner);
    const out = config.kernelFunc({ inputs, backend: this.backend, attrs });
    const info = Array.isArray(out) ? out[0] : out;
    if (info === undefined) throw new Error(`${this.owner}: kernel '${name}' returned no output`);
    this.temps.push(info);
    return info;
  }

  /** Reshape without copying (shares the data, bumps its reference count). */
  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    return this.run('Transpose', { x }, { perm });
  }

  /** Crops x to `size` starting at `begin` (one entry per axis). */
  slice(x: TensorInfo, begin: number[], size: number[]): TensorInfo {
    return this.run('Slice', { x }, { begin, size });
  }

  /** Zero padding, [before, after] per axis. */
  pad(x: TensorInfo, paddings: Array<[number, number]>): TensorInfo {
    return this.run('PadV2', { x }, { paddings, constantValue: 0 });
  }

  /** Puts an output made outside run() (e.g. backend.makeOutput) under the scope's care. */
  adopt(info: TensorInfo): TensorInfo {
    this.temps.push(info);
    return info;
  }

  /** Removes `info` from the scope so dispose() leaves it alive (the kernel's result). */
  keep(info: TensorInfo): TensorInfo {
    const i = this.temps.indexOf(info);
    if (i >= 0) this.temps.splice(i, 1);
    return info;
  }

  /** Frees every intermediate still owned by the scope. */
  dispose(): void {
    for (const t of this.temps) this.backend.disposeData(t.dataId);
    this.temps.length = 0;
  }
}
