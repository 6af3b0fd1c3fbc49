import { afterEach, describe, expect, it } from 'vitest';
import '../../src/ui/data-view';
import type { DataView } from '../../src/ui/data-view';
import { untilWithin } from './waiting';

let el: DataView | null = null;
afterEach(() => {
  el?.remove();
  el = null;
});

const until = untilWithin(20_000);

function gallery(view: DataView): { captions: string[]; canvases: HTMLCanvasElement[] } {
  const g = view.shadowRoot?.querySelector('spn-patch-gallery');
  const root = g?.shadowRoot;
  return {
    captions: [...(root?.querySelectorAll('figcaption') ?? [])].map(
      (f) => f.textContent?.replace(/\s+/g, ' ').trim() ?? '',
    ),
    canvases: [...(root?.querySelectorAll('canvas') ?? [])],
  };
}

describe('<spn-data-view>', () => {
  it('shows a gallery of labelled patches, previews one augmentation, and builds a data set with its class mix', async () => {
    el = document.createElement('spn-data-view');
    document.body.append(el);
    const view = el;
    await until(() => view.getAttribute('data-gallery-ready') === 'true');
    await until(() => gallery(view).captions.length === 24);
    const first = gallery(view);
    expect(
      first.captions.every((c) =>
        /^(BSR|not BSR: normal-polarity look-alike|not BSR: seabed|not BSR: noise only)(\s|$)/.test(c),
      ),
    ).toBe(true);
    // Pixels are painted (grayscale, not all one value).
    const ctx = first.canvases[0]!.getContext('2d')!;
    const px = ctx.getImageData(0, 0, 48, 48).data;
    const levels = new Set<number>();
    for (let i = 0; i < px.length; i += 4) levels.add(px[i]!);
    expect(levels.size).toBeGreaterThan(5);

    // Preview one augmentation on every patch.
    const select = view.shadowRoot!.querySelector('select')!;
    select.value = 'dropout';
    select.dispatchEvent(new Event('change'));
    await until(() => gallery(view).captions.every((c) => c.endsWith('dropout') && !c.includes(',')));

    // An invalid seed: said next to the field, and Build waits until it is mended.
    const seed = view.shadowRoot!.querySelector<HTMLInputElement>('input[aria-describedby="seed-err"]')!;
    seed.value = '-3';
    seed.dispatchEvent(new Event('change'));
    await view.updateComplete;
    const build = () =>
      [...view.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent?.includes('Build data set'))!;
    expect(view.shadowRoot!.querySelector('#seed-err')?.textContent).toBe(
      'Seed must be a whole number from 0 to 9,007,199,254,740,991.',
    );
    expect(build().disabled).toBe(true);
    // The last good seed's patches are not left on show under the refused one.
    expect(view.shadowRoot!.querySelector('spn-patch-gallery')).toBeNull();
    seed.value = '1';
    seed.dispatchEvent(new Event('change'));
    await view.updateComplete;
    expect(build().disabled).toBe(false);

    // Invalid size: message next to the field, nothing built.
    const size = view.shadowRoot!.querySelector<HTMLInputElement>('input[name=size]')!;
    size.value = '0';
    size.dispatchEvent(new Event('change'));
    await view.updateComplete;
    expect(size.closest('label')?.textContent).toMatch(/^\s*Data set size [\s\S]*whole number > 0/);
    // Nothing to build with it: the button is off and no size in MB is claimed for it.
    expect(build().disabled).toBe(true);
    expect(view.shadowRoot!.textContent).not.toMatch(/MB of patches/);

    size.value = '300';
    size.dispatchEvent(new Event('change'));
    const test = view.shadowRoot!.querySelector<HTMLInputElement>('input[name=testSize]')!;
    test.value = '60';
    test.dispatchEvent(new Event('change'));
    await view.updateComplete;
    [...view.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent?.includes('Build data set'))!.click();
    const status = await until(() => {
      const t = view.shadowRoot!.querySelector('[role=status]')?.textContent ?? '';
      return t.includes('Built') ? t : null;
    }, 60_000);
    expect(status).toMatch(/Built 255 training, 45 validation and 60 test patches/);
    const rows = [...view.shadowRoot!.querySelectorAll('table[aria-label="Class mix"] tr')].slice(1, 5);
    const counts = rows.map((r) => Number(r.querySelectorAll('td')[1]?.textContent));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(300);
    expect(view.shadowRoot!.querySelector('progress')?.value).toBe(360);
    // The bar ends with the whole build's rate, the one the summary gives.
    const rate = /\(([\d,]+) patches\/s\)/.exec(status)![1];
    // …and says it is done (its last phase, "standardising", stayed under "Built …").
    expect(view.shadowRoot!.querySelector('.progress')?.textContent).toContain(`${rate} patches/s · done`);
  });

  it('previews the realistic generator with its kind names and legend, and builds with it and the train-split validation', async () => {
    el = document.createElement('spn-data-view');
    document.body.append(el);
    const view = el;
    await until(() => view.getAttribute('data-gallery-ready') === 'true');
    await until(() => gallery(view).captions.length === 24);
    const realistic = view.shadowRoot!.querySelector<HTMLInputElement>('input[name=generator][value=realistic]')!;
    realistic.click();
    const names =
      'BSR|gapped BSR|BSR with blanking above|faulted BSR|normal-polarity reflector|seabed under water|seabed multiple|bright strata|water-column noise|strata|BSR away from the centre';
    const caption = new RegExp(`^(BSR|not BSR)(: (${names}))?(\\s|$)`);
    await until(() => gallery(view).captions.length === 24 && gallery(view).captions.every((c) => caption.test(c)));
    for (const c of gallery(view).captions)
      expect(/^BSR(: (gapped BSR|BSR with blanking above|faulted BSR))?(\s|$)/.test(c) || /^not BSR: /.test(c)).toBe(
        true,
      );
    const legend = [...view.shadowRoot!.querySelectorAll('table[aria-label="Realistic kinds"] tr')].slice(1);
    expect(legend.length).toBe(11);
    expect(legend[0]!.textContent).toMatch(/^\s*BSR\s*BSR\s*20 %.*reversed-polarity/);

    const select = view.shadowRoot!.querySelector<HTMLSelectElement>('select[name=validation]')!;
    expect(select.value).toBe('test-profile');
    select.value = 'train-split';
    select.dispatchEvent(new Event('change'));
    const size = view.shadowRoot!.querySelector<HTMLInputElement>('input[name=size]')!;
    size.value = '200';
    size.dispatchEvent(new Event('change'));
    const test = view.shadowRoot!.querySelector<HTMLInputElement>('input[name=testSize]')!;
    test.value = '20';
    test.dispatchEvent(new Event('change'));
    await view.updateComplete;
    [...view.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent?.includes('Build data set'))!.click();
    await until(() => (view.shadowRoot!.querySelector('[role=status]')?.textContent ?? '').includes('Built'), 60_000);
    const rows = [...view.shadowRoot!.querySelectorAll('table[aria-label="Class mix"] tr')].slice(1, -1);
    expect(rows.map((r) => r.querySelector('td')!.textContent)).toEqual(names.split('|'));
    expect(rows.map((r) => Number(r.querySelectorAll('td')[1]?.textContent)).reduce((a, b) => a + b, 0)).toBe(200);
  });

  it('keeps its fields over a reload of the tab (a new element over the same session storage), wrong values with their messages', async () => {
    el = document.createElement('spn-data-view');
    document.body.append(el);
    let view = el;
    await until(() => gallery(view).captions.length === 24);
    const root = () => view.shadowRoot!;
    const input = (selector: string) => root().querySelector<HTMLInputElement>(selector)!;
    const change = (target: HTMLInputElement | HTMLSelectElement, value: string) => {
      target.value = value;
      target.dispatchEvent(new Event('change'));
    };
    input('input[name=generator][value=realistic]').click();
    input('input[name=profile]:not(:checked)').click();
    input('input[name=cmap]:not(:checked)').click();
    input('fieldset:nth-of-type(4) input[type=checkbox]').click(); // the first augmentation off
    change(root().querySelector<HTMLSelectElement>('select[name=validation]')!, 'train-split');
    change(input('input[name=size]'), '900');
    change(input('input[name=testSize]'), '-1');
    change(input('input[name=seed]'), '7');
    await until(
      () =>
        gallery(view).captions.length === 24 && /gapped|look|seabed|strata|noise|BSR/.test(gallery(view).captions[0]!),
    );
    await view.updateComplete;

    // A reload: the element is made again from what the tab kept.
    view.remove();
    el = document.createElement('spn-data-view');
    document.body.append(el);
    view = el;
    await until(() => gallery(view).captions.length === 24);
    expect(input('input[name=seed]').value).toBe('7');
    expect(input('input[name=generator][value=realistic]').checked).toBe(true);
    expect([...root().querySelectorAll<HTMLInputElement>('input[name=profile]')].map((r) => r.checked)).toEqual([
      false,
      true,
    ]);
    expect([...root().querySelectorAll<HTMLInputElement>('input[name=cmap]')].map((r) => r.checked)).toEqual([
      false,
      true,
    ]);
    const toggles = [...root().querySelectorAll<HTMLInputElement>('fieldset:nth-of-type(4) input[type=checkbox]')];
    expect(toggles.map((t) => t.checked)).toEqual([false, true, true, true, true, true]);
    expect(root().querySelector<HTMLSelectElement>('select[name=validation]')!.value).toBe('train-split');
    expect(input('input[name=size]').value).toBe('900');
    // The wrong test size comes back with its message, and Build stays off until it is mended.
    expect(input('input[name=testSize]').value).toBe('-1');
    expect(input('input[name=testSize]').getAttribute('aria-invalid')).toBe('true');
    const build = () => [...root().querySelectorAll('button')].find((b) => b.textContent?.includes('Build data set'))!;
    expect(build().disabled).toBe(true);
    // The realistic generator's gallery and legend, as before the reload.
    expect(root().querySelector('table[aria-label="Realistic kinds"]')).not.toBeNull();

    // A wrong seed comes back too: its message and no preview made with some other seed.
    change(input('input[name=seed]'), '-3');
    await view.updateComplete;
    view.remove();
    el = document.createElement('spn-data-view');
    document.body.append(el);
    view = el;
    await view.updateComplete;
    expect(input('input[name=seed]').value).toBe('-3');
    expect(root().querySelector('#seed-err')?.textContent).toBe(
      'Seed must be a whole number from 0 to 9,007,199,254,740,991.',
    );
    expect(root().querySelector('spn-patch-gallery')).toBeNull();
    expect(root().textContent).not.toContain('Generating');
    change(input('input[name=seed]'), '7');
    await until(() => gallery(view).captions.length === 24);
    expect(root().querySelector('#seed-err')?.textContent).toBe('');
  });
});
