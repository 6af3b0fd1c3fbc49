/**
 * The app shell: a tab bar over the views. Views own their state; the shell only switches between them. A view once
 * shown stays in the page, hidden while another is shown, so an open line, its map, a running classification or a
 * half-filled form are where the user left them when they come back.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { GalleryRequest } from '../app/data-controller';
import './data-view';
import './search-view';
import './classify-view';

type ViewId = 'search' | 'data' | 'classify';

const VIEWS: ReadonlyArray<{ id: ViewId; label: string }> = [
  { id: 'search', label: 'Search' },
  { id: 'data', label: 'Data' },
  { id: 'classify', label: 'Classify' },
];

/** The view an address's fragment names ('search' for none or an unknown one). */
function viewOfHash(hash: string): ViewId {
  const id = hash.replace(/^#/, '');
  return VIEWS.find((v) => v.id === id)?.id ?? 'search';
}

@customElement('spn-app')
export class SpnApp extends LitElement {
  static override styles = css`
    :host { display: block; min-height: 100vh; }
    header { display: flex; align-items: center; gap: 24px; padding: 10px 20px; background: #14202e; color: #fff; }
    h1 { font-size: 17px; margin: 0; font-weight: 600; letter-spacing: 0.2px; }
    nav { display: flex; gap: 4px; }
    nav button { background: transparent; color: #c9d4e0; border: 0; padding: 8px 14px; border-radius: 6px; font: inherit; cursor: pointer; }
    nav button[aria-selected='true'] { background: #2b3d52; color: #fff; }
    nav button:focus-visible { outline: 2px solid #7fb0ff; }
    main { padding: 16px 20px; }
    main > [hidden] { display: none; }
  `;

  /** The view named by the address (#data, #classify), so a reload comes back to it; Search without one. */
  @state() private _view: ViewId = viewOfHash(globalThis.location?.hash ?? '');
  /** The views shown so far: each is created on its first visit (not before, so the page starts light). */
  private readonly _visited = new Set<ViewId>();
  /** Patches another view asked the Data gallery to show (e.g. a candidate's misclassified test patches). */
  @state() private _galleryRequest: GalleryRequest | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    globalThis.addEventListener('hashchange', this._onHash);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    globalThis.removeEventListener('hashchange', this._onHash);
  }

  /** The address changed in the open tab (typed, a link to #classify): the view follows, as on a reload. */
  private _onHash = (): void => {
    this._view = viewOfHash(globalThis.location.hash);
  };

  override render() {
    return html`
      <header>
        <h1>SeismicPatchNet Studio</h1>
        <nav role="tablist" aria-label="Views" @keydown=${this._tabKey}>
          ${VIEWS.map(
            (v) =>
              html`<button role="tab" id=${`tab-${v.id}`} aria-controls="view" aria-selected=${this._view === v.id}
                tabindex=${this._view === v.id ? 0 : -1} @click=${() => (this._view = v.id)}>${v.label}</button>`,
          )}
        </nav>
      </header>
      <main id="view" role="tabpanel" aria-labelledby=${`tab-${this._view}`} @gallery-open=${this._galleryOpen}>
        ${this._renderViews()}
      </main>
    `;
  }

  /** The tabs pattern: arrows move to the previous / next view (wrapping), Home / End to the first / last; focus follows. */
  private _tabKey = (e: KeyboardEvent): void => {
    const at = VIEWS.findIndex((v) => v.id === this._view);
    const to =
      e.key === 'ArrowRight'
        ? (at + 1) % VIEWS.length
        : e.key === 'ArrowLeft'
          ? (at - 1 + VIEWS.length) % VIEWS.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? VIEWS.length - 1
              : -1;
    if (to < 0) return;
    e.preventDefault();
    this._view = VIEWS[to]!.id;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${this._view}`)?.focus());
  };

  protected override updated(changed: Map<string, unknown>): void {
    // Back on Classify after a while elsewhere: a search may have stored candidates and models meanwhile.
    if (changed.has('_view') && changed.get('_view') !== undefined) {
      // The address names the view (replacing, not adding, a history entry: Back leaves the app as before).
      history.replaceState(history.state, '', `#${this._view}`);
      if (this._view === 'classify') void this.renderRoot.querySelector('spn-classify-view')?.refreshModels();
      // Fine-tuning in Classify stores models the Search view lists.
      if (this._view === 'search') void this.renderRoot.querySelector('spn-search-view')?.controller?.refreshModels();
    }
  }

  private _galleryOpen = (e: CustomEvent<GalleryRequest>): void => {
    this._galleryRequest = e.detail;
    this._view = 'data';
  };

  private _renderViews() {
    this._visited.add(this._view);
    // One fixed slot per view (never reordered), so Lit keeps each view's element once it exists.
    return VIEWS.map(({ id }) => (this._visited.has(id) ? this._renderView(id, id !== this._view) : nothing));
  }

  private _renderView(id: ViewId, hidden: boolean) {
    switch (id) {
      case 'search':
        return html`<spn-search-view ?hidden=${hidden}></spn-search-view>`;
      case 'data':
        return html`<spn-data-view ?hidden=${hidden} .request=${this._galleryRequest}></spn-data-view>`;
      case 'classify':
        return html`<spn-classify-view ?hidden=${hidden}></spn-classify-view>`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'spn-app': SpnApp;
  }
}
