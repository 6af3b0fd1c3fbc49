/**
 * Min-pooling as a serialisable tfjs layer: minpool(x) = -maxpool(-x), as the authors write it.
 * tfjs has no min-pool layer, and a Lambda-style closure would not survive model.save(), so this
 * is a registered class: a saved model reloads with tf.loadLayersModel once
 * {@link registerCustomLayers} has run in that thread (page, worker or node).
 */
import * as tf from '@tensorflow/tfjs';
import { outSize } from './graph';

/** Constructor/config fields of {@link MinPool2D} (square window, NHWC). */
export interface MinPool2DArgs {
  /** Window edge (samples and traces). */
  poolSize: number;
  /** Step between windows (default 1). */
  strides?: number;
  /** 'same' pads like TF (padded cells never win); 'valid' does not pad. */
  padding?: 'same' | 'valid';
  name?: string;
  trainable?: boolean;
}

/** 2D min-pool over NHWC input; no weights. */
export class MinPool2D extends tf.layers.Layer {
  static className = 'MinPool2D';
  readonly poolSize: number;
  readonly strides: number;
  readonly padding: 'same' | 'valid';

  constructor(args: MinPool2DArgs) {
    super({ name: args.name, trainable: args.trainable });
    if (!Number.isInteger(args.poolSize) || args.poolSize < 1)
      throw new RangeError(`MinPool2D: poolSize must be a positive integer, got ${args.poolSize}`);
    this.poolSize = args.poolSize;
    this.strides = args.strides ?? 1;
    this.padding = args.padding ?? 'same';
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const edge = (n: number | null): number | null =>
      n === null ? null : outSize(n, this.poolSize, this.strides, this.padding);
    return [s[0] ?? null, edge(s[1] ?? null), edge(s[2] ?? null), s[3] ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      return tf.neg(tf.maxPool(tf.neg(x), this.poolSize, this.strides, this.padding));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), poolSize: this.poolSize, strides: this.strides, padding: this.padding };
  }
}

let registered = false;

/** Registers the app's custom layers with tfjs serialisation; safe to call any number of times. */
export function registerCustomLayers(): void {
  if (registered) return;
  tf.serialization.registerClass(MinPool2D);
  registered = true;
}
