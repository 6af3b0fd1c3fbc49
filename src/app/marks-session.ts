/**
 * The marks of the line on screen: add (checked against the line and the other marks), remove, flag as
 * "check", undo, CSV import/export, and persistence under the line's fingerprint. No DOM: the Classify view
 * renders it and sends intents.
 */
import { FINGERPRINT_HEADER_BYTES, lineFingerprint } from '../core/finetune/fingerprint';
import { marksToCsv, readMarksForLine } from '../core/finetune/marks-csv';
import { MarksError, normaliseMark, validateMarks, type LineExtent, type Mark } from '../core/finetune/marks';
import type { MarksDisplay, SpnDatabase } from '../db/schema';
import { loadMarks, saveMarks } from '../db/marks';

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

export class MarksSession {
  private _marks: Mark[] = [];
  private readonly _undo: Mark[][] = [];

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

  /** Restores the marks stored for this line (none: empty); returns the display settings they were drawn with. */
  async restore(db: SpnDatabase): Promise<MarksDisplay | null> {
    const rec = await loadMarks(db, this.fingerprint);
    if (!rec) return null;
    validateMarks(rec.marks, this.extent);
    this._marks = rec.marks;
    this._undo.length = 0;
    return rec.display;
  }

  save(db: SpnDatabase, display: MarksDisplay): Promise<void> {
    return saveMarks(db, this.fingerprint, this.lineName, this._marks, display);
  }

  private _set(next: Mark[]): void {
    validateMarks(next, this.extent);
    this._undo.push(this._marks);
    if (this._undo.length > 100) this._undo.shift();
    this._marks = next;
  }
}
