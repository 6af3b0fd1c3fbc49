/** <spn-finetune-panel>'s result line: held-out scores, a warning when tuning scored them worse, and AP only where it exists. */
import { afterEach, describe, expect, it } from 'vitest';
import '../../src/ui/finetune-panel';
import type { FineTuneDone } from '../../src/core/finetune/results';
import type { PatchScore } from '../../src/core/finetune/score';

const mounted: HTMLElement[] = [];
afterEach(() => {
  for (const el of mounted.splice(0)) el.remove();
});

const score = (accuracy: number, ap: number | null): PatchScore => ({
  count: 40,
  positives: ap === null ? 0 : 20,
  accuracy,
  ap,
  meanBsr: null,
  meanNotBsr: null,
});

async function resultText(before: PatchScore, after: PatchScore, stored = true, contradictory = 0): Promise<string> {
  const el = document.createElement('spn-finetune-panel');
  el.stored = stored;
  el.done = {
    text: '{}',
    name: 'tuned',
    result: {
      stoppedBy: 'done',
      epochs: 1,
      steps: 10,
      seconds: 2,
      trainPatches: { bsr: 10, notBsr: 10, synthetic: 20, contradictory },
      trainMarks: 4,
      heldOutMarks: 1,
      heldOut: { before, after },
      forgetting: null,
      curve: [],
      settings: {},
    },
    syntheticTest: null,
    scaleFactor: 1,
    backend: 'wasm',
    threads: 2,
  } as unknown as FineTuneDone;
  document.body.append(el);
  mounted.push(el);
  await el.updateComplete;
  return (el.shadowRoot!.querySelector('.finetune-result')?.textContent ?? '').replace(/\s+/g, ' ');
}

describe('<spn-finetune-panel> result', () => {
  it('warns when the tuned model scores the held-out marks worse, and not when better', async () => {
    const worse = await resultText(score(0.853, 0.9), score(0.698, 0.7));
    expect(worse).toContain('accuracy 85.3 % → 69.8 %, AP 0.900 → 0.700.');
    expect(worse).toContain('The tuned model scores the held-out marks worse than the base model.');
    const better = await resultText(score(0.7, 0.7), score(0.9, 0.95));
    expect(better).not.toContain('worse');
  });

  it('says where the tuned model is kept: stored, or in this tab only when the browser gives no storage', async () => {
    expect(await resultText(score(0.7, 0.7), score(0.9, 0.95))).toContain('Stored as a new model: tuned.');
    const tabOnly = await resultText(score(0.7, 0.7), score(0.9, 0.95), false);
    expect(tabOnly).toContain(
      'Kept as a new model in this tab only (the browser gives the page no storage): tuned; download it to keep it.',
    );
    expect(tabOnly).not.toContain('Stored');
  });

  it('says how many patches a BSR and a not-BSR mark both gave, left out of training, and nothing when none', async () => {
    expect(await resultText(score(0.7, 0.7), score(0.9, 0.95), true, 3)).toContain(
      '3 patches that a BSR and a not-BSR mark both gave were left out',
    );
    expect(await resultText(score(0.7, 0.7), score(0.9, 0.95))).not.toContain('left out');
  });

  it('says AP needs held-out marks of both kinds when they are all one kind, and judges by accuracy then', async () => {
    const text = await resultText(score(0.9, null), score(0.6, null));
    expect(text).toContain('accuracy 90.0 % → 60.0 % (AP needs held-out marks of both kinds, BSR and not BSR).');
    expect(text).toContain('worse than the base model');
  });
});

describe('<spn-finetune-panel> before a run', () => {
  it('is disabled while the marks fall short, saying all that is missing for its own hold-out setting', async () => {
    const el = document.createElement('spn-finetune-panel');
    const asked: number[] = [];
    el.shortfall = (every) => {
      asked.push(every);
      return every === 0 ? '' : 'too few marks to train on: 1 BSR and 0 not BSR (…)';
    };
    document.body.append(el);
    mounted.push(el);
    await el.updateComplete;
    const button = () =>
      Array.from(el.shadowRoot!.querySelectorAll('button')).find((b) => b.textContent === 'Fine-tune')!;
    expect(asked.at(-1)).toBe(5); // the default hold-out
    expect(button().disabled).toBe(true);
    expect(el.shadowRoot!.querySelector('.blocked')?.textContent).toBe(
      'too few marks to train on: 1 BSR and 0 not BSR (…)',
    );
    // No hold-out: enough to train on, so it can start.
    const holdOut = el.shadowRoot!.querySelector<HTMLInputElement>('input[name=holdOutEvery]')!;
    holdOut.value = '0';
    holdOut.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(button().disabled).toBe(false);
    expect(el.shadowRoot!.querySelector('.blocked')).toBeNull();

    // A field out of range is said beside the button by its label, before any click (it was refused after the click,
    // by its name in code).
    const set = async (name: string, value: string) => {
      const input = el.shadowRoot!.querySelector<HTMLInputElement>(`input[name=${name}]`)!;
      input.value = value;
      input.dispatchEvent(new Event('change'));
      await el.updateComplete;
    };
    expect(el.shadowRoot!.querySelector<HTMLInputElement>('input[name=epochs]')!.min).toBe('1');
    await set('epochs', '0');
    expect(button().disabled).toBe(true);
    expect(el.shadowRoot!.querySelector('.blocked')?.textContent).toBe('epochs must be an integer >= 1, got 0');
    await set('epochs', '3');
    await set('syntheticRatio', '11');
    expect(button().disabled).toBe(true);
    expect(el.shadowRoot!.querySelector('.blocked')?.textContent).toBe(
      'synthetic per marked patch must be in [0, 10], got 11',
    );
    await set('syntheticRatio', '1');
    expect(button().disabled).toBe(false);
    // Holding out every mark would leave none to train on (1 was read as 0, none held out, without a word).
    await set('holdOutEvery', '1');
    expect(button().disabled).toBe(true);
    expect(el.shadowRoot!.querySelector('.blocked')?.textContent).toBe(
      'hold out every must be 0 (hold out none) or at least 2 (every n-th mark), got 1',
    );
    await set('holdOutEvery', '0');
    expect(button().disabled).toBe(false);
  });
});

describe('<spn-finetune-panel> while a run goes', () => {
  it('says it is preparing before the first step, and what it does after the last one', async () => {
    const el = document.createElement('spn-finetune-panel');
    el.running = true;
    document.body.append(el);
    mounted.push(el);
    await el.updateComplete;
    const status = () => el.shadowRoot!.querySelector('[role="status"]')?.textContent?.replace(/\s+/g, ' ') ?? '';
    expect(status()).toContain('Preparing: cutting the marked patches');
    const at = (step: number) => ({ epoch: 1, step, totalSteps: 40, loss: 0.3, acc: 0.9, etaSeconds: 0 });
    el.progress = at(39);
    await el.updateComplete;
    expect(status()).toMatch(/epoch 2, step 39 \/ 40 · loss 0\.300 · /);
    expect(status()).not.toContain('checking');
    el.progress = at(40);
    await el.updateComplete;
    expect(status()).toContain(
      'step 40 / 40 · loss 0.300 · trained; checking the tuned model on synthetic test patches',
    );
  });
});
