/**
 * Stochastic weight averaging: the mean of a model's weights at several epoch ends lies in a flatter, better
 * generalising region than the last weights (Izmailov et al. 2018). Plain means suffice: the networks here have no
 * batch normalisation whose statistics would need recomputing.
 */
import * as tf from '@tensorflow/tfjs';

/** Running mean of a model's weights over the ends of the last `epochs` epochs of a training. */
export class WeightAverage {
  private sums: Float64Array[] | null = null;
  private count = 0;
  constructor(readonly epochs: number) {}

  /** Call at the end of every epoch (0-based `epoch` of `totalEpochs`); adds the weights in the last `epochs`. */
  async epochEnd(model: tf.LayersModel, epoch: number, totalEpochs: number): Promise<void> {
    if (epoch >= totalEpochs - this.epochs) await this.add(model);
  }

  private async add(model: tf.LayersModel): Promise<void> {
    const values = await weightValues(model);
    this.sums ??= values.map((v) => new Float64Array(v.length));
    values.forEach((v, i) => {
      const sum = this.sums![i]!;
      for (let k = 0; k < v.length; k++) sum[k]! += v[k]!;
    });
    this.count++;
  }

  /** Sets `model` to the mean (when at least two epoch ends were added; otherwise leaves it). */
  applyTo(model: tf.LayersModel): void {
    if (!this.sums || this.count < 2) return;
    const shapes = model.getWeights().map((w) => w.shape);
    const mean = this.sums.map((sum, i) =>
      tf.tensor(
        Float32Array.from(sum, (x) => x / this.count),
        shapes[i],
      ),
    );
    model.setWeights(mean);
    tf.dispose(mean);
  }
}

/**
 * A model's weight values, in getWeights order, read asynchronously: on the WebGPU backend a synchronous read
 * (dataSync) broke the device for every later read ("A valid external Instance reference no longer exists" from
 * mapAsync, in the fine-tune worker and on the page alike), so fine-tuning on WebGPU failed after its first snapshot
 * (the forgetting guard's, before any step, or the weight averaging's at an epoch end).
 */
async function weightValues(model: tf.LayersModel): Promise<Float32Array[]> {
  return Promise.all(model.getWeights().map(async (w) => (await w.data()) as Float32Array));
}

/** A copy of a model's weight values (all of them, in getWeights order), to blend back later. */
export async function snapshotWeights(model: tf.LayersModel): Promise<Float32Array[]> {
  return (await weightValues(model)).map((v) => Float32Array.from(v));
}

/**
 * Sets every weight of `model` to (1 - share)·`tuned` + share·`base` (two snapshots of it): weights pulled back
 * toward the base model's (weight-space ensembling, "WiSE-FT") keep much of what was learned since and give back
 * much of what the base knew.
 */
export function setBlendedWeights(
  model: tf.LayersModel,
  tuned: readonly Float32Array[],
  base: readonly Float32Array[],
  share: number,
): void {
  const current = model.getWeights();
  if (current.length !== tuned.length || current.length !== base.length)
    throw new RangeError('the snapshots are of another model');
  const blended = current.map((w, i) => {
    const t = tuned[i]!,
      b = base[i]!;
    if (t.length !== w.size || b.length !== w.size) throw new RangeError('the snapshots are of another model');
    return tf.tensor(
      Float32Array.from(t, (v, k) => (1 - share) * v + share * b[k]!),
      w.shape,
    );
  });
  model.setWeights(blended);
  tf.dispose(blended);
}
