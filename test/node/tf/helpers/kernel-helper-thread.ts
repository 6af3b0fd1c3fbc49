/** A kernel-pool helper on a node worker thread (the browser uses workers/spn-kernel-helper.worker.ts). */
import { parentPort } from 'node:worker_threads';
import { serveKernelHelper, type HelperInit } from '../../../../src/core/tf/native/kernel-helpers';

parentPort?.once('message', (init: HelperInit) => {
  void serveKernelHelper(init, (m) => parentPort?.postMessage(m));
});
