/**
 * Two tabs marking the same line, against the real IndexedDB and BroadcastChannel: each Classify view (one per tab;
 * two views in one page talk over the channel as two tabs do) shows the other's marks as they are stored, a fresh
 * view reads both tabs' marks, and a tab that saves from a stale list merges rather than overwrites. A change that
 * contradicts the other tab's marks is not stored and says why.
 */
import { afterEach, describe, expect, it } from 'vitest';
import '../../src/ui/classify-view';
import type { ClassifyView } from '../../src/ui/classify-view';
import { MarksSession } from '../../src/app/marks-session';
import { openSpnDb, type MarksDisplay, type SpnDatabase } from '../../src/db/schema';
import { loadMarks } from '../../src/db/marks';
import type { Mark } from '../../src/core/finetune/marks';
import { deleteDatabase, untilWithin } from './waiting';

const until = untilWithin(30_000);
const mounted: HTMLElement[] = [];
afterEach(() => {
  for (const el of mounted.splice(0)) el.remove();
});

/** 31_81_PR with a textual header of its own, so its fingerprint (and stored marks) are this test's alone. */
async function uniqueLine(): Promise<File> {
  const bytes = new Uint8Array(await (await fetch('/test/fixtures/segy/seisplot/31_81_PR.sgy')).arrayBuffer());
  bytes.fill(0x20, 0, 3200);
  bytes.set(new TextEncoder().encode(`C 1 marks-tabs test ${Date.now()} ${Math.random()}`), 0);
  return new File([bytes], 'two-tabs.sgy');
}

async function openIn(file: File): Promise<ClassifyView> {
  const el = document.createElement('spn-classify-view');
  document.body.append(el);
  mounted.push(el);
  await el.updateComplete;
  await el.openFile(file);
  await until(
    () => el.controller.state.marks !== null && el.controller.state.marksVersion > 0,
    undefined,
    () =>
      `marks ${el.controller.state.marks ? 'open' : 'none'} v${el.controller.state.marksVersion} error ${el.controller.state.error} section ${el.controller.state.section?.traceCount}`,
  );
  return el;
}

const keys = (el: ClassifyView) =>
  (el.controller.state.marks?.marks ?? []).map((m) => `${m.traceFrom}-${m.traceTo}:${m.label}`).sort();
const m = (traceFrom: number, traceTo: number, label: 0 | 1, timeFromMs = 20, timeToMs = 60): Mark => ({
  traceFrom,
  traceTo,
  timeFromMs,
  timeToMs,
  label,
});

const display: MarksDisplay = { scale: 'auto', flipPolarity: 'auto', seabed: 'auto' };

/** Two tabs' marks sessions of one line over a store of the test's own, dropped afterwards. */
async function withTwoSessions(
  fingerprint: string,
  work: (db: SpnDatabase, a: MarksSession, b: MarksSession) => Promise<void>,
): Promise<void> {
  const name = `spn-marks-tabs-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const db = await openSpnDb(name);
  const extent = { traces: 100, samples: 500, dtUs: 4000 };
  try {
    await work(db, new MarksSession(fingerprint, 'line', extent), new MarksSession(fingerprint, 'line', extent));
  } finally {
    db.close();
    await deleteDatabase(name);
  }
}

describe('marks in two tabs', () => {
  it("each tab shows the other's marks as they are stored; a fresh tab reads both", async () => {
    const file = await uniqueLine();
    const a = await openIn(file);
    a.controller.addMark(m(0, 5, 1));
    const b = await openIn(file);
    await until(() => keys(b).length === 1);
    a.controller.addMark(m(10, 15, 0, 100, 140));
    await until(
      () => keys(b).length === 2,
      undefined,
      () => `tab B shows ${keys(b).join(' ')}`,
    );
    expect(b.controller.state.notice).toBe('Marks changed in another tab: shown here too.');
    b.controller.addMark(m(18, 24, 0));
    await until(
      () => keys(a).length === 3,
      undefined,
      () => `tab A shows ${keys(a).join(' ')}`,
    );
    const c = await openIn(file);
    expect(keys(c)).toEqual(['0-5:1', '10-15:0', '18-24:0']);
    expect(keys(a)).toEqual(keys(c));
    expect(keys(b)).toEqual(keys(c));
    // A removal travels too.
    b.controller.removeMark(0);
    await until(() => keys(a).length === 2);
    expect(keys(a)).toEqual(keys(b));
  });
});

describe("undo after another tab's changes", () => {
  it("steps back over this tab's own changes and keeps the other tab's", async () => {
    const at = (s: MarksSession) => s.marks.map((x) => x.traceFrom).sort((p, q) => p - q);
    await withTwoSessions('fp-u', async (db, a, b) => {
      b.add(m(10, 15, 1));
      await b.save(db, display);
      // A saves from a stale list: the merge brings B's mark in; undo takes A's own mark away, not B's.
      a.add(m(30, 35, 0));
      expect((await a.save(db, display)).merged).toBe(true);
      expect(at(a)).toEqual([10, 30]);
      a.undo();
      expect(at(a)).toEqual([10]);
      await a.save(db, display);
      // A adds again; B adds meanwhile; A hears of it: undo removes A's mark and keeps B's new one.
      a.add(m(50, 55, 1));
      await a.save(db, display);
      b.add(m(70, 75, 0));
      await b.save(db, display);
      expect(await a.refresh(db)).toBe(true);
      expect(at(a)).toEqual([10, 50, 70]);
      a.undo();
      expect(at(a)).toEqual([10, 70]);
    });
  });
});

describe('a tab saving from a stale list', () => {
  it("merges the other tab's marks in; a contradicting change is refused and the stored marks shown", async () => {
    await withTwoSessions('fp-1', async (db, a, b) => {
      a.add(m(0, 10, 1));
      expect(await a.save(db, display)).toEqual({ merged: false, lost: 0, refused: null });
      await b.restore(db);
      a.add(m(20, 30, 0));
      await a.save(db, display);
      // B has not heard of A's second mark: its save keeps both tabs' marks, and B shows them.
      b.add(m(40, 50, 0));
      expect(b.canUndo).toBe(true);
      expect(await b.save(db, display)).toEqual({ merged: true, lost: 0, refused: null });
      const stored = (await loadMarks(db, 'fp-1'))!;
      expect(stored.marks.map((x) => x.traceFrom).sort((p, q) => p - q)).toEqual([0, 20, 40]);
      expect(stored.revision).toBe(3);
      expect(b.marks.map((x) => x.traceFrom).sort((p, q) => p - q)).toEqual([0, 20, 40]);
      expect(b.canUndo).toBe(true); // undo steps back over B's own change, A's kept (the next test)
      // A, stale now, draws a BSR box over B's not-BSR box: not stored, A shows what is stored.
      a.add(m(42, 48, 1));
      const refused = await a.save(db, display);
      expect(refused.merged).toBe(false);
      expect(refused.refused).toMatch(/overlap|contradict/i);
      expect(a.marks.map((x) => x.traceFrom).sort((p, q) => p - q)).toEqual([0, 20, 40]);
      expect((await loadMarks(db, 'fp-1'))!.revision).toBe(3);
      // Saves of one tab run in order, each from the revision the one before stored.
      a.add(m(60, 70, 1));
      const first = a.save(db, display);
      a.add(m(80, 90, 0));
      await Promise.all([first, a.save(db, display)]);
      const last = (await loadMarks(db, 'fp-1'))!;
      expect(last.marks.map((x) => x.traceFrom).sort((p, q) => p - q)).toEqual([0, 20, 40, 60, 80]);
      expect(last.revision).toBe(5);
      expect(await b.refresh(db)).toBe(true);
      expect(b.marks).toHaveLength(5);
      // The same box twice is refused: it would count twice and shift which marks are held out.
      expect(() => b.add(m(60, 70, 1))).toThrow(/the new mark repeats mark \d+: that box is marked already/);
      // B ticks a mark A has just removed: removal wins, and B's save says its change went with it.
      const i60 = a.marks.findIndex((x) => x.traceFrom === 60);
      a.remove(i60);
      await a.save(db, display);
      b.setCheck(
        b.marks.findIndex((x) => x.traceFrom === 60),
        true,
      );
      expect(await b.save(db, display)).toEqual({ merged: true, lost: 1, refused: null });
      expect(b.marks.map((x) => x.traceFrom).sort((p, q) => p - q)).toEqual([0, 20, 40, 80]);
    });
  });
});
