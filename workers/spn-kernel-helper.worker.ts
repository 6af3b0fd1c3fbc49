/**
 * A helper thread of the SIMD kernel pool (src/core/tf/native/kernel-helpers.ts): instantiates the kernel module
 * on tfjs-wasm's shared memory and then blocks in its job loop until the pool shuts down.
 */
import { serveKernelHelper, type HelperInit } from '../src/core/tf/native/kernel-helpers';

self.onmessage = (ev: MessageEvent<HelperInit>) => {
  if (ev.data?.type !== 'spn-kernel-helper') return;
  self.onmessage = null;
  void serveKernelHelper(ev.data, (m) => self.postMessage(m));
};
