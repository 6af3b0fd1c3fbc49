/** The candidate detail says why a candidate cannot be exported: merged results carry no weights. */
import { describe, expect, it } from 'vitest';
import '../../src/ui/candidate-detail';
import { sampleCandidate, specId } from '../../src/core/model';
import type { CandidateRecord } from '../../src/db/schema';
import { candidateResult } from './candidate-result';
import type { CandidateResult } from '../../src/core/train/trainer';

async function noteFor(
  origin: string,
  result: Partial<CandidateResult> = {},
  status: CandidateRecord['status'] = 'finished',
): Promise<string> {
  const spec = sampleCandidate(1, 0);
  const candidate: CandidateRecord = {
    runId: 'r',
    index: 0,
    id: specId(spec),
    spec,
    status,
    updatedAt: 0,
    origin,
    result: { ...candidateResult(0.8, true), ...result },
  };
  const el = document.createElement('spn-candidate-detail');
  Object.assign(el, { candidate, exportable: false });
  document.body.append(el);
  await el.updateComplete;
  const buttons = [...(el.shadowRoot as ShadowRoot).querySelectorAll('button')];
  expect(buttons.filter((b) => b.textContent?.startsWith('Export')).every((b) => b.disabled)).toBe(true);
  const text = (el.shadowRoot as ShadowRoot).textContent?.replace(/\s+/g, ' ') ?? '';
  el.remove();
  return text;
}

describe('<spn-candidate-detail> without weights', () => {
  it('names the reason: merged from a results file, or not among the best kept', async () => {
    expect(await noteFor('run 1234 on gpu box')).toContain(
      '(its result was merged from run 1234 on gpu box: results files carry no weights)',
    );
    const local = await noteFor('local');
    expect(local).toContain("(weights are kept only for the run's best candidates)");
    // How training ended, in words (it showed the code "max-epochs").
    expect(local).toContain('— finished, trained to its epoch limit after 1 epoch (1 step)');
    // A candidate pruned at a validation step stops within an epoch: 30 steps of 26 per epoch are not "2 epochs".
    expect(await noteFor('local', { stoppedBy: 'pruned', epochs: 2, steps: 30 })).toContain(
      '— finished, pruned at a rung (behind its peers) in epoch 2 (after 30 steps)',
    );
    expect(await noteFor('local', { stoppedBy: 'early-stop', epochs: 5, steps: 1200 })).toContain(
      'stopped early (validation loss no longer improving) in epoch 5 (after 1,200 steps)',
    );
  });
  it('says a candidate still training or waiting has no weights yet, not that it is not among the best', async () => {
    expect(await noteFor('local', {}, 'running')).toContain(
      "(it is training: weights are kept when it finishes among the run's best)",
    );
    expect(await noteFor('local', {}, 'queued')).toContain('(it is waiting to be trained:');
    expect(await noteFor('local', {}, 'failed')).toContain('(it failed: no weights were kept)');
  });
});
