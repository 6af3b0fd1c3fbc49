/**
 * Each view of the app, as a user first sees it and with a line, its map and the marks open, audited with axe-core
 * against WCAG 2.1 A and AA (names of controls, labels, contrast, roles, landmarks, ARIA use), through the views'
 * shadow roots. A violation fails the test with what and where.
 */
import { describe, expect, it } from 'vitest';
import axe from 'axe-core';
import type { ClassifyView } from '../../src/ui/classify-view';
import { demoSection } from '../../src/app/demo-line';
import { ClassifyClient } from '../../src/app/classify-client';
import { stringifyModelFile } from '../../src/core/model-file';
import { QUICK_SEARCH_SETTINGS } from '../../src/core/search/settings';
import { createRun, deleteRun, listCandidates, saveCandidateResult } from '../../src/db/runs';
import { DB_NAME, openSpnDb } from '../../src/db/schema';
import type { SearchView } from '../../src/ui/search-view';
import { candidateResult } from './candidate-result';
import { tinyModelFile } from './tiny-model';
import { untilWithin } from './waiting';
import { mountApp, openTab, sr } from './app-shell-page';

const until = untilWithin(30_000);

/** Every WCAG 2.1 A/AA violation on the page, one line per element. */
async function violations(): Promise<string[]> {
  const result = await axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  });
  // Printed so a run shows the audit saw the views' elements (a few would mean it missed the shadow roots).
  const checked = new Set(result.passes.flatMap((p) => p.nodes.map((n) => JSON.stringify(n.target))));
  console.info(`axe: ${checked.size} elements passed its rules, ${result.violations.length} rules violated`);
  return result.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact ?? '?'}): ${JSON.stringify(n.target)} — ${n.failureSummary ?? v.help}`),
  );
}

describe('accessibility (axe-core, WCAG 2.1 AA)', () => {
  it('the audit reaches into shadow roots: an unlabelled field and a nameless button there are found', async () => {
    const host = document.createElement('div');
    host.attachShadow({ mode: 'open' }).innerHTML = '<input type="number"><button type="button"></button>';
    document.body.append(host);
    try {
      const found = await violations();
      expect(found.some((v) => v.startsWith('label ('))).toBe(true);
      expect(found.some((v) => v.startsWith('button-name ('))).toBe(true);
    } finally {
      host.remove();
    }
  });

  it('the Search view as it opens', async () => {
    const shell = await mountApp();
    await until(() =>
      sr(shell).querySelector('spn-search-view')?.shadowRoot?.querySelector('spn-search-settings-form'),
    );
    expect(await violations()).toEqual([]);
  });

  it('the Search view with a run open: its summary, leaderboard and plots', async () => {
    const db = await openSpnDb(DB_NAME);
    const run = await createRun(
      db,
      { ...QUICK_SEARCH_SETTINGS, limit: { kind: 'count', candidates: 3 } },
      'audited run',
    );
    try {
      for (const [i, acc] of [0.71, 0.83].entries()) {
        await saveCandidateResult(db, {
          record: (await listCandidates(db, run.id))[i]!,
          result: candidateResult(acc, true),
          status: 'finished',
          backend: 'wasm',
          backendReason: 'test',
        });
      }
      const shell = await mountApp();
      const view = await until(() => sr(shell).querySelector<SearchView>('spn-search-view'));
      const controller = await until(() => view.controller);
      await controller.openRun(run.id);
      await until(() => sr(view).querySelector('spn-leaderboard-table'));
      await view.updateComplete;
      expect(await violations()).toEqual([]);
    } finally {
      await deleteRun(db, run.id);
      db.close();
    }
  });

  it('the Data view', async () => {
    const shell = await mountApp();
    await openTab(shell, 'Data');
    expect(await violations()).toEqual([]);
  });

  it('the Classify view, empty and with a line open', async () => {
    const shell = await mountApp();
    await openTab(shell, 'Classify');
    const view = sr(shell).querySelector<ClassifyView>('spn-classify-view')!;
    await view.updateComplete;
    expect(await violations()).toEqual([]);
    view.showSection(demoSection(1));
    await view.updateComplete;
    expect(await violations()).toEqual([]);

    // With a map: the run line, downloads, presentation panel, marks and fine-tuning panels.
    view.classifier = new ClassifyClient('cpu');
    await view.addModelFile(new File([stringifyModelFile(await tinyModelFile())], 'tiny.json'));
    await view.controller.classify({
      modelId: view.controller.state.modelChoice,
      stride: 16,
      patchTraces: 48,
      scale: 1,
    });
    await until(() => sr(view).querySelector('.classify-result'));
    await until(() => sr(view).querySelector('spn-marks-panel'));
    await view.updateComplete;
    expect(view.controller.state.classifyError).toBe('');
    expect(await violations()).toEqual([]);
  });
});
