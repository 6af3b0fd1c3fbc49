/**
 * Keyboard focus across a render that disables or removes the focused control: Classify turns into Cancel while a
 * run goes, Undo greys out with the last mark. The browser then drops focus to the page's start, and a keyboard user
 * has to find their place again; a panel holding a FocusKeeper moves it to the control that carries on instead.
 */
export class FocusKeeper {
  private held: HTMLElement | null = null;

  constructor(private readonly root: () => ShadowRoot | null) {}

  /** Before a render (willUpdate): remembers the control that has focus. */
  before(): void {
    this.held = (this.root()?.activeElement as HTMLElement | null) ?? null;
  }

  /** After it (updated): if that control is gone or disabled, focuses `next()` (when there is one). */
  after(next: () => HTMLElement | null | undefined): void {
    const held = this.held;
    this.held = null;
    if (held && (!held.isConnected || (held as HTMLButtonElement).disabled)) next()?.focus();
  }
}

/** The button of `root` whose text is `label` and that can take focus now. */
export function enabledButton(root: ParentNode | null, label: string): HTMLButtonElement | undefined {
  return Array.from(root?.querySelectorAll('button') ?? []).find((b) => b.textContent?.trim() === label && !b.disabled);
}
