/** A tiny untrained model file for browser tests (the app's behaviour, not the model's skill, is under test). */
import { makeSmallSpec } from '../../src/core/model';
import { buildModel } from '../../src/core/model/build';
import { exportModelFile } from '../../src/core/model-file';
import type { ModelFile } from '../../src/core/model-file/format';

export async function tinyModelFile(): Promise<ModelFile> {
  const model = buildModel(makeSmallSpec());
  const file = await exportModelFile(model, {
    spec: makeSmallSpec(),
    name: 'tiny-test',
    training: { generatorSeed: 1, generatorVersion: 'test', datasetSize: 0, backend: 'cpu', settings: {} },
    metrics: { meanTop5: null, top3: null, max: null, testAccuracy: null },
  });
  model.dispose();
  return file;
}
