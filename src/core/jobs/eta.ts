/**
 * Time left of a long job (open, read, classify, saliency, fine-tune), from the rate over its recent progress. Why
 * recent: the first chunks of a job are often slower or faster than the rest (a backend warming up, a file in the
 * OS cache), so the rate since the start would mislead for a long time; a window of the last seconds follows the
 * job's present pace. Pure: the caller passes the clock readings.
 */

/** One progress report: units done at time `atMs` (any monotonic clock, ms). */
export interface ProgressSample {
  readonly atMs: number;
  readonly done: number;
}

/** Progress of a job as the view shows it: units done of total, and the seconds left (null: not known yet). */
export interface JobProgress {
  readonly done: number;
  readonly total: number;
  readonly etaSeconds: number | null;
}

/** Default window of recent progress the rate is taken over, ms. */
export const ETA_WINDOW_MS = 10_000;

/**
 * Seconds left to reach `total`, from the rate over the samples of the last `windowMs` (at least the last two
 * samples). Null while fewer than two samples span any time or no progress was made in the window.
 */
export function etaSeconds(samples: readonly ProgressSample[], total: number, windowMs = ETA_WINDOW_MS): number | null {
  const last = samples.at(-1);
  if (!last || samples.length < 2) return null;
  if (last.done >= total) return 0;
  let first = samples.length - 2;
  while (first > 0 && last.atMs - samples[first - 1]!.atMs <= windowMs) first--;
  const from = samples[first]!;
  const dt = last.atMs - from.atMs,
    dd = last.done - from.done;
  if (dt <= 0 || dd <= 0) return null;
  return ((total - last.done) * dt) / dd / 1000;
}

/** Keeps the recent samples of one job and answers its progress with ETA. */
export class EtaTracker {
  private samples: ProgressSample[] = [];

  constructor(private readonly windowMs = ETA_WINDOW_MS) {}

  /** Records `done` of `total` at `atMs` and returns the progress to show. */
  update(atMs: number, done: number, total: number): JobProgress {
    const last = this.samples.at(-1);
    if (last && done < last.done) this.samples = []; // a new pass over the data (e.g. a streaming plan's next pass)
    this.samples.push({ atMs, done });
    // Keep one sample older than the window so the rate always spans it.
    let drop = 0;
    while (drop < this.samples.length - 2 && atMs - this.samples[drop + 1]!.atMs > this.windowMs) drop++;
    if (drop > 0) this.samples.splice(0, drop);
    return { done, total, etaSeconds: etaSeconds(this.samples, total, this.windowMs) };
  }
}

/** "≈ 12 s left", "≈ 3 min left", "≈ 1 h 5 min left"; '' when the time left is not known. */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '';
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return `≈ ${s} s left`;
  // Rounded to whole minutes first, so 3,599 s reads "1 h" and 7,199 s "2 h", not "60 min" and "1 h 60 min".
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `≈ ${minutes} min left`;
  const h = Math.floor(minutes / 60),
    m = minutes - h * 60;
  return m > 0 ? `≈ ${h} h ${m} min left` : `≈ ${h} h left`;
}
