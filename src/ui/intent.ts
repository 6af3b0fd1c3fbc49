/** How an element sends an intent to the view that owns it. */

/** The detail type of a CustomEvent registered in HTMLElementEventMap (never for other events). */
export type IntentDetail<K extends keyof HTMLElementEventMap> =
  HTMLElementEventMap[K] extends CustomEvent<infer D> ? D : never;

/** Dispatches `type` with `detail` from `from`, bubbling out of shadow roots (composed) to the owning view. */
export function sendIntent<K extends keyof HTMLElementEventMap>(
  from: HTMLElement,
  type: K,
  detail: IntentDetail<K>,
): void {
  from.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}

/** A keydown handler running `act` on Enter or Space: the keyboard's click on an element with role="button". */
export function onEnterOrSpace(act: () => void): (e: KeyboardEvent) => void {
  return (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      act();
    }
  };
}
