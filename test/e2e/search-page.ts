/**
 * Driving the Search view of the built app and reading what it stored, shared by the e2e tests and the soak
 * script: a tiny wasm search started through the real form, and the app's IndexedDB stores read raw.
 */
import type { Page } from 'playwright-core';
import type { CandidateRecord, ImportedModelRecord, RunRecord } from '../../src/db/schema';

async function setNumber(page: Page, name: string, value: string): Promise<void> {
  const input = page.locator(`spn-search-settings-form input[name=${name}]`);
  await input.fill(value);
  await input.dispatchEvent('change');
}

/** Starts a search of small, width-scaled candidates on wasm, without early stopping, through the form. */
export async function startTinySearch(
  page: Page,
  o: { candidates: number; datasetSize: number; testSize: number; maxEpochs: number },
): Promise<void> {
  await setNumber(page, 'candidates', String(o.candidates));
  await setNumber(page, 'datasetSize', String(o.datasetSize));
  await setNumber(page, 'testSize', String(o.testSize));
  await setNumber(page, 'maxEpochs', String(o.maxEpochs));
  await setNumber(page, 'batchSize', '32');
  await setNumber(page, 'widthFactor', '0.06');
  await page.locator('spn-search-settings-form select[name=backend]').selectOption('wasm');
  await page.locator('spn-search-settings-form input[name=earlyStop][value=none]').check();
  await page.locator('spn-search-settings-form button.start').click();
}

export interface StoredWeights {
  runId: string;
  candidateId: string;
  weightSpecs: { name: string; shape: number[]; dtype: string }[];
  /** Only the byte length crosses back from the page. */
  weightData: { byteLength: number };
}

export interface Stores {
  runs: RunRecord[];
  candidates: CandidateRecord[];
  weights: StoredWeights[];
  models: ImportedModelRecord[];
}

/**
 * Records of the app's IndexedDB `stores`, read in the page with the raw API. A weights record's data crosses back
 * as its byte length only.
 */
export async function readRecords(page: Page, stores: readonly string[]): Promise<Record<string, unknown[]>> {
  return page.evaluate(async (names) => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open('seismicpatchnet-studio');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error ?? new Error('open failed'));
    });
    const all = (store: string) =>
      new Promise<unknown[]>((ok, fail) => {
        const r = db.transaction(store).objectStore(store).getAll();
        r.onsuccess = () => ok(r.result as unknown[]);
        r.onerror = () => fail(r.error ?? new Error(`getAll(${store}) failed`));
      });
    const out: Record<string, unknown[]> = {};
    for (const name of names) {
      const rows = await all(name);
      out[name] =
        name === 'weights'
          ? (rows as { weightData: ArrayBuffer }[]).map((w) => ({
              ...w,
              weightData: { byteLength: w.weightData.byteLength },
            }))
          : rows;
    }
    db.close();
    return out;
  }, stores);
}

/** The app's IndexedDB stores as plain records. */
export async function readStores(page: Page): Promise<Stores> {
  return (await readRecords(page, ['runs', 'candidates', 'weights', 'models'])) as unknown as Stores;
}
