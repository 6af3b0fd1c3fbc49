/**
 * Keyboard focus stays with the work when a render disables or removes the focused control (it fell to the page's
 * start before: a keyboard user lost their place after Classify, Fine-tune, Cancel and the last Undo).
 */
import { afterEach, describe, expect, it } from 'vitest';
import '../../src/ui/classify-controls';
import '../../src/ui/finetune-panel';
import '../../src/ui/marks-panel';
import { enabledButton } from '../../src/ui/focus-keeper';
import type { FineTuneDone } from '../../src/core/finetune/results';

const mounted: HTMLElement[] = [];
afterEach(() => {
  for (const el of mounted.splice(0)) el.remove();
});

async function mount<K extends 'spn-classify-controls' | 'spn-finetune-panel' | 'spn-marks-panel'>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]>,
): Promise<HTMLElementTagNameMap[K]> {
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
      result: { steps: 10, seconds: 2, heldOut: null, forgetting: null, settings: {} },
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
});
