/**
 * Scores a network that runs outside the app (e.g. bench/ceiling.py's PyTorch network) on lines through the app's
 * own line pipeline, in two passes of `evaluate` (or `classify`):
 *
 *   EXTERNAL=write PREFIX=/tmp/gb npx tsx bench/external-probabilities.ts LINE.sgy --truth T.json --no-select-scale
 *     writes every 48 x 48 patch the pipeline hands to the network, in order, to PREFIX.x.f32 (float32, as
 *     export-patches writes them); the network's own answers are replaced by 0.5;
 *   (score PREFIX.x.f32 outside, writing P(BSR) per patch as float32 to PREFIX.p.f32)
 *   EXTERNAL=read PREFIX=/tmp/gb npx tsx bench/external-probabilities.ts LINE.sgy --truth T.json --no-select-scale
 *     runs the same pipeline with PREFIX.p.f32's probabilities in place of the network's, so the presentation,
 *     seabed and multiple masks, averaging along the seabed, horizon and scores are the app's.
 *
 * EXTERNAL_SCRIPT=classify runs `classify` instead of `evaluate` (e.g. for a BSR-free line's false alarms). The
 * `--model` given only has to load: its answers are not used. Pass `--no-select-scale`: the time-scale selection
 * decides from the network's answers, so the second pass would not cut the patches the first one wrote. A run
 * with the shipped model's own probabilities reproduces its scores exactly (checked in session 21 on the dev lines
 * and the suite). The README's model card ("The realistic test profile's ceiling") was measured this way.
 *
 * How: the pipeline upsamples each batch of 48 x 48 patches with tf.image.resizeBilinear and calls the model's
 * predict on it (src/core/train/network-input.ts, src/core/classify/classify.ts); both are wrapped here, nothing in
 * src/ changes. Anything else that calls predict in the same process would take answers from the file too.
 */
import * as tf from '@tensorflow/tfjs';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { PATCH_CELLS, PATCH_SIDE } from '../src/core/synthetic/types';

const mode = process.env['EXTERNAL'];
const prefix = process.env['PREFIX'];
if ((mode !== 'write' && mode !== 'read') || !prefix) {
  console.log(JSON.stringify({ error: 'set EXTERNAL=write|read and PREFIX=path (see the top of this file)' }));
  process.exit(1);
}

/** The last batch of network-side patches, caught before their upsampling. */
let lastPatches: Float32Array | null = null;
const image = tf.image as unknown as { resizeBilinear: typeof tf.image.resizeBilinear };
const resizeBilinear = tf.image.resizeBilinear.bind(tf.image);
image.resizeBilinear = ((images: tf.Tensor4D, size: [number, number], alignCorners?: boolean, half?: boolean) => {
  if (images.shape[1] === PATCH_SIDE && images.shape[2] === PATCH_SIDE) lastPatches = images.dataSync() as Float32Array;
  return resizeBilinear(images, size, alignCorners, half);
}) as typeof tf.image.resizeBilinear;

let answers: Float32Array | null = null;
let used = 0;
if (mode === 'write') writeFileSync(`${prefix}.x.f32`, new Uint8Array(0));
else {
  const bytes = readFileSync(`${prefix}.p.f32`);
  answers = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

const model = tf.LayersModel.prototype as unknown as { predict: (x: tf.Tensor) => tf.Tensor };
model.predict = (x: tf.Tensor): tf.Tensor => {
  const n = x.shape[0] ?? 0;
  let p: Float32Array;
  if (answers) {
    if (used + n > answers.length) throw new Error(`${prefix}.p.f32 holds ${answers.length} answers; more asked`);
    p = answers.slice(used, used + n);
    used += n;
  } else {
    if (!lastPatches || lastPatches.length !== n * PATCH_CELLS)
      throw new Error(`predict on ${n} patches that did not come through the 48 x 48 upsampling`);
    appendFileSync(
      `${prefix}.x.f32`,
      new Uint8Array(lastPatches.buffer, lastPatches.byteOffset, lastPatches.byteLength),
    );
    p = new Float32Array(n).fill(0.5);
  }
  lastPatches = null;
  const classes = new Float32Array(2 * n);
  p.forEach((v, i) => {
    classes[2 * i] = 1 - v;
    classes[2 * i + 1] = v;
  });
  return tf.tensor2d(classes, [n, 2]);
};

process.on('beforeExit', () => {
  if (answers && used !== answers.length)
    console.error(`warning: ${prefix}.p.f32 holds ${answers.length} answers, the pipeline asked for ${used}`);
});

await import(process.env['EXTERNAL_SCRIPT'] === 'classify' ? '../scripts/classify' : '../scripts/evaluate');
