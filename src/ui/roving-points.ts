/**
 * One tab stop per plot (roving tabindex): a plot of a few hundred candidates made every point a tab stop, so the
 * leaderboard was 40+ Tabs away. The points are buttons in an order (along the x axis); Tab enters the plot at the
 * last point used (else the selected candidate, else the first), arrows move along the order, Home and End go to
 * its ends, Enter or Space select.
 */
import type { LitElement } from 'lit';

/** The keys that move along the points, and where each goes from position `at` of `n`. */
export function rovingTarget(key: string, at: number, n: number): number | null {
  const moves: Record<string, number> = {
    ArrowRight: at + 1,
    ArrowDown: at + 1,
    ArrowLeft: at - 1,
    ArrowUp: at - 1,
    Home: 0,
    End: n - 1,
  };
  const to = moves[key];
  return to === undefined ? null : Math.max(0, Math.min(n - 1, to));
}

export class RovingPoints {
  /** Candidate index of the point that holds the plot's tab stop (the last one focused); null: none yet. */
  private active: number | null = null;

  constructor(private readonly host: LitElement) {}

  /** The candidate whose point takes Tab, among `order` (candidate indices in the points' order). */
  tabStop(order: readonly number[], selected: number | null): number | undefined {
    if (this.active !== null && order.includes(this.active)) return this.active;
    if (selected !== null && order.includes(selected)) return selected;
    return order[0];
  }

  /** A point got focus (Tab, a click, an arrow): it keeps the tab stop. */
  focused(index: number): void {
    if (this.active === index) return;
    this.active = index;
    this.host.requestUpdate();
  }

  /** Keys on the point of candidate `index`: arrows, Home and End move the focus; Enter and Space select it. */
  keydown(e: KeyboardEvent, index: number, order: readonly number[], select: () => void): void {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      select();
      return;
    }
    const to = rovingTarget(e.key, order.indexOf(index), order.length);
    if (to === null) return;
    e.preventDefault();
    this.active = order[to] ?? index;
    this.host.requestUpdate();
    void this.host.updateComplete.then(() =>
      this.host.renderRoot.querySelector<SVGElement>(`circle[data-index="${this.active}"]`)?.focus(),
    );
  }
}
