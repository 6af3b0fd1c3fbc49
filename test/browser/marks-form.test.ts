/** <spn-marks-panel>'s "add a mark by numbers" form: an emptied field is named, never read as 0. */
import { afterEach, describe, expect, it } from 'vitest';
import '../../src/ui/marks-panel';
import type { Mark } from '../../src/core/finetune/marks';

const mounted: HTMLElement[] = [];
afterEach(() => {
  for (const el of mounted.splice(0)) el.remove();
});

describe('<spn-marks-panel> form', () => {
  it('refuses an emptied field by its label and adds the mark once every field holds a number', async () => {
    const el = document.createElement('spn-marks-panel');
    document.body.append(el);
    mounted.push(el);
    const added: Mark[] = [];
    el.addEventListener('mark-add', (e) => added.push(e.detail));
    await el.updateComplete;
    const root = el.shadowRoot!;
    const field = (name: string) => root.querySelector<HTMLInputElement>(`input[name=${name}]`)!;
    const set = async (name: string, value: string) => {
      field(name).value = value;
      field(name).dispatchEvent(new Event('change'));
      await el.updateComplete;
    };
    const submit = async () => {
      root.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
      await el.updateComplete;
    };
    await set('traceFrom', '');
    await set('traceTo', '20');
    await set('timeFromMs', '100');
    await set('timeToMs', '200');
    await submit();
    expect(added).toEqual([]);
    expect(root.querySelector('[role="alert"]')?.textContent).toBe('traces from is empty: enter a number');
    expect(field('traceFrom').getAttribute('aria-invalid')).toBe('true');
    expect(field('traceFrom').value).toBe('');
    await set('traceFrom', '4');
    await set('timeToMs', '');
    await submit();
    expect(added).toEqual([]);
    expect(root.querySelector('[role="alert"]')?.textContent).toBe('time to (ms) is empty: enter a number');
    await set('timeToMs', '200');
    await submit();
    expect(added).toEqual([{ traceFrom: 4, traceTo: 20, timeFromMs: 100, timeToMs: 200, label: 1 }]);
    expect(root.querySelector('[role="alert"]')).toBeNull();
    expect(field('traceFrom').getAttribute('aria-invalid')).toBe('false');
  });
});
