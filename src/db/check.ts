/**
 * Consistency checker of the stored search state; tests call it after faults (crashes, reloads, full storage)
 * and the app can run it on open. Returns a list of problems (empty = consistent).
 */
import { WEIGHTS_KEPT } from './runs';
import type { SpnDatabase } from './schema';

export async function checkDbConsistency(db: SpnDatabase): Promise<string[]> {
  const problems: string[] = [];
  const tx = db.transaction(['runs', 'candidates', 'weights'], 'readonly');
  const runs = new Map((await tx.objectStore('runs').getAll()).map((r) => [r.id, r]));
  const cands = await tx.objectStore('candidates').getAll();
  const weights = await tx.objectStore('weights').getAll();
  await tx.done;
  const perRun = new Map<string, typeof cands>();
  for (const c of cands) {
    if (!runs.has(c.runId)) problems.push(`candidate ${c.runId}#${c.index} belongs to no run`);
    const list = perRun.get(c.runId) ?? [];
    list.push(c);
    perRun.set(c.runId, list);
    if ((c.status === 'finished' || c.status === 'pruned') && !c.result)
      problems.push(`candidate ${c.runId}#${c.index} is ${c.status} without a result`);
    if (c.result && c.status !== 'finished' && c.status !== 'pruned')
      problems.push(`candidate ${c.runId}#${c.index} is ${c.status} but has a result`);
  }
  for (const [runId, list] of perRun) {
    const done = list.filter((c) => c.status === 'finished' || c.status === 'pruned');
    const ids = new Set<string>();
    for (const c of done) {
      if (ids.has(c.id)) problems.push(`run ${runId}: spec ${c.id} finished more than once`);
      ids.add(c.id);
    }
    const run = runs.get(runId);
    if (run && run.origin === 'local' && list.length !== run.created)
      problems.push(`run ${runId}: ${list.length} candidate records but ${run.created} created`);
  }
  const wPerRun = new Map<string, number>();
  for (const w of weights) {
    wPerRun.set(w.runId, (wPerRun.get(w.runId) ?? 0) + 1);
    const owner = perRun.get(w.runId)?.find((c) => c.id === w.candidateId && c.result);
    if (!owner) problems.push(`weights ${w.runId}/${w.candidateId} have no finished candidate`);
    const bytes = w.weightSpecs.reduce((s, spec) => s + spec.shape.reduce((a, b) => a * b, 1) * 4, 0);
    if (bytes !== w.weightData.byteLength)
      problems.push(`weights ${w.runId}/${w.candidateId}: ${w.weightData.byteLength} bytes, manifest says ${bytes}`);
  }
  for (const [runId, n] of wPerRun)
    if (n > WEIGHTS_KEPT) problems.push(`run ${runId}: ${n} weight sets stored, more than ${WEIGHTS_KEPT}`);
  return problems;
}
