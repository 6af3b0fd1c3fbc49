/**
 * Every model the Classify view can use: the bundled demo model, the models the user imported, and each stored
 * candidate of the search runs (the best K per run keep weights), best of each run first. Model texts are loaded
 * only when chosen.
 */
import { exportCandidateModel } from './model-export';
import { rankCandidates } from '../core/search/leaderboard';
import { listModels } from '../db/models';
import { listCandidates, listRuns, weightIdsByRun } from '../db/runs';
import { openSpnDb, type SpnDatabase } from '../db/schema';
import { formatParams } from '../core/model/format-params';

export interface ModelSource {
  id: string;
  label: string;
  kind: 'demo' | 'imported' | 'fine-tuned' | 'candidate';
  /** The model file's JSON text. */
  load(): Promise<string>;
}

/** URL of the bundled demo model, relative to the page (works under any base path and offline via the service worker). */
export const DEMO_MODEL_URL = 'models/demo.json';
/** The earlier model trained on the paper's generator profile, kept to compare maps with. */
export const PAPER_MODEL_URL = 'models/paper-demo.json';

export async function fetchText(url: string): Promise<string> {
  const res = await fetch(new URL(url, document.baseURI));
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${res.statusText}`);
  return res.text();
}

export async function listModelSources(db: SpnDatabase | null): Promise<ModelSource[]> {
  const out: ModelSource[] = [
    {
      id: 'demo',
      // With the file's own name, which a model fine-tuned from it carries ("… · tuned on <line>").
      label: 'Demo model (bundled): BSR classifier (realistic profile, searched)',
      kind: 'demo',
      load: () => fetchText(DEMO_MODEL_URL),
    },
    {
      id: 'paper-demo',
      label: 'Paper-profile model (bundled, for comparison)',
      kind: 'demo',
      load: () => fetchText(PAPER_MODEL_URL),
    },
  ];
  if (!db) return out;
  const dbName = db.name;
  const stored = await listModels(db);
  // A run's candidate exported and imported again in this browser would be offered twice: the stored file stays
  // (it may have been chosen by its id), the run's entry for the same weights is left out.
  const imported = new Set(stored.flatMap((m) => exportedCandidateKey(m.json) ?? []));
  // Files of one name (three downloads of one run's best, a model tuned twice on one line) are told apart by when
  // they were stored; a name listed once keeps its plain label.
  const named = new Map<string, number>();
  for (const m of stored) named.set(m.name, (named.get(m.name) ?? 0) + 1);
  // Stored within one second the times read alike too: the later ones are numbered (newest first, as listed).
  const labels = new Map<string, number>();
  for (const m of stored) {
    const kind = m.origin === 'fine-tuned' ? 'fine-tuned' : 'imported';
    const when = (named.get(m.name) ?? 0) > 1 ? `, stored ${new Date(m.importedAt).toLocaleString()}` : '';
    const base = `${m.name} (${kind}, ${formatParams(m.params)}${when})`;
    const seen = (labels.get(base) ?? 0) + 1;
    labels.set(base, seen);
    out.push({
      id: `imported:${m.id}`,
      label: seen > 1 ? `${base} #${seen}` : base,
      kind,
      load: async () => m.json,
    });
  }
  const runs = new Map((await listRuns(db)).map((r) => [r.id, r]));
  for (const [runId, ids] of await weightIdsByRun(db)) {
    const run = runs.get(runId);
    if (!run) continue;
    const cands = (await listCandidates(db, runId)).filter((c) => c.result && ids.includes(c.id));
    const ranked = rankCandidates(
      cands.map((c) => ({ id: c.id, meanTop5: c.result?.meanTop5 ?? NaN, params: c.result?.params ?? 0, c })),
    );
    ranked.forEach(({ c }, rank) => {
      if (imported.has(candidateKey(runId, c.index))) return;
      const acc = ((c.result?.meanTop5 ?? NaN) * 100).toFixed(1);
      out.push({
        id: `candidate:${runId}:${c.id}`,
        // "#" is a candidate's index everywhere (leaderboard, plots, history); the rank is said in words.
        label: `${run.name} · ${rank === 0 ? 'best' : `rank ${rank + 1}`}: candidate #${c.index} (mean top-5 ${acc} %)`,
        kind: 'candidate',
        // Loaded when chosen, long after the listing's connection was closed: a connection of its own.
        load: async () => {
          const own = await openSpnDb(dbName);
          try {
            return (await exportCandidateModel(own, runId, c.id)).json;
          } finally {
            own.close();
          }
        },
      });
    });
  }
  return out;
}

const candidateKey = (runId: string, index: number): string => `${runId}#${index}`;

/**
 * The run candidate whose unchanged export a stored model file is (`training.runId` and `candidateIndex`, as
 * model-export writes them, and no derivation: a fine-tuned model records its base's training too), or null.
 */
export function exportedCandidateKey(json: string): string | null {
  let file: { training?: { runId?: unknown; candidateIndex?: unknown }; provenance?: unknown };
  try {
    file = JSON.parse(json) as typeof file;
  } catch {
    return null;
  }
  const { runId, candidateIndex } = file.training ?? {};
  return file.provenance === undefined && typeof runId === 'string' && typeof candidateIndex === 'number'
    ? candidateKey(runId, candidateIndex)
    : null;
}
