/** Why the fine-tune panel waits: a classification running comes first, even while no map is shown yet. */
import { expect, it } from 'vitest';
import { fineTuneBlocked } from '../../../src/app/classify-overlays';
import type { ClassifyState } from '../../../src/app/classify-controller';

const state = (patch: Partial<ClassifyState>): ClassifyState =>
  ({ tuning: false, map: null, lastRun: null, jobs: [], ...patch }) as unknown as ClassifyState;
const classifying = [{ kind: 'classify', label: 'Classifying', unit: 'patches', progress: null }];

it('asks to wait for a running classification before asking to classify (the map after fine-tuning is on its way)', () => {
  expect(fineTuneBlocked(state({ jobs: classifying } as unknown as Partial<ClassifyState>))).toBe(
    'wait for the classification to finish',
  );
  expect(fineTuneBlocked(state({}))).toBe('classify the line first: the model of the map is the one tuned');
  expect(fineTuneBlocked(state({ tuning: true }))).toBe('');
});
