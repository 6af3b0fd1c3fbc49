/**
 * The long jobs of the Classify view (open, read, classify, saliency): each has its own abort handle and an ETA
 * from the rate over its recent progress (core jobs/eta), so the view can show "n / N · ≈ 12 s left" and a Cancel
 * button per job. At most one job of a kind runs; starting one cancels the previous one of that kind.
 */
import { nowMs } from '../core/clock';
import { EtaTracker, type JobProgress } from '../core/jobs/eta';

export type JobKind = 'open' | 'read' | 'classify' | 'saliency' | 'export' | 'volume';

/** A running job as the view shows it. */
export interface Job {
  readonly kind: JobKind;
  /** What it does, in words ("Opening 31_81_PR.sgy: header scan"). */
  readonly label: string;
  /** What `progress` counts ("traces", "patches"). */
  readonly unit: string;
  /** null until the first report. */
  readonly progress: JobProgress | null;
}

/** The handle the code running a job holds. */
export interface JobHandle {
  readonly signal: AbortSignal;
  /** Reports `done` of `total` (the ETA follows). */
  report(done: number, total: number): void;
  /** Says what the job does now (a job may have steps: header scan, then preview). */
  relabel(label: string, unit?: string): void;
  /** Ends the job (done, failed or cancelled). */
  finish(): void;
}

export class JobBoard {
  private readonly running = new Map<JobKind, { job: Job; abort: AbortController; eta: EtaTracker }>();

  /** `changed` is called after every start, report and finish. */
  constructor(
    private readonly changed: () => void,
    private readonly clock: () => number = nowMs,
  ) {}

  /** The running jobs, in the order they started. */
  list(): Job[] {
    return [...this.running.values()].map((r) => r.job);
  }

  has(kind: JobKind): boolean {
    return this.running.has(kind);
  }

  /** Starts a job of `kind`, cancelling one of that kind still running. */
  start(kind: JobKind, label: string, unit: string): JobHandle {
    this.cancel(kind);
    const abort = new AbortController();
    const entry = { job: { kind, label, unit, progress: null } as Job, abort, eta: new EtaTracker() };
    this.running.set(kind, entry);
    this.changed();
    const live = (): boolean => this.running.get(kind) === entry;
    return {
      signal: abort.signal,
      report: (done, total) => {
        if (!live()) return;
        entry.job = { ...entry.job, progress: entry.eta.update(this.clock(), done, total) };
        this.changed();
      },
      relabel: (next, nextUnit = entry.job.unit) => {
        if (!live()) return;
        entry.job = { kind, label: next, unit: nextUnit, progress: null };
        entry.eta = new EtaTracker();
        this.changed();
      },
      finish: () => {
        if (!live()) return;
        this.running.delete(kind);
        this.changed();
      },
    };
  }

  /** Aborts the job of `kind` (its code sees the signal and ends it). */
  cancel(kind: JobKind): void {
    this.running.get(kind)?.abort.abort();
  }

  cancelAll(): void {
    for (const r of this.running.values()) r.abort.abort();
  }
}
