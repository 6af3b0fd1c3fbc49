/**
 * Pulling tuned weights back toward a base model's (weight-average.ts): snapshots are copies, the blend is the
 * weighted mean of every weight, and snapshots of another model are refused.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { setBlendedWeights, snapshotWeights } from '../../../src/core/train/weight-average';

function denseModel(units: number): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.dense({ units, inputShape: [3], kernelInitializer: 'zeros', biasInitializer: 'zeros' }));
  return m;
}

const setAll = (m: tf.LayersModel, v: number): void => {
  const ws = m.getWeights().map((w) => tf.fill(w.shape, v));
  m.setWeights(ws);
  tf.dispose(ws);
};

describe('setBlendedWeights', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('sets every weight to (1 - share)·tuned + share·base', async () => {
    const m = denseModel(2);
    setAll(m, 1);
    const base = await snapshotWeights(m);
    setAll(m, 5);
    expect(base[0]![0]).toBe(1); // a copy, not a view of the live weights
    const tuned = await snapshotWeights(m);
    setBlendedWeights(m, tuned, base, 0.25);
    for (const w of m.getWeights()) for (const v of w.dataSync()) expect(v).toBeCloseTo(0.75 * 5 + 0.25 * 1, 6);
    setBlendedWeights(m, tuned, base, 0);
    for (const w of m.getWeights()) for (const v of w.dataSync()) expect(v).toBe(5);
    m.dispose();
  });

  it('refuses snapshots of another model', async () => {
    const a = denseModel(2);
    const own = await snapshotWeights(a);
    const noBias = tf.sequential();
    noBias.add(tf.layers.dense({ units: 2, inputShape: [3], useBias: false }));
    const wider = denseModel(4);
    const noBiasWeights = await snapshotWeights(noBias),
      widerWeights = await snapshotWeights(wider);
    expect(() => setBlendedWeights(a, own, noBiasWeights, 0.5)).toThrow(/another model/);
    expect(() => setBlendedWeights(a, widerWeights, own, 0.5)).toThrow(/another model/);
    [a, noBias, wider].forEach((m) => m.dispose());
  });
});
