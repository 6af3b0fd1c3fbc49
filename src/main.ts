/** Page entry: registers the Lit app shell and the offline service worker. Science lives in src/core, heavy work in workers/. */
import './ui/spn-app';
import { registerServiceWorker } from './sw-register';

registerServiceWorker();
