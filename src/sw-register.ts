/** Registers the precaching service worker of production builds (offline use after a first visit). */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker
      .register('./sw.js')
      .catch((e: unknown) => console.warn('offline support unavailable:', (e as Error).message));
  });
}
