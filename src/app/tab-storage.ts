/**
 * The tab's session storage for small conveniences that should survive a reload of this tab and nothing more (the
 * New search form's settings, the Data view's fields). A browser may refuse it (storage disabled, a sandboxed
 * frame) or be out of quota: then nothing is kept, silently, since nothing depends on it.
 */
export function readTabItem(key: string): string | null {
  try {
    // Reading the property itself throws where storage is refused.
    return globalThis.sessionStorage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

export function writeTabItem(key: string, value: string): void {
  try {
    globalThis.sessionStorage?.setItem(key, value);
  } catch {
    // Over quota or refused: the form works as before, it just starts from the defaults after a reload.
  }
}
