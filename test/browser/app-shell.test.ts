/**
 * The app shell keeps each view once shown: a line and its map, or a half-filled search form, are where the user
 * left them after a visit to another view (they were thrown away with the view's element before).
 */
import { describe, expect, it } from 'vitest';
import type { ClassifyView } from '../../src/ui/classify-view';
import { demoSection } from '../../src/app/demo-line';
import { untilWithin } from './waiting';
import { mountApp, openTab, sr } from './app-shell-page';

const until = untilWithin(30_000);

describe('<spn-app>', () => {
  it('keeps the Classify view, its line and its controller across a visit to another view', async () => {
    const app = await mountApp();
    await openTab(app, 'Classify');
    const view = sr(app).querySelector<ClassifyView>('spn-classify-view')!;
    view.showSection(demoSection(1));
    await view.updateComplete;
    const title = () => sr(view).querySelector('h3')?.textContent ?? '';
    expect(title()).toMatch(/trace/);
    const shown = title();

    await openTab(app, 'Data');
    expect(view.hidden).toBe(true);
    expect(view.isConnected).toBe(true);
    expect(sr(app).querySelector('spn-data-view')!.hidden).toBe(false);

    await openTab(app, 'Classify');
    expect(sr(app).querySelector('spn-classify-view')).toBe(view);
    expect(view.hidden).toBe(false);
    expect(view.controller.state.section).not.toBeNull();
    expect(title()).toBe(shown);
    // Only the shown view is visible to the user.
    const visible = Array.from(sr(app).querySelectorAll('main > *')).filter((e) => !(e as HTMLElement).hidden);
    expect(visible.map((e) => e.localName)).toEqual(['spn-classify-view']);
  });

  it('names the view in the address, so a reload comes back to it', async () => {
    const app = await mountApp();
    expect(sr(app).querySelector('[role="tab"][aria-selected="true"]')?.textContent).toBe('Search');
    await openTab(app, 'Data');
    expect(location.hash).toBe('#data');
    app.remove();
    // What a reload does: a new shell at the same address.
    const again = await mountApp(location.hash);
    expect(sr(again).querySelector('[role="tab"][aria-selected="true"]')?.textContent).toBe('Data');
    expect(sr(again).querySelector('spn-data-view')!.hidden).toBe(false);
    expect((await mountApp('#nonsense')).shadowRoot!.querySelector('[aria-selected="true"]')?.textContent).toBe(
      'Search',
    );
    // The address changed in the open tab (typed, or a link): the view follows without a reload.
    location.hash = '#classify';
    await until(() => sr(again).querySelector('[role="tab"][aria-selected="true"]')?.textContent === 'Classify');
    expect(sr(again).querySelector('spn-classify-view')!.hidden).toBe(false);
  });

  it('keeps what the user typed in the search form across a visit to another view', async () => {
    const app = await mountApp();
    const seedField = () =>
      sr(app)
        .querySelector('spn-search-view')
        ?.shadowRoot?.querySelector('spn-search-settings-form')
        ?.shadowRoot?.querySelector<HTMLInputElement>('input[name=seed]') ?? null;
    const seed = await until(seedField);
    seed.value = '4242';
    seed.dispatchEvent(new Event('change'));
    await openTab(app, 'Classify');
    await openTab(app, 'Search');
    await until(
      () => seedField()?.value === '4242',
      5_000,
      () => `seed field reads ${seedField()?.value}`,
    );
  });
});
