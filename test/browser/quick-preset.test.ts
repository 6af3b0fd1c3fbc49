/**
 * The New search form's Quick preset, in real Chromium: a small, fast search of the same kind of patches on the same
 * device (it switched a realistic-profile search back to the paper generator without a word).
 */
import { afterEach, describe, expect, it } from 'vitest';
import '../../src/ui/search-settings-form';
import type { SearchSettingsForm } from '../../src/ui/search-settings-form';
import { QUICK_SEARCH_SETTINGS, type SearchSettings } from '../../src/core/search/settings';

let form: SearchSettingsForm | null = null;
afterEach(() => {
  form?.remove();
  form = null;
});

describe('Quick preset', () => {
  it('shrinks the search and keeps the generator, validation set, seed and backend chosen', async () => {
    form = document.createElement('spn-search-settings-form');
    document.body.append(form);
    await form.updateComplete;
    const root = form.shadowRoot!;
    const seen: SearchSettings[] = [];
    form.addEventListener('settings-change', (e) => seen.push(e.detail.settings));
    const choose = (name: string, value: string) => {
      const select = root.querySelector<HTMLSelectElement>(`select[name="${name}"]`)!;
      select.value = value;
      select.dispatchEvent(new Event('change'));
    };
    choose('generator', 'realistic');
    choose('validation', 'train-split');
    choose('backend', 'wasm');
    const seed = root.querySelector<HTMLInputElement>('input[name="seed"]')!;
    seed.value = '42';
    seed.dispatchEvent(new Event('change'));
    await form.updateComplete;

    const quick = [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Quick preset')!;
    expect(quick.title).toMatch(/generator, validation set and backend stay as chosen/);
    quick.click();
    await form.updateComplete;
    expect(root.querySelector<HTMLSelectElement>('select[name="generator"]')!.value).toBe('realistic');
    expect(root.querySelector<HTMLSelectElement>('select[name="validation"]')!.value).toBe('train-split');
    expect(root.querySelector<HTMLSelectElement>('select[name="backend"]')!.value).toBe('wasm');
    expect(root.querySelector<HTMLInputElement>('input[name="datasetSize"]')!.value).toBe(
      String(QUICK_SEARCH_SETTINGS.dataset.size),
    );
    const last = seen.at(-1)!;
    expect([last.seed, last.maxEpochs, last.widthFactor, last.limit]).toEqual([
      42,
      QUICK_SEARCH_SETTINGS.maxEpochs,
      QUICK_SEARCH_SETTINGS.widthFactor,
      QUICK_SEARCH_SETTINGS.limit,
    ]);
    expect(last.dataset.generator).toBe('realistic');
  });
});
