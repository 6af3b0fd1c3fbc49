/** Page entry: registers the Lit app shell, the page guards and the offline service worker. Science lives in src/core, heavy work in workers/. */
import './ui/spn-app';
import { installPageGuards } from './app/page-guards';
import { registerServiceWorker } from './sw-register';

installPageGuards();
registerServiceWorker();
