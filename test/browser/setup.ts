/**
 * Runs before every browser test file. The tests share one tab, so what the app keeps in the tab's session storage
 * (the New search form's settings and the Data view's fields, src/app/tab-storage.ts) would carry from one test into the next, as a reload
 * carries it; each test starts from a fresh tab's empty storage instead.
 */
import { beforeEach } from 'vitest';

beforeEach(() => {
  sessionStorage.clear();
});
