/** <spn-file-drop> in real Chromium: a drop of several files opens the first and says so. */
import { expect, it } from 'vitest';
import '../../src/ui/file-drop';

it('opens the first of several dropped files and says which; one file says nothing', async () => {
  const el = document.createElement('spn-file-drop');
  document.body.append(el);
  try {
    await el.updateComplete;
    const chosen: string[] = [];
    el.addEventListener('file-chosen', (e) => chosen.push(e.detail.file.name));
    const drop = (...names: string[]) => {
      const dt = new DataTransfer();
      for (const n of names) dt.items.add(new File(['x'], n));
      el.shadowRoot!.querySelector('.zone')!.dispatchEvent(
        new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }),
      );
    };
    const note = () => el.shadowRoot!.querySelector('.note[role="status"]')!.textContent ?? '';
    drop('a.sgy', 'b.sgy', 'c.sgy');
    await el.updateComplete;
    expect(chosen).toEqual(['a.sgy']);
    expect(note()).toBe('3 files dropped: opened the first, a.sgy (one at a time).');
    drop('d.sgy');
    await el.updateComplete;
    expect(chosen).toEqual(['a.sgy', 'd.sgy']);
    expect(note()).toBe('');
  } finally {
    el.remove();
  }
});
