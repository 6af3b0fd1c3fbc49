/**
 * Forward-convolution speed per layer shape of the paper network: tfjs-wasm's XNNPACK Conv2D vs the SIMD kernel
 * module (native/spn_kernels.c), one thread, in node. Prints GMAC/s per shape; used to choose which forward
 * convolutions go to the kernel module. Usage: node --experimental-wasm-relaxed-simd --import tsx bench/conv-shapes-node.ts
 */
import * as tf from '@tensorflow/tfjs';
import { initNodeWasm } from '../scripts/wasm-node';
import { convGeometry } from '../src/core/tf/conv-geometry';
import { conv2dDirectNative, conv2dNative } from '../src/core/tf/native/native-ops';
import { spnKernelsFor } from '../src/core/tf/native/wasm-native';

const start = await initNodeWasm();
console.log(JSON.stringify(start));
const shapes: Array<[number[], number[], number]> = [
  [[64, 112, 112, 1], [7, 7, 1, 137], 2],
  [[64, 28, 28, 137], [1, 1, 137, 137], 2],
  [[64, 14, 14, 137], [3, 3, 137, 144], 1],
  [[64, 7, 7, 144], [2, 2, 144, 83], 1],
  [[64, 7, 7, 133], [1, 1, 133, 382], 1],
  [[64, 7, 7, 382], [7, 1, 382, 7], 1],
  [[64, 7, 7, 170], [5, 1, 170, 116], 1],
  [[64, 7, 7, 116], [1, 5, 116, 116], 1],
  [[64, 7, 7, 151], [1, 1, 151, 107], 1],
];
function time(f: () => void, reps = 5): number {
  f();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) f();
  return (performance.now() - t0) / reps;
}
for (const [xs, fs, s] of shapes) {
  const x = tf.randomNormal(xs);
  const w = tf.randomNormal(fs);
  const y = tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, s, 'same');
  const macs = y.size * fs[0]! * fs[1]! * fs[2]!;
  const xnn = time(() => tf.tidy(() => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, s, 'same')).dispose());
  const be = tf.backend();
  const k = spnKernelsFor(be)!;
  const g = convGeometry('Conv2D', xs, fs, y.shape, { strides: s, pad: 'same', dataFormat: 'NHWC' }, [
    'float32',
    'float32',
  ]);
  const variants: Array<[string, typeof conv2dNative]> = [
    ['im2col', conv2dNative],
    ['direct', conv2dDirectNative],
  ];
  const parts = [`xnnpack ${xnn.toFixed(1)} ms (${(macs / xnn / 1e6).toFixed(1)} GMAC/s)`];
  for (const [name, f] of variants) {
    const info = f(k, x, w, undefined, g);
    const t = tf.engine().makeTensorFromTensorInfo(info);
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(t, y))).dataSync()[0]!);
    t.dispose();
    const ms = time(() => be.disposeData(f(k, x, w, undefined, g).dataId));
    parts.push(
      `${name} ${ms.toFixed(1)} ms (${(macs / ms / 1e6).toFixed(1)} GMAC/s, max |diff| ${diff.toExponential(1)})`,
    );
  }
  console.log(`${JSON.stringify(xs)} ${JSON.stringify(fs)} s${s}: ${parts.join('  ')}`);
  tf.dispose([x, w, y]);
}
