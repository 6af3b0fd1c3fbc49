/** Page entry: registers the Lit app shell. Science lives in src/core, heavy work in workers/. */
import './ui/spn-app';
