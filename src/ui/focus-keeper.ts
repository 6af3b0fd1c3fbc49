/**
 * Keyboard focus across a render that disables or removes the focused control: Classify turns into Cancel while a
 * run goes, Undo greys out with the last mark. The browser then drops focus to the page's start, and a keyboard user
 * has to find their place again; a panel holding a FocusKeeper (a Lit reactive controller) moves it to the control
 * that carries on instead.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
export class FocusKeeper implements ReactiveController {
  private held: HTMLElement | null = null;
  /** A control that lost focus when no successor was there yet ("Measuring…" before the estimate it makes). */
  private pending: HTMLElement | null = null;

  /** `next()` names the control that carries on, in the host's render after the change. */
  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly next: () => HTMLElement | null | undefined,
  ) {
    host.addController(this);
  }

  /** Before a render: remembers the control that has focus (or the one still waiting for a successor). */
  hostUpdate(): void {
    const active = (this.host.shadowRoot?.activeElement as HTMLElement | null) ?? null;
    // Only while focus is still nowhere: a user who has moved on keeps their place.
    this.held = active ?? (document.activeElement === document.body ? this.pending : null);
  }

  /**
   * After it: if that control is gone or disabled, focuses `next()`; when there is none yet, a later render that
   * brings one places focus there.
   */
  hostUpdated(): void {
    const held = this.held;
    this.held = null;
    this.pending = null;
    if (!held || (held.isConnected && !(held as HTMLButtonElement).disabled)) return;
    const successor = this.next();
    if (successor) successor.focus();
    else this.pending = held;
  }
}

/** The button of `root` whose text is `label` and that can take focus now. */
export function enabledButton(root: ParentNode | null, label: string): HTMLButtonElement | undefined {
  return Array.from(root?.querySelectorAll('button') ?? []).find((b) => b.textContent?.trim() === label && !b.disabled);
}
