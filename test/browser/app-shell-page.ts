/** The whole app shell mounted in the test page, one at a time, and its view tabs (for tests that use the app as a user does). */
import { afterEach } from 'vitest';
import '../../src/ui/spn-app';
import type { SpnApp } from '../../src/ui/spn-app';

export const sr = (e: Element) => e.shadowRoot as ShadowRoot;

let mounted: SpnApp | null = null;

/** Removes the mounted shell after each test of the file that imports this module. */
afterEach(() => {
  mounted?.remove();
  mounted = null;
});

/** Mounts a fresh `<spn-app>` at the address fragment `hash` (it is removed after the test). */
export async function mountApp(hash = ''): Promise<SpnApp> {
  // The shell opens the view the address names: each test starts from its own address (Search, unless given).
  history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`);
  mounted = document.createElement('spn-app');
  document.body.append(mounted);
  await mounted.updateComplete;
  return mounted;
}

/** Clicks the view tab labelled `label`. */
export async function openTab(shell: SpnApp, label: string): Promise<void> {
  const tab = Array.from(sr(shell).querySelectorAll<HTMLButtonElement>('[role="tab"]')).find(
    (t) => t.textContent === label,
  );
  if (!tab) throw new Error(`no tab ${label}`);
  tab.click();
  await shell.updateComplete;
}
