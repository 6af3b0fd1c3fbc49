/**
 * The marks of the line on screen: add (checked against the line and the other marks), remove, flag as
 * "check", undo, CSV import/export, and persistence under the line's fingerprint. No DOM: the Classify view
 * renders it and sends intents.
 */
import { FINGERPRINT_HEADER_BYTES, lineFingerprint } from '../core/finetune/fingerprint';
import { marksToCsv, readMarksForLine } from '../core/finetune/marks-csv';
import { MarksError, normaliseMark, validateMarks, type LineExtent, type Mark } from '../core/finetune/marks';
import type { MarksDisplay, SpnDatabase } from '../db/schema';
import { loadMarks, revisionOf, saveMarksMerged } from '../db/marks';
import { lostInMerge, mergeMarks, repeatedMark } from '../core/finetune/marks-merge';

/** Fingerprint of a SEG-Y/SU file (size + header hash); `label` names the line inside a 3D/prestack file. */
export async function fingerprintFile(file: Blob, label = ''): Promise<string> {
  const head = new Uint8Array(await file.slice(0, FINGERPRINT_HEADER_BYTES).arrayBuffer());
  const fp = lineFingerprint(file.size, head);
  return label && label !== 'all traces' ? `${fp}/${label}` : fp;
}

/** Fingerprint of a line that has no file (the synthetic demo line, a test line): its size and first samples. */
export function fingerprintSamples(traces: number, samples: number, data: Float32Array): string {
  const head = new Uint8Array(data.buffer, data.byteOffset, Math.min(data.byteLength, FINGERPRINT_HEADER_BYTES));
  return `mem-${traces}x${samples}-${lineFingerprint(data.byteLength, head).split('-')[1] ?? ''}`;
}

/** What a save did beyond storing this tab's marks: another tab's changes merged in, or this tab's change refused. */
export interface MarksSaveOutcome {
  /** Another tab had changed the marks; the list now holds both tabs' changes. */
  merged: boolean;
  /** Of this tab's changes in a merge, those to marks the other tab had removed (gone with them). */
  lost: number;
  /** This tab's change contradicted another tab's marks: not stored, the stored marks shown instead (why). */
  refused: string | null;
}

export class MarksSession {
  private _marks: Mark[] = [];
  private readonly _undo: Mark[][] = [];
  /** The marks as last stored or read (what this tab's changes are measured from when another tab saved meanwhile). */
  private _base: Mark[] = [];
  /** The stored revision `_base` is (0: nothing stored). */
  private _revision = 0;
  /** Saves run one after another, each from the revision the one before stored. */
  private _saving: Promise<unknown> = Promise.resolve();

  constructor(
    readonly fingerprint: string,
    readonly lineName: string,
    readonly extent: LineExtent,
  ) {}

  get marks(): readonly Mark[] {
    return this._marks;
  }

  get canUndo(): boolean {
    return this._undo.length > 0;
  }

  /** Adds a mark; throws a MarksError (and changes nothing) when it lies outside the line or contradicts another. */
  add(mark: Mark): void {
    const n = this._marks.length + 1;
    // The same box twice would count twice in training and shift which marks are held out (repeatedMark).
    const same = this._marks.findIndex((m) => repeatedMark([m, mark]) !== null);
    if (same >= 0) throw new MarksError(`the new mark repeats mark ${same + 1}: that box is marked already`);
    try {
      this._set([...this._marks, normaliseMark(mark)]);
    } catch (e) {
      // The checks number marks as listed; a refused new mark never joins the list, so it is "the new mark".
      if (e instanceof MarksError)
        throw new MarksError(e.message.replace(/^marks: /, '').replace(new RegExp(`^mark ${n} `), 'the new mark '));
      throw e;
    }
  }

  remove(index: number): void {
    if (index < 0 || index >= this._marks.length) return;
    this._set(this._marks.filter((_, i) => i !== index));
  }

  /** Flags a mark as held out to check the result (or not). */
  setCheck(index: number, check: boolean): void {
    const m = this._marks[index];
    if (!m) return;
    const next = { ...m };
    if (check) next.check = true;
    else delete next.check;
    this._set(this._marks.map((x, i) => (i === index ? next : x)));
  }

  undo(): void {
    const prev = this._undo.pop();
    if (prev) this._marks = prev;
  }

  /** Replaces the marks with a CSV's (undo brings the old ones back); a file for another line changes nothing. */
  importCsv(text: string): number {
    this._set(readMarksForLine(text, this.extent, this.fingerprint));
    return this._marks.length;
  }

  toCsv(): string {
    return marksToCsv(this._marks, this.fingerprint);
  }

  /** The stored revision this tab's marks build on (0: none stored). */
  get revision(): number {
    return this._revision;
  }

  /** Restores the marks stored for this line (none: empty); returns the display settings they were drawn with. */
  async restore(db: SpnDatabase): Promise<MarksDisplay | null> {
    const rec = await loadMarks(db, this.fingerprint);
    if (!rec) return null;
    validateMarks(rec.marks, this.extent);
    this._marks = rec.marks;
    this._base = rec.marks;
    this._revision = revisionOf(rec);
    this._undo.length = 0;
    return rec.display;
  }

  /**
   * Takes up what another tab stored for this line (it said so), keeping this tab's changes not yet stored; true when
   * the marks changed. Undo still steps back over this tab's own changes only.
   */
  async refresh(db: SpnDatabase): Promise<boolean> {
    let changed = false;
    await this._queue(async () => {
      const rec = await loadMarks(db, this.fingerprint);
      if (!rec || revisionOf(rec) <= this._revision) return;
      const next = mergeMarks(this._base, this._marks, rec.marks);
      try {
        validateMarks(next, this.extent);
      } catch {
        return; // this tab's pending change contradicts them: its save says so
      }
      changed = true;
      this._adopt(rec.marks, revisionOf(rec), next);
    });
    return changed;
  }

  /**
   * Stores the marks under the line's fingerprint, merged with another tab's changes when it saved meanwhile (the
   * list then shows both). A change of this tab that contradicts the other tab's marks is not stored: the stored
   * marks come back and `refused` says why.
   */
  save(db: SpnDatabase, display: MarksDisplay): Promise<MarksSaveOutcome> {
    return this._queue(async () => {
      const ours = this._marks;
      const saved = await saveMarksMerged(
        db,
        { fingerprint: this.fingerprint, lineName: this.lineName, display },
        { base: this._base, ours, revision: this._revision },
        (marks) => validateMarks(marks, this.extent),
      );
      if ('refused' in saved) {
        this._adopt(saved.stored, saved.revision, saved.stored);
        const why = saved.refused instanceof Error ? saved.refused.message.replace(/^marks: /, '') : '';
        return { merged: false, lost: 0, refused: why };
      }
      const lost = saved.merged ? lostInMerge(this._base, ours, saved.marks) : 0;
      // A change made here while the save ran goes on top of what was stored (the next save stores it).
      const now = this._marks === ours ? saved.marks : mergeMarks(ours, this._marks, saved.marks);
      if (saved.merged) this._adopt(saved.marks, saved.revision, now);
      else {
        this._base = saved.marks;
        this._revision = saved.revision;
      }
      return { merged: saved.merged, lost, refused: null };
    });
  }

  private _adopt(stored: Mark[], revision: number, shown: Mark[]): void {
    // Undo keeps stepping back over this tab's own changes, the other tab's kept: each earlier list takes the change
    // from the list shown to the list shown now (an earlier list as it was would take the other tab's marks away). A
    // step that would contradict them ends the history there.
    const before = this._marks;
    const rebased: Mark[][] = [];
    for (let i = this._undo.length - 1; i >= 0; i--) {
      const step = mergeMarks(before, this._undo[i]!, shown);
      try {
        validateMarks(step, this.extent);
      } catch {
        break;
      }
      rebased.unshift(step);
    }
    this._undo.splice(0, this._undo.length, ...rebased);
    this._base = stored;
    this._revision = revision;
    this._marks = shown;
  }

  private _queue<T>(work: () => Promise<T>): Promise<T> {
    const run = this._saving.then(work, work);
    this._saving = run.catch(() => undefined);
    return run;
  }

  private _set(next: Mark[]): void {
    validateMarks(next, this.extent);
    this._undo.push(this._marks);
    if (this._undo.length > 100) this._undo.shift();
    this._marks = next;
  }
}
