/** The run summary's actual / estimate sentence agrees with the figure it shows. */
import { afterAll, describe, expect, it } from 'vitest';
import '../../src/ui/run-summary';
import { createRun } from '../../src/db/runs';
import { openSpnDb, type RunRecord } from '../../src/db/schema';
import { QUICK_SEARCH_SETTINGS } from '../../src/core/search/settings';
import { deleteDatabase } from './waiting';

const dbName = `spn-run-summary-${Date.now()}`;
afterAll(() => deleteDatabase(dbName));

async function summaryText(run: RunRecord, part = '.duration'): Promise<string> {
  const el = document.createElement('spn-run-summary');
  el.run = run;
  document.body.append(el);
  await el.updateComplete;
  const text = (el.shadowRoot as ShadowRoot).querySelector(part)?.textContent?.replace(/\s+/g, ' ') ?? '';
  el.remove();
  return text;
}

describe('<spn-run-summary>', () => {
  it('says "off by more than a factor of 2" only when the ratio it shows is', async () => {
    const db = await openSpnDb(dbName);
    const base = await createRun(db, QUICK_SEARCH_SETTINGS, 'timed run');
    db.close();
    const finished = (workSeconds: number): RunRecord => ({
      ...base,
      status: 'finished',
      timings: { ...base.timings, workSeconds },
      estimate: { seconds: 7.38, low: 6, high: 10, device: 'wasm, 2 threads' },
    });
    // 3.67 / 7.38 = 0.497: shown as 0.50, within the factor of 2 (it said both before).
    const near = await summaryText(finished(3.67));
    expect(near).toContain('Actual / estimate: 0.50.');
    expect(near).not.toContain('off by more');
    expect(await summaryText(finished(3.0))).toContain('Actual / estimate: 0.41 — off by more than a factor of 2');
  });

  it('says when a time budget was overrun because the candidates that had started trained to their end', async () => {
    const db = await openSpnDb(dbName);
    const base = await createRun(db, { ...QUICK_SEARCH_SETTINGS, limit: { kind: 'time', minutes: 0.1 } }, 'budget');
    db.close();
    const overrun = (run: RunRecord) => summaryText(run, '.overrun');
    const spent = (budgetSeconds: number, status: RunRecord['status'] = 'finished'): RunRecord => ({
      ...base,
      status,
      timings: { ...base.timings, workSeconds: budgetSeconds + 2, budgetSeconds },
    });
    expect(await overrun(spent(31))).toBe(
      'The time budget of 6 s ran out while candidates trained; those that had started finished, so training took 31 s.',
    );
    expect(await overrun(spent(6.2))).toBe(''); // within 5 %: on budget
    expect(await overrun(spent(31, 'running'))).toBe(''); // still working: not yet a verdict
  });
});
