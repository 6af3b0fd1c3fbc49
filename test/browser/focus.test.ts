/**
 * Keyboard focus stays with the work when a render disables or removes the focused control (it fell to the page's
 * start before: a keyboard user lost their place after Classify, Fine-tune, Cancel and the last Undo).
 */
import { afterEach, describe, expect, it } from 'vitest';
import '../../src/ui/classify-controls';
import '../../src/ui/finetune-panel';
import '../../src/ui/marks-panel';
import '../../src/ui/search-settings-form';
import '../../src/ui/cost-estimate';
import '../../src/ui/run-list';
import type { RunRecord } from '../../src/db/schema';
import type { CostEstimate } from '../../src/core/search/cost';
import { QUICK_SEARCH_SETTINGS } from '../../src/core/search/settings';
import { enabledButton } from '../../src/ui/focus-keeper';
import type { FineTuneDone } from '../../src/core/finetune/results';

const mounted: HTMLElement[] = [];
afterEach(() => {
  for (const el of mounted.splice(0)) el.remove();
});

async function mount<
  K extends
    | 'spn-classify-controls'
    | 'spn-finetune-panel'
    | 'spn-marks-panel'
    | 'spn-search-settings-form'
    | 'spn-cost-estimate'
    | 'spn-run-list',
>(tag: K, props: Partial<HTMLElementTagNameMap[K]>): Promise<HTMLElementTagNameMap[K]> {
  const el = Object.assign(document.createElement(tag), props);
  document.body.append(el);
  mounted.push(el);
  await el.updateComplete;
  return el;
}

const focused = (el: HTMLElement) => el.shadowRoot!.activeElement?.textContent?.trim() ?? null;

describe('focus across a render', () => {
  it('Classify → Cancel while the run goes → Classify again', async () => {
    const el = await mount('spn-classify-controls', { models: [{ id: 'demo', label: 'Demo' }], lineTraces: 400 });
    enabledButton(el.shadowRoot, 'Classify')!.focus();
    expect(focused(el)).toBe('Classify');
    el.running = true;
    await el.updateComplete;
    expect(focused(el)).toBe('Cancel');
    el.running = false;
    await el.updateComplete;
    expect(focused(el)).toBe('Classify');
  });

  it('Fine-tune → Cancel fine-tuning → Fine-tune', async () => {
    const el = await mount('spn-finetune-panel', {});
    enabledButton(el.shadowRoot, 'Fine-tune')!.focus();
    el.running = true;
    await el.updateComplete;
    expect(focused(el)).toBe('Cancel fine-tuning');
    el.running = false;
    await el.updateComplete;
    expect(focused(el)).toBe('Fine-tune');
  });

  it('Fine-tune → Cancel fine-tuning → the result while the line is classified again with the tuned model', async () => {
    const el = await mount('spn-finetune-panel', {});
    enabledButton(el.shadowRoot, 'Fine-tune')!.focus();
    el.running = true;
    await el.updateComplete;
    expect(focused(el)).toBe('Cancel fine-tuning');
    // Done: the result is shown and Fine-tune is greyed while the map after is made.
    el.blocked = 'classifying the line with the tuned model…';
    el.done = {
      text: '{}',
      name: 'tuned',
      result: {
        steps: 10,
        seconds: 2,
        heldOut: null,
        forgetting: null,
        settings: {},
        trainPatches: { bsr: 10, notBsr: 10, synthetic: 20, contradictory: 0 },
      },
      syntheticTest: null,
      scaleFactor: 1,
      backend: 'wasm',
      threads: 2,
    } as unknown as FineTuneDone;
    el.running = false;
    await el.updateComplete;
    expect(focused(el)).toBe('Download the tuned model');
  });

  it('the last Undo leaves focus on Add mark; a control that stays keeps it', async () => {
    const el = await mount('spn-marks-panel', { canUndo: true });
    enabledButton(el.shadowRoot, 'Undo')!.focus();
    el.canUndo = false;
    await el.updateComplete;
    expect(focused(el)).toBe('Add mark');
    el.canUndo = true;
    await el.updateComplete;
    expect(focused(el)).toBe('Add mark');
  });

  it('Start search → Stop while the run goes → Start search (focus fell to the page)', async () => {
    const el = await mount('spn-search-settings-form', {});
    enabledButton(el.shadowRoot, 'Start search')!.focus();
    el.working = true;
    await el.updateComplete;
    expect(focused(el)).toBe('Stop');
    el.working = false;
    await el.updateComplete;
    expect(focused(el)).toBe('Start search');
  });

  it('Measure this device → the estimate it makes, once it is there (Measuring… first)', async () => {
    const el = await mount('spn-cost-estimate', {});
    enabledButton(el.shadowRoot, 'Measure this device (a few seconds)')!.focus();
    el.measuring = true;
    await el.updateComplete;
    const estimate: CostEstimate = {
      seconds: 60,
      low: 40,
      high: 90,
      datasetSeconds: 2,
      candidates: 3,
      perCandidate: { min: 10, max: 20 },
      device: 'wasm, 2 threads',
      basis: '3 candidates',
    };
    el.measuring = false;
    el.estimate = estimate;
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.classList.contains('estimate')).toBe(true);
  });

  it('Delete… → Yes, delete → the next run (the deleted run took focus with it)', async () => {
    const run = (id: string, name: string): RunRecord => ({
      id,
      name,
      status: 'finished',
      created: 3,
      createdAt: 0,
      updatedAt: 0,
      origin: 'local',
      settings: QUICK_SEARCH_SETTINGS,
      timings: { datasetSeconds: 0, trainSeconds: 0 },
    });
    const el = await mount('spn-run-list', { runs: [run('a', 'first'), run('b', 'second')] });
    const inRow = (id: string, cls: string) =>
      el.shadowRoot!.querySelector<HTMLButtonElement>(`li[data-run="${id}"] button.${cls}`)!;
    inRow('a', 'delete').focus();
    inRow('a', 'delete').click();
    await el.updateComplete;
    expect(focused(el)).toBe('Yes, delete');
    inRow('a', 'confirm-delete').click();
    el.runs = [run('b', 'second')]; // as the page does once the store has deleted it
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.closest('li')?.dataset['run']).toBe('b');
  });
});
